/**
 * Issue 4: the event-flow graph. Layout time to convergence in Node for synthetic graphs of 500 and
 * 5,000 nodes (three links per node), beside the floor — plain d3-force-3d with its default forces on
 * the same graph — and, in headless Chromium with software WebGL (SwiftShader), the median and
 * 95th-percentile frame time of /graph/ with 5,000 nodes, 15,000 edges and particles running.
 * Targets: layout under 3 s and a median frame under 50 ms at 5,000 nodes.
 */
import { runJob, table } from './measure.ts';
import type { BenchContext } from '../bench.ts';

const LAYOUT_SIZES = [500, 5000];
const FLOOR_BUDGET_MS = 20_000;

export async function benchGraph(ctx: BenchContext): Promise<void> {
  const rows: (string | number)[][] = [['nodes', 'layout', 'ms', 'ticks', 'peak RSS MB', 'notes']];
  for (const n of LAYOUT_SIZES) {
    const floor = await runJob('graph-job.ts', ['floor', String(n), String(FLOOR_BUDGET_MS)]);
    const ours = await runJob('graph-job.ts', ['layout', String(n)]);
    rows.push([n, 'floor: d3-force-3d defaults', Number(floor.extrapolatedMs), 300, floor.maxRssMb, floor.extrapolated ? `${floor.ticks} ticks measured in ${floor.ms} ms, 300 extrapolated` : '']);
    rows.push([n, 'waybill layout', ours.ms, Number(ours.ticks), ours.maxRssMb, `${ours.converged ? 'converged' : 'NOT converged'}, ${(Number(floor.extrapolatedMs) / ours.ms).toFixed(1)}× faster than the floor`]);
  }
  ctx.print('Graph layout in Node (issue 4; target < 3,000 ms at 5,000 nodes)', table(rows));
  const f = await runJob('graph-job.ts', ['frames', '5000', '15000', '5']);
  const frames = [
    ['nodes', 'links', 'frame p50 ms', 'frame p95 ms', 'frames', 'draw calls', 'first frame ms', 'graph.json KB', 'load average'],
    [Number(f.nodes), Number(f.links), Number(f.p50).toFixed(1), Number(f.p95).toFixed(1), Number(f.frames), Number(f.drawCalls), Number(f.firstFrameMs), Math.round(Number(f.bytes) / 1024), String(f.load)],
  ];
  ctx.print(`Graph frames in headless Chromium, software WebGL, particles running, 5 s (issue 4; target p50 < 50 ms; renderer ${String(f.renderer)})`, table(frames));
}
