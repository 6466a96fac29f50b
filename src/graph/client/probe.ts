/**
 * The test hook: what a graph view tells the browser tests (window.__waybillGraph) — node positions
 * projected to page coordinates, so a test can click a real canvas position, and what a click there
 * would hit.
 */
import type { ViewState } from '../view-state.ts';

export interface ProbeNode {
  id: string;
  /** Page coordinates of the node's centre. */
  x: number;
  y: number;
  /** Shown by the filters. */
  visible: boolean;
  /** Inside the canvas and in front of the camera. */
  onScreen: boolean;
  /** Lit by a focus or trace; null when nothing is lit. */
  lit: boolean | null;
}

export interface GraphViewProbe {
  renderer: 'webgl' | '2d';
  ready: boolean;
  /** Frames drawn so far. */
  frames(): number;
  nodes(): ProbeNode[];
  /** Draw calls of the last frame (3D only). */
  drawCalls?(): number;
  /** The node a click at page coordinates (x, y) would hit. */
  pick(x: number, y: number): string | null;
}

declare global {
  interface Window {
    __waybillGraph?: GraphViewProbe & { state(): ViewState };
  }
}
