/**
 * The two ways the 3D view draws nodes; both are one draw call per batch whatever the node count.
 *
 * - `NodeMeshes` (up to SPRITE_NODES nodes): a 3D shape per kind, all nodes of a kind baked into one
 *   merged geometry. Not an InstancedMesh: software WebGL (SwiftShader) runs an instanced draw instance
 *   by instance, 2–3× slower than the merged geometry for 5,000 nodes.
 * - `NodeSprites` (larger graphs): one point per node, its kind's shape cut out in the fragment shader —
 *   triangle setup is what software rendering pays for, and 5,000 shapes of 20–60 triangles cost
 *   ~100 ms a frame there, 5,000 points almost nothing.
 */
import {
  BoxGeometry, BufferAttribute, BufferGeometry, ConeGeometry, CylinderGeometry, DodecahedronGeometry, DynamicDrawUsage, IcosahedronGeometry, Mesh,
  MeshLambertMaterial, OctahedronGeometry, Points, ShaderMaterial, TorusGeometry, type Color, type Object3D,
} from 'three';
import { NODE_KINDS, type GraphNodeKind } from '../data.ts';
import type { PositionedGraph } from '../wire.ts';

/** Above this many nodes the view draws sprites instead of meshes. */
export const SPRITE_NODES = 1500;

export interface NodeLayer {
  readonly objects: Object3D[];
  /** Moves nodes to `positions` and sizes them by `radius` (world units; 0 hides a node). */
  place(positions: Float32Array, radius: Float32Array): void;
  paint(node: number, color: Color): void;
  /** Uploads painted colours. */
  flush(): void;
  /** Drawing-buffer height in pixels (sprites size themselves by it). */
  setViewport(heightPx: number, fovDegrees: number): void;
}

const SHAPES: Record<GraphNodeKind, () => BufferGeometry> = {
  domain: () => new DodecahedronGeometry(1, 0),
  service: () => new IcosahedronGeometry(1, 0),
  event: () => new OctahedronGeometry(1.1, 0),
  command: () => new BoxGeometry(1.5, 1.5, 1.5),
  query: () => new ConeGeometry(1.05, 1.8, 4),
  channel: () => new TorusGeometry(0.9, 0.35, 3, 6),
  system: () => new DodecahedronGeometry(1, 0),
  container: () => new CylinderGeometry(0.9, 0.9, 1.5, 10),
  agent: () => new IcosahedronGeometry(1, 1),
};

export function nodeLayer(graph: PositionedGraph): NodeLayer {
  return graph.nodes.length > SPRITE_NODES ? new NodeSprites(graph) : new NodeMeshes(graph);
}

interface Batch {
  readonly mesh: Mesh;
  readonly nodes: readonly number[];
  /** The shape's vertices (non-indexed) for a radius of 1. */
  readonly local: Float32Array;
}

class NodeMeshes implements NodeLayer {
  readonly objects: Mesh[] = [];
  private readonly batches: Batch[] = [];
  private readonly slots: { batch: Batch; slot: number }[] = [];
  constructor(graph: PositionedGraph) {
    for (const kind of NODE_KINDS) {
      const nodes = graph.nodes.flatMap((node, i) => (node.kind === kind ? [i] : []));
      if (!nodes.length) continue;
      const shape = SHAPES[kind]();
      const flat = shape.index ? shape.toNonIndexed() : shape;
      const local = Float32Array.from((flat.getAttribute('position') as BufferAttribute).array);
      const normal = (flat.getAttribute('normal') as BufferAttribute).array as Float32Array;
      const v = local.length;
      const normals = new Float32Array(nodes.length * v);
      for (let slot = 0; slot < nodes.length; slot++) normals.set(normal, slot * v);
      const geometry = new BufferGeometry();
      geometry.setAttribute('position', new BufferAttribute(new Float32Array(nodes.length * v), 3).setUsage(DynamicDrawUsage));
      geometry.setAttribute('normal', new BufferAttribute(normals, 3));
      geometry.setAttribute('color', new BufferAttribute(new Float32Array(nodes.length * v), 3).setUsage(DynamicDrawUsage));
      shape.dispose();
      const mesh = new Mesh(geometry, new MeshLambertMaterial({ vertexColors: true }));
      mesh.frustumCulled = false;
      mesh.name = kind;
      const batch = { mesh, nodes, local };
      nodes.forEach((node, slot) => (this.slots[node] = { batch, slot }));
      this.batches.push(batch);
      this.objects.push(mesh);
    }
  }

  place(p: Float32Array, radius: Float32Array): void {
    for (const { mesh, nodes, local } of this.batches) {
      const out = mesh.geometry.getAttribute('position') as BufferAttribute;
      const a = out.array as Float32Array, v = local.length;
      nodes.forEach((i, slot) => {
        const r = radius[i];
        const x = p[i * 3], y = p[i * 3 + 1], z = p[i * 3 + 2];
        for (let k = 0, o = slot * v; k < v; k += 3, o += 3) (a[o] = x + local[k] * r), (a[o + 1] = y + local[k + 1] * r), (a[o + 2] = z + local[k + 2] * r);
      });
      out.needsUpdate = true;
    }
  }

  paint(i: number, color: Color): void {
    const { batch, slot } = this.slots[i];
    const colors = batch.mesh.geometry.getAttribute('color') as BufferAttribute;
    const v = batch.local.length / 3;
    for (let k = slot * v; k < (slot + 1) * v; k++) colors.setXYZ(k, color.r, color.g, color.b);
  }

  flush(): void {
    for (const { mesh } of this.batches) (mesh.geometry.getAttribute('color') as BufferAttribute).needsUpdate = true;
  }

  setViewport(): void {}
}

const SPRITE_VERTEX = /* glsl */ `
  attribute vec3 aColor;
  attribute float aSize;
  attribute float aShape;
  uniform float uScale;
  varying vec3 vColor;
  varying float vShape;
  void main() {
    vec4 mv = modelViewMatrix * vec4(position, 1.0);
    gl_Position = aSize > 0.0 ? projectionMatrix * mv : vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = clamp(2.2 * aSize * uScale / -mv.z, 3.0, 256.0);
    vColor = aColor;
    vShape = aShape;
  }`;

/** Shapes by NODE_KINDS order: domain (pentagon-ish disc), service (circle), event (diamond), command (square), query (triangle), channel (ring); systems, data stores and agents are discs. */
const SPRITE_FRAGMENT = /* glsl */ `
  varying vec3 vColor;
  varying float vShape;
  void main() {
    vec2 p = gl_PointCoord * 2.0 - 1.0;
    p.y = -p.y;
    int s = int(vShape + 0.5);
    float d = length(p);
    if (s == 2) d = abs(p.x) + abs(p.y);
    else if (s == 3) d = max(abs(p.x), abs(p.y)) * 1.1;
    else if (s == 4) d = max(-p.y * 2.0, p.y + 1.732 * abs(p.x));
    else if (s == 5 && d < 0.5) discard;
    if (d > 1.0) discard;
    gl_FragColor = vec4(vColor * (1.0 - 0.3 * length(p)), 1.0);
  }`;

class NodeSprites implements NodeLayer {
  readonly objects: Points[];
  private readonly points: Points;
  private readonly material: ShaderMaterial;
  constructor(graph: PositionedGraph) {
    const n = graph.nodes.length;
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(new Float32Array(n * 3), 3).setUsage(DynamicDrawUsage));
    geometry.setAttribute('aColor', new BufferAttribute(new Float32Array(n * 3), 3).setUsage(DynamicDrawUsage));
    geometry.setAttribute('aSize', new BufferAttribute(new Float32Array(n), 1).setUsage(DynamicDrawUsage));
    geometry.setAttribute('aShape', new BufferAttribute(Float32Array.from(graph.nodes, (node) => NODE_KINDS.indexOf(node.kind)), 1));
    this.material = new ShaderMaterial({ uniforms: { uScale: { value: 400 } }, vertexShader: SPRITE_VERTEX, fragmentShader: SPRITE_FRAGMENT });
    this.points = new Points(geometry, this.material);
    this.points.frustumCulled = false;
    this.objects = [this.points];
  }

  place(p: Float32Array, radius: Float32Array): void {
    const position = this.points.geometry.getAttribute('position') as BufferAttribute;
    const size = this.points.geometry.getAttribute('aSize') as BufferAttribute;
    (position.array as Float32Array).set(p);
    (size.array as Float32Array).set(radius);
    position.needsUpdate = size.needsUpdate = true;
  }

  paint(i: number, color: Color): void {
    (this.points.geometry.getAttribute('aColor') as BufferAttribute).setXYZ(i, color.r, color.g, color.b);
  }

  flush(): void {
    (this.points.geometry.getAttribute('aColor') as BufferAttribute).needsUpdate = true;
  }

  setViewport(heightPx: number, fovDegrees: number): void {
    this.material.uniforms.uScale.value = heightPx / (2 * Math.tan((fovDegrees * Math.PI) / 360));
  }
}
