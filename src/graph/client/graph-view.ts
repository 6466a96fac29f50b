/**
 * The 3D view of a graph in a container: renderer, orbit/zoom/pan, hover tooltip, click to focus,
 * labels for the focused neighbourhood and the nearest nodes, a fly-to animation, particles that can
 * be paused (off under prefers-reduced-motion), and the layout refined by a Web Worker. Used by /graph/
 * and by the compact views on domain and service pages (with a subset of the nodes).
 */
import { Raycaster, Vector2, Vector3, WebGLRenderer } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { GraphScene } from './scene.ts';
import { adjacency, type Adjacency } from '../traverse.ts';
import { highlight, indexOf, type Highlight, type ViewState } from '../view-state.ts';
import type { PositionedGraph } from '../wire.ts';
import type { LayoutRequest, LayoutUpdate } from './layout-worker.ts';
import type { GraphViewProbe } from './probe.ts';

export interface GraphViewOptions {
  /** Only these nodes are shown (a compact view). */
  subset?: ReadonlySet<number>;
  /** Called when a click focuses a node (-1: clicked on nothing). */
  onSelect?: (node: number) => void;
  reducedMotion?: boolean;
  /** Refine the build-time layout in a Web Worker (default true). */
  refine?: boolean;
}

const LABELS = 14;

export class GraphView {
  readonly adj: Adjacency;
  readonly scene: GraphScene;
  private readonly renderer: WebGLRenderer;
  private readonly controls: OrbitControls;
  private readonly raycaster = new Raycaster();
  private readonly tooltip: HTMLElement;
  private readonly labelLayer: HTMLElement;
  private readonly labels: HTMLElement[] = [];
  private state: ViewState = {};
  private h: Highlight;
  private playing: boolean;
  private time = 0;
  private last = 0;
  private frameCount = 0;
  private dirty = true;
  private fly?: { from: Vector3; to: Vector3; camFrom: Vector3; camTo: Vector3; start: number };
  private worker?: Worker;
  private stopped = false;

  readonly container: HTMLElement;
  readonly graph: PositionedGraph;
  private readonly options: GraphViewOptions;

  constructor(container: HTMLElement, graph: PositionedGraph, options: GraphViewOptions = {}) {
    this.container = container;
    this.graph = graph;
    this.options = options;
    this.adj = adjacency(graph);
    this.scene = new GraphScene(graph);
    this.renderer = new WebGLRenderer({ antialias: false, alpha: true, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    const canvas = this.renderer.domElement;
    canvas.className = 'graph-canvas';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Event-flow graph: drag to orbit, scroll to zoom, right-drag to pan; the list of nodes and links follows.');
    container.prepend(canvas);
    this.tooltip = el('div', 'graph-tooltip');
    this.tooltip.hidden = true;
    this.labelLayer = el('div', 'graph-labels');
    container.append(this.labelLayer, this.tooltip);
    this.controls = new OrbitControls(this.scene.camera, canvas);
    this.controls.enableDamping = !options.reducedMotion;
    this.controls.addEventListener('change', () => (this.dirty = true));
    this.playing = !options.reducedMotion;
    this.scene.particlesOn = !options.reducedMotion;
    this.syncTheme();
    this.h = highlight(graph, this.adj, this.state, options.subset);
    this.scene.apply(this.h);
    this.frame(options.subset);
    this.resize();
    new ResizeObserver(() => this.resize()).observe(container);
    window.addEventListener('waybill:theme', () => (this.syncTheme(), this.scene.apply(this.h), (this.dirty = true)));
    this.listen(canvas);
    if (options.refine !== false) this.refine();
    requestAnimationFrame((t) => this.loop(t));
  }

  /** Shows a state: filters, focus and trace. */
  setState(state: ViewState): void {
    this.state = state;
    this.h = highlight(this.graph, this.adj, state, this.options.subset);
    this.scene.apply(this.h);
    this.dirty = true;
  }

  get paused(): boolean {
    return !this.playing;
  }

  /** Pauses or resumes the particles. */
  setPaused(paused: boolean): void {
    this.playing = !paused && !this.options.reducedMotion;
    this.dirty = true;
  }

  /** Turns the camera to a node (animated unless reduced motion is asked for). */
  flyTo(i: number): void {
    const to = this.scene.position(i);
    const cam = this.scene.camera.position;
    const dir = cam.clone().sub(this.controls.target).normalize();
    const camTo = to.clone().add(dir.multiplyScalar(140));
    if (this.options.reducedMotion) {
      this.controls.target.copy(to);
      cam.copy(camTo);
      this.controls.update();
    } else {
      this.fly = { from: this.controls.target.clone(), to, camFrom: cam.clone(), camTo, start: performance.now() };
    }
    this.dirty = true;
  }

  /** Frames the given nodes (all when absent). */
  frame(nodes?: Iterable<number>): void {
    const sphere = this.scene.bounds(nodes, 0.9);
    const r = Math.max(sphere.radius, 20);
    const camera = this.scene.camera;
    camera.position.copy(sphere.center).add(new Vector3(0.35, 0.45, 1).normalize().multiplyScalar((r / Math.sin((camera.fov * Math.PI) / 360)) * 0.95));
    this.controls.target.copy(sphere.center);
    camera.far = r * 20 + 2000;
    camera.updateProjectionMatrix();
    this.controls.update();
    this.dirty = true;
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
            visible: this.h.visible[i] === 1,
            onScreen: Math.abs(v.x) < 1 && Math.abs(v.y) < 1 && v.z < 1,
            lit: this.h.lit ? this.h.lit[i] === 1 : null,
          };
        });
      },
      pick: (x, y) => {
        const i = this.pickAt(x, y);
        return i === -1 ? null : this.graph.nodes[i].id;
      },
    };
  }

  destroy(): void {
    this.stopped = true;
    this.worker?.terminate();
    this.controls.dispose();
    this.scene.dispose();
    this.renderer.dispose();
  }

  private syncTheme(): void {
    this.scene.setBackground(getComputedStyle(this.container).getPropertyValue('--bg').trim() || '#ffffff');
  }

  private resize(): void {
    const w = this.container.clientWidth, h = this.container.clientHeight;
    if (!w || !h) return;
    this.renderer.setSize(w, h);
    this.scene.setViewport(h * this.renderer.getPixelRatio());
    this.scene.camera.aspect = w / h;
    this.scene.camera.updateProjectionMatrix();
    this.dirty = true;
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
    this.tooltip.replaceChildren(el('strong', '', node.name), el('span', 'graph-tooltip-meta', `${node.kind} · ${node.version}`), el('span', '', node.summary));
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
      this.dirty = true;
      if (e.data.done) this.worker?.terminate();
    };
    this.worker.postMessage(request);
  }

  private loop(now: number): void {
    if (this.stopped) return;
    requestAnimationFrame((t) => this.loop(t));
    const dt = this.last ? Math.min(now - this.last, 100) : 0;
    this.last = now;
    if (this.fly) {
      const t = Math.min(1, (now - this.fly.start) / 700);
      const e = t * t * (3 - 2 * t);
      this.controls.target.lerpVectors(this.fly.from, this.fly.to, e);
      this.scene.camera.position.lerpVectors(this.fly.camFrom, this.fly.camTo, e);
      if (t === 1) this.fly = undefined;
      this.dirty = true;
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
    if (this.frameCount % 6 === 1 || !this.playing) this.placeLabels();
  }

  /** Labels: the focused neighbourhood (or trace) first, then the nodes nearest the camera. */
  private placeLabels(): void {
    const camera = this.scene.camera;
    const v = new Vector3();
    const chosen: number[] = [];
    const focus = this.state.focus ? indexOf(this.graph)(this.state.focus) : -1;
    if (focus !== -1) chosen.push(focus);
    if (this.h.lit) for (let i = 0; i < this.h.lit.length && chosen.length < LABELS; i++) if (this.h.lit[i] && this.h.visible[i] && i !== focus) chosen.push(i);
    if (chosen.length < LABELS) {
      const near: [number, number][] = [];
      for (let i = 0; i < this.graph.nodes.length; i++) {
        if (!this.h.visible[i] || (this.h.lit && !this.h.lit[i])) continue;
        near.push([camera.position.distanceToSquared(this.scene.position(i, v)), i]);
      }
      near.sort((a, b) => a[0] - b[0]);
      for (const [, i] of near) {
        if (chosen.length >= LABELS) break;
        if (!chosen.includes(i)) chosen.push(i);
      }
    }
    const w = this.container.clientWidth, h = this.container.clientHeight;
    chosen.forEach((i, k) => {
      const label = (this.labels[k] ??= this.labelLayer.appendChild(el('span', 'graph-label')));
      this.scene.position(i, v).project(camera);
      const off = v.z > 1 || Math.abs(v.x) > 1 || Math.abs(v.y) > 1;
      label.hidden = off;
      if (label.textContent !== this.graph.nodes[i].name) label.textContent = this.graph.nodes[i].name;
      label.style.transform = `translate(${((v.x + 1) / 2) * w + 8}px, ${((1 - v.y) / 2) * h - 8}px)`;
    });
    for (let k = chosen.length; k < this.labels.length; k++) this.labels[k].hidden = true;
  }
}

function el(tag: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
