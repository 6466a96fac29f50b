/**
 * The event-flow graph of a catalog: one node per latest domain, service, message and channel, and the
 * edges state flows along — service → message (sends), message → service (receives), message → channel
 * (on), service or agent → data store (writes), data store → service or agent (reads) — plus domain →
 * service, system, subdomain and system → service, data store (contains), which place nodes in their domain.
 * Pure: built from the one catalog model (through the site's index, so domain membership and URLs are
 * the site's own), read by the build-time layout, the graph.json endpoint and the tests.
 */
import type { Agent, Domain, Message, MessageLink, Resource, Service, System } from '../catalog/model.ts';
import { isMessageKind } from '../catalog/model.ts';
import { resourcePath } from '../site/paths.ts';
import type { SiteIndex } from '../site/site-index.ts';

export const NODE_KINDS = ['domain', 'service', 'event', 'command', 'query', 'channel', 'system', 'container', 'agent'] as const;
export type GraphNodeKind = (typeof NODE_KINDS)[number];

/**
 * `sends`: service or agent → message; `receives`: message → service or agent; `on`: message → channel;
 * `contains`: domain → service, system or subdomain, system → service or data store; `writes`: service or
 * agent → data store (`writesTo`); `reads`: data store → service or agent (`readsFrom`, the way data flows).
 */
export const LINK_KINDS = ['sends', 'receives', 'on', 'contains', 'writes', 'reads'] as const;
export type GraphLinkKind = (typeof LINK_KINDS)[number];

export interface GraphNode {
  /** `kind:id` — stable across versions, used in URLs (`?focus=event:StoreCreated`). */
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly name: string;
  /** The latest version. */
  readonly version: string;
  readonly summary: string;
  /** The node's page, base path included. */
  readonly url: string;
  /** Index of the node of the (innermost) domain this node belongs to, or -1. */
  readonly domain: number;
  /** Number of flow edges (sends, receives, on) at this node. */
  readonly degree: number;
}

export interface GraphLink {
  readonly source: number;
  readonly target: number;
  readonly kind: GraphLinkKind;
}

export interface GraphData {
  readonly nodes: readonly GraphNode[];
  readonly links: readonly GraphLink[];
}

export interface GraphOptions {
  /** Base path of the site (`/` or `/catalog/`). */
  base?: string;
}

const SUMMARY_CHARS = 200;

/** Builds the graph of the latest versions of a catalog's domains, services, messages and channels. */
export function buildGraph(site: SiteIndex, options: GraphOptions = {}): GraphData {
  const base = (options.base ?? '/').replace(/\/?$/, '');
  const catalog = site.catalog;
  const resources: Resource[] = NODE_KINDS.flatMap((kind) => [...site.latest(kind)].sort((a, b) => compare(a.id, b.id)));
  const index = new Map<string, number>();
  resources.forEach((r, i) => index.set(nodeId(r), i));
  /** Node index of the latest version of whatever a key names. */
  const nodeOf = (key: string | undefined): number | undefined => {
    const r = site.latestOf(catalog.get(key));
    return r ? index.get(nodeId(r)) : undefined;
  };

  const links: GraphLink[] = [];
  const seen = new Set<string>();
  const link = (source: number | undefined, target: number | undefined, kind: GraphLinkKind) => {
    if (source === undefined || target === undefined || source === target) return;
    const k = `${source} ${target} ${kind}`;
    if (seen.has(k)) return;
    seen.add(k);
    links.push({ source, target, kind });
  };
  const onChannels = (message: number | undefined, l: MessageLink) => {
    for (const c of l.channels) link(message, nodeOf(c.target), 'on');
  };

  for (const r of resources) {
    const self = index.get(nodeId(r));
    if (r.kind === 'service' || r.kind === 'agent') {
      for (const l of (r as Service | Agent).writesTo) link(self, nodeOf(l.target), 'writes');
      for (const l of (r as Service | Agent).readsFrom) link(nodeOf(l.target), self, 'reads');
      for (const l of (r as Service).sends) {
        const m = nodeOf(l.target);
        link(self, m, 'sends');
        onChannels(m, l);
      }
      for (const l of (r as Service).receives) {
        const m = nodeOf(l.target);
        link(m, self, 'receives');
        onChannels(m, l);
      }
    } else if (isMessageKind(r.kind)) {
      for (const c of (r as Message).channels) link(self, nodeOf(c.target), 'on');
    }
  }

  // Domain membership: the site's (folders and domains' `services` lists); a message outside any domain
  // folder joins its first producer's (else consumer's) domain, a channel the domain most of its messages share.
  const domainIndex = (id: string | undefined) => (id === undefined ? -1 : (index.get(`domain:${id}`) ?? -1));
  const domain = resources.map((r) => (r.kind === 'domain' ? domainIndex(parentId(site, r as Domain)) : domainIndex(site.domainIdOf(r))));
  const flowLinks = links.filter((l) => l.kind !== 'contains');
  const systemIndex = (key: string | undefined) => nodeOf(key);
  for (const kind of ['sends', 'receives'] as const) {
    for (const l of flowLinks) {
      if (l.kind !== kind) continue;
      const [service, message] = kind === 'sends' ? [l.source, l.target] : [l.target, l.source];
      if (domain[message] === -1) domain[message] = domain[service];
    }
  }
  for (let i = 0; i < resources.length; i++) {
    if (resources[i].kind !== 'channel' || domain[i] !== -1) continue;
    domain[i] = mostCommon(flowLinks.filter((l) => l.kind === 'on' && l.target === i).map((l) => domain[l.source]).filter((d) => d !== -1));
  }
  resources.forEach((r, i) => {
    const system = r.kind === 'system' ? nodeOf((r as System).parent) : systemIndex(r.system);
    if (system !== undefined && (r.kind === 'service' || r.kind === 'container' || r.kind === 'system')) {
      link(system, i, 'contains');
      if (domain[i] === -1) domain[i] = domain[system];
    } else if ((r.kind === 'service' || r.kind === 'domain' || r.kind === 'system' || r.kind === 'agent' || r.kind === 'container') && domain[i] !== -1) link(domain[i], i, 'contains');
  });

  const degree = new Array<number>(resources.length).fill(0);
  for (const l of links) if (l.kind !== 'contains') (degree[l.source]++, degree[l.target]++);

  const nodes = resources.map((r, i): GraphNode => ({
    id: nodeId(r),
    kind: r.kind as GraphNodeKind,
    name: r.name || r.id,
    version: r.version,
    summary: clip(r.summary.replace(/\s+/g, ' ').trim(), SUMMARY_CHARS),
    url: `${base}${resourcePath({ kind: r.kind, id: r.id, version: r.version, isLatest: true })}`,
    domain: domain[i],
    degree: degree[i],
  }));
  return { nodes, links: links.sort((a, b) => a.source - b.source || a.target - b.target || compare(a.kind, b.kind)) };
}

/** The graph id of a resource: `kind:id`. */
export function nodeId(r: Pick<Resource, 'kind' | 'id'>): string {
  return `${r.kind}:${r.id}`;
}

function parentId(site: SiteIndex, d: Domain): string | undefined {
  return d.parent ? site.catalog.get(d.parent)?.id : undefined;
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  let best = -1;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (best === -1 || n > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
