/**
 * Domain hulls as faint outlines: one camera-facing quad per domain, cut to a thin ring in the fragment
 * shader, all in one merged geometry (one draw call). An outline, not a fill, so overlapping domains do
 * not stack into a fog, and the fragments outside the ring are discarded early.
 */
import { BufferAttribute, BufferGeometry, Color, DynamicDrawUsage, Mesh, ShaderMaterial, type Sphere } from 'three';

const VERTEX = /* glsl */ `
  attribute vec2 aCorner;
  attribute float aRadius;
  varying vec2 vCorner;
  void main() {
    vec4 mv = modelViewMatrix * vec4(position, 1.0);
    mv.xy += aCorner * aRadius;
    vCorner = aCorner;
    // Hidden, or the camera is inside the hull (its ring would sweep across the view).
    bool drawn = aRadius > 0.0 && -mv.z > aRadius * 1.1;
    gl_Position = drawn ? projectionMatrix * mv : vec4(2.0, 2.0, 2.0, 1.0);
  }`;
const FRAGMENT = /* glsl */ `
  uniform vec3 uColor;
  uniform float uOpacity;
  varying vec2 vCorner;
  void main() {
    float d = length(vCorner);
    float w = fwidth(d) * 1.5;
    float ring = 1.0 - smoothstep(0.0, w, abs(d - (1.0 - w)));
    if (d > 1.0 || (ring <= 0.0 && d < 0.985)) discard;
    gl_FragColor = vec4(uColor, uOpacity * max(ring, 0.15));
  }`;

const CORNERS = [-1, -1, 1, -1, 1, 1, -1, 1];

export class HullOutlines {
  readonly mesh: Mesh;
  private readonly slots: number;

  constructor(slots: number, color: string) {
    this.slots = slots;
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(new Float32Array(slots * 12), 3).setUsage(DynamicDrawUsage));
    g.setAttribute('aRadius', new BufferAttribute(new Float32Array(slots * 4), 1).setUsage(DynamicDrawUsage));
    const corner = new Float32Array(slots * 8);
    const index: number[] = [];
    for (let k = 0; k < slots; k++) {
      corner.set(CORNERS, k * 8);
      index.push(k * 4, k * 4 + 1, k * 4 + 2, k * 4, k * 4 + 2, k * 4 + 3);
    }
    g.setAttribute('aCorner', new BufferAttribute(corner, 2));
    g.setIndex(index);
    const material = new ShaderMaterial({
      uniforms: { uColor: { value: new Color(color) }, uOpacity: { value: 0.55 } },
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      transparent: true,
      depthWrite: false,
    });
    this.mesh = new Mesh(g, material);
    this.mesh.frustumCulled = false;
    this.mesh.raycast = () => {};
    this.mesh.renderOrder = -1;
  }

  /** Sets slot `k` to a sphere (radius 0 hides it). */
  set(k: number, sphere: Sphere | null): void {
    if (k >= this.slots) return;
    const pos = this.mesh.geometry.getAttribute('position') as BufferAttribute;
    const radius = this.mesh.geometry.getAttribute('aRadius') as BufferAttribute;
    for (let v = 0; v < 4; v++) {
      if (sphere) pos.setXYZ(k * 4 + v, sphere.center.x, sphere.center.y, sphere.center.z);
      radius.setX(k * 4 + v, sphere ? sphere.radius : 0);
    }
    pos.needsUpdate = radius.needsUpdate = true;
  }

  setOpacity(opacity: number): void {
    (this.mesh.material as ShaderMaterial).uniforms.uOpacity.value = opacity;
  }
}
