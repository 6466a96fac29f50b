/**
 * Semantic zoom: a large graph opens as its domains — one node per top-level domain, the flow between
 * domains drawn as one edge per pair with the number of messages it carries — and a domain opens into
 * its services, messages and channels when asked (a click, zooming into it, a filter, a focus, or a
 * trace, which opens exactly the domains it crosses). Pure; the 3D view and the tests read it.
 */
import type { GraphData } from './data.ts';
import { topDomain } from './layout.ts';
import type { Highlight, ViewState } from './view-state.ts';

/** Graphs with more nodes than this open as domains. */
export const AGGREGATE_ABOVE = 500;

/** An edge between two shown nodes, at least one of them a closed domain, standing for `count` flow edges. */
export interface AggregateEdge {
  readonly source: number;
  readonly target: number;
  readonly count: number;
}

export interface Aggregation {
  /** The node each node is drawn as: itself, or its closed top-level domain. */
  readonly rep: Int32Array;
  /** Flow between closed domains (and between a closed domain and a shown node), one edge per direction and pair. */
  readonly edges: readonly AggregateEdge[];
  /** Members (deep) of each closed domain, by domain. */
  readonly size: ReadonlyMap<number, number>;
}

/** Top-level domain of every node (-1 for none). */
export function topDomains(data: GraphData): Int32Array {
  return Int32Array.from(data.nodes, (_, i) => topDomain(data, i));
}

/** Whether a graph of this size opens as domains. */
export function aggregates(data: GraphData): boolean {
  return data.nodes.length > AGGREGATE_ABOVE;
}

/**
 * The top-level domains a state opens: a trace opens exactly the domains it crosses; otherwise the
 * domains asked for (`state.expand`, or all with `expand=all`), the filtered domain and the domains of
 * the focused neighbourhood. `null`: every domain open.
 */
export function openDomains(data: GraphData, top: Int32Array, state: ViewState, h: Highlight): Set<number> | null {
  if (state.expand?.includes('all') && !state.trace) return null;
  const open = new Set<number>();
  const add = (i: number) => {
    if (i !== -1 && top[i] !== -1) open.add(top[i]);
  };
  if (h.lit) h.lit.forEach((lit, i) => lit && add(i));
  if (state.trace) return open;
  const at = new Map(data.nodes.map((n, i) => [n.id, i]));
  for (const id of state.expand ?? []) add(at.get(id) ?? -1);
  if (state.domain) add(at.get(state.domain) ?? -1);
  return open;
}

/** Which node each node is drawn as, and the aggregated flow, with the domains in `open` opened (all when null). */
export function aggregate(data: GraphData, top: Int32Array, open: ReadonlySet<number> | null): Aggregation {
  const rep = Int32Array.from(data.nodes, (_, i) => (open === null || top[i] === -1 || open.has(top[i]) ? i : top[i]));
  const size = new Map<number, number>();
  rep.forEach((r, i) => r !== i && size.set(r, (size.get(r) ?? 0) + 1));
  const counts = new Map<string, { source: number; target: number; count: number }>();
  for (const l of data.links) {
    if (l.kind !== 'sends' && l.kind !== 'receives') continue;
    const s = rep[l.source], t = rep[l.target];
    if (s === t || (s === l.source && t === l.target)) continue;
    const key = `${s} ${t}`;
    const e = counts.get(key);
    if (e) e.count++;
    else counts.set(key, { source: s, target: t, count: 1 });
  }
  return { rep, edges: [...counts.values()], size };
}
