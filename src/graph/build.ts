/**
 * graph.json for a site: the catalog's graph with its layout computed at build time (fixed seed, run to
 * convergence), once per loaded catalog.
 */
import { buildGraph } from './data.ts';
import { layoutGraph } from './layout.ts';
import { LAYOUT_SEED } from './layout-seed.ts';
import { encodeGraph, type GraphJson } from './wire.ts';
import type { SiteIndex } from '../site/site-index.ts';

export { LAYOUT_SEED };

const built = new WeakMap<SiteIndex, Map<string, GraphJson>>();

export function graphJson(site: SiteIndex, base: string): GraphJson {
  let byBase = built.get(site);
  if (!byBase) built.set(site, (byBase = new Map()));
  let json = byBase.get(base);
  if (!json) {
    const data = buildGraph(site, { base });
    json = encodeGraph(data, layoutGraph(data, { seed: LAYOUT_SEED }).positions, base);
    byBase.set(base, json);
  }
  return json;
}
