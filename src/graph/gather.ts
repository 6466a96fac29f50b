/**
 * Isolated nodes — a message nobody sends or receives, a service with no flow — have no edge to hold
 * them, so the repulsion scatters them over the whole view and the camera's framing with them. This
 * gathers them on a small cap at the edge of their own domain's cluster, on the side facing away from
 * the graph's centre, spaced so they do not touch. Pure; run after every layout step that is shown
 * (the build's layout and the page's refinement).
 */
import { topDomain, type LayoutGraph } from './layout.ts';

/** Distance between two gathered nodes (world units; a node's radius is 2.6–8). */
const SPACING = 9;

/** Nodes with no flow edge (sends, receives, on); domains are never isolated. */
export function isolatedNodes(graph: LayoutGraph): number[] {
  const linked = new Uint8Array(graph.nodes.length);
  for (const l of graph.links) if (l.kind !== 'contains') linked[l.source] = linked[l.target] = 1;
  return graph.nodes.flatMap((node, i) => (linked[i] || node.kind === 'domain' ? [] : [i]));
}

/** Moves the isolated nodes of `positions` (x, y, z per node; changed in place) to their domain's edge. */
export function gatherIsolated(graph: LayoutGraph, positions: Float32Array, isolated = isolatedNodes(graph)): Float32Array {
  if (!isolated.length) return positions;
  const lonely = new Set(isolated);
  const groups = new Map<number, { members: number[]; isolated: number[] }>();
  const group = (d: number) => {
    let g = groups.get(d);
    if (!g) groups.set(d, (g = { members: [], isolated: [] }));
    return g;
  };
  graph.nodes.forEach((_, i) => {
    const g = group(topDomain(graph, i));
    (lonely.has(i) ? g.isolated : g.members).push(i);
  });
  const all = graph.nodes.flatMap((_, i) => (lonely.has(i) ? [] : [i]));
  const centre = centroid(positions, all.length ? all : isolated);
  for (const [, g] of groups) {
    if (!g.isolated.length) continue;
    const members = g.members.length ? g.members : all;
    const c = members.length ? centroid(positions, members) : centre;
    // The cluster's radius: the 90th percentile of its members' distances (outliers ignored).
    const d = members.map((i) => dist(positions, i, c)).sort((a, b) => a - b);
    const radius = (d[Math.floor(d.length * 0.9)] ?? 0) + SPACING;
    let u = [c[0] - centre[0], c[1] - centre[1], c[2] - centre[2]];
    if (Math.hypot(u[0], u[1], u[2]) < 1e-3 || g.members.length === 0) u = [0, -1, 0];
    u = normalise(u);
    const v = normalise(Math.abs(u[1]) < 0.9 ? cross(u, [0, 1, 0]) : cross(u, [1, 0, 0]));
    const w = cross(u, v);
    // A Fibonacci spiral on the cap around u: the k-th node at arc length SPACING·√k from its centre.
    g.isolated.forEach((i, k) => {
      const theta = Math.min(Math.PI / 2, (SPACING * Math.sqrt(k)) / radius);
      const phi = k * Math.PI * (3 - Math.sqrt(5));
      const a = Math.cos(theta), b = Math.sin(theta) * Math.cos(phi), e = Math.sin(theta) * Math.sin(phi);
      for (let x = 0; x < 3; x++) positions[i * 3 + x] = c[x] + radius * (a * u[x] + b * v[x] + e * w[x]);
    });
  }
  return positions;
}

function centroid(p: ArrayLike<number>, nodes: readonly number[]): number[] {
  const c = [0, 0, 0];
  for (const i of nodes) for (let x = 0; x < 3; x++) c[x] += p[i * 3 + x] / nodes.length;
  return c;
}

function dist(p: ArrayLike<number>, i: number, c: readonly number[]): number {
  return Math.hypot(p[i * 3] - c[0], p[i * 3 + 1] - c[1], p[i * 3 + 2] - c[2]);
}

function normalise(a: number[]): number[] {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return a.map((x) => x / l);
}

function cross(a: readonly number[], b: readonly number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
