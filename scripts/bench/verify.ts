/**
 * Issue 5: `waybill verify --from` on a 1,000,000-message JSONL capture of mixed message types (the
 * MallBots Stores and Baskets events, one in 1,000 broken), beside the floor — ajv alone validating the
 * same payloads, read the same way, in one process — and ajv on payloads already in memory. Target:
 * within 1.5× the floor; peak RSS flat in the number of messages (streamed, not loaded).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { best, runJob, table } from './measure.ts';
import type { BenchContext } from '../bench.ts';

export async function benchVerify(ctx: BenchContext, sizes: readonly number[] = [100_000, 1_000_000]): Promise<void> {
  const dir = path.join(tmpdir(), 'waybill-bench-verify');
  await mkdir(dir, { recursive: true });
  const rows: (string | number)[][] = [['messages', 'job', 'wall ms', 'CPU ms', 'messages/s', 'peak RSS MB', 'heap after GC MB', '× floor']];
  const load = await best(3, 'verify-job.ts', ['load']);
  rows.push(['', 'load the default catalog (paid by every job below)', load.ms, '', '', load.maxRssMb, '', '']);
  for (const size of sizes) {
    const file = path.join(dir, `capture-${size}.jsonl`);
    if (!existsSync(file)) await runJob('verify-job.ts', ['generate', file, String(size)]);
    const floor = await best(3, 'verify-job.ts', ['floor', file]);
    const loop = await best(3, 'verify-job.ts', ['ajv-loop', file, String(size)]);
    const waybill = await best(3, 'verify-job.ts', ['waybill', file]);
    const cli = await best(1, 'verify-job.ts', ['cli', file]);
    const rate = (n: number, ms: number) => Math.round((n / Math.max(1, ms)) * 1000);
    const fs = Number(floor.streamMs);
    rows.push([size, 'floor: stream + JSON.parse + ajv (no Waybill)', fs, Number(floor.streamCpuMs), rate(size, fs), floor.maxRssMb, Number(floor.retainedMb), '1.00']);
    rows.push([size, 'ajv only, payloads already in memory', Number(loop.streamMs), Number(loop.streamCpuMs), rate(size, Number(loop.streamMs)), loop.maxRssMb, '', (Number(loop.streamMs) / fs).toFixed(2)]);
    rows.push([size, 'waybill verify --from (the streamed check)', Number(waybill.streamMs), Number(waybill.streamCpuMs), rate(size, Number(waybill.streamMs)), waybill.maxRssMb, Number(waybill.retainedMb), (Number(waybill.streamMs) / fs).toFixed(2)]);
    rows.push([size, 'waybill verify --from (whole CLI run, with load)', cli.ms, '', '', cli.maxRssMb, '', '']);
  }
  ctx.print('verify --from: JSONL capture validation (issue 5)', `${table(rows)}\n(best of 3 runs; wall and CPU ms and messages/s exclude the catalog load; peak RSS grows with V8's heap sizing under allocation, the heap after GC is what stays; captures in ${dir})`);
}
