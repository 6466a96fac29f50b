/**
 * Issue 6: `waybill diff` between two synthetic 10,000-message catalogs that differ in 5% of their
 * schemas, beside the floor (loading both catalogs), each job in its own process.
 */
import { runJob, table } from './measure.ts';
import type { BenchContext } from '../bench.ts';

export async function benchDiff(ctx: BenchContext): Promise<void> {
  const size = 10_000;
  const before = await ctx.catalogOf(size);
  const after = await ctx.catalogOf(size, { changedPercent: 5 });
  const floor = await runJob('diff-job.ts', ['floor', before, after]);
  const diff = await runJob('diff-job.ts', ['diff', before, after]);
  const rows: (string | number)[][] = [
    ['messages', 'job', 'wall ms', 'CPU ms', 'peak RSS MB', '× floor (wall)', 'found'],
    [size, 'floor (load both catalogs)', floor.ms, Number(floor.cpuMs), floor.maxRssMb, '1.00', `${floor.resources} resources`],
    [size, 'waybill diff (load both + diff)', diff.ms, Number(diff.cpuMs), diff.maxRssMb, (diff.ms / floor.ms).toFixed(2),
      `${diff.schemasChanged} schemas changed, ${diff.incompatible} incompatible, ${diff.consumerBreaks} consumer breaks`],
  ];
  ctx.print('Catalog diff, 5% of schemas changed (issue 6)', table(rows));
}
