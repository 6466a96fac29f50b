/** Label placement (src/graph/label-layout.ts): no two labels overlap, and the important ones win. */
import { describe, expect, test } from 'vitest';
import { overlaps, placeLabels, type LabelCandidate } from '../../src/graph/label-layout.ts';

const AREA = { left: 0, top: 0, right: 800, bottom: 600 };
const label = (x: number, y: number, width = 80, gap = 4): LabelCandidate => ({ x, y, width, height: 16, gap });

describe('placeLabels', () => {
  test('labels of nodes far apart all go right of their node', () => {
    const placed = placeLabels([label(100, 100), label(400, 300)], AREA);
    expect(placed.map((p) => [p.index, p.left, p.top])).toEqual([[0, 107, 92], [1, 407, 292]]);
  });

  test('a label that would overlap takes another side, and one with no free side is dropped', () => {
    // Nodes on one spot: the first label goes right, the second left; above and below would touch them.
    const same = [label(300, 300), label(300, 300), label(300, 300)];
    const placed = placeLabels(same, AREA);
    expect(placed.map((p) => [p.index, p.left])).toEqual([[0, 307], [1, 213]]);
    for (const a of placed) for (const b of placed) if (a !== b) expect(overlaps(a, b, 0)).toBe(false);
  });

  test('priority is the order given: a less important label never displaces an earlier one', () => {
    const placed = placeLabels([label(300, 300, 300), label(310, 300, 300), label(320, 302, 300)], { ...AREA, right: 700 });
    expect(placed[0]).toMatchObject({ index: 0, left: 307 });
    expect(placed.every((p, k) => k === 0 || !overlaps(p, placed[0], 0))).toBe(true);
  });

  test('labels stay inside the area (under the overlays nothing is placed) and the count is capped', () => {
    const placed = placeLabels([label(790, 300), label(10, 5), ...Array.from({ length: 50 }, (_, i) => label(100 + (i % 5) * 120, 100 + Math.floor(i / 5) * 40))], { left: 0, top: 40, right: 800, bottom: 600 }, 20);
    expect(placed.length).toBe(20);
    for (const p of placed) expect(p.left >= 0 && p.right <= 800 && p.top >= 40 && p.bottom <= 600).toBe(true);
    expect(placed.find((p) => p.index === 0)?.right).toBeLessThan(790);
  });

  test('a centred label (a domain name) is centred on its anchor', () => {
    const [p] = placeLabels([{ x: 400, y: 100, width: 100, height: 20, gap: 0, anchor: 'centre' }], AREA);
    expect([p.left, p.top, p.right, p.bottom]).toEqual([350, 90, 450, 110]);
  });
});
