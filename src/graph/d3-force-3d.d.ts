/** The part of d3-force-3d (which ships no types) that the layout uses. */
declare module 'd3-force-3d' {
  export interface SimulationNode {
    index?: number;
    x?: number;
    y?: number;
    z?: number;
    vx?: number;
    vy?: number;
    vz?: number;
    fx?: number | null;
    fy?: number | null;
    fz?: number | null;
  }
  // The accessors are typed by the caller; d3 passes whatever the node or link objects are.
  type Accessor = number | ((...args: any[]) => number);
  export interface Force {
    (alpha: number): void;
  }
  export interface Simulation {
    tick(iterations?: number): Simulation;
    stop(): Simulation;
    restart(): Simulation;
    alpha(): number;
    alpha(value: number): Simulation;
    alphaMin(value: number): Simulation;
    alphaDecay(value: number): Simulation;
    alphaTarget(value: number): Simulation;
    velocityDecay(value: number): Simulation;
    randomSource(random: () => number): Simulation;
    force(name: string, force: Force | null): Simulation;
    nodes(): SimulationNode[];
  }
  export interface LinkForce extends Force {
    distance(value: Accessor): LinkForce;
    strength(value: Accessor): LinkForce;
    iterations(value: number): LinkForce;
  }
  export interface ManyBodyForce extends Force {
    strength(value: Accessor): ManyBodyForce;
    distanceMax(value: number): ManyBodyForce;
    distanceMin(value: number): ManyBodyForce;
    theta(value: number): ManyBodyForce;
  }
  export interface CenterForce extends Force {
    strength(value: number): CenterForce;
  }
  export function forceSimulation(nodes: SimulationNode[], numDimensions?: number): Simulation;
  export function forceLink(links: object[]): LinkForce;
  export function forceManyBody(): ManyBodyForce;
  export function forceCenter(x?: number, y?: number, z?: number): CenterForce;
}
