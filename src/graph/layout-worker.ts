/**
 * The build's graph layout, run in a worker thread (src/site/build/graph-layout.ts starts it) so it takes
 * the second core while the pages render. Gets `{ graph, seed }`, posts back the positions: the same
 * function and seed as the inline layout, so the same numbers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { layoutGraph, type LayoutGraph } from './layout.ts';

const { graph, seed } = workerData as { graph: LayoutGraph; seed: number };
const { positions } = layoutGraph(graph, { seed });
parentPort?.postMessage(positions, [positions.buffer as ArrayBuffer]);
