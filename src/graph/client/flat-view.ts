/**
 * The graph without WebGL: the same build-time layout projected onto a 2D canvas (x and y), nodes
 * coloured by kind and sized by degree, edges as lines, lit and dimmed like the 3D view. Clicking a
 * node selects it. The page's list of nodes and links stays the accessible form of the graph.
 */
import { KIND_ENCODING, nodeRadius } from '../encoding.ts';
import { adjacency, type Adjacency } from '../traverse.ts';
import { highlight, type Highlight, type ViewState } from '../view-state.ts';
import type { PositionedGraph } from '../wire.ts';
import type { GraphViewProbe } from './probe.ts';

export class FlatView {
  readonly adj: Adjacency;
  private readonly canvas = document.createElement('canvas');
  private h: Highlight;
  private transform = { scale: 1, x: 0, y: 0 };

  readonly container: HTMLElement;
  readonly graph: PositionedGraph;
  private readonly options: { subset?: ReadonlySet<number>; onSelect?: (node: number) => void };

  constructor(container: HTMLElement, graph: PositionedGraph, options: { subset?: ReadonlySet<number>; onSelect?: (node: number) => void } = {}) {
    this.container = container;
    this.graph = graph;
    this.options = options;
    this.adj = adjacency(graph);
    this.canvas.className = 'graph-canvas graph-canvas-2d';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Event-flow graph drawn in 2D (WebGL is not available); the list of nodes and links follows.');
    container.prepend(this.canvas);
    this.h = highlight(graph, this.adj, {}, options.subset);
    this.canvas.addEventListener('click', (e) => options.onSelect?.(this.pickAt(e.clientX, e.clientY)));
    new ResizeObserver(() => this.draw()).observe(container);
    window.addEventListener('waybill:theme', () => this.draw());
    this.draw();
  }

  setState(state: ViewState): void {
    this.h = highlight(this.graph, this.adj, state, this.options.subset);
    this.draw();
  }

  probe(): GraphViewProbe {
    return {
      renderer: '2d',
      ready: true,
      frames: () => 1,
      nodes: () => {
        const rect = this.canvas.getBoundingClientRect();
        return this.graph.nodes.map((node, i) => {
          const [x, y] = this.project(i);
          return { id: node.id, x: rect.left + x, y: rect.top + y, visible: this.h.visible[i] === 1, onScreen: true, lit: this.h.lit ? this.h.lit[i] === 1 : null };
        });
      },
      pick: (x, y) => {
        const i = this.pickAt(x, y);
        return i === -1 ? null : this.graph.nodes[i].id;
      },
    };
  }

  private project(i: number): [number, number] {
    const p = this.graph.positions;
    return [p[i * 3] * this.transform.scale + this.transform.x, p[i * 3 + 1] * this.transform.scale + this.transform.y];
  }

  private pickAt(clientX: number, clientY: number): number {
    const rect = this.canvas.getBoundingClientRect();
    let best = -1, bestD = 12 * 12;
    for (let i = 0; i < this.graph.nodes.length; i++) {
      if (!this.h.visible[i]) continue;
      const [x, y] = this.project(i);
      const d = (x - (clientX - rect.left)) ** 2 + (y - (clientY - rect.top)) ** 2;
      if (d < bestD) (best = i), (bestD = d);
    }
    return best;
  }

  private draw(): void {
    const w = this.container.clientWidth, h = this.container.clientHeight;
    if (!w || !h) return;
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    this.canvas.width = w * ratio;
    this.canvas.height = h * ratio;
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const p = this.graph.positions;
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (let i = 0; i < this.graph.nodes.length; i++) {
      if (!this.h.visible[i]) continue;
      minX = Math.min(minX, p[i * 3]); maxX = Math.max(maxX, p[i * 3]);
      minY = Math.min(minY, p[i * 3 + 1]); maxY = Math.max(maxY, p[i * 3 + 1]);
    }
    if (minX === Infinity) (minX = minY = -1), (maxX = maxY = 1);
    const scale = Math.min((w - 40) / Math.max(maxX - minX, 1), (h - 40) / Math.max(maxY - minY, 1));
    this.transform = { scale, x: w / 2 - ((minX + maxX) / 2) * scale, y: h / 2 - ((minY + maxY) / 2) * scale };
    const style = getComputedStyle(this.container);
    ctx.fillStyle = style.getPropertyValue('--bg').trim() || '#ffffff';
    ctx.fillRect(0, 0, w, h);
    const lit = this.h.lit;
    for (const l of this.graph.links) {
      if (l.kind === 'contains' || !this.h.visible[l.source] || !this.h.visible[l.target]) continue;
      const on = !lit || (lit[l.source] && lit[l.target]);
      ctx.strokeStyle = lit && on ? '#f97316' : '#94a3b8';
      ctx.globalAlpha = on ? 0.7 : 0.15;
      const [x1, y1] = this.project(l.source), [x2, y2] = this.project(l.target);
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
    }
    this.graph.nodes.forEach((node, i) => {
      if (!this.h.visible[i]) return;
      const [x, y] = this.project(i);
      ctx.globalAlpha = !lit || lit[i] ? 1 : 0.2;
      ctx.fillStyle = KIND_ENCODING[node.kind].color;
      ctx.beginPath();
      ctx.arc(x, y, Math.max(2.5, nodeRadius(node.kind, node.degree) * Math.min(scale, 2) * 0.8), 0, Math.PI * 2);
      ctx.fill();
    });
    ctx.globalAlpha = 1;
  }
}
