/** Fetching graph.json (once per page) and choosing the renderer: WebGL when there is one, else the 2D canvas. */
import { decodeGraph, type GraphJson, type PositionedGraph } from '../wire.ts';
import type { GraphViewOptions } from './graph-view.ts';
import type { GraphViewProbe } from './probe.ts';
import type { ViewState } from '../view-state.ts';
import type { Adjacency } from '../traverse.ts';
import type { Insets } from './camera-fit.ts';

let pending: Promise<PositionedGraph> | undefined;

export function loadGraph(): Promise<PositionedGraph> {
  const base = document.documentElement.dataset.base ?? '/';
  pending ??= fetch(`${base}graph.json`).then(async (res) => {
    if (!res.ok) throw new Error(`graph.json: HTTP ${res.status}`);
    return decodeGraph((await res.json()) as GraphJson);
  });
  return pending;
}

/** Either renderer, as the pages use it. */
export interface GraphRenderer {
  readonly adj: Adjacency;
  probe(): GraphViewProbe;
  /** Shows a state and flies to fit it, or to `fitTo` (false: the camera stays). */
  setState(state: ViewState, fitTo?: Iterable<number> | false): void;
  /** Flies to fit what is lit or shown (or `nodes`). */
  fit?(nodes?: Iterable<number>): void;
  /** Pixels of the canvas under overlays, kept clear by framing. */
  setInsets?(insets: Insets): void;
  /** Whether this view opens as domains (semantic zoom). */
  readonly aggregated?: boolean;
  isClosedDomain?(node: number): boolean;
  setPaused?(paused: boolean): void;
  readonly paused?: boolean;
}

function hasWebGL2(): boolean {
  try {
    return !!document.createElement('canvas').getContext('webgl2');
  } catch {
    return false;
  }
}

/** The 3D view when WebGL2 works, else the 2D drawing of the same layout. */
export async function createRenderer(container: HTMLElement, graph: PositionedGraph, options: GraphViewOptions): Promise<GraphRenderer> {
  if (hasWebGL2()) {
    try {
      const { GraphView } = await import('./graph-view.ts');
      return new GraphView(container, graph, options);
    } catch (error) {
      console.warn('Waybill graph: WebGL failed, drawing in 2D.', error);
    }
  }
  const { FlatView } = await import('./flat-view.ts');
  container.dataset.renderer = '2d';
  return new FlatView(container, graph, options);
}
