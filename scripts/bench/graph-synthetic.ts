/**
 * A synthetic event-flow graph of a given size for the graph bench: domains of services, each message
 * sent by one service of its domain and received by a few services (mostly in the same domain), each
 * on one channel of its domain. Deterministic for a seed; sized to `nodes` nodes and about `links` links.
 */
import type { GraphData, GraphLink, GraphNode, GraphNodeKind } from '../../src/graph/data.ts';
import { seeded } from '../../src/graph/layout.ts';

export function syntheticGraph(nodes: number, links = nodes * 3, seed = 7): GraphData {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const domains = Math.max(1, Math.round(nodes / 100));
  const services = Math.round(nodes * 0.15);
  const channels = Math.round(nodes * 0.2);
  const messages = nodes - domains - services - channels;
  const out: GraphNode[] = [];
  const add = (kind: GraphNodeKind, i: number, domain: number) =>
    out.push({ id: `${kind}:${kind}-${i}`, kind, name: `${kind[0].toUpperCase()}${kind.slice(1)} ${i}`, version: '1.0.0', summary: `Synthetic ${kind} ${i}.`, url: `/${kind}s/${kind}-${i}/`, domain, degree: 0 });
  for (let d = 0; d < domains; d++) add('domain', d, -1);
  const servicesOf: number[][] = Array.from({ length: domains }, () => []);
  const channelsOf: number[][] = Array.from({ length: domains }, () => []);
  for (let s = 0; s < services; s++) {
    const d = s % domains;
    servicesOf[d].push(out.length);
    add('service', s, d);
  }
  for (let c = 0; c < channels; c++) {
    const d = c % domains;
    channelsOf[d].push(out.length);
    add('channel', c, d);
  }
  const result: GraphLink[] = [];
  for (let d = 0; d < domains; d++) for (const s of servicesOf[d]) result.push({ source: d, target: s, kind: 'contains' });
  const messageStart = out.length;
  for (let m = 0; m < messages; m++) {
    const d = m % domains;
    const r = random();
    add(r < 0.6 ? 'event' : r < 0.9 ? 'command' : 'query', m, d);
  }
  // Every message: one producer, one channel; then consumers until the link budget is spent.
  const messageNodes = out.slice(messageStart).map((_, i) => messageStart + i);
  for (const m of messageNodes) {
    const d = out[m].domain;
    result.push({ source: pick(servicesOf[d]), target: m, kind: 'sends' });
    result.push({ source: m, target: pick(channelsOf[d]), kind: 'on' });
  }
  const seen = new Set(result.map((l) => `${l.source} ${l.target}`));
  for (let guard = 0; result.length < links && guard < links * 4; guard++) {
    const m = pick(messageNodes);
    const d = random() < 0.8 ? out[m].domain : Math.floor(random() * domains);
    const s = pick(servicesOf[d]);
    if (seen.has(`${m} ${s}`) || seen.has(`${s} ${m}`)) continue;
    seen.add(`${m} ${s}`);
    result.push({ source: m, target: s, kind: 'receives' });
  }
  const degree = new Array<number>(out.length).fill(0);
  for (const l of result) if (l.kind !== 'contains') (degree[l.source]++, degree[l.target]++);
  return { nodes: out.map((n, i) => ({ ...n, degree: degree[i] })), links: result };
}
