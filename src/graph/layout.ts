/**
 * The graph's force layout in 3D (d3-force-3d), deterministic for a seed: the build runs it to
 * convergence so the page opens laid out, and the page's Web Worker runs the same forces to refine it.
 * No DOM and no Node APIs: it runs at build time and in the worker.
 */
import { forceCenter, forceLink, forceSimulation, type SimulationNode } from 'd3-force-3d';
import { forceRepulsion } from './repulsion.ts';
import { gatherIsolated, isolatedNodes } from './gather.ts';
import type { GraphLinkKind, GraphNodeKind } from './data.ts';

/** What the layout needs of a graph (the worker gets only this). */
export interface LayoutGraph {
  readonly nodes: readonly { readonly kind: GraphNodeKind; readonly domain: number }[];
  readonly links: readonly { readonly source: number; readonly target: number; readonly kind: GraphLinkKind }[];
}

export interface LayoutOptions {
  seed?: number;
  /** Start positions (x, y, z per node); seeded clusters by domain when absent. */
  positions?: ArrayLike<number>;
  /** Starting temperature: 1 from scratch, lower to refine a layout. */
  alpha?: number;
  /** Ticks from alpha 1 down to convergence (alpha 0.001); fewer for larger graphs by default. */
  ticks?: number;
}

export interface Layout {
  /** Advances up to `n` ticks; true once converged. */
  tick(n?: number): boolean;
  readonly alpha: number;
  readonly ticks: number;
  /** Writes x, y, z per node into `out` (allocated when absent), isolated nodes gathered at their domain's edge. */
  positions(out?: Float32Array): Float32Array;
}

const ALPHA_MIN = 0.001;
const DISTANCE: Record<GraphLinkKind, number> = { sends: 26, receives: 26, on: 16, contains: 40, writes: 22, reads: 22 };
const STRENGTH: Partial<Record<GraphNodeKind, number>> = { domain: -120, service: -60, system: -90 };

/** A seedable PRNG (mulberry32): floats in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates a simulation; tick it yourself (it never starts a timer). */
export function createLayout(graph: LayoutGraph, options: LayoutOptions = {}): Layout {
  const random = seeded(options.seed ?? 1);
  const nodes: SimulationNode[] = graph.nodes.map(() => ({}));
  const start = options.positions ?? clusteredStart(graph, random);
  nodes.forEach((node, i) => ((node.x = start[i * 3]), (node.y = start[i * 3 + 1]), (node.z = start[i * 3 + 2])));
  const links = graph.links.map((l) => ({ source: l.source, target: l.target, kind: l.kind }));
  const ticks = options.ticks ?? defaultTicks(graph.nodes.length);
  let count = 0;
  const isolated = isolatedNodes(graph);
  const sim = forceSimulation(nodes, 3)
    .stop()
    .randomSource(random)
    .alpha(options.alpha ?? 1)
    .alphaMin(ALPHA_MIN)
    .alphaDecay(1 - Math.pow(ALPHA_MIN, 1 / ticks))
    .velocityDecay(0.45)
    .force(
      'link',
      forceLink(links)
        .distance((l: { kind: GraphLinkKind }) => DISTANCE[l.kind])
        .strength((l: { kind: GraphLinkKind; source: SimulationNode; target: SimulationNode }) => (l.kind === 'contains' ? 0.25 : 0.7)),
    )
    .force(
      'charge',
      forceRepulsion({ strength: (i) => STRENGTH[graph.nodes[i].kind] ?? -30, theta: 1.2, distanceMax: 400 }),
    )
    .force('center', forceCenter(0, 0, 0));
  return {
    tick(n = 1) {
      for (let i = 0; i < n && sim.alpha() >= ALPHA_MIN; i++) (sim.tick(), count++);
      return sim.alpha() < ALPHA_MIN;
    },
    get alpha() {
      return sim.alpha();
    },
    get ticks() {
      return count;
    },
    positions(out = new Float32Array(nodes.length * 3)) {
      nodes.forEach((node, i) => ((out[i * 3] = node.x ?? 0), (out[i * 3 + 1] = node.y ?? 0), (out[i * 3 + 2] = node.z ?? 0)));
      return gatherIsolated(graph, out, isolated);
    },
  };
}

/** 300 ticks (d3's default) for small graphs, down to 150 for thousands of nodes, where one costs ~10 ms. */
export function defaultTicks(nodes: number): number {
  return nodes <= 1000 ? 300 : nodes <= 3000 ? 200 : 150;
}

/** Runs a layout to convergence (or `maxTicks`); the same graph and seed give the same positions. */
export function layoutGraph(graph: LayoutGraph, options: LayoutOptions & { maxTicks?: number } = {}): { positions: Float32Array; ticks: number; converged: boolean } {
  const layout = createLayout(graph, options);
  const converged = layout.tick(options.maxTicks ?? Infinity);
  return { positions: layout.positions(), ticks: layout.ticks, converged };
}

/**
 * Start positions: top-level domains spread on a sphere, each node near its domain's anchor, so
 * domains start apart and the simulation only has to settle them.
 */
function clusteredStart(graph: LayoutGraph, random: () => number): Float32Array {
  const n = graph.nodes.length;
  const top = graph.nodes.map((_, i) => topDomain(graph, i));
  const roots = [...new Set(top.filter((t) => t !== -1))];
  const radius = 12 * Math.cbrt(n + 1);
  const anchor = new Map<number, [number, number, number]>();
  roots.forEach((root, k) => {
    // Fibonacci sphere: even spread for any number of domains.
    const y = roots.length === 1 ? 0 : 1 - (2 * (k + 0.5)) / roots.length;
    const r = Math.sqrt(1 - y * y);
    const phi = k * Math.PI * (3 - Math.sqrt(5));
    anchor.set(root, [radius * r * Math.cos(phi), radius * y, radius * r * Math.sin(phi)]);
  });
  const spread = radius / Math.max(1, Math.cbrt(roots.length)) ;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const [ax, ay, az] = anchor.get(top[i]) ?? [0, 0, 0];
    out[i * 3] = ax + (random() - 0.5) * spread;
    out[i * 3 + 1] = ay + (random() - 0.5) * spread;
    out[i * 3 + 2] = az + (random() - 0.5) * spread;
  }
  return out;
}

/** The outermost domain a node belongs to (itself for a top-level domain), or -1. */
export function topDomain(graph: LayoutGraph, i: number): number {
  let d = graph.nodes[i].kind === 'domain' ? i : graph.nodes[i].domain;
  for (let guard = 0; d !== -1 && graph.nodes[d].domain !== -1 && guard < 32; guard++) d = graph.nodes[d].domain;
  return d;
}
