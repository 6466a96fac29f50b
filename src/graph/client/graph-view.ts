/**
 * The 3D view of a graph in a container: renderer, orbit/zoom/pan, hover tooltip, click to focus,
 * framing (the camera flies to fit what is lit or shown after every change of state), labels placed
 * without overlap, particles that can be paused (off under prefers-reduced-motion), semantic zoom for
 * large graphs (semantic-zoom.ts: domains first, opened by a click, by zooming in or by a trace), and
 * the layout refined by a Web Worker. Used by /graph/ and by the compact views on domain and service
 * pages (with a subset of the nodes).
 */
import { Raycaster, Vector2, Vector3, WebGLRenderer } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { GraphScene } from './scene.ts';
import { SPRITE_NODES } from './node-layers.ts';
import { applyInsets, fitCamera, NO_INSETS, type Insets } from './camera-fit.ts';
import { LabelLayer } from './label-layer.ts';
import { labelRequests } from './label-requests.ts';
import { adjacency, type Adjacency } from '../traverse.ts';
import { highlight, indexOf, type Highlight, type ViewState } from '../view-state.ts';
import { aggregate, aggregates, openDomains, topDomains, type Aggregation } from '../semantic-zoom.ts';
import type { PositionedGraph } from '../wire.ts';
import type { LayoutRequest, LayoutUpdate } from './layout-worker.ts';
import type { GraphViewProbe, ProbeLabel } from './probe.ts';

export interface GraphViewOptions {
  /** Only these nodes are shown (a compact view). */
  subset?: ReadonlySet<number>;
  /** Called when a click focuses a node (-1: clicked on nothing). */
  onSelect?: (node: number) => void;
  /** Called when the reader zooms into a closed domain (semantic zoom). */
  onOpen?: (domain: number) => void;
  reducedMotion?: boolean;
  /** Refine the build-time layout in a Web Worker (default true). */
  refine?: boolean;
}

/** Most labels drawn at once. */
const LABELS = 70;
/** Label candidates considered (in priority order) per placement. */
const CANDIDATES = 400;
const DEFAULT_DIRECTION = new Vector3(0.3, 0.35, 1).normalize();
const FLY_MS = 750;
/** The smallest node's diameter on screen when framed (pixels), reached by scaling nodes up to MAX_NODE_SCALE times. */
const MIN_NODE_PX = 9;
const MAX_NODE_SCALE = 3;
/** The same for the closed domains of semantic zoom's opening view. */
const MIN_DOMAIN_PX = 22;
/** Dynamic resolution (large graphs): frames looked at, and the median frame time that lowers the resolution. */
const RESOLUTION_WINDOW = 40;
const RESOLUTION_BUDGET_MS = 45;

export class GraphView {
  readonly adj: Adjacency;
  readonly scene: GraphScene;
  private readonly renderer: WebGLRenderer;
  private readonly controls: OrbitControls;
  private readonly raycaster = new Raycaster();
  private readonly tooltip: HTMLElement;
  private readonly labels = new LabelLayer();
  private state: ViewState = {};
  private h: Highlight;
  private agg?: Aggregation;
  private readonly top?: Int32Array;
  /** Radius of each top-level domain's cluster (semantic zoom opens one zoomed into). */
  private clusterRadius = new Map<number, number>();
  /** Nodes to label, in priority order. */
  private labelOrder: number[] = [];
  private insets: Insets = NO_INSETS;
  private playing: boolean;
  private time = 0;
  private last = 0;
  private frameCount = 0;
  private dirty = true;
  private labelsDirty = true;
  private fly?: { from: Vector3; to: Vector3; camFrom: Vector3; camTo: Vector3; start: number };
  /** The nodes last fitted, refitted when the layout moves unless the reader has moved the camera since. */
  private fitted?: number[];
  private userMoved = false;
  private userMoving = false;
  private worker?: Worker;
  private stopped = false;
  private baseRatio = 1;
  private frameTimes: number[] = [];

  readonly container: HTMLElement;
  readonly graph: PositionedGraph;
  private readonly options: GraphViewOptions;

  constructor(container: HTMLElement, graph: PositionedGraph, options: GraphViewOptions = {}) {
    this.container = container;
    this.graph = graph;
    this.options = options;
    this.adj = adjacency(graph);
    this.scene = new GraphScene(graph);
    if (aggregates(graph) && !options.subset) this.top = topDomains(graph);
    // An opaque canvas: software compositing of a translucent one costs every frame.
    this.renderer = new WebGLRenderer({ antialias: false, alpha: false, powerPreference: 'high-performance' });
    this.baseRatio = Math.min(window.devicePixelRatio || 1, 2);
    this.renderer.setPixelRatio(this.baseRatio);
    const canvas = this.renderer.domElement;
    canvas.className = 'graph-canvas';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Event-flow graph: drag to orbit, scroll to zoom, right-drag to pan, F to fit; the list of nodes and links follows.');
    container.prepend(canvas);
    this.tooltip = el('div', 'graph-tooltip');
    this.tooltip.hidden = true;
    container.append(this.labels.element, this.tooltip);
    this.controls = new OrbitControls(this.scene.camera, canvas);
    this.controls.enableDamping = !options.reducedMotion;
    this.controls.addEventListener('change', () => {
      this.dirty = this.labelsDirty = true;
      if (this.userMoving) this.userMoved = true;
    });
    this.controls.addEventListener('start', () => ((this.userMoving = this.userMoved = true), (this.fly = undefined)));
    this.controls.addEventListener('end', () => (this.userMoving = false));
    // After a zoom (the wheel's last step, once the camera has moved): rescale nodes and, zooming in, open a domain.
    let zoomTimer: ReturnType<typeof setTimeout> | undefined;
    let zoomedIn = false;
    canvas.addEventListener('wheel', (e) => {
      zoomedIn ||= e.deltaY < 0;
      clearTimeout(zoomTimer);
      zoomTimer = setTimeout(() => {
        this.scaleNodes(this.scene.camera.position.distanceTo(this.controls.target));
        if (zoomedIn) this.openZoomedDomain();
        zoomedIn = false;
      }, 250);
    }, { passive: true });
    this.playing = !options.reducedMotion;
    this.scene.particlesOn = !options.reducedMotion;
    this.syncTheme();
    this.h = highlight(graph, this.adj, this.state, options.subset);
    this.measureClusters();
    this.show();
    this.resize();
    this.fit(undefined, false);
    new ResizeObserver(() => this.resize()).observe(container);
    window.addEventListener('waybill:theme', () => (this.syncTheme(), this.show(), (this.dirty = true)));
    this.listen(canvas);
    if (options.refine !== false) this.refine();
    requestAnimationFrame((t) => this.loop(t));
  }

  /** Whether this view opens large graphs as domains. */
  get aggregated(): boolean {
    return !!this.top;
  }

  /** Whether node `i` is a closed domain standing for its members. */
  isClosedDomain(i: number): boolean {
    return !!this.agg?.size.get(i);
  }

  /** Shows a state (filters, focus, trace, open domains) and flies to fit it — or to `fitTo` when given, or not at all with `false`. */
  setState(state: ViewState, fitTo?: Iterable<number> | false): void {
    this.state = state;
    this.h = highlight(this.graph, this.adj, state, this.options.subset);
    this.show();
    if (fitTo !== false) this.fit(fitTo);
  }

  get paused(): boolean {
    return !this.playing;
  }

  /** Pauses or resumes the particles. */
  setPaused(paused: boolean): void {
    this.playing = !paused && !this.options.reducedMotion;
    this.dirty = true;
  }

  /** Pixels of the canvas covered by overlays; framing keeps what it fits out from under them. */
  setInsets(insets: Insets): void {
    this.insets = insets;
    this.resize();
  }

  /**
   * Flies to fit `nodes` — by default what is lit and drawn, else everything drawn — keeping the
   * current direction of view (animated unless reduced motion is asked for, or `animate` is false).
   */
  fit(nodes?: Iterable<number>, animate = true): void {
    const list = nodes ? [...nodes].filter((i) => this.scene.isShown(i)) : this.fitSet();
    this.fitted = list;
    this.userMoved = false;
    const w = this.container.clientWidth || 800, h = this.container.clientHeight || 600;
    const points = list.map((i): [number, number, number, number] => {
      const p = this.scene.position(i);
      return [p.x, p.y, p.z, this.scene.radiusOf(i)];
    });
    const camera = this.scene.camera;
    const direction = camera.position.clone().sub(this.controls.target);
    const f = fitCamera(camera, points, w, h, this.insets, direction.lengthSq() > 1e-6 ? direction : DEFAULT_DIRECTION);
    const sphere = this.scene.bounds();
    camera.far = f.distance + sphere.radius * 4 + 2000;
    camera.near = Math.max(0.5, f.distance / 1000);
    camera.updateProjectionMatrix();
    this.scaleNodes(f.distance);
    if (!animate || this.options.reducedMotion) {
      this.fly = undefined;
      this.controls.target.copy(f.target);
      camera.position.copy(f.position);
      this.controls.update();
    } else {
      this.fly = { from: this.controls.target.clone(), to: f.target, camFrom: camera.position.clone(), camTo: f.position, start: performance.now() };
    }
    this.dirty = this.labelsDirty = true;
  }

  probe(): GraphViewProbe {
    return {
      renderer: 'webgl',
      ready: true,
      frames: () => this.frameCount,
      drawCalls: () => this.renderer.info.render.calls,
      nodes: () => {
        const rect = this.renderer.domElement.getBoundingClientRect();
        const v = new Vector3();
        return this.graph.nodes.map((node, i) => {
          this.scene.position(i, v).project(this.scene.camera);
          return {
            id: node.id,
            x: rect.left + ((v.x + 1) / 2) * rect.width,
            y: rect.top + ((1 - v.y) / 2) * rect.height,
            visible: this.scene.isShown(i),
            onScreen: Math.abs(v.x) < 1 && Math.abs(v.y) < 1 && v.z < 1,
            lit: this.h.lit ? this.h.lit[i] === 1 : null,
          };
        });
      },
      pick: (x, y) => {
        const i = this.pickAt(x, y);
        return i === -1 ? null : this.graph.nodes[i].id;
      },
      labels: () => {
        const rect = this.renderer.domElement.getBoundingClientRect();
        return this.labels.labels().map((l): ProbeLabel => ({
          text: l.text,
          kind: l.kind,
          node: l.node === -1 ? null : this.graph.nodes[l.node].id,
          left: rect.left + l.left, top: rect.top + l.top, right: rect.left + l.right, bottom: rect.top + l.bottom,
        }));
      },
      pixelRatio: () => this.renderer.getPixelRatio(),
      closedDomains: () => [...(this.agg?.size.keys() ?? [])].map((i) => this.graph.nodes[i].id),
      settled: () => !this.fly && !this.worker,
    };
  }

  destroy(): void {
    this.stopped = true;
    this.worker?.terminate();
    this.controls.dispose();
    this.scene.dispose();
    this.renderer.dispose();
  }

  /** Scales nodes up when seen from `distance` the smallest would be under MIN_NODE_PX across (never down). */
  private scaleNodes(distance: number): void {
    const h = this.container.clientHeight || 600;
    const pxPerUnit = h / (2 * Math.tan((this.scene.camera.fov * Math.PI) / 360) * Math.max(1, distance));
    const scale = (px: number, radius: number, most: number) => (radius ? Math.min(most, Math.max(1, px / (2 * radius * pxPerUnit))) : 1);
    this.scene.setNodeScale(scale(MIN_NODE_PX, this.scene.smallestRadius(), MAX_NODE_SCALE), scale(MIN_DOMAIN_PX, this.scene.smallestClosedDomain(), 8));
    this.dirty = this.labelsDirty = true;
  }

  /** What is lit and drawn; else the open domains' nodes when some are closed (semantic zoom); else everything drawn. */
  private fitSet(): number[] {
    const n = this.graph.nodes.length;
    const pick = (test: (i: number) => boolean) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) if (this.scene.isShown(i) && test(i)) out.push(i);
      return out;
    };
    const lit = this.h.lit ? pick((i) => this.h.lit?.[i] === 1) : [];
    if (lit.length) return lit;
    const open = this.agg?.size.size ? pick((i) => !this.agg?.size.has(i)) : [];
    return open.length ? open : pick(() => true);
  }

  /** Applies the highlight and, for a large graph, which domains are open; orders the labels. */
  private show(): void {
    this.agg = this.top ? aggregate(this.graph, this.top, openDomains(this.graph, this.top, this.state, this.h)) : undefined;
    this.scene.apply(this.h, this.agg);
    const focus = this.state.focus ? indexOf(this.graph)(this.state.focus) : -1;
    const rank = (i: number) => (i === focus ? 0 : this.h.lit?.[i] ? 1 : 2);
    const shown: number[] = [];
    for (let i = 0; i < this.graph.nodes.length; i++) if (this.scene.isShown(i)) shown.push(i);
    const size = (i: number) => this.agg?.size.get(i) ?? this.graph.nodes[i].degree;
    this.labelOrder = shown.sort((a, b) => rank(a) - rank(b) || size(b) - size(a) || a - b);
    this.dirty = this.labelsDirty = true;
  }

  private syncTheme(): void {
    const background = getComputedStyle(this.container).getPropertyValue('--bg').trim() || '#ffffff';
    this.scene.setBackground(background);
    this.renderer.setClearColor(background, 1);
  }

  private resize(): void {
    const w = this.container.clientWidth, h = this.container.clientHeight;
    if (!w || !h) return;
    this.renderer.setSize(w, h);
    this.scene.setViewport(h * this.renderer.getPixelRatio(), this.renderer.getPixelRatio());
    this.scene.camera.aspect = w / h;
    applyInsets(this.scene.camera, w, h, this.insets);
    this.dirty = this.labelsDirty = true;
  }

  private measureClusters(): void {
    if (!this.top) return;
    const members = new Map<number, number[]>();
    this.top.forEach((d, i) => {
      if (d === -1) return;
      let list = members.get(d);
      if (!list) members.set(d, (list = []));
      list.push(i);
    });
    this.clusterRadius = new Map([...members].map(([d, list]) => [d, this.scene.bounds(list, 0.9).radius]));
  }

  /** Semantic zoom: a closed domain the reader has zoomed into (its cluster would fill most of the view) opens. */
  private openZoomedDomain(): void {
    if (!this.agg || !this.options.onOpen) return;
    const camera = this.scene.camera, v = new Vector3();
    const tanV = Math.tan((camera.fov * Math.PI) / 360);
    let best = -1, bestD = Infinity;
    for (const d of this.agg.size.keys()) {
      this.scene.position(d, v);
      const distance = v.distanceTo(camera.position);
      const share = (this.clusterRadius.get(d) ?? 0) / (distance * tanV);
      v.project(camera);
      if (share > 0.45 && Math.abs(v.x) < 0.6 && Math.abs(v.y) < 0.6 && v.z < 1 && distance < bestD) (best = d), (bestD = distance);
    }
    if (best !== -1) this.options.onOpen(best);
  }

  private pickAt(clientX: number, clientY: number): number {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const ndc = new Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    this.raycaster.setFromCamera(ndc, this.scene.camera);
    return this.scene.pick(this.raycaster.ray);
  }

  private listen(canvas: HTMLCanvasElement): void {
    let down: { x: number; y: number } | undefined;
    let hoverAt: { x: number; y: number } | undefined;
    canvas.addEventListener('pointerdown', (e) => (down = { x: e.clientX, y: e.clientY }));
    canvas.addEventListener('pointerup', (e) => {
      if (down && Math.hypot(e.clientX - down.x, e.clientY - down.y) < 5) {
        this.tooltip.hidden = true;
        this.options.onSelect?.(this.pickAt(e.clientX, e.clientY));
      }
      down = undefined;
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!hoverAt) requestAnimationFrame(() => hoverAt && this.hover(hoverAt.x, hoverAt.y, (hoverAt = undefined)));
      hoverAt = { x: e.clientX, y: e.clientY };
    });
    canvas.addEventListener('pointerleave', () => (this.tooltip.hidden = true));
  }

  private hover(x: number, y: number, _done: undefined): void {
    const i = this.pickAt(x, y);
    this.renderer.domElement.style.cursor = i === -1 ? '' : 'pointer';
    if (i === -1) {
      this.tooltip.hidden = true;
      return;
    }
    const node = this.graph.nodes[i];
    const folded = this.agg?.size.get(i);
    const meta = folded ? `domain · ${folded} nodes inside: click to open` : `${node.kind} · ${node.version}`;
    this.tooltip.replaceChildren(el('strong', '', node.name), el('span', 'graph-tooltip-meta', meta), el('span', '', node.summary));
    const rect = this.container.getBoundingClientRect();
    this.tooltip.style.left = `${x - rect.left + 14}px`;
    this.tooltip.style.top = `${y - rect.top + 14}px`;
    this.tooltip.hidden = false;
  }

  private refine(): void {
    if (typeof Worker === 'undefined') return;
    try {
      this.worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return;
    }
    const request: LayoutRequest = {
      nodes: this.graph.nodes.map((n) => ({ kind: n.kind, domain: n.domain })),
      links: this.graph.links.map((l) => ({ source: l.source, target: l.target, kind: l.kind })),
      positions: this.graph.positions.slice(),
    };
    this.worker.onmessage = (e: MessageEvent<LayoutUpdate>) => {
      this.scene.setPositions(e.data.positions);
      this.dirty = this.labelsDirty = true;
      if (!e.data.done) return;
      this.worker?.terminate();
      this.worker = undefined;
      this.measureClusters();
      // The layout has moved under the framing: fit again, unless the reader has taken the camera.
      if (!this.userMoved && this.fitted) this.fit(this.fitted);
    };
    this.worker.postMessage(request);
  }

  private loop(now: number): void {
    if (this.stopped) return;
    requestAnimationFrame((t) => this.loop(t));
    const dt = this.last ? Math.min(now - this.last, 100) : 0;
    if (this.last && this.playing && !this.fly) this.adaptResolution(now - this.last);
    this.last = now;
    if (this.fly) {
      const t = Math.min(1, (now - this.fly.start) / FLY_MS);
      const e = t * t * (3 - 2 * t);
      this.controls.target.lerpVectors(this.fly.from, this.fly.to, e);
      this.scene.camera.position.lerpVectors(this.fly.camFrom, this.fly.camTo, e);
      if (t === 1) this.fly = undefined;
      this.dirty = this.labelsDirty = true;
    }
    if (this.controls.enableDamping) this.controls.update();
    if (this.playing) {
      this.time += dt / 1000;
      this.scene.setParticleTime(this.time);
      this.dirty = true;
    }
    if (!this.dirty) return;
    this.dirty = false;
    this.renderer.render(this.scene.scene, this.scene.camera);
    this.frameCount++;
    if (this.labelsDirty && (this.frameCount % 4 === 1 || !this.fly)) this.placeLabels();
  }

  /**
   * Dynamic resolution for large graphs: when the particles run and the median frame of the last
   * RESOLUTION_WINDOW is over RESOLUTION_BUDGET_MS (software rendering pays per line pixel), the canvas
   * is drawn at 3/4 of its pixel ratio, down to half; labels are DOM text and stay sharp.
   */
  private adaptResolution(ms: number): void {
    if (this.graph.nodes.length <= SPRITE_NODES || this.renderer.getPixelRatio() <= this.baseRatio / 2 + 1e-3) return;
    this.frameTimes.push(ms);
    if (this.frameTimes.length < RESOLUTION_WINDOW) return;
    const median = this.frameTimes.sort((a, b) => a - b)[this.frameTimes.length >> 1];
    this.frameTimes = [];
    if (median <= RESOLUTION_BUDGET_MS) return;
    this.renderer.setPixelRatio(Math.max(this.baseRatio / 2, this.renderer.getPixelRatio() * 0.75));
    this.resize();
  }

  /** Labels: the focused node, lit nodes, domain names over their hulls, other nodes by degree, aggregated edges' counts. */
  private placeLabels(): void {
    this.labelsDirty = false;
    const w = this.container.clientWidth, h = this.container.clientHeight;
    const focus = this.state.focus ? indexOf(this.graph)(this.state.focus) : -1;
    const requests = labelRequests({ scene: this.scene, width: w, height: h, order: this.labelOrder, lit: this.h.lit, focus, folded: this.agg?.size, max: CANDIDATES });
    const i = this.insets;
    this.labels.draw(requests, { left: i.left + 2, top: i.top + 2, right: w - i.right - 2, bottom: h - i.bottom - 2 }, LABELS);
  }
}

function el(tag: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
