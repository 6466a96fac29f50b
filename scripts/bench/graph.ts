/**
 * Issue 4: the event-flow graph. Layout time to convergence in Node for synthetic graphs of 500 and
 * 5,000 nodes (three links per node), beside the floor — plain d3-force-3d with its default forces on
 * the same graph — and, in one headless Chromium run with software WebGL (SwiftShader), the median and
 * 95th-percentile frame time with 5,000 nodes and particles running: Waybill's /graph/ with every
 * domain open, Waybill as it opens (domains, semantic zoom), and the peer, 3d-force-graph, on the same
 * graph at the same positions. Targets: layout under 3 s and a median frame under 50 ms at 5,000 nodes.
 */
import { runJob, table } from './measure.ts';
import type { BenchContext } from '../bench.ts';

const LAYOUT_SIZES = [500, 5000];
const FLOOR_BUDGET_MS = 20_000;
const TARGET_MS = 50;

export async function benchGraph(ctx: BenchContext): Promise<void> {
  const rows: (string | number)[][] = [['nodes', 'layout', 'ms', 'ticks', 'peak RSS MB', 'notes']];
  for (const n of LAYOUT_SIZES) {
    const floor = await runJob('graph-job.ts', ['floor', String(n), String(FLOOR_BUDGET_MS)]);
    const ours = await runJob('graph-job.ts', ['layout', String(n)]);
    rows.push([n, 'floor: d3-force-3d defaults', Number(floor.extrapolatedMs), 300, floor.maxRssMb, floor.extrapolated ? `${floor.ticks} ticks measured in ${floor.ms} ms, 300 extrapolated` : '']);
    rows.push([n, 'waybill layout', ours.ms, Number(ours.ticks), ours.maxRssMb, `${ours.converged ? 'converged' : 'NOT converged'}, ${(Number(floor.extrapolatedMs) / ours.ms).toFixed(1)}× faster than the floor`]);
  }
  ctx.print('Graph layout in Node (issue 4; target < 3,000 ms at 5,000 nodes)', table(rows));
  const f = await runJob('graph-job.ts', ['frames', '5000', '14250', '5']);
  const views = f.rows as { view: string; p50: number; p95: number; frames: number; drawCalls: number; pixelRatio: number; firstFrameMs: number; load: string }[];
  const frames: (string | number)[][] = [['view', 'frame p50 ms', 'frame p95 ms', 'target p50', 'frames', 'draw calls', 'pixel ratio', 'first frame ms', 'load average']];
  for (const r of views) frames.push([r.view, r.p50.toFixed(1), r.p95.toFixed(1), r.p50 < TARGET_MS ? `< ${TARGET_MS} ms: met` : `< ${TARGET_MS} ms: NOT met`, r.frames, r.drawCalls < 0 ? '-' : r.drawCalls, String(r.pixelRatio), r.firstFrameMs, r.load]);
  ctx.print(
    `Graph frames: ${Number(f.nodes)} nodes, ${Number(f.flowLinks)} flow links, same fixed positions, particles on (one per link; aggregated edges carry more), ` +
      `one headless Chromium run, software WebGL, 1280×800, 5 s each (issue 13; target p50 < ${TARGET_MS} ms; graph.json ${Math.round(Number(f.bytes) / 1024)} KB)`,
    table(frames),
  );
}
