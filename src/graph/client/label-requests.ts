/**
 * What the 3D view asks to label, in order of importance: the focused node, the lit nodes, the names of
 * the domains over their hulls, the other nodes (already ordered by the view: by degree, or by members
 * for closed domains), then the counts on aggregated edges — each projected to canvas pixels, with the
 * node's radius on screen as the gap to keep. label-layout.ts decides which fit.
 */
import { Vector3 } from 'three';
import type { GraphScene } from './scene.ts';
import type { LabelRequest } from './label-layer.ts';

export interface LabelInput {
  scene: GraphScene;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /** Drawn nodes in label priority order (focused, lit, then the rest). */
  order: readonly number[];
  lit: Uint8Array | null;
  /** The focused node, or -1. */
  focus: number;
  /** Closed domains and how many nodes each stands for (semantic zoom). */
  folded?: ReadonlyMap<number, number>;
  /** Most node candidates. */
  max: number;
}

export function labelRequests({ scene, width: w, height: h, order, lit, focus, folded, max }: LabelInput): LabelRequest[] {
  const camera = scene.camera;
  const graph = scene.graph;
  const v = new Vector3(), up = new Vector3().setFromMatrixColumn(camera.matrixWorld, 1);
  const toScreen = (p: Vector3): [number, number] | null => {
    p.project(camera);
    return p.z > 1 || Math.abs(p.x) > 1 || Math.abs(p.y) > 1 ? null : [((p.x + 1) / 2) * w, ((1 - p.y) / 2) * h];
  };
  const pxPerUnit = (p: Vector3) => h / (2 * Math.tan((camera.fov * Math.PI) / 360) * Math.max(1, p.distanceTo(camera.position)));
  const requests: LabelRequest[] = [];
  const hulls = scene.drawnHulls();
  const titled = new Set(hulls.map((hull) => hull.domain));
  const nodeRequest = (i: number) => {
    if (titled.has(i)) return;
    scene.position(i, v);
    const gap = scene.radiusOf(i) * pxPerUnit(v);
    const at = toScreen(v);
    if (!at) return;
    const members = folded?.get(i);
    const name = graph.nodes[i].name;
    requests.push({ text: members ? `${name} (${members})` : name, kind: 'node', x: at[0], y: at[1], gap, node: i, dim: !!lit && !lit[i] });
  };
  let k = 0;
  for (; k < order.length && requests.length < max; k++) {
    const i = order[k];
    if (lit && !lit[i] && i !== focus) break;
    nodeRequest(i);
  }
  for (const hull of hulls) {
    v.copy(hull.sphere.center).addScaledVector(up, hull.sphere.radius);
    const at = toScreen(v);
    if (at) requests.push({ text: graph.nodes[hull.domain].name, kind: 'domain', x: at[0], y: at[1] + 12, gap: 0, node: hull.domain });
  }
  for (; k < order.length && requests.length < max; k++) nodeRequest(order[k]);
  for (const e of scene.aggregateEdges()) {
    if (!scene.isShown(e.source) || !scene.isShown(e.target)) continue;
    if (lit && !(lit[e.source] && lit[e.target])) continue;
    const at = toScreen(scene.position(e.source, v).lerp(scene.position(e.target), 0.5));
    if (at) requests.push({ text: String(e.count), kind: 'count', x: at[0], y: at[1], gap: 0, node: -1 });
  }
  return requests;
}
