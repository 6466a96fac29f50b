/**
 * The event-flow graph in Debian's Chromium with software WebGL (ANGLE on SwiftShader): the page draws;
 * the served graph.json holds every node and flow edge of the default catalog (checked against the
 * catalog model); a click on a node's projected position opens its panel; the domain filter; a trace
 * from StoreCreated; state restored from the URL; reduced motion; and the 2D fallback and list without
 * WebGL. Screenshots go to test-results/screenshots.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Message, Resource } from '../../src/catalog/model.ts';
import { nodeId } from '../../src/graph/data.ts';
import { adjacency, domainMembers, trace } from '../../src/graph/traverse.ts';
import { decodeGraph, type GraphJson, type PositionedGraph } from '../../src/graph/wire.ts';
import type { ProbeLabel, ProbeNode } from '../../src/graph/client/probe.ts';
import { syntheticGraph } from '../../scripts/bench/graph-synthetic.ts';
import { layoutGraph } from '../../src/graph/layout.ts';
import { LAYOUT_SEED } from '../../src/graph/layout-seed.ts';
import { encodeGraph } from '../../src/graph/wire.ts';
import { buildAndServe } from './site-build.ts';
import { launchBrowser, screenshot, SCREENSHOTS, visible, watchPage } from './support.ts';

const url = inject('siteUrl');
const SOFTWARE_WEBGL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
let browser: Browser;
let graph: PositionedGraph;
let catalog: Catalog;
const at = (id: string) => graph.nodes.findIndex((n) => n.id === id);
const idsOf = (set: Iterable<number>) => [...set].map((i) => graph.nodes[i].id).sort();


beforeAll(async () => {
  browser = await launchBrowser(SOFTWARE_WEBGL);
  graph = decodeGraph((await (await fetch(`${url}/graph.json`)).json()) as GraphJson);
  catalog = await loadCatalog(path.resolve(import.meta.dirname, '../../catalog'));
});
afterAll(async () => browser?.close());

async function open(b: Browser, query = '', options: { reducedMotion?: 'reduce' } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await b.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: options.reducedMotion ?? 'no-preference' });
  const { errors } = watchPage(page);
  await page.goto(`${url}/graph/${query}`, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => window.__waybillGraph?.ready === true, null, { timeout: 30_000 });
  await page.waitForFunction(() => (window.__waybillGraph?.frames() ?? 0) > 0, null, { timeout: 30_000 });
  if (await page.evaluate(() => window.__waybillGraph?.renderer === 'webgl')) await settle(page);
  return { page, errors };
}

const probeNodes = (page: Page) => page.evaluate(() => window.__waybillGraph?.nodes() ?? []) as Promise<ProbeNode[]>;
const probeLabels = (page: Page) => page.evaluate(() => window.__waybillGraph?.labels?.() ?? []) as Promise<ProbeLabel[]>;

/** Waits until the camera has landed and the layout is refined, and the labels are placed for that view. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__waybillGraph?.settled?.() === true, null, { timeout: 30_000 });
  await page.waitForTimeout(400);
}

/**
 * The framing after a filter or trace: every lit node (or, with nothing lit, every shown node) projects
 * inside the canvas, and together they span at least 40% of its width or height. Returns the share.
 */
async function expectFramed(page: Page, which: 'lit' | 'visible', canvas = '[data-graph-stage] .graph-canvas'): Promise<number> {
  const box = (await page.locator(canvas).boundingBox())!;
  const nodes = (await probeNodes(page)).filter((n) => (which === 'lit' ? n.lit : n.visible));
  expect(nodes.length).toBeGreaterThan(1);
  const outside = nodes.filter((n) => n.x < box.x || n.x > box.x + box.width || n.y < box.y || n.y > box.y + box.height).map((n) => n.id);
  expect(outside, 'nodes projected outside the canvas').toEqual([]);
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const share = Math.max((Math.max(...xs) - Math.min(...xs)) / box.width, (Math.max(...ys) - Math.min(...ys)) / box.height);
  expect(share, 'share of the canvas the framed nodes span').toBeGreaterThanOrEqual(0.4);
  return share;
}

/** No two labels overlap, and each sits inside the canvas. */
async function expectLabelsApart(page: Page, canvas = '[data-graph-stage] .graph-canvas'): Promise<ProbeLabel[]> {
  const box = (await page.locator(canvas).boundingBox())!;
  const labels = await probeLabels(page);
  expect(labels.length).toBeGreaterThan(0);
  for (const [k, a] of labels.entries()) {
    expect(a.left >= box.x - 1 && a.right <= box.x + box.width + 1 && a.top >= box.y - 1 && a.bottom <= box.y + box.height + 1, `${a.text} inside the canvas`).toBe(true);
    for (const b of labels.slice(k + 1)) {
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      expect(apart, `labels ${a.text} and ${b.text} overlap`).toBe(true);
    }
  }
  return labels;
}

/** Distinct non-background pixels in a screenshot of the graph's canvas. */
async function paintedPixels(page: Page, canvas = '.graph-canvas'): Promise<number> {
  const png = (await page.locator(canvas).screenshot()).toString('base64');
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - px[0]) + Math.abs(px[i + 1] - px[1]) + Math.abs(px[i + 2] - px[2]) > 30) painted++;
    return painted;
  }, png);
}

describe('graph data', () => {
  test('every latest domain, service, message and channel of the default catalog is a node, with its sends, receives and channel edges', () => {
    const kinds = ['domain', 'service', 'event', 'command', 'query', 'channel'];
    const latest = catalog.resources.filter((r) => r.isLatest && kinds.includes(r.kind));
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(latest.map(nodeId).sort());
    const latestId = (key: string | undefined) => {
      const r = catalog.get(key);
      if (!r) return undefined;
      const newest = catalog.resources.find((x) => x.isLatest && x.kind === r.kind && x.id === r.id);
      return newest ? nodeId(newest as Resource) : undefined;
    };
    const expected = new Set<string>();
    for (const s of catalog.services().filter((r) => r.isLatest)) {
      for (const l of s.sends) {
        const m = latestId(l.target);
        if (!m) continue;
        expected.add(`${nodeId(s)} sends ${m}`);
        for (const c of l.channels) if (latestId(c.target)) expected.add(`${m} on ${latestId(c.target)}`);
      }
      for (const l of s.receives) {
        const m = latestId(l.target);
        if (!m) continue;
        expected.add(`${m} receives ${nodeId(s)}`);
        for (const c of l.channels) if (latestId(c.target)) expected.add(`${m} on ${latestId(c.target)}`);
      }
    }
    for (const m of catalog.messages().filter((r) => r.isLatest)) for (const c of m.channels) if (latestId(c.target)) expected.add(`${nodeId(m)} on ${latestId(c.target)}`);
    const actual = graph.links.filter((l) => l.kind !== 'contains').map((l) => `${graph.nodes[l.source].id} ${l.kind} ${graph.nodes[l.target].id}`);
    expect(new Set(actual)).toEqual(expected);
    expect(actual.length).toBe(expected.size);
    const store = graph.nodes[at('event:StoreCreated')];
    expect(store.url).toBe('/events/StoreCreated/');
    expect(graph.positions.length).toBe(graph.nodes.length * 3);
  });
});

describe('3D view (software WebGL)', () => {
  test('draws non-blank pixels, with a legend and no errors; the layout is refined in a Web Worker; particles pause', async () => {
    const { page, errors } = await open(browser);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.reload({ waitUntil: 'networkidle' });
    await page.waitForFunction(() => (window.__waybillGraph?.frames() ?? 0) > 0, null, { timeout: 30_000 });
    expect(workers.some((w) => /layout-worker/.test(w)), `workers: ${workers.join(', ')}`).toBe(true);
    expect(await page.evaluate(() => window.__waybillGraph?.renderer)).toBe('webgl');
    await page.waitForTimeout(500);
    expect(await paintedPixels(page)).toBeGreaterThan(2000);
    await visible(page.getByRole('list', { name: 'Legend' }));
    await settle(page);
    await expectFramed(page, 'visible');
    await expectLabelsApart(page);
    await screenshot(page, 'graph-open');
    const pause = page.getByRole('button', { name: 'Pause particles' });
    await pause.click();
    expect(await page.getByRole('button', { name: 'Play particles' }).getAttribute('aria-pressed')).toBe('true');
    await page.waitForTimeout(1500);
    const frames = await page.evaluate(() => window.__waybillGraph?.frames());
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.__waybillGraph?.frames()), 'no frames drawn while paused and idle').toBe(frames);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('clicking a node opens its panel with a link to its page', async () => {
    const { page, errors } = await open(browser);
    const nodes = await probeNodes(page);
    const preferred = ['service:Stores', ...nodes.filter((n) => n.id.startsWith('service:')).map((n) => n.id)];
    let target: ProbeNode | undefined;
    for (const id of preferred) {
      const n = nodes.find((x) => x.id === id && x.visible && x.onScreen);
      if (n && (await page.evaluate(([x, y]) => window.__waybillGraph?.pick(x, y), [n.x, n.y])) === id) {
        target = n;
        break;
      }
    }
    expect(target, 'a service a click can reach').toBeDefined();
    const node = graph.nodes[at(target!.id)];
    await page.mouse.move(target!.x, target!.y);
    const tooltip = page.locator('.graph-tooltip');
    await visible(tooltip);
    expect(await tooltip.textContent()).toBe(`${node.name}${node.kind} · ${node.version}${node.summary}`);
    await page.mouse.click(target!.x, target!.y);
    const panel = page.locator('[data-graph-panel]');
    await visible(panel);
    await expect.poll(() => panel.getByRole('heading').textContent()).toBe(node.name);
    const link = panel.getByRole('link', { name: `Open ${node.name}` });
    expect(await link.getAttribute('href')).toBe(node.url);
    expect(new URL(page.url()).searchParams.get('focus')).toBe(node.id);
    const lit = (await probeNodes(page)).filter((n) => n.lit).map((n) => n.id);
    expect(lit).toContain(node.id);
    await page.mouse.move(5, 5);
    await settle(page);
    await expectFramed(page, 'lit');
    const labels = await expectLabelsApart(page);
    expect(labels[0]?.node, 'the focused node is labelled first').toBe(node.id);
    await screenshot(page, 'graph-focus');
    await link.click();
    await page.waitForURL(`${url}${node.url}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the domain filter hides the other domains’ nodes and lives in the URL', async () => {
    const { page } = await open(browser);
    await page.getByLabel('Domain', { exact: true }).selectOption('domain:MallBots');
    const expected = idsOf(domainMembers(adjacency(graph), at('domain:MallBots')));
    await expect.poll(() => page.evaluate(() => window.__waybillGraph?.state().domain)).toBe('domain:MallBots');
    const nodes = await probeNodes(page);
    expect(nodes.length).toBe(graph.nodes.length);
    expect(nodes.filter((n) => n.visible).map((n) => n.id).sort()).toEqual(expected);
    expect(expected.length).toBeLessThan(graph.nodes.length);
    expect(new URL(page.url()).searchParams.get('domain')).toBe('domain:MallBots');
    await settle(page);
    await expectFramed(page, 'visible');
    await expectLabelsApart(page);
    await screenshot(page, 'graph-domain-filter');
    await page.close();
  });

  test('trace from StoreCreated lights exactly its consumers, their downstream and its producers', async () => {
    const { page, errors } = await open(browser, '?focus=event:StoreCreated');
    await page.getByRole('button', { name: 'Trace upstream and downstream' }).click();
    await expect.poll(() => page.evaluate(() => window.__waybillGraph?.state().trace)).toBe('event:StoreCreated');
    const s = at('event:StoreCreated');
    const { upstream, downstream } = trace(adjacency(graph), s);
    const consumers = catalog.consumersOf(catalog.latest('message', 'StoreCreated') as Message).map((c) => `service:${catalog.get(c.service)?.id}`);
    expect(consumers.length).toBeGreaterThan(0);
    for (const c of consumers) expect(idsOf(downstream)).toContain(c);
    const lit = (await probeNodes(page)).filter((n) => n.lit).map((n) => n.id).sort();
    expect(lit).toEqual(idsOf(new Set([...upstream, ...downstream])));
    expect(lit).toContain('service:Stores');
    expect(new URL(page.url()).searchParams.get('trace')).toBe('event:StoreCreated');
    await settle(page);
    await expectFramed(page, 'lit');
    const labels = await expectLabelsApart(page);
    const litIds = new Set(lit);
    const litLabelled = labels.filter((l) => l.node && litIds.has(l.node)).length;
    expect(litLabelled / lit.length, 'share of the lit nodes labelled').toBeGreaterThan(0.6);
    await screenshot(page, 'graph-trace');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('search flies to a node and focuses it; a shared URL restores focus and kind filter', async () => {
    const { page } = await open(browser, '?focus=service:Stores&kind=service,event');
    await expect.poll(() => page.locator('[data-graph-panel]').getByRole('heading').textContent()).toBe('Stores');
    await page.locator('summary', { hasText: 'Kinds' }).click();
    expect(await page.getByRole('checkbox', { name: 'Channels' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Services' }).isChecked()).toBe(true);
    await page.getByLabel('Find a node').fill('StoreCreated');
    await page.getByRole('button', { name: 'Fly to it' }).click();
    await expect.poll(() => page.evaluate(() => window.__waybillGraph?.state().focus)).toBe('event:StoreCreated');
    await page.close();
  });

  test('the explorer fills the window below the header; Fit and the F key bring the view back; full screen covers the window', async () => {
    const { page, errors } = await open(browser, '?domain=domain:MallBots');
    const explorer = (await page.locator('[data-graph-explorer]').boundingBox())!;
    const header = (await page.locator('.site-header').boundingBox())!;
    expect(Math.abs(explorer.y - (header.y + header.height))).toBeLessThan(2);
    expect(explorer.width).toBe(1280);
    expect(explorer.y + explorer.height).toBeGreaterThanOrEqual(899);
    await settle(page);
    const fitted = await expectFramed(page, 'visible');
    // Zoom far out and pan: the domain shrinks into a corner.
    const box = (await page.locator('[data-graph-stage] .graph-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 400);
    await page.waitForTimeout(600);
    const away = await probeNodes(page);
    const span = (nodes: ProbeNode[]) => Math.max(...nodes.map((n) => n.x)) - Math.min(...nodes.map((n) => n.x));
    expect(span(away.filter((n) => n.visible)) / box.width).toBeLessThan(fitted * 0.7);
    await page.getByRole('button', { name: 'Fit' }).click();
    await settle(page);
    await expectFramed(page, 'visible');
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 400);
    await page.waitForTimeout(600);
    await page.keyboard.press('f');
    await settle(page);
    await expectFramed(page, 'visible');
    await page.getByRole('button', { name: 'Full screen' }).click();
    await expect.poll(() => page.locator('[data-graph-explorer]').boundingBox().then((b) => b && [b.x, b.y, b.width, b.height]), { timeout: 10_000 }).toEqual([0, 0, 1280, 900]);
    expect(await page.getByRole('button', { name: 'Exit full screen' }).getAttribute('aria-pressed')).toBe('true');
    await settle(page);
    await expectFramed(page, 'visible');
    await page.getByRole('button', { name: 'Exit full screen' }).click();
    await visible(page.getByRole('button', { name: 'Full screen' }));
    expect(errors).toEqual([]);
    await page.close();
  });

  test('under prefers-reduced-motion there are no particles to pause and no frames while idle', async () => {
    const { page } = await open(browser, '', { reducedMotion: 'reduce' });
    expect(await page.locator('[data-graph-pause]').isHidden()).toBe(true);
    await page.waitForTimeout(800);
    const before = await page.evaluate(() => window.__waybillGraph?.frames());
    await page.waitForTimeout(600);
    expect(await page.evaluate(() => window.__waybillGraph?.frames())).toBe(before);
    await page.close();
  });
});

describe('5,000 nodes (synthetic): semantic zoom', () => {
  let body: string;
  let big: PositionedGraph;
  beforeAll(() => {
    const data = syntheticGraph(5000, 14250);
    body = JSON.stringify(encodeGraph(data, layoutGraph(data, { seed: LAYOUT_SEED }).positions, '/'));
    big = decodeGraph(JSON.parse(body) as GraphJson);
  });

  async function openBig(query = ''): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { errors } = watchPage(page);
    await page.route('**/graph.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    await page.goto(`${url}/graph/${query}`, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => (window.__waybillGraph?.frames() ?? 0) > 0, null, { timeout: 60_000 });
    await settle(page);
    return { page, errors };
  }

  test('opens as its 50 domains, labelled and framed; a click opens one domain into its nodes, with the same draw calls', async () => {
    const { page, errors } = await openBig();
    const domains = big.nodes.flatMap((n) => (n.kind === 'domain' ? [n.id] : []));
    expect((await page.evaluate(() => window.__waybillGraph?.closedDomains?.() ?? [])).sort()).toEqual(domains.sort());
    const shown = (await probeNodes(page)).filter((n) => n.visible);
    expect(shown.map((n) => n.id).sort()).toEqual(domains.sort());
    await expectFramed(page, 'visible');
    const labels = await expectLabelsApart(page);
    expect(labels.filter((l) => l.kind === 'node').length).toBeGreaterThanOrEqual(30);
    const drawCalls = await page.evaluate(() => window.__waybillGraph?.drawCalls?.());
    await screenshot(page, 'graph-5000-open');
    // Click the domain nearest the centre of the canvas.
    const box = (await page.locator('[data-graph-stage] .graph-canvas').boundingBox())!;
    const centre = shown.sort((a, b) => Math.hypot(a.x - box.x - box.width / 2, a.y - box.y - box.height / 2) - Math.hypot(b.x - box.x - box.width / 2, b.y - box.y - box.height / 2));
    const target = centre.find((n) => n.onScreen)!;
    expect(await page.evaluate(([x, y]) => window.__waybillGraph?.pick(x, y), [target.x, target.y])).toBe(target.id);
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.evaluate(() => window.__waybillGraph?.closedDomains?.().length), { timeout: 10_000 }).toBe(49);
    await page.mouse.move(box.x + 5, box.y + box.height - 5);
    expect(new URL(page.url()).searchParams.get('expand')).toBe(target.id);
    await settle(page);
    const d = big.nodes.findIndex((n) => n.id === target.id);
    const members = big.nodes.flatMap((n, i) => (n.domain === d ? [n.id] : []));
    const nodes = await probeNodes(page);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const id of members) expect(byId.get(id)?.visible, id).toBe(true);
    // The opened domain's members fill the view.
    const inside = members.map((id) => byId.get(id)!).filter((n) => n.x >= box.x && n.x <= box.x + box.width && n.y >= box.y && n.y <= box.y + box.height);
    expect(inside.length / members.length).toBeGreaterThan(0.95);
    const xs = inside.map((n) => n.x), ys = inside.map((n) => n.y);
    expect(Math.max((Math.max(...xs) - Math.min(...xs)) / box.width, (Math.max(...ys) - Math.min(...ys)) / box.height)).toBeGreaterThanOrEqual(0.4);
    await expectLabelsApart(page);
    expect(await page.evaluate(() => window.__waybillGraph?.drawCalls?.())).toBe(drawCalls);
    await screenshot(page, 'graph-5000-domain');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  test('zooming into the middle of the view opens the domain there', async () => {
    const { page, errors } = await openBig();
    const box = (await page.locator('[data-graph-stage] .graph-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    let closed = 50;
    for (let step = 0; step < 30 && closed === 50; step++) {
      await page.mouse.wheel(0, -250);
      await page.waitForTimeout(350);
      closed = (await page.evaluate(() => window.__waybillGraph?.closedDomains?.().length)) ?? 50;
    }
    expect(closed).toBe(49);
    const opened = new URL(page.url()).searchParams.get('expand');
    expect(opened).toMatch(/^domain:/);
    const visible = new Set((await probeNodes(page)).filter((n) => n.visible).map((n) => n.id));
    const d = big.nodes.findIndex((n) => n.id === opened);
    for (const [i, n] of big.nodes.entries()) if (n.domain === d) expect(visible.has(big.nodes[i].id), n.id).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  test('a trace opens exactly the domains it crosses', async () => {
    const adj = adjacency(big);
    const start = big.nodes.findIndex((n, i) => n.kind === 'event' && adj.down[i].length > 0);
    const { upstream, downstream } = trace(adj, start);
    const top = (i: number) => (big.nodes[i].kind === 'domain' ? i : big.nodes[i].domain);
    const crossed = new Set([...upstream, ...downstream].map(top));
    const { page } = await openBig(`?trace=${big.nodes[start].id}`);
    const closed = new Set(await page.evaluate(() => window.__waybillGraph?.closedDomains?.() ?? []));
    for (const [i, node] of big.nodes.entries()) if (node.kind === 'domain') expect(closed.has(node.id), node.id).toBe(!crossed.has(i));
    await expectFramed(page, 'lit');
    await page.close();
  }, 120_000);
});

describe('compact views', () => {
  test('a service page draws its neighbourhood once scrolled to, linking to the full graph focused on it; message pages load no graph code', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { errors } = watchPage(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${url}/services/Stores/`, { waitUntil: 'networkidle' });
    const figure = page.locator('[data-graph-compact="service:Stores"]');
    await figure.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-graph-compact][data-ready="webgl"]', { timeout: 30_000 });
    expect(requests.filter((r) => r.endsWith('/graph.json'))).toHaveLength(1);
    await page.waitForTimeout(300);
    expect(await paintedPixels(page, '[data-graph-compact] .graph-canvas')).toBeGreaterThan(500);
    expect(await figure.getByRole('link', { name: 'Open Stores in the event-flow graph' }).getAttribute('href')).toBe('/graph/?focus=service:Stores');
    await figure.screenshot({ path: path.join(SCREENSHOTS, 'graph-compact-service.png') });
    expect(errors).toEqual([]);
    requests.length = 0;
    await page.goto(`${url}/events/StoreCreated/`, { waitUntil: 'networkidle' });
    expect(requests.filter((r) => /graph\.json|graph-view|compact-view/.test(r))).toEqual([]);
    await page.close();
  });
});

describe('under a base path', () => {
  test('graph.json is fetched under the base and the panel links carry it', async () => {
    // An inherited BASE_URL must not override --base in the pages Astro renders (import.meta.env.BASE_URL
    // falls back to the process environment); Vitest sets one, and so may a user's shell.
    process.env.BASE_URL = '/';
    const site = await buildAndServe('catalog', { base: '/catalog/' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      const { errors } = watchPage(page);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(`${site.url}/graph/?focus=event:StoreCreated`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => (window.__waybillGraph?.frames() ?? 0) > 0, null, { timeout: 30_000 }).catch((error: Error) => {
        throw new Error(`${error.message}\n${errors.join('\n')}\n${requests.join('\n')}`);
      });
      expect(requests).toContain('/catalog/graph.json');
      const link = page.locator('[data-graph-panel]').getByRole('link', { name: 'Open StoreCreated' });
      expect(await link.getAttribute('href')).toBe('/catalog/events/StoreCreated/');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await site.close();
    }
  }, 240_000);
});

describe('without WebGL', () => {
  test('the 2D drawing of the same layout and the list of nodes and links render', async () => {
    const noGl = await launchBrowser(['--disable-webgl', '--disable-3d-apis']);
    try {
      const { page, errors } = await open(noGl);
      expect(await page.evaluate(() => window.__waybillGraph?.renderer)).toBe('2d');
      expect(await paintedPixels(page)).toBeGreaterThan(500);
      const list = page.locator('[data-graph-list]');
      await visible(list.getByRole('link', { name: 'StoreCreated', exact: true }).first());
      await visible(list.getByRole('heading', { name: /^Services/ }));
      expect(await list.locator('.graph-list-links li').count()).toBe(graph.links.filter((l) => l.kind !== 'contains').length);
      await screenshot(page, 'graph-2d');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await noGl.close();
    }
  });
});
