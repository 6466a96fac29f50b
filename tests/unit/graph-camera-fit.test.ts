/** Framing (src/graph/client/camera-fit.ts): what is fitted lands inside the free part of the canvas, filling it, never closer than the readable minimum. */
import { describe, expect, test } from 'vitest';
import { PerspectiveCamera, Vector3 } from 'three';
import { applyInsets, fitCamera, NO_INSETS, type Insets } from '../../src/graph/client/camera-fit.ts';
import { seeded } from '../../src/graph/layout.ts';

const W = 1280, H = 800;

/** Fits `points`, then projects them: pixel positions on the canvas. */
function fitted(points: [number, number, number, number][], insets: Insets = NO_INSETS, direction = new Vector3(0.3, 0.35, 1)): { px: [number, number][]; distance: number } {
  const camera = new PerspectiveCamera(50, W / H, 0.5, 100000);
  applyInsets(camera, W, H, insets);
  const f = fitCamera(camera, points, W, H, insets, direction);
  camera.position.copy(f.position);
  camera.lookAt(f.target);
  camera.updateMatrixWorld();
  const px = points.map(([x, y, z]): [number, number] => {
    const v = new Vector3(x, y, z).project(camera);
    return [((v.x + 1) / 2) * W, ((1 - v.y) / 2) * H];
  });
  return { px, distance: f.distance };
}

describe('fitCamera', () => {
  const random = seeded(3);
  const cloud = Array.from({ length: 60 }, (): [number, number, number, number] => [random() * 400 - 100, random() * 200, random() * 300 - 150, 3]);

  test('a cloud of nodes lands inside the canvas and spans most of its width or height', () => {
    const { px } = fitted(cloud);
    const xs = px.map((p) => p[0]), ys = px.map((p) => p[1]);
    for (const [x, y] of px) expect(x > 0 && x < W && y > 0 && y < H).toBe(true);
    expect(Math.max((Math.max(...xs) - Math.min(...xs)) / W, (Math.max(...ys) - Math.min(...ys)) / H)).toBeGreaterThan(0.6);
  });

  test('insets (an overlay) push what is fitted into the free part', () => {
    const insets = { top: 80, right: 400, bottom: 30, left: 0 };
    const { px } = fitted(cloud, insets);
    for (const [x, y] of px) expect(x > 0 && x < W - 400 && y > 80 && y < H - 30).toBe(true);
  });

  test('a single node is framed no closer than the readable minimum', () => {
    const { distance } = fitted([[10, 20, 30, 3]]);
    const visibleHeight = 2 * distance * Math.tan((50 * Math.PI) / 360);
    expect(visibleHeight).toBeGreaterThanOrEqual(90 / 0.84 - 1);
    const { px } = fitted([[10, 20, 30, 3]]);
    expect(px[0][0]).toBeCloseTo(W / 2, 0);
    expect(px[0][1]).toBeCloseTo(H / 2, 0);
  });
});
