/**
 * What the graph shows: the focused node, the traced node, and the domain and kind filters — parsed
 * from and written to the page's URL (`?focus=event:StoreCreated&domain=domain:Orders&kind=service,event`),
 * and turned into which nodes are visible and which are lit. Pure; shared by the 3D view, the 2D
 * fallback and the tests.
 */
import { NODE_KINDS, type GraphData, type GraphNodeKind } from './data.ts';
import { domainMembers, neighbourhood, trace, type Adjacency } from './traverse.ts';

export interface ViewState {
  /** Node id (`kind:id`) whose neighbourhood is lit. */
  focus?: string;
  /** Node id whose upstream and downstream are lit (wins over focus for lighting). */
  trace?: string;
  /** Node id of a domain: only its nodes (and its subdomains') are shown. */
  domain?: string;
  /** Kinds shown; all when absent. */
  kinds?: readonly GraphNodeKind[];
  /** Domains opened in a graph that opens as domains (semantic-zoom.ts): node ids, or `all`. */
  expand?: readonly string[];
}

export function parseViewState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const state: ViewState = {};
  const id = (name: string) => {
    const v = q.get(name);
    return v && /^[a-z]+:.+/.test(v) ? v : undefined;
  };
  if (id('focus')) state.focus = id('focus');
  if (id('trace')) state.trace = id('trace');
  if (id('domain')) state.domain = id('domain');
  const kinds = q.get('kind')?.split(',').filter((k): k is GraphNodeKind => (NODE_KINDS as readonly string[]).includes(k));
  if (kinds?.length) state.kinds = kinds;
  const expand = q.get('expand')?.split(',').filter((e) => e === 'all' || /^domain:.+/.test(e));
  if (expand?.length) state.expand = expand;
  return state;
}

/** The query string of a state (`?…`, or '' for the default view); other parameters are kept. */
export function viewStateSearch(state: ViewState, keep = ''): string {
  const q = new URLSearchParams(keep);
  for (const k of ['focus', 'trace', 'domain', 'kind', 'expand']) q.delete(k);
  if (state.focus) q.set('focus', state.focus);
  if (state.trace) q.set('trace', state.trace);
  if (state.domain) q.set('domain', state.domain);
  if (state.kinds && state.kinds.length < NODE_KINDS.length) q.set('kind', state.kinds.join(','));
  if (state.expand?.length) q.set('expand', state.expand.join(','));
  const s = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

export interface Highlight {
  /** 1 where the node is shown. */
  readonly visible: Uint8Array;
  /** 1 where the node is lit; null when nothing is focused or traced (nothing dimmed). */
  readonly lit: Uint8Array | null;
}

/**
 * Visible nodes (domain and kind filters, and `subset` — a compact view's nodes) and lit nodes
 * (a trace's upstream and downstream, else the focused node's neighbourhood).
 */
export function highlight(data: GraphData, adj: Adjacency, state: ViewState, subset?: ReadonlySet<number>): Highlight {
  const n = data.nodes.length;
  const at = indexOf(data);
  const visible = new Uint8Array(n).fill(1);
  const domain = state.domain ? at(state.domain) : -1;
  const inDomain = domain !== -1 ? domainMembers(adj, domain) : undefined;
  const kinds = state.kinds ? new Set(state.kinds) : undefined;
  for (let i = 0; i < n; i++) {
    if ((inDomain && !inDomain.has(i)) || (kinds && !kinds.has(data.nodes[i].kind)) || (subset && !subset.has(i))) visible[i] = 0;
  }
  let litSet: Set<number> | undefined;
  const traced = state.trace ? at(state.trace) : -1;
  const focused = state.focus ? at(state.focus) : -1;
  if (traced !== -1) {
    const { upstream, downstream } = trace(adj, traced);
    litSet = new Set([...upstream, ...downstream]);
  } else if (focused !== -1) {
    litSet = neighbourhood(data, adj, focused);
  }
  let lit: Uint8Array | null = null;
  if (litSet) {
    lit = new Uint8Array(n);
    for (const i of litSet) lit[i] = 1;
  }
  return { visible, lit };
}

const indexes = new WeakMap<GraphData, Map<string, number>>();

/** Node index by id (`kind:id`), -1 when absent. */
export function indexOf(data: GraphData): (id: string) => number {
  let map = indexes.get(data);
  if (!map) indexes.set(data, (map = new Map(data.nodes.map((node, i) => [node.id, i]))));
  const m = map;
  return (id) => m.get(id) ?? -1;
}

/** The node a search names: exact name or id first, then a name that starts with, then one that contains the text. */
export function findNode(data: GraphData, text: string): number {
  const q = text.trim().toLowerCase();
  if (!q) return -1;
  const nodes = data.nodes;
  const tests = [
    (i: number) => nodes[i].name.toLowerCase() === q || nodes[i].id.toLowerCase() === q || nodes[i].id.slice(nodes[i].kind.length + 1).toLowerCase() === q,
    (i: number) => nodes[i].name.toLowerCase().startsWith(q),
    (i: number) => nodes[i].name.toLowerCase().includes(q),
  ];
  for (const t of tests) for (let i = 0; i < nodes.length; i++) if (t(i)) return i;
  return -1;
}
