/**
 * Semantic zoom (src/graph/semantic-zoom.ts) and the gathering of isolated nodes (src/graph/gather.ts),
 * on the bench's synthetic graph (5,000 nodes) and the default catalog's graph.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { SiteIndex } from '../../src/site/site-index.ts';
import { buildGraph, type GraphData } from '../../src/graph/data.ts';
import { layoutGraph } from '../../src/graph/layout.ts';
import { adjacency } from '../../src/graph/traverse.ts';
import { highlight } from '../../src/graph/view-state.ts';
import { aggregate, aggregates, openDomains, topDomains } from '../../src/graph/semantic-zoom.ts';
import { gatherIsolated, isolatedNodes } from '../../src/graph/gather.ts';
import { syntheticGraph } from '../../scripts/bench/graph-synthetic.ts';

let big: GraphData;
let catalog: GraphData;
beforeAll(async () => {
  big = syntheticGraph(5000, 14250);
  catalog = buildGraph(new SiteIndex(await loadCatalog(path.resolve(import.meta.dirname, '../../catalog'))), { base: '/' });
}, 60_000);

describe('semantic zoom', () => {
  test('a graph above 500 nodes opens as its domains, the flow between them aggregated with counts', () => {
    expect(aggregates(big)).toBe(true);
    expect(aggregates(catalog)).toBe(false);
    const top = topDomains(big);
    const adj = adjacency(big);
    const open = openDomains(big, top, {}, highlight(big, adj, {}));
    expect(open?.size).toBe(0);
    const agg = aggregate(big, top, open);
    const shown = [...agg.rep].filter((r, i) => r === i);
    expect(shown.every((i) => big.nodes[i].kind === 'domain')).toBe(true);
    expect(shown.length).toBe(50);
    // Every sends/receives link between two domains is counted once, in its direction.
    const cross = big.links.filter((l) => (l.kind === 'sends' || l.kind === 'receives') && top[l.source] !== top[l.target]);
    expect(agg.edges.reduce((s, e) => s + e.count, 0)).toBe(cross.length);
    const e = agg.edges[0];
    expect(e.count).toBe(cross.filter((l) => top[l.source] === e.source && top[l.target] === e.target).length);
    expect([...agg.size.values()].reduce((s, n) => s + n, 0)).toBe(big.nodes.length - 50);
  });

  test('an open domain shows its members; its flow to closed domains is aggregated per node', () => {
    const top = topDomains(big);
    const agg = aggregate(big, top, new Set([3]));
    const members = big.nodes.flatMap((_, i) => (top[i] === 3 ? [i] : []));
    for (const i of members) expect(agg.rep[i]).toBe(i);
    for (const e of agg.edges) expect(top[e.source] === 3 && top[e.target] === 3).toBe(false);
    expect(agg.edges.some((e) => top[e.source] === 3 && e.source !== 3)).toBe(true);
  });

  test('a trace opens exactly the domains it crosses; expand=all opens every domain', () => {
    // Three domains; StoreCreated flows from Stores (domain A) to Baskets (domain B); domain C is apart.
    const node = (id: string, kind: GraphData['nodes'][number]['kind'], domain: number) => ({ id: `${kind}:${id}`, kind, name: id, version: '1.0.0', summary: '', url: '/', domain, degree: 1 });
    const g: GraphData = {
      nodes: [node('A', 'domain', -1), node('B', 'domain', -1), node('C', 'domain', -1), node('Stores', 'service', 0), node('StoreCreated', 'event', 0), node('Baskets', 'service', 1), node('Audit', 'service', 2), node('Logged', 'event', 2)],
      links: [{ source: 3, target: 4, kind: 'sends' }, { source: 4, target: 5, kind: 'receives' }, { source: 6, target: 7, kind: 'sends' }, { source: 0, target: 3, kind: 'contains' }],
    };
    const top = topDomains(g);
    const adj = adjacency(g);
    const state = { trace: 'event:StoreCreated' };
    const open = openDomains(g, top, state, highlight(g, adj, state));
    expect(open).toEqual(new Set([0, 1]));
    const agg = aggregate(g, top, open);
    expect([...agg.rep]).toEqual([0, 1, 2, 3, 4, 5, 2, 2]);
    expect(agg.edges).toEqual([]);
    expect(aggregate(g, top, new Set([0])).edges).toEqual([{ source: 4, target: 1, count: 1 }]);
    expect(openDomains(g, top, { expand: ['all'] }, highlight(g, adj, {}))).toBeNull();
    expect(openDomains(big, topDomains(big), { expand: ['domain:domain-7'], domain: 'domain:domain-9' }, highlight(big, adjacency(big), {}))).toEqual(new Set([7, 9]));
  });
});

describe('isolated nodes', () => {
  test('nodes with no flow edge are gathered next to their own domain, not scattered over the view', () => {
    const isolated = isolatedNodes(catalog);
    expect(isolated.length).toBeGreaterThan(0);
    const { positions } = layoutGraph(catalog, { seed: 5 });
    const top = topDomains(catalog);
    const centre = (d: number) => {
      const m = catalog.nodes.flatMap((_, i) => (top[i] === d && !isolated.includes(i) ? [i] : []));
      return [0, 1, 2].map((x) => m.reduce((s, i) => s + positions[i * 3 + x], 0) / m.length);
    };
    const dist = (i: number, c: number[]) => Math.hypot(positions[i * 3] - c[0], positions[i * 3 + 1] - c[1], positions[i * 3 + 2] - c[2]);
    const domains = [...new Set(isolated.map((i) => top[i]).filter((d) => d !== -1))];
    for (const i of isolated) {
      if (top[i] === -1) continue;
      // Nearer its own domain's centre than any other domain's.
      const own = dist(i, centre(top[i]));
      for (const d of domains) if (d !== top[i]) expect(own).toBeLessThan(dist(i, centre(d)));
    }
    // Gathering is idempotent and keeps every other node where it was.
    const again = gatherIsolated(catalog, positions.slice());
    expect([...again]).toEqual([...positions]);
  });
});
