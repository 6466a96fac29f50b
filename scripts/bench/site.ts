/**
 * Issue 3: building the site of synthetic catalogs of 1,000 and 10,000 messages with `waybill build`
 * (pages and search index), beside the floor — a bare Astro project that renders the same number of
 * trivial pages from the same Markdown files, built in the same run. Target at 10,000: within 2× the
 * floor and under 2 GiB RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runJob, table } from './measure.ts';
import type { BenchContext } from '../bench.ts';

const mb = (bytes: unknown) => Math.round(Number(bytes) / 1024 / 1024);

export async function benchSite(ctx: BenchContext): Promise<void> {
  const rows: (string | number)[][] = [['messages', 'build', 'wall ms', 'peak RSS MB', '× floor', 'pages', 'output MB', 'notes']];
  for (const size of ctx.sizes) {
    const dir = await ctx.catalogOf(size);
    const work = mkdtempSync(path.join(tmpdir(), 'waybill-bench-site-'));
    try {
      const site = await runJob('site-job.ts', ['waybill', dir, path.join(work, 'site')]);
      const floor = await runJob('site-job.ts', ['floor', dir, path.join(work, 'floor'), String(site.pages)]);
      rows.push([size, 'floor: bare Astro, trivial pages', floor.ms, floor.maxRssMb, '1.00', Number(floor.pages), mb(floor.bytes), 'glob collection over the same .md files']);
      rows.push([size, 'waybill build', site.ms, site.maxRssMb, (site.ms / floor.ms).toFixed(2), Number(site.pages), mb(site.bytes), `search: ${site.searchPages} pages, writing the index ${site.searchWriteMs} ms`]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  ctx.print('Site build (issue 3)', table(rows));
}
