/**
 * Issue 2: loading and linting synthetic catalogs of 1,000 and 10,000 messages, beside the floor (one
 * process that only reads and parses the same files), each the best of 3 runs. Target at 10,000: within 2×
 * the floor, < 1 GiB RSS.
 */
import { best, table } from './measure.ts';
import type { BenchContext } from '../bench.ts';

export async function benchCatalog(ctx: BenchContext): Promise<void> {
  const rows: (string | number)[][] = [['messages', 'job', 'wall ms', 'peak RSS MB', '× floor', 'resources']];
  for (const size of ctx.sizes) {
    const dir = await ctx.catalogOf(size);
    // Best of 3 each: the machine is shared, and the least disturbed run is the one to compare.
    const floor = await best(3, 'load-job.ts', ['floor', dir]);
    const load = await best(3, 'load-job.ts', ['load', dir]);
    const lint = await best(3, 'load-job.ts', ['lint', dir]);
    rows.push([size, `floor (read + parse ${floor.files} files)`, floor.ms, floor.maxRssMb, '1.00', '']);
    rows.push([size, 'waybill load', load.ms, load.maxRssMb, (load.ms / floor.ms).toFixed(2), String(load.resources)]);
    rows.push([size, 'waybill load + lint', lint.ms, lint.maxRssMb, (lint.ms / floor.ms).toFixed(2), `${lint.resources} (${lint.diagnostics} findings)`]);
  }
  ctx.print('Catalog load and lint (issue 2)', table(rows));
}
