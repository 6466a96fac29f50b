/**
 * Edges and their particles, two draw calls whatever the number of links: one LineSegments geometry for
 * every edge and one Points geometry for every particle. Particles move in the vertex shader from a time
 * uniform, so nothing is uploaded per frame. A link can carry several particles (the aggregated edges
 * of semantic zoom carry more the more messages they stand for). Each particle has a darker (light
 * theme) or lighter (dark theme) rim, so the direction of flow reads on either background.
 */
import { BufferAttribute, BufferGeometry, Color, DynamicDrawUsage, LineBasicMaterial, LineSegments, Points, ShaderMaterial } from 'three';

export interface FlowLink {
  readonly source: number;
  readonly target: number;
  /** Particles travelling along the link (1 for a plain edge). */
  readonly particles?: number;
  /** Particle size factor (1 for a plain edge). */
  readonly weight?: number;
}

const PARTICLE_VERTEX = /* glsl */ `
  attribute vec3 aEnd;
  attribute float aPhase;
  attribute float aShow;
  attribute float aSize;
  attribute vec3 aColor;
  uniform float uTime;
  uniform float uSize;
  varying vec3 vColor;
  void main() {
    float t = fract(uTime * 0.3 + aPhase);
    vec4 mv = modelViewMatrix * vec4(mix(position, aEnd, t), 1.0);
    vColor = aColor;
    // A hidden particle goes outside the clip volume: some rasterizers draw size-0 points as 1 px.
    gl_Position = aShow > 0.5 ? projectionMatrix * mv : vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = uSize * aSize * clamp(400.0 / -mv.z, 1.0, 1.6);
  }`;
const PARTICLE_FRAGMENT = /* glsl */ `
  uniform vec3 uRim;
  varying vec3 vColor;
  void main() {
    vec2 c = gl_PointCoord - 0.5;
    float d = dot(c, c);
    if (d > 0.25) discard;
    gl_FragColor = vec4(d > 0.16 ? uRim : vColor, 1.0);
  }`;

export class FlowLayer {
  readonly edges: LineSegments;
  readonly particles: Points;
  private readonly material: ShaderMaterial;
  private links: readonly FlowLink[] = [];
  /** The link of each particle. */
  private linkOf = new Int32Array(0);

  constructor(links: readonly FlowLink[], options: { size?: number } = {}) {
    this.edges = new LineSegments(new BufferGeometry(), new LineBasicMaterial({ vertexColors: true }));
    this.material = new ShaderMaterial({
      uniforms: { uTime: { value: 0 }, uSize: { value: options.size ?? 6 }, uRim: { value: new Color('#1e293b') } },
      vertexShader: PARTICLE_VERTEX,
      fragmentShader: PARTICLE_FRAGMENT,
    });
    this.particles = new Points(new BufferGeometry(), this.material);
    for (const o of [this.edges, this.particles]) {
      o.frustumCulled = false;
      o.raycast = () => {};
    }
    this.setLinks(links);
  }

  get count(): number {
    return this.links.length;
  }

  link(k: number): FlowLink {
    return this.links[k];
  }

  /** Replaces the links (geometry reallocated); place and paint them next. */
  setLinks(links: readonly FlowLink[]): void {
    this.links = links;
    const m = links.length;
    const total = links.reduce((s, l) => s + (l.particles ?? 1), 0);
    this.linkOf = new Int32Array(total);
    const phase = new Float32Array(total), size = new Float32Array(total);
    let p = 0;
    links.forEach((l, k) => {
      const n = l.particles ?? 1;
      for (let j = 0; j < n; j++, p++) {
        this.linkOf[p] = k;
        phase[p] = ((k * 0.618034) % 1) + j / n;
        size[p] = l.weight ?? 1;
      }
    });
    this.edges.geometry.dispose();
    const edges = new BufferGeometry();
    edges.setAttribute('position', new BufferAttribute(new Float32Array(m * 6), 3).setUsage(DynamicDrawUsage));
    edges.setAttribute('color', new BufferAttribute(new Float32Array(m * 6), 3).setUsage(DynamicDrawUsage));
    this.edges.geometry = edges;
    this.particles.geometry.dispose();
    const points = new BufferGeometry();
    points.setAttribute('position', new BufferAttribute(new Float32Array(total * 3), 3).setUsage(DynamicDrawUsage));
    points.setAttribute('aEnd', new BufferAttribute(new Float32Array(total * 3), 3).setUsage(DynamicDrawUsage));
    points.setAttribute('aPhase', new BufferAttribute(phase, 1));
    points.setAttribute('aSize', new BufferAttribute(size, 1));
    points.setAttribute('aShow', new BufferAttribute(new Float32Array(total), 1).setUsage(DynamicDrawUsage));
    points.setAttribute('aColor', new BufferAttribute(new Float32Array(total * 3), 3).setUsage(DynamicDrawUsage));
    this.particles.geometry = points;
  }

  /** Moves every edge and particle to `positions`; a link with a hidden end (`shown` 0) collapses to a point. */
  place(positions: Float32Array, shown: Uint8Array): void {
    const edgePos = this.edges.geometry.getAttribute('position') as BufferAttribute;
    const start = this.particles.geometry.getAttribute('position') as BufferAttribute;
    const end = this.particles.geometry.getAttribute('aEnd') as BufferAttribute;
    const ends = (k: number): [number, number] => {
      const l = this.links[k];
      return [l.source * 3, (shown[l.source] && shown[l.target] ? l.target : l.source) * 3];
    };
    const p = positions;
    for (let k = 0; k < this.links.length; k++) {
      const [s, t] = ends(k);
      edgePos.setXYZ(k * 2, p[s], p[s + 1], p[s + 2]);
      edgePos.setXYZ(k * 2 + 1, p[t], p[t + 1], p[t + 2]);
    }
    for (let q = 0; q < this.linkOf.length; q++) {
      const [s, t] = ends(this.linkOf[q]);
      start.setXYZ(q, p[s], p[s + 1], p[s + 2]);
      end.setXYZ(q, p[t], p[t + 1], p[t + 2]);
    }
    edgePos.needsUpdate = start.needsUpdate = end.needsUpdate = true;
  }

  /** Colours link `k` and its particles; `moving` false hides its particles. */
  paint(k: number, edge: Color, particle: Color, moving: boolean): void {
    const colors = this.edges.geometry.getAttribute('color') as BufferAttribute;
    colors.setXYZ(k * 2, edge.r, edge.g, edge.b);
    colors.setXYZ(k * 2 + 1, edge.r, edge.g, edge.b);
    this.particleColor[k] = [particle.r, particle.g, particle.b, moving ? 1 : 0];
  }

  private particleColor: [number, number, number, number][] = [];

  /** Uploads what `paint` set. */
  flush(): void {
    const pColor = this.particles.geometry.getAttribute('aColor') as BufferAttribute;
    const show = this.particles.geometry.getAttribute('aShow') as BufferAttribute;
    for (let q = 0; q < this.linkOf.length; q++) {
      const [r, g, b, on] = this.particleColor[this.linkOf[q]] ?? [0, 0, 0, 0];
      pColor.setXYZ(q, r, g, b);
      show.setX(q, on);
    }
    (this.edges.geometry.getAttribute('color') as BufferAttribute).needsUpdate = true;
    pColor.needsUpdate = show.needsUpdate = true;
  }

  setTime(seconds: number): void {
    this.material.uniforms.uTime.value = seconds;
  }

  /** Point size in drawing-buffer pixels, and the rim colour that stands out on the background. */
  setStyle(sizePx: number, rim: Color): void {
    this.material.uniforms.uSize.value = sizePx;
    (this.material.uniforms.uRim.value as Color).copy(rim);
  }

  set visible(on: boolean) {
    this.particles.visible = on;
  }

  dispose(): void {
    this.edges.geometry.dispose();
    this.particles.geometry.dispose();
    (this.edges.material as LineBasicMaterial).dispose();
    this.material.dispose();
  }
}
