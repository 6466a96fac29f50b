/**
 * graph.json: the graph and its build-time layout in one compact, columnar document — written once per
 * build and fetched by the graph page and the compact views. Paths are stored without the base path,
 * which is written once.
 */
import { LINK_KINDS, NODE_KINDS, type GraphData, type GraphLink, type GraphNode } from './data.ts';

export const GRAPH_FORMAT = 'waybill-graph/1';

export interface GraphJson {
  format: typeof GRAPH_FORMAT;
  base: string;
  nodes: {
    /** Index into NODE_KINDS. */
    kind: number[];
    id: string[];
    /** Empty when the name is the id. */
    name: string[];
    version: string[];
    summary: string[];
    path: string[];
    domain: number[];
    degree: number[];
  };
  /** source, target, index into LINK_KINDS — three numbers per link. */
  links: number[];
  /** x, y, z per node, rounded to 0.1. */
  positions: number[];
}

/** A decoded graph with its positions (x, y, z per node). */
export interface PositionedGraph extends GraphData {
  readonly positions: Float32Array;
}

export function encodeGraph(data: GraphData, positions: ArrayLike<number>, base: string): GraphJson {
  const prefix = base.replace(/\/?$/, '');
  const n = data.nodes;
  return {
    format: GRAPH_FORMAT,
    base: `${prefix}/`,
    nodes: {
      kind: n.map((x) => NODE_KINDS.indexOf(x.kind)),
      id: n.map((x) => x.id.slice(x.kind.length + 1)),
      name: n.map((x) => (x.name === x.id.slice(x.kind.length + 1) ? '' : x.name)),
      version: n.map((x) => x.version),
      summary: n.map((x) => x.summary),
      path: n.map((x) => (x.url.startsWith(`${prefix}/`) ? x.url.slice(prefix.length) : x.url)),
      domain: n.map((x) => x.domain),
      degree: n.map((x) => x.degree),
    },
    links: data.links.flatMap((l) => [l.source, l.target, LINK_KINDS.indexOf(l.kind)]),
    positions: Array.from(positions, (v) => Math.round(v * 10) / 10),
  };
}

export function decodeGraph(json: GraphJson): PositionedGraph {
  if (json?.format !== GRAPH_FORMAT) throw new Error(`Not a Waybill graph (expected format ${GRAPH_FORMAT}).`);
  const c = json.nodes;
  const prefix = json.base.replace(/\/$/, '');
  const nodes = c.kind.map((k, i): GraphNode => {
    const kind = NODE_KINDS[k];
    return {
      id: `${kind}:${c.id[i]}`,
      kind,
      name: c.name[i] || c.id[i],
      version: c.version[i],
      summary: c.summary[i],
      url: c.path[i].startsWith('/') ? `${prefix}${c.path[i]}` : c.path[i],
      domain: c.domain[i],
      degree: c.degree[i],
    };
  });
  const links: GraphLink[] = [];
  for (let i = 0; i + 2 < json.links.length; i += 3) links.push({ source: json.links[i], target: json.links[i + 1], kind: LINK_KINDS[json.links[i + 2]] });
  return { nodes, links, positions: Float32Array.from(json.positions) };
}
