/**
 * One measured graph job, in its own process:
 *   layout <nodes>             — Waybill's build-time layout (seeded, to convergence) of a synthetic graph
 *   floor <nodes> <budgetMs>   — plain d3-force-3d with its defaults (forceManyBody, forceLink, forceCenter,
 *                                300 ticks) on the same graph; past the budget the rest is extrapolated
 *   frames <nodes> <links> <seconds>
 *                              — frame times in one headless Chromium run with software WebGL, particles
 *                                running, the synthetic graph served as graph.json: Waybill's /graph/ with
 *                                every domain open, as it opens (domains), and the peer, 3d-force-graph
 *                                (graph-peer.ts), drawing the same graph at the same fixed positions
 * Prints { ms, maxRssMb, ... }.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { forceCenter, forceLink, forceManyBody, forceSimulation, type SimulationNode } from 'd3-force-3d';
import { BENCH_DIR, printFigures } from './measure.ts';
import { syntheticGraph } from './graph-synthetic.ts';
import { layoutGraph } from '../../src/graph/layout.ts';
import { LAYOUT_SEED } from '../../src/graph/layout-seed.ts';
import { encodeGraph } from '../../src/graph/wire.ts';
import { PEER_PAGE } from './graph-peer.ts';

const ROOT = path.resolve(BENCH_DIR, '../..');
const [mode, a, b, c] = process.argv.slice(2);

if (mode === 'layout') {
  const graph = syntheticGraph(Number(a));
  const start = performance.now();
  const { ticks, converged } = layoutGraph(graph, { seed: LAYOUT_SEED });
  printFigures(start, { ticks, converged, links: graph.links.length });
} else if (mode === 'floor') {
  const graph = syntheticGraph(Number(a));
  const budget = Number(b);
  const start = performance.now();
  const nodes: SimulationNode[] = graph.nodes.map(() => ({}));
  const sim = forceSimulation(nodes, 3)
    .stop()
    .force('link', forceLink(graph.links.map((l) => ({ source: l.source, target: l.target }))))
    .force('charge', forceManyBody())
    .force('center', forceCenter());
  let ticks = 0;
  while (ticks < 300 && performance.now() - start < budget) (sim.tick(), ticks++);
  const ms = performance.now() - start;
  printFigures(start, { ticks, extrapolatedMs: Math.round((ms / ticks) * 300), extrapolated: ticks < 300 });
} else if (mode === 'frames') {
  const { chromium } = await import('playwright-core');
  const graph = syntheticGraph(Number(a), Number(b));
  const layoutStart = performance.now();
  const { positions } = layoutGraph(graph, { seed: LAYOUT_SEED });
  const layoutMs = Math.round(performance.now() - layoutStart);
  const json = encodeGraph(graph, positions, '/');
  const body = JSON.stringify(json);
  const out = mkdtempSync(path.join(tmpdir(), 'waybill-bench-graph-'));
  let server: ReturnType<typeof spawn> | undefined;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  try {
    execFileSync(process.execPath, ['bin/waybill.js', 'build', '--catalog', 'catalog', '--out', out], { cwd: ROOT, stdio: 'ignore' });
    const port = 20000 + Math.floor(Math.random() * 20000);
    server = spawn(process.execPath, ['bin/waybill.js', 'preview', '--out', out, '--port', String(port), '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; i++) {
      if (await fetch(`${url}/`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    const seconds = Number(c);
    const rows: Record<string, unknown>[] = [];
    // Waybill, opened fully (every domain open: every node, edge and particle drawn), then as it opens (domains).
    for (const [view, query] of [['waybill: every node', '?expand=all'], ['waybill: domains (as it opens)', '']]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.route('**/graph.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
      const start = performance.now();
      await page.goto(`${url}/graph/${query}`);
      await page.waitForFunction(() => (window.__waybillGraph?.frames() ?? 0) > 0, null, { timeout: 120_000 });
      const firstFrameMs = Math.round(performance.now() - start);
      // Settling: the first seconds are the worker's refinement.
      await page.waitForFunction(() => window.__waybillGraph?.settled?.() === true, null, { timeout: 60_000 }).catch(() => undefined);
      // Dynamic resolution: measure once the pixel ratio has held for 4 s (at most 20 s).
      let ratio = -1;
      for (let held = 0, waited = 0; held < 4 && waited < 20; waited++) {
        await page.waitForTimeout(1000);
        const now = await page.evaluate(() => window.__waybillGraph?.pixelRatio?.() ?? 1);
        held = now === ratio ? held + 1 : 0;
        ratio = now;
      }
      const f = await page.evaluate(frameTimes, seconds * 1000);
      const drawCalls = await page.evaluate(() => window.__waybillGraph?.drawCalls?.() ?? -1);
      const pixelRatio = await page.evaluate(() => window.__waybillGraph?.pixelRatio?.() ?? 1);
      const renderer = await page.evaluate(() => window.__waybillGraph?.renderer);
      rows.push({ view, ...f, drawCalls, pixelRatio, firstFrameMs, renderer, load: loadavg()[0].toFixed(1) });
      await page.close();
    }
    // The peer: 3d-force-graph (EventCatalog 1's 3D view) on the same graph, same fixed positions, one particle per link.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route(`${url}/__peer/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: PEER_PAGE }));
    await page.route(`${url}/__peer/3d-force-graph.js`, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', path: path.join(ROOT, 'node_modules/3d-force-graph/dist/3d-force-graph.min.js') }));
    await page.route(`${url}/__peer/graph.json`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    const start = performance.now();
    await page.goto(`${url}/__peer/`);
    await page.waitForFunction(() => (window as unknown as { peerReady?: boolean }).peerReady === true, null, { timeout: 180_000 });
    const firstFrameMs = Math.round(performance.now() - start);
    await page.waitForTimeout(1000);
    const f = await page.evaluate(frameTimes, seconds * 1000);
    rows.push({ view: '3d-force-graph 1.80 (peer)', ...f, drawCalls: -1, pixelRatio: await page.evaluate(() => devicePixelRatio), firstFrameMs, renderer: 'webgl', load: loadavg()[0].toFixed(1) });
    await page.close();
    printFigures(performance.now(), { rows, layoutMs, nodes: graph.nodes.length, links: graph.links.length, flowLinks: graph.links.filter((l) => l.kind !== 'contains').length, bytes: body.length });
  } finally {
    await browser.close();
    server?.kill('SIGTERM');
    rmSync(out, { recursive: true, force: true });
  }
}

/** In the page: frame-to-frame times over `ms` (requestAnimationFrame stamps), median and 95th percentile. */
async function frameTimes(ms: number): Promise<{ frames: number; p50: number; p95: number }> {
  const stamps: number[] = [];
  await new Promise<void>((resolve) => {
    const step = (t: number) => {
      stamps.push(t);
      if (t - stamps[0] < ms) requestAnimationFrame(step);
      else resolve();
    };
    requestAnimationFrame(step);
  });
  const deltas = stamps.slice(1).map((t, i) => t - stamps[i]).sort((x, y) => x - y);
  const at = (q: number) => deltas[Math.min(deltas.length - 1, Math.floor(deltas.length * q))];
  return { frames: deltas.length, p50: at(0.5), p95: at(0.95) };
}
