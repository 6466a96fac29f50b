/**
 * Issue 16: `waybill lint` as a user runs it, on the default catalog and on the catalog `waybill init`
 * writes: wall time from process start and CPU time, without the load cache and with a warm one, each the
 * best of 3 (the machine is shared: CPU time is the steadier figure). Target: a small catalog lints in
 * well under a second.
 *
 * Run twice: from the TypeScript sources, as a checkout runs (Node strips their types at every start: about
 * 0.25 s of CPU), and compiled to JavaScript as `npm pack` ships it (tsconfig.pack.json, built once under
 * .bench/dist-cli), as an installed Waybill runs. Each has its own warm cache: the cache is versioned by the
 * source of the modules that fill it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_DIR, best, runJob, table } from './measure.ts';
import type { BenchContext } from '../bench.ts';

const ROOT = path.resolve(BENCH_DIR, '../..');

export async function benchLintCli(ctx: BenchContext): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'waybill-bench-lint-'));
  const rows: (string | number)[][] = [['catalog', 'code', 'cache', 'wall ms', 'CPU ms', 'peak RSS MB', 'load avg']];
  try {
    const init = path.join(scratch, 'init');
    const made = spawnSync(process.execPath, [path.join(ROOT, 'bin/waybill.js'), 'init', init], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`waybill init failed: ${made.stderr}`);
    const catalogs: [string, string][] = [
      ['default (catalog/)', path.join(ROOT, 'catalog')],
      ['waybill init', init],
      ['1,000 messages, realistic', await ctx.catalogOf(1000, { findings: true })],
    ];
    const compiled = compileCli();
    for (const [code, args] of [['.ts sources', []], ['compiled (packed)', ['--compiled', compiled]]] as const) {
      for (const [name, dir] of catalogs) {
        const warm = { WAYBILL_CACHE_DIR: path.join(scratch, `cache-${rows.length}`) };
        const off = await best(3, 'lint-cli-job.ts', [dir, ...args], () => ({ WAYBILL_CACHE: 'off' }));
        rows.push([name, code, 'none', off.ms, Number(off.cpuMs), off.maxRssMb, loadavg()[0].toFixed(1)]);
        await runJob('lint-cli-job.ts', [dir, ...args], warm);
        const hot = await best(3, 'lint-cli-job.ts', [dir, ...args], () => warm);
        rows.push([name, code, 'warm', hot.ms, Number(hot.cpuMs), hot.maxRssMb, loadavg()[0].toFixed(1)]);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  ctx.print('`waybill lint` on small catalogs (issue 16)', table(rows));
}

/**
 * The CLI compiled as `npm pack` compiles it (tsconfig.pack.json; dynamic `import('….ts')` rewritten as
 * scripts/pack-cli.ts does), under .bench/dist-cli, where node_modules still resolves. Rebuilt each run;
 * returns the path of its src/cli/main.js.
 */
export function compileCli(): string {
  const out = path.join(ROOT, '.bench', 'dist-cli');
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.pack.json'), '--outDir', out], { stdio: 'inherit' });
  for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(/(\bimport\(\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
    if (fixed !== text) writeFileSync(file, fixed);
  }
  const main = path.join(out, 'src/cli/main.js');
  if (!existsSync(main)) throw new Error(`compiling the CLI wrote no ${main}`);
  return main;
}
