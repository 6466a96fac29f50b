/**
 * Web Worker: refines the build-time layout off the main thread — the same forces, started from the
 * build's positions at a low temperature — and posts positions back (transferred, not copied) every
 * few ticks until it settles.
 */
import { createLayout, type LayoutGraph } from '../layout.ts';
import { LAYOUT_SEED } from '../layout-seed.ts';

export interface LayoutRequest extends LayoutGraph {
  positions: Float32Array;
}
export interface LayoutUpdate {
  positions: Float32Array;
  done: boolean;
}

const TICKS_PER_POST = 4;

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const layout = createLayout(e.data, { seed: LAYOUT_SEED, positions: e.data.positions, alpha: 0.05, ticks: 300 });
  const step = () => {
    const done = layout.tick(TICKS_PER_POST);
    const positions = layout.positions();
    (self as unknown as Worker).postMessage({ positions, done } satisfies LayoutUpdate, [positions.buffer]);
    if (!done) setTimeout(step, 0);
  };
  step();
};
