/**
 * graph.json for a site: the catalog's graph with its layout computed at build time (fixed seed, run to
 * convergence), once per loaded catalog.
 */
import { buildGraph, type GraphData } from './data.ts';
import { layoutGraph } from './layout.ts';
import { LAYOUT_SEED } from './layout-seed.ts';
import { encodeGraph, type GraphJson } from './wire.ts';
import type { SiteIndex } from '../site/site-index.ts';

export { LAYOUT_SEED };

const built = new WeakMap<SiteIndex, Map<string, { data: GraphData; json?: GraphJson }>>();

function entry(site: SiteIndex, base: string): { data: GraphData; json?: GraphJson } {
  let byBase = built.get(site);
  if (!byBase) built.set(site, (byBase = new Map()));
  let e = byBase.get(base);
  if (!e) byBase.set(base, (e = { data: buildGraph(site, { base }) }));
  return e;
}

/** The site's graph (built once per loaded catalog and base path), for pages that list it. */
export function siteGraph(site: SiteIndex, base: string): GraphData {
  return entry(site, base).data;
}

export function graphJson(site: SiteIndex, base: string): GraphJson {
  const e = entry(site, base);
  e.json ??= encodeGraph(e.data, layoutGraph(e.data, { seed: LAYOUT_SEED }).positions, base);
  return e.json;
}
