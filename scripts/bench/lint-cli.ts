/**
 * Issue 16: `waybill lint` as a user runs it, on the default catalog and on the catalog `waybill init`
 * writes: wall time from process start and CPU time, without the load cache and with a warm one, each the
 * best of 3 (the machine is shared: CPU time is the steadier figure). Target: a small catalog lints in
 * well under a second.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_DIR, best, runJob, table } from './measure.ts';
import type { BenchContext } from '../bench.ts';

const ROOT = path.resolve(BENCH_DIR, '../..');

export async function benchLintCli(ctx: BenchContext): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'waybill-bench-lint-'));
  const rows: (string | number)[][] = [['catalog', 'cache', 'wall ms', 'CPU ms', 'peak RSS MB', 'load avg']];
  try {
    const init = path.join(scratch, 'init');
    const made = spawnSync(process.execPath, [path.join(ROOT, 'bin/waybill.js'), 'init', init], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`waybill init failed: ${made.stderr}`);
    const catalogs: [string, string][] = [
      ['default (catalog/)', path.join(ROOT, 'catalog')],
      ['waybill init', init],
    ];
    for (const [name, dir] of catalogs) {
      const warm = { WAYBILL_CACHE_DIR: path.join(scratch, `cache-${rows.length}`) };
      const off = await best(3, 'lint-cli-job.ts', [dir], () => ({ WAYBILL_CACHE: 'off' }));
      rows.push([name, 'none', off.ms, Number(off.cpuMs), off.maxRssMb, loadavg()[0].toFixed(1)]);
      await runJob('lint-cli-job.ts', [dir], warm);
      const hot = await best(3, 'lint-cli-job.ts', [dir], () => warm);
      rows.push([name, 'warm', hot.ms, Number(hot.cpuMs), hot.maxRssMb, loadavg()[0].toFixed(1)]);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  ctx.print('`waybill lint` on small catalogs (issue 16)', table(rows));
}
