/**
 * The labels over the 3D view: a pool of DOM spans (catalog text only ever set as textContent), placed
 * by label-layout.ts so that no two overlap and the important ones win — the focused node, lit nodes,
 * domain names over their clusters, the other nodes by degree, then the counts on aggregated edges.
 */
import { placeLabels, type LabelCandidate, type LabelRect } from '../label-layout.ts';

export type LabelKind = 'node' | 'domain' | 'count';

export interface LabelRequest {
  text: string;
  kind: LabelKind;
  /** Canvas pixel position of the anchor. */
  x: number;
  y: number;
  /** Radius on screen of the node it names (0 for centred labels). */
  gap: number;
  /** Node index, or -1. */
  node: number;
  /** A node that is not lit while others are (drawn fainter). */
  dim?: boolean;
}

/** A label as drawn, in canvas pixels. */
export interface DrawnLabel extends LabelRect {
  text: string;
  kind: LabelKind;
  node: number;
  dim?: boolean;
}

const FONT: Record<LabelKind, [string, number]> = {
  node: ['12px system-ui, sans-serif', 17],
  domain: ['600 14px system-ui, sans-serif', 20],
  count: ['11px system-ui, sans-serif', 15],
};
/** The span's horizontal padding and border (graph.css). */
const PADDING = 10;

export class LabelLayer {
  readonly element: HTMLElement;
  private readonly spans: HTMLElement[] = [];
  private readonly widths = new Map<string, number>();
  private readonly measure = document.createElement('canvas').getContext('2d');
  private drawn: DrawnLabel[] = [];

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'graph-labels';
  }

  /** Places what fits of `requests` (in priority order) inside `area` and draws them. */
  draw(requests: readonly LabelRequest[], area: LabelRect, max: number): void {
    const candidates: LabelCandidate[] = requests.map((r) => {
      const [, height] = FONT[r.kind];
      return { x: r.x, y: r.y, width: this.width(r.text, r.kind), height, gap: r.gap, anchor: r.kind === 'node' ? 'side' : 'centre' };
    });
    const placed = placeLabels(candidates, area, max);
    this.drawn = placed.map((p) => ({ ...p, text: requests[p.index].text, kind: requests[p.index].kind, node: requests[p.index].node, dim: requests[p.index].dim }));
    this.drawn.forEach((label, k) => {
      let span = this.spans[k];
      if (!span) this.spans.push((span = this.element.appendChild(document.createElement('span'))));
      const className = `graph-label graph-label-${label.kind}${label.dim ? ' graph-label-dim' : ''}`;
      if (span.className !== className) span.className = className;
      if (span.textContent !== label.text) span.textContent = label.text;
      span.style.transform = `translate(${Math.round(label.left)}px, ${Math.round(label.top)}px)`;
      span.style.width = `${Math.ceil(label.right - label.left)}px`;
      span.hidden = false;
    });
    for (let k = this.drawn.length; k < this.spans.length; k++) this.spans[k].hidden = true;
  }

  /** The labels drawn last, in canvas pixels. */
  labels(): readonly DrawnLabel[] {
    return this.drawn;
  }

  private width(text: string, kind: LabelKind): number {
    const key = `${kind} ${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      if (this.measure) this.measure.font = FONT[kind][0];
      w = Math.ceil((this.measure?.measureText(text).width ?? text.length * 7) + PADDING);
      this.widths.set(key, w);
    }
    return w;
  }
}
