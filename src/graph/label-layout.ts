/**
 * Label placement with collision avoidance: candidates come in order of importance (the focused node,
 * then lit nodes, then domain names, then the rest by degree); each takes the first of its spots —
 * right of its node, left, above, below — that stays inside the free area and overlaps no label placed
 * before it, or is dropped. Greedy in priority order, so a less important label never hides a more
 * important one. Pure (screen pixels in, rectangles out); the 3D view places its DOM labels with it.
 */

export interface LabelCandidate {
  /** Screen position of the anchor (the node's centre). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Distance to keep from the anchor (the node's radius on screen). */
  readonly gap: number;
  /** `centre`: only centred on the anchor (domain names over their cluster). */
  readonly anchor?: 'side' | 'centre';
}

export interface LabelRect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export interface PlacedLabel extends LabelRect {
  /** Index of the candidate. */
  readonly index: number;
}

/** Pixels kept between two labels. */
const PAD = 2;

/** Places up to `max` labels inside `area`; the result is in priority order, each with its candidate's index. */
export function placeLabels(candidates: readonly LabelCandidate[], area: LabelRect, max = Infinity): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  for (let index = 0; index < candidates.length && placed.length < max; index++) {
    const c = candidates[index];
    for (const [left, top] of spots(c)) {
      const r = { index, left, top, right: left + c.width, bottom: top + c.height };
      if (r.left < area.left || r.top < area.top || r.right > area.right || r.bottom > area.bottom) continue;
      if (placed.some((p) => overlaps(p, r))) continue;
      placed.push(r);
      break;
    }
  }
  return placed;
}

export function overlaps(a: LabelRect, b: LabelRect, pad = PAD): boolean {
  return a.left < b.right + pad && b.left < a.right + pad && a.top < b.bottom + pad && b.top < a.bottom + pad;
}

function spots(c: LabelCandidate): [number, number][] {
  const { x, y, width: w, height: h } = c;
  const g = c.gap + 3;
  if (c.anchor === 'centre') return [[x - w / 2, y - h / 2], [x - w / 2, y - h * 1.6], [x - w / 2, y + h * 0.6]];
  return [[x + g, y - h / 2], [x - g - w, y - h / 2], [x - w / 2, y - g - h], [x - w / 2, y + g]];
}
