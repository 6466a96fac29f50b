/**
 * Many-body repulsion for the d3-force-3d simulation, on a Barnes-Hut octree kept in typed arrays.
 * Same physics as d3's forceManyBody (velocity += Δ·strength·alpha / distance², Barnes-Hut with θ,
 * distanceMin/distanceMax), but it allocates nothing per tick: d3-octree's visitor allocates an
 * object per visited cell, which made one tick of 5,000 nodes cost hundreds of milliseconds.
 */
import type { SimulationNode } from 'd3-force-3d';

export interface RepulsionOptions {
  /** Strength per node (negative repels), like d3's `forceManyBody().strength`. */
  strength: (index: number) => number;
  theta?: number;
  distanceMin?: number;
  distanceMax?: number;
}

/** Points per leaf cell; leaves are summed directly. */
const LEAF = 8;
const MAX_DEPTH = 24;

export function forceRepulsion(options: RepulsionOptions) {
  const theta2 = (options.theta ?? 0.9) ** 2;
  const distanceMin2 = (options.distanceMin ?? 1) ** 2;
  const distanceMax2 = (options.distanceMax ?? Infinity) ** 2;
  let nodes: SimulationNode[] = [];
  let strengths = new Float64Array(0);
  let px = new Float64Array(0), py = new Float64Array(0), pz = new Float64Array(0);
  let order = new Int32Array(0);
  // Cells: centre of strength, total strength, edge length, range into `order`, children.
  let cap = 0;
  let cx = new Float64Array(0), cy = new Float64Array(0), cz = new Float64Array(0), cs = new Float64Array(0), cw = new Float64Array(0);
  let cStart = new Int32Array(0), cEnd = new Int32Array(0), cFirst = new Int32Array(0), cCount = new Int32Array(0);
  let cells = 0;
  let stack = new Int32Array(0);
  let jiggleSeed = 1;

  function grow(min: number) {
    if (min <= cap) return;
    const next = Math.max(min, cap * 2, 64);
    const f = (a: Float64Array) => { const b = new Float64Array(next); b.set(a); return b; };
    const g = (a: Int32Array) => { const b = new Int32Array(next); b.set(a); return b; };
    cx = f(cx); cy = f(cy); cz = f(cz); cs = f(cs); cw = f(cw);
    cStart = g(cStart); cEnd = g(cEnd); cFirst = g(cFirst); cCount = g(cCount);
    cap = next;
  }

  /** Builds the cell for order[start, end) inside the cube at (x0, y0, z0) of edge w; returns its index. */
  function build(start: number, end: number, x0: number, y0: number, z0: number, w: number, depth: number): number {
    const c = cells++;
    grow(cells);
    let sx = 0, sy = 0, sz = 0, s = 0, weight = 0;
    for (let k = start; k < end; k++) {
      const i = order[k];
      const a = Math.abs(strengths[i]);
      sx += a * px[i]; sy += a * py[i]; sz += a * pz[i]; weight += a; s += strengths[i];
    }
    cx[c] = weight ? sx / weight : x0 + w / 2;
    cy[c] = weight ? sy / weight : y0 + w / 2;
    cz[c] = weight ? sz / weight : z0 + w / 2;
    cs[c] = s; cw[c] = w; cStart[c] = start; cEnd[c] = end; cFirst[c] = -1; cCount[c] = 0;
    if (end - start <= LEAF || depth >= MAX_DEPTH) return c;
    // Partition the range into the eight octants (three in-place partitions: x, then y, then z).
    const h = w / 2, xm = x0 + h, ym = y0 + h, zm = z0 + h;
    const bx = partition(start, end, px, xm);
    const bounds = [start, 0, 0, 0, bx, 0, 0, 0, end];
    const byLo = partition(start, bx, py, ym), byHi = partition(bx, end, py, ym);
    bounds[2] = byLo; bounds[6] = byHi;
    bounds[1] = partition(start, byLo, pz, zm); bounds[3] = partition(byLo, bx, pz, zm);
    bounds[5] = partition(bx, byHi, pz, zm); bounds[7] = partition(byHi, end, pz, zm);
    const children: number[] = [];
    for (let o = 0; o < 8; o++) {
      const a = bounds[o], b = bounds[o + 1];
      if (a === b) continue;
      children.push(build(a, b, o & 4 ? xm : x0, o & 2 ? ym : y0, o & 1 ? zm : z0, h, depth + 1));
    }
    // Children are built depth-first, so their indices are not contiguous: list them in `childList`.
    cFirst[c] = childList.length;
    cCount[c] = children.length;
    for (const child of children) childList.push(child);
    return c;
  }
  const childList: number[] = [];

  /** Moves order[start, end) with coordinate < mid before the others; returns the split. */
  function partition(start: number, end: number, coord: Float64Array, mid: number): number {
    let i = start, j = end - 1;
    while (i <= j) {
      if (coord[order[i]] < mid) i++;
      else { const t = order[i]; order[i] = order[j]; order[j] = t; j--; }
    }
    return i;
  }

  /** d3's jiggle: a tiny deterministic offset for coincident points. */
  function jiggle(): number {
    jiggleSeed = (Math.imul(jiggleSeed, 1664525) + 1013904223) >>> 0;
    return (jiggleSeed / 4294967296 - 0.5) * 1e-6;
  }

  function force(alpha: number) {
    const n = nodes.length;
    if (n === 0) return;
    let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
    for (let i = 0; i < n; i++) {
      const node = nodes[i];
      const x = (px[i] = node.x ?? 0), y = (py[i] = node.y ?? 0), z = (pz[i] = node.z ?? 0);
      order[i] = i;
      if (x < minX) minX = x; if (x > maxX) maxX = x;
      if (y < minY) minY = y; if (y > maxY) maxY = y;
      if (z < minZ) minZ = z; if (z > maxZ) maxZ = z;
    }
    const w = Math.max(maxX - minX, maxY - minY, maxZ - minZ, 1e-6) * 1.0001;
    cells = 0;
    childList.length = 0;
    build(0, n, minX, minY, minZ, w, 0);
    if (stack.length < cells + 8) stack = new Int32Array(cells + 8);
    for (let c = 0; c < cells; c++) cw[c] = (cw[c] * cw[c]) / theta2;
    accumulate(n, alpha, Int32Array.from(childList), px, py, pz, order, strengths, cx, cy, cz, cs, cw, cStart, cEnd, cFirst, cCount, stack);
  }

  /** The traversal, with every array a local (V8 keeps them in registers, unlike closure variables). */
  function accumulate(
    n: number, alpha: number, kids: Int32Array, px: Float64Array, py: Float64Array, pz: Float64Array, order: Int32Array, strengths: Float64Array,
    cx: Float64Array, cy: Float64Array, cz: Float64Array, cs: Float64Array, cw: Float64Array,
    cStart: Int32Array, cEnd: Int32Array, cFirst: Int32Array, cCount: Int32Array, stack: Int32Array,
  ) {
    for (let i = 0; i < n; i++) {
      const xi = px[i], yi = py[i], zi = pz[i];
      let vx = 0, vy = 0, vz = 0;
      let top = 0;
      stack[top++] = 0;
      while (top > 0) {
        const c = stack[--top];
        const s = cs[c];
        if (s === 0) continue;
        let dx = cx[c] - xi, dy = cy[c] - yi, dz = cz[c] - zi;
        let l = dx * dx + dy * dy + dz * dz;
        // Far enough for the cell to act as one body (cw holds edge² / θ² here).
        if (cw[c] < l) {
          if (l < distanceMax2) {
            if (l < distanceMin2) l = Math.sqrt(distanceMin2 * l);
            const f = (s * alpha) / l;
            vx += dx * f; vy += dy * f; vz += dz * f;
          }
          continue;
        }
        const count = cCount[c];
        if (count > 0) {
          const first = cFirst[c];
          for (let k = 0; k < count; k++) stack[top++] = kids[first + k];
          continue;
        }
        for (let k = cStart[c], end = cEnd[c]; k < end; k++) {
          const j = order[k];
          if (j === i) continue;
          dx = px[j] - xi; dy = py[j] - yi; dz = pz[j] - zi;
          l = dx * dx + dy * dy + dz * dz;
          if (l >= distanceMax2) continue;
          if (l === 0) (dx = jiggle()), (dy = jiggle()), (dz = jiggle()), (l = dx * dx + dy * dy + dz * dz);
          if (l < distanceMin2) l = Math.sqrt(distanceMin2 * l);
          const f = (strengths[j] * alpha) / l;
          vx += dx * f; vy += dy * f; vz += dz * f;
        }
      }
      const node = nodes[i];
      node.vx = (node.vx ?? 0) + vx;
      node.vy = (node.vy ?? 0) + vy;
      node.vz = (node.vz ?? 0) + vz;
    }
  }

  force.initialize = (initial: SimulationNode[]) => {
    nodes = initial;
    const n = nodes.length;
    strengths = Float64Array.from({ length: n }, (_, i) => options.strength(i));
    px = new Float64Array(n); py = new Float64Array(n); pz = new Float64Array(n);
    order = new Int32Array(n);
  };
  return force;
}
