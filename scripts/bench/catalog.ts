/**
 * Issues 2 and 16: loading and linting synthetic catalogs of 1,000 and 10,000 messages, clean and
 * realistic (a few findings per schema: scripts/bench/realistic.ts), beside the floor (one process that only
 * reads and parses the same files), each the best of 3 runs:
 *   - without the load cache (WAYBILL_CACHE=off), as before issue 16;
 *   - cold: an empty cache folder each run (the run that fills it, compiled validators included);
 *   - warm: the cache a previous run left (every file unchanged).
 *   - warm, compiled: the same, with the loader and the lint compiled to JavaScript as `npm pack` ships them
 *     (an installed Waybill does not strip TypeScript types at start-up; a checkout does).
 * Then the same rows for a catalog from a different generator (scripts/bench/ec-style.ts: EventCatalog's
 * layout, 2,500 events in 1–4 versions, about 17,000 findings).
 * Target at every size: load + lint within 2× the floor, < 1 GiB RSS.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_DIR, best, runJob, table } from './measure.ts';
import { generateEcStyle } from './ec-style.ts';
import { compileCli } from './lint-cli.ts';
import type { BenchContext } from '../bench.ts';

export async function benchCatalog(ctx: BenchContext): Promise<void> {
  const rows: (string | number)[][] = [['size', 'catalog', 'job', 'wall ms', 'peak RSS MB', '× floor', 'resources', 'load avg']];
  const scratch = mkdtempSync(path.join(tmpdir(), 'waybill-bench-cache-'));
  let fresh = 0;
  const emptyCache = () => ({ WAYBILL_CACHE_DIR: path.join(scratch, `cold-${fresh++}`) });
  const load = () => loadavg()[0].toFixed(1);
  const compiled = path.dirname(path.dirname(path.dirname(compileCli())));
  try {
    const catalogs: [size: number | string, name: string, dir: () => Promise<string>][] = [];
    for (const size of ctx.sizes) {
      for (const findings of [false, true]) catalogs.push([size, findings ? 'realistic' : 'clean', () => ctx.catalogOf(size, { findings })]);
    }
    catalogs.push(['2,500 events', 'ec-style', async () => ecStyleCatalog(2500)]);
    for (const [size, name, dirOf] of catalogs) {
      const dir = await dirOf();
      const warm = { WAYBILL_CACHE_DIR: path.join(scratch, `warm-${size}-${name}`) };
      // Best of 3 each: the machine is shared, and the least disturbed run is the one to compare.
      const floor = await best(3, 'load-job.ts', ['floor', dir]);
      rows.push([size, name, `floor (read + parse ${floor.files} files)`, floor.ms, floor.maxRssMb, '1.00', '', load()]);
      const jobs: [string, () => Record<string, string>][] = [
        ['load + lint, no cache', () => ({ WAYBILL_CACHE: 'off' })],
        ['load + lint, cold cache', emptyCache],
        ['load + lint, warm cache', () => warm],
      ];
      await runJob('load-job.ts', ['lint', dir], warm);
      for (const [job, env] of jobs) {
        const lint = await best(3, 'load-job.ts', ['lint', dir], env);
        rows.push([size, name, job, lint.ms, lint.maxRssMb, (lint.ms / floor.ms).toFixed(2), `${lint.resources} (${lint.diagnostics} findings)`, load()]);
      }
      const packedWarm = { WAYBILL_CACHE_DIR: path.join(scratch, `warm-compiled-${size}-${name}`) };
      await runJob('load-job.ts', ['lint', dir, compiled], packedWarm);
      const packed = await best(3, 'load-job.ts', ['lint', dir, compiled], () => packedWarm);
      rows.push([size, name, 'load + lint, warm cache, compiled', packed.ms, packed.maxRssMb, (packed.ms / floor.ms).toFixed(2), `${packed.resources} (${packed.diagnostics} findings)`, load()]);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  ctx.print('Catalog load and lint (issues 2 and 16)', table(rows));
}

/** The EventCatalog-style bench catalog with this many events, generated once under .bench/. */
export function ecStyleCatalog(events: number): string {
  const out = path.resolve(BENCH_DIR, '../../.bench', `ec-style-${events}`);
  if (!existsSync(path.join(out, '.complete'))) {
    generateEcStyle({ events, out });
    writeFileSync(path.join(out, '.complete'), '');
  }
  return out;
}
