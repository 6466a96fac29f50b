/**
 * Issues 3 and 16: building the site with `waybill build` (pages and search index), beside the floor — a
 * bare Astro project that renders the catalog's Markdown files as trivial pages (title + body), built in
 * the same run — compared per page (wall ms and CPU ms a page) with peak RSS:
 *   - the synthetic catalogs of 1,000 and 10,000 messages: the floor renders as many pages as Waybill
 *     builds, cycling over the Markdown files;
 *   - the EventCatalog-style catalog of 2,500 events (scripts/bench/ec-style.ts): the floor renders each
 *     Markdown file to one page, as issue 16 measured it.
 * Target at 10,000 messages and on the EventCatalog-style catalog: ≤ 1.3× the floor a page, < 1 GiB RSS.
 *
 * Where a 10,000-message build's time went (CPU profile of the build process, 2026-12-06, loaded machine):
 * waiting on file writes and Pagefind's final write about a quarter of the wall time (Waybill writes
 * 516 MB, the floor 10 MB); V8 scavenges ~8 s; page components ~10 s (Markdown 2.3 s, schema viewer 1.7 s,
 * sidebar, compatibility, search records under 1 s each); the graph's 3D layout 4.3 s; the catalog load
 * ~3.5 s. Since then pages render four at a time (writes overlap rendering), the layout runs in a worker
 * thread on the other core, a schema shown twice on a page is rendered once, and property trees are kept
 * for the last 256 schemas only.
 *
 * Peak RSS varies by hundreds of MB between identical runs: it follows how far V8 lets the heap grow,
 * which depends on the machine's load. About 360 MB of it is outside the JS heap from the start (Vite's
 * bundling; the default catalog's 413-page build peaks at ~550 MB with a 150 MB heap); at 10,000 messages
 * the heap's live set is ~330 MB (the catalog 198 MB, the diffs' flat property lists 31 MB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { runJob, table, type Figures } from './measure.ts';
import { ecStyleCatalog } from './catalog.ts';
import type { BenchContext } from '../bench.ts';

const mb = (bytes: unknown) => Math.round(Number(bytes) / 1024 / 1024);
const perPage = (ms: unknown, pages: unknown) => Number(ms) / Number(pages);

export async function benchSite(ctx: BenchContext): Promise<void> {
  const rows: (string | number)[][] = [
    ['catalog', 'build', 'pages', 'wall ms', 'ms a page', 'CPU ms a page', 'peak RSS MB', '× floor a page', 'output MB', 'load avg', 'notes'],
  ];
  const catalogs: [name: string, dir: () => Promise<string>, floorPages: 'same' | 'each file'][] = [
    ...ctx.sizes.map((size): [string, () => Promise<string>, 'same'] => [`${size} messages`, () => ctx.catalogOf(size), 'same']),
    ['ec-style, 2,500 events', async () => ecStyleCatalog(2500), 'each file'],
  ];
  for (const [name, dirOf, floorPages] of catalogs) {
    const dir = await dirOf();
    const work = mkdtempSync(path.join(tmpdir(), 'waybill-bench-site-'));
    try {
      // The machine may be shared: the 1-minute load average at the end of each build is printed beside it.
      const site = await runJob('site-job.ts', ['waybill', dir, path.join(work, 'site')]);
      const siteLoad = loadavg()[0].toFixed(1);
      const floor = await runJob('site-job.ts', ['floor', dir, path.join(work, 'floor'), floorPages === 'same' ? String(site.pages) : '0']);
      const floorLoad = loadavg()[0].toFixed(1);
      const row = (f: Figures, build: string, ratio: string, notes: string) =>
        [name, build, Number(f.pages), f.ms, perPage(f.ms, f.pages).toFixed(2), perPage(f.cpuMs, f.pages).toFixed(2), f.maxRssMb, ratio, mb(f.bytes), f === site ? siteLoad : floorLoad, notes];
      const floorNote = floorPages === 'same' ? 'bare Astro: as many pages, cycling over the .md files' : 'bare Astro: each .md/.mdx file to a page';
      rows.push(row(floor, 'floor', '1.00', floorNote));
      const cpuRatio = (perPage(site.cpuMs, site.pages) / perPage(floor.cpuMs, floor.pages)).toFixed(2);
      rows.push(row(site, 'waybill build', (perPage(site.ms, site.pages) / perPage(floor.ms, floor.pages)).toFixed(2), `CPU a page ${cpuRatio}× the floor's; search: ${site.searchPages} pages, writing the index ${site.searchWriteMs} ms`));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  ctx.print('Site build (issues 3 and 16)', table(rows));
}
