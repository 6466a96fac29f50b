/**
 * How the graph draws each kind of node — colour, 3D shape and the legend's words — and how size
 * follows degree. One table for the 3D view, the 2D fallback and the legend.
 */
import type { GraphNodeKind } from './data.ts';

export interface KindEncoding {
  /** Hex colour (#rrggbb). */
  readonly color: string;
  /** The shape in 3D and the legend. */
  readonly shape: 'dodecahedron' | 'sphere' | 'octahedron' | 'cube' | 'tetrahedron' | 'ring' | 'cylinder';
  readonly label: string;
  /** The kind's plural, for filters and lists. */
  readonly plural: string;
}

export const KIND_ENCODING: Record<GraphNodeKind, KindEncoding> = {
  domain: { color: '#8b5cf6', shape: 'dodecahedron', label: 'Domain (its outline holds its members)', plural: 'Domains' },
  service: { color: '#2563eb', shape: 'sphere', label: 'Service', plural: 'Services' },
  event: { color: '#f59e0b', shape: 'octahedron', label: 'Event', plural: 'Events' },
  command: { color: '#dc2626', shape: 'cube', label: 'Command', plural: 'Commands' },
  query: { color: '#059669', shape: 'tetrahedron', label: 'Query', plural: 'Queries' },
  channel: { color: '#64748b', shape: 'ring', label: 'Channel', plural: 'Channels' },
  system: { color: '#0ea5e9', shape: 'dodecahedron', label: 'System (groups services and data stores)', plural: 'Systems' },
  container: { color: '#a16207', shape: 'cylinder', label: 'Data store', plural: 'Data stores' },
  agent: { color: '#db2777', shape: 'sphere', label: 'Agent', plural: 'Agents' },
};

/** Radius of a node: grows with the square root of its degree (flow edges), domains larger. */
export function nodeRadius(kind: GraphNodeKind, degree: number): number {
  return (kind === 'domain' ? 4 : kind === 'system' ? 3.3 : 2.6) * (1 + 0.3 * Math.sqrt(degree));
}
