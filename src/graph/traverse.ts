/**
 * Walks over the event-flow graph: the neighbourhood a click focuses, the upstream and downstream a
 * trace lights, domain membership for filters and the compact views. Pure; shared by the page, the
 * compact views and the tests.
 */
import type { GraphData } from './data.ts';

export interface Adjacency {
  /** Flow successors: service → messages it sends, message → services that receive it. */
  readonly down: readonly number[][];
  /** Flow predecessors: message → services that send it, service → messages it receives. */
  readonly up: readonly number[][];
  /** Channels a message travels on, and messages on a channel. */
  readonly channels: readonly number[][];
  /** Domain → its direct members (nodes whose `domain` is it). */
  readonly members: readonly number[][];
}

export function adjacency(data: GraphData): Adjacency {
  const n = data.nodes.length;
  const make = () => Array.from({ length: n }, (): number[] => []);
  const down = make(), up = make(), channels = make(), members = make();
  for (const l of data.links) {
    if (l.kind === 'sends' || l.kind === 'receives' || l.kind === 'writes' || l.kind === 'reads') (down[l.source].push(l.target), up[l.target].push(l.source));
    else if (l.kind === 'on') (channels[l.source].push(l.target), channels[l.target].push(l.source));
  }
  data.nodes.forEach((node, i) => node.domain !== -1 && members[node.domain].push(i));
  return { down, up, channels, members };
}

/** Everything reachable from `start` along `next`, `start` included. */
function closure(start: number, next: readonly number[][]): Set<number> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) for (const j of next[queue.pop() as number]) if (!seen.has(j)) (seen.add(j), queue.push(j));
  return seen;
}

/**
 * A trace from a message (or service): its whole downstream — who consumes it, what they send next,
 * who consumes that, and so on — and its whole upstream back to the producers. Channels are not part
 * of a trace; services and messages are.
 */
export function trace(adj: Adjacency, start: number): { downstream: Set<number>; upstream: Set<number> } {
  return { downstream: closure(start, adj.down), upstream: closure(start, adj.up) };
}

/** The nodes of a domain and of its subdomains, the domain included. */
export function domainMembers(adj: Adjacency, domain: number): Set<number> {
  return closure(domain, adj.members);
}

/**
 * What focusing a node lights: a domain's members (deep); otherwise the node, its flow neighbours
 * (upstream and downstream) and channels, and for a service the services at the other end of its
 * messages; for a channel the producers and consumers of its messages.
 */
export function neighbourhood(data: GraphData, adj: Adjacency, i: number): Set<number> {
  const kind = data.nodes[i].kind;
  if (kind === 'domain') return domainMembers(adj, i);
  const out = new Set([i]);
  const add = (list: readonly number[]) => list.forEach((j) => out.add(j));
  if (kind === 'service') {
    for (const m of adj.down[i]) (out.add(m), add(adj.down[m]), add(adj.channels[m]));
    for (const m of adj.up[i]) (out.add(m), add(adj.up[m]), add(adj.channels[m]));
  } else if (kind === 'channel') {
    for (const m of adj.channels[i]) (out.add(m), add(adj.up[m]), add(adj.down[m]));
  } else {
    add(adj.up[i]), add(adj.down[i]), add(adj.channels[i]);
  }
  return out;
}

/**
 * The nodes a compact view of one resource shows: a domain's members and the nodes they exchange
 * messages with; a service's or message's neighbourhood.
 */
export function compactView(data: GraphData, adj: Adjacency, i: number): Set<number> {
  if (data.nodes[i].kind !== 'domain') return neighbourhood(data, adj, i);
  const inside = domainMembers(adj, i);
  const out = new Set(inside);
  for (const j of inside) {
    const kind = data.nodes[j].kind;
    if (kind === 'service') for (const m of [...adj.down[j], ...adj.up[j]]) out.add(m);
    if (kind !== 'domain' && kind !== 'service' && kind !== 'channel') for (const s of [...adj.down[j], ...adj.up[j], ...adj.channels[j]]) out.add(s);
  }
  return out;
}
