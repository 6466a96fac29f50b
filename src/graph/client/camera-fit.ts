/**
 * Framing: where the camera goes to show a set of nodes — looking from its current direction, centred on
 * them, at the distance where every node (with its radius) fits inside the free part of the canvas (the
 * canvas less the overlays' insets, less a margin), and never closer than a readable minimum. The free
 * part's centre is made the optical centre with a view offset, so an overlay never hides what was fitted.
 */
import { PerspectiveCamera, Vector3 } from 'three';

/** Pixels of the canvas covered by overlays (controls, the node panel). */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

/** Share of the free area left around what is fitted, on each side. */
const MARGIN = 0.08;
/** The closest fit shows at least this many world units across the free area's height (a node's radius is 2.6–8). */
const MIN_SPAN = 90;

export interface Fit {
  target: Vector3;
  position: Vector3;
  /** Distance from the target, for the camera's far plane. */
  distance: number;
}

/** Sets the camera's view offset so the centre of the free area is the optical centre. */
export function applyInsets(camera: PerspectiveCamera, width: number, height: number, insets: Insets): void {
  const x = (insets.right - insets.left) / 2, y = (insets.bottom - insets.top) / 2;
  if (x || y) camera.setViewOffset(width, height, x, y, width, height);
  else camera.clearViewOffset();
  camera.updateProjectionMatrix();
}

/**
 * The camera position and target that fit `points` (x, y, z with a radius each) in a canvas of
 * width × height with `insets`, looking along `direction` (from the target towards the camera).
 */
export function fitCamera(camera: PerspectiveCamera, points: readonly [number, number, number, number][], width: number, height: number, insets: Insets, direction: Vector3): Fit {
  const f = direction.clone().normalize();
  const r = new Vector3().crossVectors(camera.up, f);
  if (r.lengthSq() < 1e-6) r.set(1, 0, 0);
  r.normalize();
  const u = new Vector3().crossVectors(f, r).normalize();
  const tanV = Math.tan((camera.fov * Math.PI) / 360);
  const tanH = tanV * (width / height);
  const freeW = Math.max(0.2, (width - insets.left - insets.right) / width) * (1 - 2 * MARGIN);
  const freeH = Math.max(0.2, (height - insets.top - insets.bottom) / height) * (1 - 2 * MARGIN);
  const origin = new Vector3(...(points[0] ?? [0, 0, 0]).slice(0, 3) as [number, number, number]);
  const p = new Vector3();
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  const local = points.map(([x, y, z, rad]) => {
    p.set(x, y, z).sub(origin);
    const lx = p.dot(r), ly = p.dot(u), lz = p.dot(f);
    minX = Math.min(minX, lx - rad); maxX = Math.max(maxX, lx + rad);
    minY = Math.min(minY, ly - rad); maxY = Math.max(maxY, ly + rad);
    return [lx, ly, lz, rad];
  });
  if (!local.length) minX = maxX = minY = maxY = 0;
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  let distance = MIN_SPAN / 2 / (tanV * freeH);
  for (const [lx, ly, lz, rad] of local) {
    distance = Math.max(distance, lz + rad + (Math.abs(lx - cx) + rad) / (tanH * freeW), lz + rad + (Math.abs(ly - cy) + rad) / (tanV * freeH));
  }
  const target = origin.clone().addScaledVector(r, cx).addScaledVector(u, cy);
  return { target, position: target.clone().addScaledVector(f, distance), distance };
}
