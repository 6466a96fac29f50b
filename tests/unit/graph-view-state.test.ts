/**
 * The graph's view state: URL round trip, filters (domain, kind), focus and trace lighting, and
 * search by name — against the default catalog's graph.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { SiteIndex } from '../../src/site/site-index.ts';
import { buildGraph, type GraphData } from '../../src/graph/data.ts';
import { adjacency, domainMembers, neighbourhood, trace, type Adjacency } from '../../src/graph/traverse.ts';
import { findNode, highlight, indexOf, parseViewState, viewStateSearch } from '../../src/graph/view-state.ts';

let graph: GraphData;
let adj: Adjacency;
const ids = (bits: Uint8Array | null) => (bits ? graph.nodes.filter((_, i) => bits[i]).map((n) => n.id).sort() : null);

beforeAll(async () => {
  const catalog = await loadCatalog(path.resolve(import.meta.dirname, '../../catalog'));
  graph = buildGraph(new SiteIndex(catalog), { base: '/' });
  adj = adjacency(graph);
});

describe('URL', () => {
  test('a state survives the round trip through the query string, other parameters kept', () => {
    const state = { focus: 'event:StoreCreated', trace: 'event:StoreCreated', domain: 'domain:MallBots', kinds: ['service', 'event'] as const };
    const search = viewStateSearch({ ...state, kinds: [...state.kinds] }, '?x=1');
    expect(search).toBe('?x=1&focus=event:StoreCreated&trace=event:StoreCreated&domain=domain:MallBots&kind=service,event');
    expect(parseViewState(search)).toEqual({ ...state, kinds: ['service', 'event'] });
  });

  test('open domains (semantic zoom) round-trip; anything but `all` and domain ids is dropped', () => {
    const search = viewStateSearch({ expand: ['domain:Orders', 'domain:Payments'] });
    expect(search).toBe('?expand=domain:Orders,domain:Payments');
    expect(parseViewState(search)).toEqual({ expand: ['domain:Orders', 'domain:Payments'] });
    expect(parseViewState('?expand=all,service:Stores,<script>')).toEqual({ expand: ['all'] });
  });

  test('the default view has no query; unknown kinds and malformed ids are ignored', () => {
    expect(viewStateSearch({})).toBe('');
    expect(parseViewState('?focus=StoreCreated&kind=widget,event')).toEqual({ kinds: ['event'] });
  });
});

describe('highlight', () => {
  test('nothing filtered or lit by default', () => {
    const h = highlight(graph, adj, {});
    expect(h.visible.every((v) => v === 1)).toBe(true);
    expect(h.lit).toBeNull();
  });

  test('a domain filter shows exactly that domain and its subdomains', () => {
    const d = indexOf(graph)('domain:MallBots');
    expect(d).not.toBe(-1);
    const h = highlight(graph, adj, { domain: 'domain:MallBots' });
    expect(ids(h.visible)).toEqual([...domainMembers(adj, d)].map((i) => graph.nodes[i].id).sort());
  });

  test('a kind filter shows only those kinds', () => {
    const h = highlight(graph, adj, { kinds: ['event'] });
    expect(graph.nodes.every((n, i) => (h.visible[i] === 1) === (n.kind === 'event'))).toBe(true);
  });

  test('focus lights the neighbourhood; trace lights upstream and downstream and wins over focus', () => {
    const s = indexOf(graph)('event:StoreCreated');
    expect(ids(highlight(graph, adj, { focus: 'event:StoreCreated' }).lit)).toEqual([...neighbourhood(graph, adj, s)].map((i) => graph.nodes[i].id).sort());
    const { upstream, downstream } = trace(adj, s);
    const lit = ids(highlight(graph, adj, { focus: 'service:Stores', trace: 'event:StoreCreated' }).lit);
    expect(lit).toEqual([...new Set([...upstream, ...downstream])].map((i) => graph.nodes[i].id).sort());
    expect(lit).toContain('service:Stores');
  });
});

test('search finds a node by exact name first, then by prefix, then by part of the name', () => {
  expect(graph.nodes[findNode(graph, 'storecreated')].id).toBe('event:StoreCreated');
  expect(graph.nodes[findNode(graph, 'StoreCreat')].name.toLowerCase().startsWith('storecreat')).toBe(true);
  expect(findNode(graph, 'no such node anywhere')).toBe(-1);
  expect(findNode(graph, '  ')).toBe(-1);
});
