/**
 * The event-flow graph of the default catalog, checked against the catalog model: every latest domain,
 * service, message and channel is a node; every sends, receives and channel edge is there and nothing
 * else; domain membership, degrees and URLs; the layout is deterministic; graph.json round-trips.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { isMessageKind, type Message, type Resource, type Service } from '../../src/catalog/model.ts';
import { SiteIndex } from '../../src/site/site-index.ts';
import { buildGraph, nodeId, type GraphData } from '../../src/graph/data.ts';
import { layoutGraph } from '../../src/graph/layout.ts';
import { decodeGraph, encodeGraph } from '../../src/graph/wire.ts';
import { adjacency, compactView, neighbourhood, trace } from '../../src/graph/traverse.ts';

const CATALOG = path.resolve(import.meta.dirname, '../../catalog');
let catalog: Catalog;
let site: SiteIndex;
let graph: GraphData;
const index = (id: string) => graph.nodes.findIndex((n) => n.id === id);
const name = (i: number) => graph.nodes[i].id;
const latestId = (key: string | undefined) => {
  const r = catalog.get(key);
  return r ? nodeId(site.latestOf(r) as Resource) : undefined;
};

beforeAll(async () => {
  catalog = await loadCatalog(CATALOG);
  site = new SiteIndex(catalog);
  graph = buildGraph(site, { base: '/' });
});

describe('nodes', () => {
  test('every latest domain, service, message and channel is a node with its kind, name, version and page', () => {
    const expected = catalog.resources.filter((r) => r.isLatest && ['domain', 'service', 'event', 'command', 'query', 'channel'].includes(r.kind));
    expect(expected.length).toBeGreaterThan(150);
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(expected.map(nodeId).sort());
    for (const r of expected) {
      const node = graph.nodes[index(nodeId(r))];
      expect(node).toMatchObject({ kind: r.kind, name: r.name, version: r.version });
      const folder = { domain: 'domains', service: 'services', event: 'events', command: 'commands', query: 'queries', channel: 'channels' }[r.kind as string];
      expect(node.url).toBe(`/${folder}/${r.id}/`);
    }
  });

  test('events, commands and queries are told apart', () => {
    expect(graph.nodes[index('event:StoreCreated')].kind).toBe('event');
    expect(graph.nodes[index('command:EnableAccounting')].kind).toBe('command');
    for (const m of catalog.messages().filter((r) => r.isLatest)) expect(graph.nodes[index(nodeId(m))].kind).toBe(m.kind);
  });

  test('URLs carry the base path', () => {
    const based = buildGraph(site, { base: '/catalog/' });
    expect(based.nodes[index('service:Stores')].url).toBe('/catalog/services/Stores/');
    expect(based.nodes[index('channel:mallbots.stores.events.Store')].url).toBe('/catalog/channels/mallbots.stores.events.Store/');
  });
});

describe('edges', () => {
  test('exactly the sends, receives and channel edges of the latest services and messages', () => {
    const expected = new Set<string>();
    for (const s of catalog.services().filter((r) => r.isLatest)) {
      for (const [links, kind] of [[s.sends, 'sends'], [s.receives, 'receives']] as const) {
        for (const l of links) {
          const m = latestId(l.target);
          if (!m) continue;
          expected.add(kind === 'sends' ? `${nodeId(s)} -> ${m} sends` : `${m} -> ${nodeId(s)} receives`);
          for (const c of l.channels) if (latestId(c.target)) expected.add(`${m} -> ${latestId(c.target)} on`);
        }
      }
    }
    for (const m of catalog.messages().filter((r) => r.isLatest)) {
      for (const c of m.channels) if (latestId(c.target)) expected.add(`${nodeId(m)} -> ${latestId(c.target)} on`);
    }
    const actual = graph.links.filter((l) => l.kind !== 'contains').map((l) => `${name(l.source)} -> ${name(l.target)} ${l.kind}`);
    expect(new Set(actual).size).toBe(actual.length);
    expect(new Set(actual)).toEqual(expected);
  });

  test('StoreCreated: sent by Stores, received by Baskets, Depot and Search, on the stores event stream', () => {
    const m = index('event:StoreCreated');
    const at = (kind: string, end: 'source' | 'target', other: 'source' | 'target') => graph.links.filter((l) => l.kind === kind && l[end] === m).map((l) => name(l[other])).sort();
    expect(at('sends', 'target', 'source')).toEqual(['service:Stores']);
    expect(at('receives', 'source', 'target')).toEqual(['service:Baskets', 'service:Depot', 'service:Search']);
    expect(at('on', 'source', 'target')).toEqual(['channel:mallbots.stores.events.Store']);
    const message = catalog.latest('message', 'StoreCreated') as Message;
    expect(at('receives', 'source', 'target')).toEqual(catalog.consumersOf(message).map((c) => latestId(c.service)).sort());
  });

  test('the degree of a node counts its flow edges', () => {
    for (const [i, node] of graph.nodes.entries()) {
      expect(node.degree).toBe(graph.links.filter((l) => l.kind !== 'contains' && (l.source === i || l.target === i)).length);
    }
  });
});

describe('domains', () => {
  test('services, subdomains and messages sit in the domain the site puts them in', () => {
    const domainOf = (id: string) => {
      const d = graph.nodes[index(id)].domain;
      return d === -1 ? undefined : graph.nodes[d].id;
    };
    expect(domainOf('service:Stores')).toBe('domain:StoreManagement');
    expect(domainOf('event:StoreCreated')).toBe('domain:StoreManagement');
    expect(domainOf('domain:StoreManagement')).toBe('domain:MallBots');
    expect(domainOf('domain:MallBots')).toBeUndefined();
    for (const s of catalog.services().filter((r) => r.isLatest)) {
      const id = site.domainIdOf(s);
      expect(domainOf(nodeId(s))).toBe(id ? `domain:${id}` : undefined);
    }
  });

  test('every service and message belongs to some domain in the default catalog', () => {
    const loose = graph.nodes.filter((n) => (n.kind === 'service' || isMessageKind(n.kind)) && n.domain === -1).map((n) => n.id);
    expect(loose).toEqual([]);
  });

  test('a domain contains its services and subdomains', () => {
    const contains = graph.links.filter((l) => l.kind === 'contains').map((l) => `${name(l.source)} > ${name(l.target)}`);
    expect(contains).toContain('domain:StoreManagement > service:Stores');
    expect(contains).toContain('domain:MallBots > domain:StoreManagement');
  });
});

describe('traversal', () => {
  test('a trace from StoreCreated follows consumers and what they send, downstream, and producers upstream', () => {
    const adj = adjacency(graph);
    const { downstream, upstream } = trace(adj, index('event:StoreCreated'));
    const down = [...downstream].map(name);
    expect(down).toEqual(expect.arrayContaining(['event:StoreCreated', 'service:Baskets', 'service:Depot', 'service:Search']));
    // What Baskets sends next is downstream too.
    const baskets = catalog.latest('service', 'Baskets') as Service;
    for (const l of baskets.sends) expect(down).toContain(latestId(l.target));
    expect([...upstream].map(name)).toContain('service:Stores');
    expect(down.some((id) => id.startsWith('channel:') || id.startsWith('domain:'))).toBe(false);
  });

  test('focusing a service lights its messages, their other ends and channels', () => {
    const adj = adjacency(graph);
    const lit = [...neighbourhood(graph, adj, index('service:Stores'))].map(name);
    expect(lit).toEqual(expect.arrayContaining(['service:Stores', 'event:StoreCreated', 'service:Baskets', 'channel:mallbots.stores.events.Store']));
  });

  test('a domain compact view holds its members and the services they talk to', () => {
    const adj = adjacency(graph);
    const view = [...compactView(graph, adj, index('domain:StoreManagement'))].map(name);
    expect(view).toEqual(expect.arrayContaining(['domain:StoreManagement', 'service:Stores', 'event:StoreCreated', 'service:Baskets']));
    expect(view).not.toContain('domain:GridQL');
  });
});

describe('layout and graph.json', () => {
  test('the same graph and seed give the same positions, all finite', () => {
    const a = layoutGraph(graph, { seed: 3 });
    const b = layoutGraph(graph, { seed: 3 });
    expect(a.converged).toBe(true);
    expect(Array.from(a.positions)).toEqual(Array.from(b.positions));
    expect(a.positions.every(Number.isFinite)).toBe(true);
    expect(a.positions.length).toBe(graph.nodes.length * 3);
  });

  test('linked nodes end up closer than unrelated ones', () => {
    const { positions } = layoutGraph(graph);
    const dist = (i: number, j: number) => Math.hypot(positions[i * 3] - positions[j * 3], positions[i * 3 + 1] - positions[j * 3 + 1], positions[i * 3 + 2] - positions[j * 3 + 2]);
    const flow = graph.links.filter((l) => l.kind === 'sends' || l.kind === 'receives');
    const linked = flow.reduce((s, l) => s + dist(l.source, l.target), 0) / flow.length;
    let all = 0;
    let pairs = 0;
    for (let i = 0; i < graph.nodes.length; i += 3) for (let j = i + 1; j < graph.nodes.length; j += 5) (all += dist(i, j)), pairs++;
    expect(linked).toBeLessThan((all / pairs) * 0.5);
  });

  test('graph.json round-trips the graph and rounds positions to 0.1', () => {
    const { positions } = layoutGraph(graph);
    const based = buildGraph(site, { base: '/catalog/' });
    const json = JSON.parse(JSON.stringify(encodeGraph(based, positions, '/catalog/')));
    const back = decodeGraph(json);
    expect(back.nodes).toEqual(based.nodes);
    expect(back.links).toEqual(based.links);
    for (let i = 0; i < positions.length; i++) expect(Math.abs(back.positions[i] - positions[i])).toBeLessThanOrEqual(0.051);
    expect(() => decodeGraph({} as never)).toThrow(/Not a Waybill graph/);
  });
});
