/**
 * The 3D scene of the graph (three.js): the nodes (node-layers.ts: a merged mesh per kind, or sprites
 * for large graphs), translucent hulls for domains, one LineSegments geometry for every edge and one
 * Points geometry for every particle — particles move in the vertex shader from a time uniform, so
 * nothing is uploaded per frame and draw calls do not grow with the node count.
 */
import {
  AmbientLight, BufferAttribute, BufferGeometry, Color, DirectionalLight, DynamicDrawUsage, IcosahedronGeometry, InstancedMesh,
  LineBasicMaterial, LineSegments, Matrix4, MeshBasicMaterial, PerspectiveCamera, Points, Quaternion, Ray, Scene, ShaderMaterial,
  Sphere, Vector3,
} from 'three';
import { KIND_ENCODING, nodeRadius } from '../encoding.ts';
import type { PositionedGraph } from '../wire.ts';
import type { Highlight } from '../view-state.ts';
import { nodeLayer, type NodeLayer } from './node-layers.ts';

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
  private readonly nodes: NodeLayer;
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

    this.nodes = nodeLayer(graph);
    this.scene.add(...this.nodes.objects);

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

  /** The drawing buffer's height in pixels (sprite sizes follow it). */
  setViewport(heightPx: number): void {
    this.nodes.setViewport(heightPx, this.camera.fov);
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
    this.nodes.place(this.positions, this.shown);
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
      this.nodes.paint(i, h.lit && !h.lit[i] ? dim : base);
    });
    this.nodes.flush();
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

