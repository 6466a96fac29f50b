/**
 * The 3D scene of the graph (three.js): one mesh per node shape holding every node of that kind,
 * translucent hulls for domains, one LineSegments geometry for every edge and one Points geometry for
 * every particle — particles move in the vertex shader from a time uniform, so nothing is uploaded per
 * frame and draw calls do not grow with the node count.
 *
 * Nodes are baked into one merged geometry per kind rather than drawn as an InstancedMesh: software
 * WebGL (SwiftShader) runs an instanced draw instance by instance, which made 5,000 nodes cost
 * ~150 ms a frame; the merged geometry is one batch, rewritten only when the layout or the filters
 * change. Picking is a ray–sphere test per node, which needs no triangles.
 */
import {
  AmbientLight, BoxGeometry, BufferAttribute, BufferGeometry, Color, ConeGeometry, DirectionalLight, DodecahedronGeometry,
  DynamicDrawUsage, IcosahedronGeometry, InstancedMesh, LineBasicMaterial, LineSegments, Matrix4, Mesh, MeshBasicMaterial,
  MeshLambertMaterial, OctahedronGeometry, PerspectiveCamera, Points, Quaternion, Ray, Scene, ShaderMaterial, Sphere, TorusGeometry,
  Vector3, type BufferGeometry as Geometry,
} from 'three';
import { NODE_KINDS, type GraphNodeKind } from '../data.ts';
import { KIND_ENCODING, nodeRadius } from '../encoding.ts';
import type { PositionedGraph } from '../wire.ts';
import type { Highlight } from '../view-state.ts';

const SHAPES: Record<GraphNodeKind, () => Geometry> = {
  domain: () => new DodecahedronGeometry(1, 0),
  service: () => new IcosahedronGeometry(1, 0),
  event: () => new OctahedronGeometry(1.1, 0),
  command: () => new BoxGeometry(1.5, 1.5, 1.5),
  query: () => new ConeGeometry(1.05, 1.8, 4),
  channel: () => new TorusGeometry(0.9, 0.35, 3, 6),
};

const MAX_HULLS = 24;

const PARTICLE_VERTEX = /* glsl */ `
  attribute vec3 aEnd;
  attribute float aPhase;
  attribute float aShow;
  attribute vec3 aColor;
  uniform float uTime;
  uniform float uSize;
  varying vec3 vColor;
  void main() {
    float t = fract(uTime * 0.35 + aPhase);
    vec4 mv = modelViewMatrix * vec4(mix(position, aEnd, t), 1.0);
    vColor = aColor;
    // A hidden particle goes outside the clip volume: some rasterizers draw size-0 points as 1 px.
    gl_Position = aShow > 0.5 ? projectionMatrix * mv : vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = uSize * clamp(300.0 / -mv.z, 1.0, 2.0);
  }`;
const PARTICLE_FRAGMENT = /* glsl */ `
  varying vec3 vColor;
  void main() {
    vec2 c = gl_PointCoord - 0.5;
    if (dot(c, c) > 0.25) discard;
    gl_FragColor = vec4(vColor, 1.0);
  }`;

export class GraphScene {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(50, 1, 0.5, 20000);
  /** One mesh per node kind. */
  readonly meshes: Mesh[] = [];
  private readonly batches: NodeBatch[] = [];
  /** Batch and slot of each node. */
  private readonly slots: { batch: NodeBatch; slot: number }[] = [];
  private readonly hulls: InstancedMesh;
  private readonly hullOf: number[] = [];
  private readonly flow: { source: number; target: number; kind: string }[];
  private readonly edges: LineSegments;
  private readonly particles: Points;
  private readonly particleMaterial: ShaderMaterial;
  private positions: Float32Array;
  private shown: Uint8Array;
  private background = new Color('#ffffff');

  readonly graph: PositionedGraph;

  constructor(graph: PositionedGraph) {
    this.graph = graph;
    this.positions = graph.positions;
    const n = graph.nodes.length;
    this.shown = new Uint8Array(n).fill(1);
    this.scene.add(new AmbientLight(0xffffff, 1.6));
    const light = new DirectionalLight(0xffffff, 1.8);
    light.position.set(0.4, 1, 0.6);
    this.camera.add(light);
    this.scene.add(this.camera);

    for (const kind of NODE_KINDS) {
      const list = graph.nodes.flatMap((node, i) => (node.kind === kind ? [i] : []));
      if (!list.length) continue;
      const batch = nodeBatch(SHAPES[kind](), list);
      batch.mesh.name = kind;
      list.forEach((node, slot) => (this.slots[node] = { batch, slot }));
      this.batches.push(batch);
      this.meshes.push(batch.mesh);
      this.scene.add(batch.mesh);
    }

    const domains = graph.nodes.flatMap((node, i) => (node.kind === 'domain' ? [i] : []));
    this.hulls = new InstancedMesh(new IcosahedronGeometry(1, 2), new MeshBasicMaterial({ color: KIND_ENCODING.domain.color, transparent: true, opacity: 0.045, depthWrite: false }), Math.max(1, domains.length));
    this.hulls.count = domains.length;
    this.hulls.raycast = () => {};
    this.hullOf.push(...domains);
    this.scene.add(this.hulls);

    this.flow = graph.links.filter((l) => l.kind !== 'contains');
    const m = this.flow.length;
    const edgeGeometry = new BufferGeometry();
    edgeGeometry.setAttribute('position', new BufferAttribute(new Float32Array(m * 6), 3).setUsage(DynamicDrawUsage));
    edgeGeometry.setAttribute('color', new BufferAttribute(new Float32Array(m * 6), 3).setUsage(DynamicDrawUsage));
    this.edges = new LineSegments(edgeGeometry, new LineBasicMaterial({ vertexColors: true }));
    this.edges.frustumCulled = false;
    this.edges.raycast = () => {};
    this.scene.add(this.edges);

    const particleGeometry = new BufferGeometry();
    const phase = new Float32Array(m);
    for (let i = 0; i < m; i++) phase[i] = (i * 0.618034) % 1;
    particleGeometry.setAttribute('position', new BufferAttribute(new Float32Array(m * 3), 3).setUsage(DynamicDrawUsage));
    particleGeometry.setAttribute('aEnd', new BufferAttribute(new Float32Array(m * 3), 3).setUsage(DynamicDrawUsage));
    particleGeometry.setAttribute('aPhase', new BufferAttribute(phase, 1));
    particleGeometry.setAttribute('aShow', new BufferAttribute(new Float32Array(m), 1).setUsage(DynamicDrawUsage));
    particleGeometry.setAttribute('aColor', new BufferAttribute(new Float32Array(m * 3), 3).setUsage(DynamicDrawUsage));
    this.particleMaterial = new ShaderMaterial({
      uniforms: { uTime: { value: 0 }, uSize: { value: 3 } },
      vertexShader: PARTICLE_VERTEX,
      fragmentShader: PARTICLE_FRAGMENT,
    });
    this.particles = new Points(particleGeometry, this.particleMaterial);
    this.particles.frustumCulled = false;
    this.particles.raycast = () => {};
    this.scene.add(this.particles);

    this.setPositions(this.positions);
  }

  /** The nearest shown node a ray passes through (its bounding sphere), or -1. */
  pick(ray: Ray): number {
    let best = -1, bestT = Infinity;
    const o = ray.origin, d = ray.direction, p = this.positions;
    this.graph.nodes.forEach((node, i) => {
      if (!this.shown[i]) return;
      const x = p[i * 3] - o.x, y = p[i * 3 + 1] - o.y, z = p[i * 3 + 2] - o.z;
      const t = x * d.x + y * d.y + z * d.z;
      const r = nodeRadius(node.kind, node.degree) * 1.1;
      if (t > 0 && t < bestT && x * x + y * y + z * z - t * t < r * r) (best = i), (bestT = t);
    });
    return best;
  }

  position(i: number, out = new Vector3()): Vector3 {
    return out.set(this.positions[i * 3], this.positions[i * 3 + 1], this.positions[i * 3 + 2]);
  }

  /** The sphere around the given nodes (all when absent); `share` < 1 leaves out the farthest outliers. */
  bounds(nodes?: Iterable<number>, share = 1): Sphere {
    const points: Vector3[] = [];
    for (const i of nodes ?? this.graph.nodes.keys()) points.push(this.position(i));
    const sphere = new Sphere().setFromPoints(points.length ? points : [new Vector3()]);
    if (share < 1 && points.length > 4) {
      const d = points.map((p) => p.distanceTo(sphere.center)).sort((a, b) => a - b);
      sphere.radius = d[Math.min(d.length - 1, Math.floor(d.length * share))];
    }
    return sphere;
  }

  setParticleTime(seconds: number): void {
    this.particleMaterial.uniforms.uTime.value = seconds;
  }

  set particlesOn(on: boolean) {
    this.particles.visible = on;
  }

  setBackground(css: string): void {
    this.background = new Color(css);
  }

  /** Moves every node, hull, edge and particle to new positions (x, y, z per node). */
  setPositions(positions: Float32Array): void {
    this.positions = positions;
    this.writeMatrices();
    const edgePos = this.edges.geometry.getAttribute('position') as BufferAttribute;
    const start = this.particles.geometry.getAttribute('position') as BufferAttribute;
    const end = this.particles.geometry.getAttribute('aEnd') as BufferAttribute;
    this.flow.forEach((l, k) => {
      const hide = !this.shown[l.source] || !this.shown[l.target];
      const s = l.source * 3, t = (hide ? l.source : l.target) * 3;
      edgePos.setXYZ(k * 2, positions[s], positions[s + 1], positions[s + 2]);
      edgePos.setXYZ(k * 2 + 1, positions[t], positions[t + 1], positions[t + 2]);
      start.setXYZ(k, positions[s], positions[s + 1], positions[s + 2]);
      end.setXYZ(k, positions[t], positions[t + 1], positions[t + 2]);
    });
    edgePos.needsUpdate = start.needsUpdate = end.needsUpdate = true;
  }

  private writeMatrices(): void {
    const matrix = new Matrix4(), q = new Quaternion(), s = new Vector3();
    const p = this.positions;
    for (const batch of this.batches) {
      const out = batch.mesh.geometry.getAttribute('position') as BufferAttribute;
      const a = out.array as Float32Array, local = batch.local, v = local.length / 3;
      batch.nodes.forEach((i, slot) => {
        const node = this.graph.nodes[i];
        const r = this.shown[i] ? nodeRadius(node.kind, node.degree) : 0;
        const x = p[i * 3], y = p[i * 3 + 1], z = p[i * 3 + 2];
        for (let k = 0, o = slot * v * 3; k < v * 3; k += 3, o += 3) (a[o] = x + local[k] * r), (a[o + 1] = y + local[k + 1] * r), (a[o + 2] = z + local[k + 2] * r);
      });
      out.needsUpdate = true;
    }
    // A domain's hull: the sphere around its shown members.
    const members: number[][] = this.hullOf.map(() => []);
    const slotOf = new Map(this.hullOf.map((d, k) => [d, k]));
    this.graph.nodes.forEach((node, i) => {
      for (let d = node.domain, guard = 0; d !== -1 && guard < 32; d = this.graph.nodes[d].domain, guard++) {
        if (this.shown[i] && slotOf.has(d)) members[slotOf.get(d) as number].push(i);
      }
    });
    // Many hulls overlap into a fog that costs software rendering dearly: past MAX_HULLS none are drawn
    // until a filter narrows the view.
    const drawn = this.hullOf.filter((d, k) => this.shown[d] && members[k].length).length <= MAX_HULLS;
    this.hullOf.forEach((d, k) => {
      const sphere = this.bounds(drawn && members[k].length ? [...members[k], d] : []);
      const r = drawn && this.shown[d] && members[k].length ? sphere.radius + 4 : 0;
      this.hulls.setMatrixAt(k, matrix.compose(sphere.center, q, s.set(r, r, r)));
    });
    this.hulls.instanceMatrix.needsUpdate = true;
  }

  /** Shows, lights and dims nodes, edges and particles. */
  apply(h: Highlight): void {
    this.shown = h.visible;
    const base = new Color(), dim = new Color(), c = new Color();
    const edgeNormal = new Color('#94a3b8'), edgeLit = new Color('#f97316');
    this.graph.nodes.forEach((node, i) => {
      base.set(KIND_ENCODING[node.kind].color);
      dim.copy(base).lerp(this.background, 0.82);
      const { batch, slot } = this.slots[i];
      const colors = batch.mesh.geometry.getAttribute('color') as BufferAttribute;
      const v = batch.local.length / 3, shade = h.lit && !h.lit[i] ? dim : base;
      for (let k = slot * v; k < (slot + 1) * v; k++) colors.setXYZ(k, shade.r, shade.g, shade.b);
      colors.needsUpdate = true;
    });
    const colors = this.edges.geometry.getAttribute('color') as BufferAttribute;
    const pColor = this.particles.geometry.getAttribute('aColor') as BufferAttribute;
    const show = this.particles.geometry.getAttribute('aShow') as BufferAttribute;
    this.flow.forEach((l, k) => {
      const lit = h.lit ? h.lit[l.source] && h.lit[l.target] : 1;
      c.copy(h.lit ? (lit ? edgeLit : edgeNormal.clone().lerp(this.background, 0.85)) : edgeNormal);
      colors.setXYZ(k * 2, c.r, c.g, c.b);
      colors.setXYZ(k * 2 + 1, c.r, c.g, c.b);
      const message = this.graph.nodes[l.kind === 'sends' ? l.target : l.source];
      c.set(h.lit && lit ? '#f97316' : KIND_ENCODING[message.kind].color);
      pColor.setXYZ(k, c.r, c.g, c.b);
      show.setX(k, h.visible[l.source] && h.visible[l.target] && lit ? 1 : 0);
    });
    colors.needsUpdate = pColor.needsUpdate = show.needsUpdate = true;
    this.setPositions(this.positions);
  }

  dispose(): void {
    this.scene.traverse((o) => {
      const x = o as { geometry?: BufferGeometry; material?: { dispose(): void } };
      x.geometry?.dispose();
      x.material?.dispose();
    });
  }
}

interface NodeBatch {
  readonly mesh: Mesh;
  /** The nodes in the batch, in slot order. */
  readonly nodes: readonly number[];
  /** The shape's vertices (non-indexed), x, y, z each, for a radius of 1. */
  readonly local: Float32Array;
}

/** One merged geometry holding a shape per node: normals copied once, positions and colours rewritten on change. */
function nodeBatch(shape: Geometry, nodes: number[]): NodeBatch {
  const flat = shape.index ? shape.toNonIndexed() : shape;
  const local = Float32Array.from((flat.getAttribute('position') as BufferAttribute).array);
  const normal = (flat.getAttribute('normal') as BufferAttribute).array as Float32Array;
  const v = local.length / 3;
  const normals = new Float32Array(nodes.length * v * 3);
  for (let slot = 0; slot < nodes.length; slot++) normals.set(normal, slot * v * 3);
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(new Float32Array(nodes.length * v * 3), 3).setUsage(DynamicDrawUsage));
  geometry.setAttribute('normal', new BufferAttribute(normals, 3));
  geometry.setAttribute('color', new BufferAttribute(new Float32Array(nodes.length * v * 3), 3).setUsage(DynamicDrawUsage));
  shape.dispose();
  const mesh = new Mesh(geometry, new MeshLambertMaterial({ vertexColors: true }));
  mesh.frustumCulled = false;
  return { mesh, nodes, local };
}
