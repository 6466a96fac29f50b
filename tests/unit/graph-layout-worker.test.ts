/**
 * The build runs the graph's layout in a worker thread (src/graph/layout-worker.ts) while the pages render:
 * its positions, and the graph.json made from them, are exactly the inline layout's.
 */
import { beforeAll, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { SiteIndex } from '../../src/site/site-index.ts';
import { buildGraph, type GraphData } from '../../src/graph/data.ts';
import { layoutGraph } from '../../src/graph/layout.ts';
import { encodeGraph } from '../../src/graph/wire.ts';
import { graphJson, LAYOUT_SEED, layoutInWorker, layoutInput, startGraphLayout } from '../../src/graph/build.ts';

const WORKER = new URL('../../src/graph/layout-worker.ts', import.meta.url);
let site: SiteIndex;
let data: GraphData;

beforeAll(async () => {
  site = new SiteIndex(await loadCatalog('catalog'));
  data = buildGraph(site, { base: '/' });
});

test('the worker lays the graph out exactly as the inline layout does', async () => {
  const inline = layoutGraph(data, { seed: LAYOUT_SEED }).positions;
  const worker = await layoutInWorker(layoutInput(data), WORKER);
  expect(worker.length).toBe(data.nodes.length * 3);
  expect(Array.from(worker)).toEqual(Array.from(inline));
});

test('graph.json from a layout started in a worker equals the inline one', async () => {
  const inline = encodeGraph(data, layoutGraph(data, { seed: LAYOUT_SEED }).positions, '/');
  startGraphLayout(site, '/', WORKER);
  expect(JSON.stringify(await graphJson(site, '/'))).toBe(JSON.stringify(inline));
});

test('a worker that cannot start is an error the build falls back from', async () => {
  await expect(layoutInWorker(layoutInput(data), new URL('./no-such-worker.ts', import.meta.url))).rejects.toThrow();
  const other = new SiteIndex(site.catalog);
  startGraphLayout(other, '/', new URL('./no-such-worker.ts', import.meta.url));
  expect(JSON.stringify(await graphJson(other, '/'))).toBe(JSON.stringify(await graphJson(site, '/')));
});
