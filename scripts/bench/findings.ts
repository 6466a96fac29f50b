/**
 * Issue 14: the cost of many findings. 100,000 synthetic findings printed in every output format, beside
 * the floor of writing as many lines, and 100,000 field paths located in one document of 100,000
 * properties (one parse, a lookup each). Each the best of 3 runs in a fresh process.
 */
import { best, table, type Figures } from './measure.ts';
import type { BenchContext } from '../bench.ts';

const FORMATS = ['stylish', 'json', 'junit', 'github', 'sarif'];

export async function benchFindings(ctx: BenchContext): Promise<void> {
  const count = 100_000;
  const rows: (string | number)[][] = [['findings', 'job', 'wall ms', 'peak RSS MB', '× floor', 'output MB']];
  const floor = await best(3, 'findings-job.ts', ['floor', String(count)]);
  const mb = (f: Figures) => (Number(f.bytes) / 1024 / 1024).toFixed(1);
  rows.push([count, 'floor (write the lines)', floor.ms, floor.maxRssMb, '1.00', mb(floor)]);
  for (const format of FORMATS) {
    const f = await best(3, 'findings-job.ts', [format, String(count)]);
    rows.push([count, `format ${format}`, f.ms, f.maxRssMb, (f.ms / Math.max(1, floor.ms)).toFixed(2), mb(f)]);
  }
  const locate = await best(3, 'findings-job.ts', ['locate', String(count)]);
  rows.push([count, `locate in one ${mb(locate)} MB document`, locate.ms, locate.maxRssMb, '', '']);
  ctx.print('Many findings (issue 14)', table(rows));
}
