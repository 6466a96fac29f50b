/**
 * The 3D scene of the graph (three.js): the nodes (node-layers.ts: a merged mesh per kind, or sprites
 * for large graphs), domain hulls as faint outlines (hull-outlines.ts), the flow edges and their
 * particles, and the aggregated edges of semantic zoom (flow-layer.ts). Draw calls do not grow with the
 * node count: at most one per node batch, one for the hulls and two per edge layer.
 */
import { AmbientLight, Color, DirectionalLight, PerspectiveCamera, Ray, Scene, Sphere, Vector3 } from 'three';
import { KIND_ENCODING, nodeRadius } from '../encoding.ts';
import type { PositionedGraph } from '../wire.ts';
import type { GraphLink } from '../data.ts';
import type { Highlight } from '../view-state.ts';
import type { Aggregation } from '../semantic-zoom.ts';
import { nodeLayer, SPRITE_NODES, type NodeLayer } from './node-layers.ts';
import { FlowLayer } from './flow-layer.ts';
import { HullOutlines } from './hull-outlines.ts';

/** Past this many open domains with members shown, no hull is drawn (they would cover the view). */
const MAX_HULLS = 24;
const LIT = '#f97316';

/** A drawn domain hull: its domain node and sphere. */
export interface Hull {
  readonly domain: number;
  readonly sphere: Sphere;
}

export class GraphScene {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(50, 1, 0.5, 20000);
  private readonly nodes: NodeLayer;
  private readonly hullLayer: HullOutlines;
  private readonly domains: number[];
  private readonly flow: FlowLayer;
  private readonly flowLinks: readonly GraphLink[];
  private readonly aggregated: FlowLayer;
  /** The layout's positions, and those drawn (a closed domain drawn at its members' centroid). */
  private layout: Float32Array;
  private positions: Float32Array;
  private shown: Uint8Array;
  /** Drawn radius of each node (0: hidden). */
  private radius: Float32Array;
  private h: Highlight;
  private agg?: Aggregation;
  /** Every node's radius is multiplied by this (so the smallest stays a few pixels wide when framed from afar). */
  private nodeScale = 1;
  private scaled: Float32Array;
  private background = new Color('#ffffff');
  private hulls: Hull[] = [];

  readonly graph: PositionedGraph;

  constructor(graph: PositionedGraph) {
    this.graph = graph;
    this.layout = this.positions = graph.positions;
    const n = graph.nodes.length;
    this.shown = new Uint8Array(n).fill(1);
    this.radius = Float32Array.from(graph.nodes, (node) => nodeRadius(node.kind, node.degree));
    this.scaled = this.radius.slice();
    this.h = { visible: this.shown, lit: null };
    this.scene.add(new AmbientLight(0xffffff, 1.6));
    const light = new DirectionalLight(0xffffff, 1.8);
    light.position.set(0.4, 1, 0.6);
    this.camera.add(light);
    this.scene.add(this.camera);

    this.nodes = nodeLayer(graph);
    this.scene.add(...this.nodes.objects);
    this.domains = graph.nodes.flatMap((node, i) => (node.kind === 'domain' ? [i] : []));
    this.hullLayer = new HullOutlines(Math.min(MAX_HULLS, this.domains.length) || 1, KIND_ENCODING.domain.color);
    this.scene.add(this.hullLayer.mesh);
    this.flowLinks = graph.links.filter((l) => l.kind !== 'contains');
    this.flow = new FlowLayer(this.flowLinks);
    this.aggregated = new FlowLayer([]);
    this.scene.add(this.flow.edges, this.flow.particles, this.aggregated.edges, this.aggregated.particles);
    this.setPositions(this.positions);
  }

  /** The nearest shown node a ray passes through (its bounding sphere), or -1. */
  pick(ray: Ray): number {
    let best = -1, bestT = Infinity;
    const o = ray.origin, d = ray.direction, p = this.positions;
    for (let i = 0; i < this.graph.nodes.length; i++) {
      if (!this.shown[i]) continue;
      const x = p[i * 3] - o.x, y = p[i * 3 + 1] - o.y, z = p[i * 3 + 2] - o.z;
      const t = x * d.x + y * d.y + z * d.z;
      const r = this.scaled[i] * 1.1;
      if (t > 0 && t < bestT && x * x + y * y + z * z - t * t < r * r) (best = i), (bestT = t);
    }
    return best;
  }

  position(i: number, out = new Vector3()): Vector3 {
    return out.set(this.positions[i * 3], this.positions[i * 3 + 1], this.positions[i * 3 + 2]);
  }

  /** Whether node `i` is drawn (shown by the filters and not folded into a closed domain). */
  isShown(i: number): boolean {
    return this.shown[i] === 1;
  }

  /** Drawn radius of node `i` (world units). */
  radiusOf(i: number): number {
    return this.scaled[i];
  }

  /** The smallest drawn node's radius before scaling (world units), closed domains aside. */
  smallestRadius(): number {
    let min = Infinity;
    for (let i = 0; i < this.radius.length; i++) if (this.radius[i] > 0 && this.radius[i] < min && !this.agg?.size.has(i)) min = this.radius[i];
    return min === Infinity ? nodeRadius('event', 0) : min;
  }

  /** Scales every node (1: the sizes of nodeRadius). */
  setNodeScale(scale: number, closedDomainScale = scale): void {
    if (Math.abs(scale - this.nodeScale) < 0.01 && Math.abs(closedDomainScale - this.domainScale) < 0.01) return;
    this.nodeScale = scale;
    this.domainScale = closedDomainScale;
    this.nodes.place(this.positions, this.scaleRadii());
  }

  private domainScale = 1;

  private scaleRadii(): Float32Array {
    for (let i = 0; i < this.radius.length; i++) this.scaled[i] = this.radius[i] * (this.agg?.size.has(i) ? this.domainScale : this.nodeScale);
    return this.scaled;
  }

  /** The radius of the smallest closed domain drawn, or 0 (semantic zoom). */
  smallestClosedDomain(): number {
    let min = Infinity;
    for (const d of this.agg?.size.keys() ?? []) if (this.shown[d] && this.radius[d] < min) min = this.radius[d];
    return min === Infinity ? 0 : min;
  }

  /** The domain hulls drawn now. */
  drawnHulls(): readonly Hull[] {
    return this.hulls;
  }

  /** The aggregated edges drawn now (semantic zoom), with their counts. */
  aggregateEdges(): readonly { source: number; target: number; count: number }[] {
    return this.agg?.edges ?? [];
  }

  /** The sphere around the given nodes (all when absent); `share` < 1 leaves out the farthest outliers. */
  bounds(nodes?: Iterable<number>, share = 1): Sphere {
    const points: Vector3[] = [];
    for (const i of nodes ?? this.graph.nodes.keys()) points.push(this.position(i));
    const sphere = new Sphere().setFromPoints(points.length ? points : [new Vector3()]);
    if (share < 1 && points.length > 4) {
      const d = points.map((p) => p.distanceTo(sphere.center)).sort((a, b) => a - b);
      sphere.radius = d[Math.min(d.length - 1, Math.floor(d.length * share))];
    }
    return sphere;
  }

  setParticleTime(seconds: number): void {
    this.flow.setTime(seconds);
    this.aggregated.setTime(seconds);
  }

  set particlesOn(on: boolean) {
    this.flow.visible = on;
    this.aggregated.visible = on;
  }

  /** The drawing buffer's height in pixels and its pixel ratio (sprite and particle sizes follow them). */
  setViewport(heightPx: number, pixelRatio = 1): void {
    this.nodes.setViewport(heightPx, this.camera.fov);
    const rim = this.rim();
    // Thousands of particles at full size would cost software rendering most of a frame's fill.
    this.flow.setStyle((this.graph.nodes.length > SPRITE_NODES ? 4 : 6) * pixelRatio, rim);
    // The aggregated edges' particles: smaller, without a dark rim, so they do not read as nodes.
    this.aggregated.setStyle(4 * pixelRatio, new Color(KIND_ENCODING.domain.color));
  }

  setBackground(css: string): void {
    this.background = new Color(css);
    this.hullLayer.setOpacity(this.isDark() ? 0.7 : 0.5);
  }

  /** Moves every node, hull, edge and particle to new positions (x, y, z per node). */
  setPositions(layout: Float32Array): void {
    this.layout = layout;
    const positions = (this.positions = this.agg?.size.size ? layout.slice() : layout);
    if (this.agg?.size.size) {
      const sum = new Map<number, number[]>();
      this.agg.rep.forEach((d, i) => {
        if (d === i) return;
        const s = sum.get(d) ?? [0, 0, 0];
        for (let x = 0; x < 3; x++) s[x] += layout[i * 3 + x] / (this.agg?.size.get(d) ?? 1);
        sum.set(d, s);
      });
      for (const [d, c] of sum) positions.set(c, d * 3);
    }
    this.nodes.place(positions, this.scaleRadii());
    this.placeHulls();
    this.flow.place(positions, this.shown);
    this.aggregated.place(positions, this.shown);
  }

  /** Shows, lights and dims nodes, edges and particles; with an aggregation, closed domains stand for their members. */
  apply(h: Highlight, agg?: Aggregation): void {
    this.h = h;
    this.agg = agg;
    const n = this.graph.nodes.length;
    this.shown = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const node = this.graph.nodes[i];
      this.shown[i] = h.visible[i] && (!agg || agg.rep[i] === i) ? 1 : 0;
      const folded = agg?.size.get(i) ?? 0;
      this.radius[i] = !this.shown[i] ? 0 : folded ? nodeRadius('domain', 0) * (1 + 0.12 * Math.sqrt(folded)) : nodeRadius(node.kind, node.degree);
    }
    const base = new Color(), dim = new Color();
    this.graph.nodes.forEach((node, i) => {
      base.set(KIND_ENCODING[node.kind].color);
      dim.copy(base).lerp(this.background, 0.82);
      this.nodes.paint(i, h.lit && !h.lit[i] ? dim : base);
    });
    this.nodes.flush();
    const edgeNormal = new Color(this.isDark() ? '#64748b' : '#94a3b8'), edgeLit = new Color(LIT), edgeDim = edgeNormal.clone().lerp(this.background, 0.85);
    const c = new Color();
    for (let k = 0; k < this.flow.count; k++) {
      const l = this.flowLinks[k];
      const lit = !h.lit || (h.lit[l.source] && h.lit[l.target]);
      const message = this.graph.nodes[l.kind === 'sends' ? l.target : l.source];
      c.set(h.lit && lit ? LIT : KIND_ENCODING[message.kind].color);
      this.flow.paint(k, h.lit ? (lit ? edgeLit : edgeDim) : edgeNormal, c, !!(this.shown[l.source] && this.shown[l.target] && lit));
    }
    this.flow.flush();
    const edges = agg?.edges ?? [];
    this.aggregated.setLinks(edges.map((e) => ({ source: e.source, target: e.target, particles: Math.min(6, 1 + Math.floor(Math.log2(e.count))), weight: 1 + Math.min(1, Math.log10(e.count) / 2) })));
    const aggColor = new Color('#c4b5fd');
    // An aggregated edge is as strong as the share of messages it carries: a single message is faint.
    const most = Math.max(2, ...edges.map((e) => e.count));
    edges.forEach((e, k) => {
      const lit = !h.lit || (h.lit[e.source] && h.lit[e.target]);
      const strength = 0.2 + 0.8 * (Math.log(e.count) / Math.log(most));
      c.copy(edgeNormal).lerp(this.background, 1 - strength);
      this.aggregated.paint(k, h.lit && !lit ? edgeDim : c, aggColor, !!(this.shown[e.source] && this.shown[e.target] && lit));
    });
    this.aggregated.flush();
    this.setPositions(this.layout);
  }

  private isDark(): boolean {
    return this.background.getHSL({ h: 0, s: 0, l: 0 }).l < 0.5;
  }

  private rim(): Color {
    return new Color(this.isDark() ? '#f8fafc' : '#1e293b');
  }

  /** A hull for each domain whose members are drawn (its shown members and itself), unless there are too many. */
  private placeHulls(): void {
    const members = new Map<number, number[]>();
    this.graph.nodes.forEach((node, i) => {
      if (!this.shown[i]) return;
      for (let d = node.domain, guard = 0; d !== -1 && guard < 32; d = this.graph.nodes[d].domain, guard++) {
        let list = members.get(d);
        if (!list) members.set(d, (list = []));
        list.push(i);
      }
    });
    const drawn = this.domains.filter((d) => this.shown[d] && members.get(d)?.length);
    // The hull holds the members, not the domain's own node (the layout's repulsion pushes it outwards);
    // the farthest tenth of the members is left out, so one outlier does not blow the hull up.
    this.hulls = drawn.length <= MAX_HULLS ? drawn.map((d) => {
      const sphere = this.bounds(members.get(d) ?? [], 0.9);
      sphere.radius += 8;
      return { domain: d, sphere };
    }) : [];
    for (let k = 0; k < Math.min(MAX_HULLS, this.domains.length); k++) this.hullLayer.set(k, this.hulls[k]?.sphere ?? null);
  }

  dispose(): void {
    this.flow.dispose();
    this.aggregated.dispose();
    this.scene.traverse((o) => {
      const x = o as { geometry?: { dispose(): void }; material?: { dispose(): void } };
      x.geometry?.dispose();
      x.material?.dispose();
    });
  }
}
