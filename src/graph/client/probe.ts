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

/** A label drawn over the graph, in page coordinates. */
export interface ProbeLabel {
  text: string;
  kind: 'node' | 'domain' | 'count';
  /** The node it names (a domain name names its domain), or null (an aggregated edge's count). */
  node: string | null;
  left: number;
  top: number;
  right: number;
  bottom: number;
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
  /** The labels drawn now (3D only). */
  labels?(): ProbeLabel[];
  /** The canvas's current pixel ratio (large graphs lower it when frames are slow; 3D only). */
  pixelRatio?(): number;
  /** Domains drawn closed, standing for their members (semantic zoom; 3D only). */
  closedDomains?(): string[];
  /** No camera flight and no layout refinement under way (3D only). */
  settled?(): boolean;
}

declare global {
  interface Window {
    __waybillGraph?: GraphViewProbe & { state(): ViewState };
  }
}
