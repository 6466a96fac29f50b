/**
 * graph.json for a site: the catalog's graph with its layout computed at build time (fixed seed, run to
 * convergence), once per loaded catalog.
 *
 * The graphs live on globalThis: the pages' bundle and the build's integration
 * (src/site/build/graph-layout.ts, which runs the layout in a worker thread while the pages render) are
 * separate module instances in one process, and share one graph and one layout per catalog and base path.
 */
import { Worker } from 'node:worker_threads';
import { buildGraph, type GraphData, type GraphNode, type GraphLink } from './data.ts';
import { layoutGraph, type LayoutGraph } from './layout.ts';
import { LAYOUT_SEED } from './layout-seed.ts';
import { encodeGraph, type GraphJson } from './wire.ts';
import type { SiteIndex } from '../site/site-index.ts';

export { LAYOUT_SEED };

interface Entry {
  data: GraphData;
  /** The layout running in a worker, if one was started. */
  layout?: Promise<Float32Array>;
  json?: Promise<GraphJson>;
}

const KEY = Symbol.for('waybill.graph.built');
const shared = globalThis as unknown as Record<symbol, WeakMap<SiteIndex, Map<string, Entry>> | undefined>;

function entry(site: SiteIndex, base: string): Entry {
  const built = (shared[KEY] ??= new WeakMap());
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

/** What the layout needs of a graph: plain data a worker can be sent. */
export function layoutInput(data: GraphData): LayoutGraph {
  return {
    nodes: data.nodes.map((n: GraphNode) => ({ kind: n.kind, domain: n.domain })),
    links: data.links.map((l: GraphLink) => ({ source: l.source, target: l.target, kind: l.kind })),
  };
}

/** The layout of `graph` (seeded with {@link LAYOUT_SEED}) computed in a worker thread running `worker`. */
export function layoutInWorker(graph: LayoutGraph, worker: URL): Promise<Float32Array> {
  return new Promise<Float32Array>((resolve, reject) => {
    const thread = new Worker(worker, { workerData: { graph, seed: LAYOUT_SEED } });
    thread.once('message', (positions: Float32Array) => resolve(positions));
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the graph layout worker exited with ${code}`)));
  });
}

/**
 * Starts the layout of the site's graph in a worker thread running `worker` (src/graph/layout-worker.ts,
 * or its compiled .js), so {@link graphJson} finds it done or under way. If the worker cannot run, the
 * layout is computed inline as before.
 */
export function startGraphLayout(site: SiteIndex, base: string, worker: URL): void {
  const e = entry(site, base);
  if (e.layout || e.json) return;
  e.layout = layoutInWorker(layoutInput(e.data), worker).catch(() => layoutGraph(e.data, { seed: LAYOUT_SEED }).positions);
}

/** graph.json's content: the graph with its layout (the worker's, when one was started). */
export function graphJson(site: SiteIndex, base: string): Promise<GraphJson> {
  const e = entry(site, base);
  e.json ??= (e.layout ?? Promise.resolve().then(() => layoutGraph(e.data, { seed: LAYOUT_SEED }).positions)).then((positions) => encodeGraph(e.data, positions, base));
  return e.json;
}
