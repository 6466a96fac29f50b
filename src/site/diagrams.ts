/**
 * Mermaid sources for the site's diagrams: a domain's context map, a service's neighbourhood, a
 * message's producers and consumers, a flow as a sequence diagram and as a flowchart. Catalog text only
 * enters diagrams as escaped labels; nodes link to their pages. Large graphs are capped, with a note.
 */
import type { Agent, Domain, Flow, FlowStep, Message, Resource, Service } from '../catalog/model.ts';
import { isMessageKind } from '../catalog/model.ts';
import { pageHref } from './paths.ts';
import type { SiteIndex } from './site-index.ts';

const MAX_EDGES = 60;

/** Escapes text for a quoted mermaid label (flowchart node or edge). */
export function label(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/[[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`)
    .slice(0, 120);
}

/** Escapes free text in a sequence diagram (participant aliases, message text). */
function seqText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/#/g, '#35;').replace(/;/g, '#59;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/:/g, '#58;').slice(0, 120);
}

/** A mermaid flowchart whose nodes are catalog resources (linked to their pages) or plain labels. */
export class Flowchart {
  readonly #nodes = new Map<string, string>();
  readonly #lines: string[] = [];
  readonly #clicks: string[] = [];
  readonly #classes: string[] = [];
  #edges = 0;
  #dropped = 0;
  #groups = 0;
  readonly direction: string;

  constructor(direction = 'LR') {
    this.direction = direction;
  }

  node(r: Resource | undefined, fallback?: string, shape: 'box' | 'round' | 'stadium' = 'box'): string {
    const key = r?.key ?? `x:${fallback}`;
    let id = this.#nodes.get(key);
    if (!id) {
      id = `n${this.#nodes.size}`;
      this.#nodes.set(key, id);
      const text = label(r ? r.name : (fallback ?? '?'));
      const [open, close] = shape === 'round' ? ['("', '")'] : shape === 'stadium' ? ['(["', '"])'] : ['["', '"]'];
      this.#lines.push(`  ${id}${open}${text}${close}`);
      if (r) {
        this.#clicks.push(`  click ${id} href "${pageHref(r).replace(/"/g, '%22')}"`);
        this.#classes.push(`  class ${id} ${isMessageKind(r.kind) ? 'message' : r.kind}`);
      }
    }
    return id;
  }

  edge(from: string, to: string, text?: string): void {
    if (this.#edges >= MAX_EDGES) {
      this.#dropped++;
      return;
    }
    this.#edges++;
    this.#lines.push(text ? `  ${from} -->|"${label(text)}"| ${to}` : `  ${from} --> ${to}`);
  }

  /** A titled box around the nodes `body` adds; returns its id (edges may start or end at it). */
  group(title: string, body: () => void): string {
    const id = `g${this.#groups++}`;
    // Parentheses are safe inside a quoted title, and mermaid shows entities there literally.
    this.#lines.push(`  subgraph ${id}["${label(title).replace(/#40;/g, '(').replace(/#41;/g, ')')}"]`);
    body();
    this.#lines.push('  end');
    return id;
  }

  get dropped(): number {
    return this.#dropped;
  }

  toString(): string {
    return [`flowchart ${this.direction}`, ...this.#lines, ...this.#clicks, ...this.#classes].join('\n');
  }
}

/** A diagram and how many edges were left out of it. */
export interface Diagram {
  source: string;
  omitted: number;
}

/**
 * A domain's context map: its services grouped by subdomain, and the messages that cross a boundary —
 * between its subdomains, and to and from other domains (their services grouped by domain). A domain
 * without subdomains also shows the messages between its own services. Messages between the same two
 * services share one edge.
 */
export function contextMap(site: SiteIndex, domain: Domain): Diagram {
  const chart = new Flowchart('LR');
  const groups = new Map<string, string>();
  const children = site.subdomains(domain);
  for (const sub of children) for (const s of site.servicesOf(sub, true)) groups.set(s.key, sub.name);
  const services = site.servicesOf(domain, true);
  for (const s of services) if (!groups.has(s.key)) groups.set(s.key, domain.name);
  const edges = new Map<string, { from: Service; to: Service; messages: string[] }>();
  const add = (from: Service, to: Service, m: Message) => {
    const k = `${from.key}>${to.key}`;
    const e = edges.get(k) ?? { from, to, messages: [] };
    if (!e.messages.includes(m.name)) e.messages.push(m.name);
    edges.set(k, e);
  };
  const outside = new Map<string, Service>();
  for (const s of services) {
    for (const l of s.sends) {
      const m = site.catalog.get(l.target) as Message | undefined;
      if (!m) continue;
      for (const c of site.catalog.consumersOf(m)) {
        const other = site.catalog.get(c.service) as Service | undefined;
        if (!other || other.key === s.key) continue;
        const here = groups.get(other.key);
        if (here === undefined) (outside.set(other.key, other), add(s, other, m));
        else if (here !== groups.get(s.key) || !children.length) add(s, other, m);
      }
    }
    for (const l of s.receives) {
      const m = site.catalog.get(l.target) as Message | undefined;
      if (!m) continue;
      for (const p of site.catalog.producersOf(m)) {
        const other = site.catalog.get(p.service) as Service | undefined;
        if (other && !groups.has(other.key)) (outside.set(other.key, other), add(other, s, m));
      }
    }
  }
  const byGroup = new Map<string, Service[]>();
  for (const s of services) byGroup.set(groups.get(s.key) as string, [...(byGroup.get(groups.get(s.key) as string) ?? []), s]);
  for (const s of outside.values()) {
    const name = `${site.domainChain(s)[0]?.name ?? 'Outside any domain'} (outside)`;
    byGroup.set(name, [...(byGroup.get(name) ?? []), s]);
  }
  for (const [name, list] of byGroup) chart.group(name, () => list.forEach((s) => chart.node(s)));
  for (const e of edges.values()) {
    const text = e.messages.length > 2 ? `${e.messages.slice(0, 2).join(', ')} +${e.messages.length - 2}` : e.messages.join(', ');
    chart.edge(chart.node(e.from), chart.node(e.to), text);
  }
  return { source: chart.toString(), omitted: chart.dropped };
}

/** Who sends what a service receives, the service, and who receives what it sends. */
export function serviceNeighbourhood(site: SiteIndex, service: Service | Agent): Diagram {
  const chart = new Flowchart('LR');
  const me = chart.node(service, undefined, 'round');
  for (const l of service.receives) {
    const m = site.catalog.get(l.target) as Message | undefined;
    if (!m) continue;
    const producers = site.catalog.producersOf(m).filter((p) => p.service !== service.key);
    const mid = chart.node(m, undefined, 'stadium');
    chart.edge(mid, me);
    for (const p of producers) chart.edge(chart.node(site.catalog.get(p.service)), mid);
  }
  for (const l of service.sends) {
    const m = site.catalog.get(l.target) as Message | undefined;
    if (!m) continue;
    const mid = chart.node(m, undefined, 'stadium');
    chart.edge(me, mid);
    for (const c of site.catalog.consumersOf(m)) if (c.service !== service.key) chart.edge(mid, chart.node(site.catalog.get(c.service)));
  }
  return { source: chart.toString(), omitted: chart.dropped };
}

/** Producers → message → consumers (for `<NodeGraph />` on a message). */
export function messageNeighbourhood(site: SiteIndex, message: Message): Diagram {
  const chart = new Flowchart('LR');
  const mid = chart.node(message, undefined, 'stadium');
  for (const p of site.catalog.producersOf(message)) chart.edge(chart.node(site.catalog.get(p.service)), mid);
  for (const c of site.catalog.consumersOf(message)) chart.edge(mid, chart.node(site.catalog.get(c.service)));
  return { source: chart.toString(), omitted: chart.dropped };
}

/** A flow's steps as a flowchart (each step a node, `next` edges with their labels). */
export function flowChart(site: SiteIndex, flow: Flow): Diagram {
  const chart = new Flowchart('TB');
  const ids = new Map<string, string>();
  for (const step of flow.steps) {
    const target = site.catalog.get(step.ref?.target);
    ids.set(step.id, chart.node(target ? { ...target, name: step.title || target.name, key: `step:${step.id}` } as Resource : undefined, step.title || step.id, step.type === 'message' ? 'stadium' : 'box'));
  }
  for (const step of flow.steps) for (const n of step.next) if (ids.has(n.id)) chart.edge(ids.get(step.id) as string, ids.get(n.id) as string, n.label);
  return { source: chart.toString(), omitted: chart.dropped };
}

/**
 * A flow as a sequence diagram: actors, services and external systems are participants; a message step
 * is an arrow from the participant before it to each participant after it (or, when the flow does not
 * say, the catalog's producers and consumers of that message).
 */
export function flowSequence(site: SiteIndex, flow: Flow): Diagram {
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const before = new Map<string, FlowStep[]>();
  for (const s of flow.steps) for (const n of s.next) before.set(n.id, [...(before.get(n.id) ?? []), s]);
  const participants = new Map<string, { id: string; line: string }>();
  const isParticipant = (s: FlowStep) => s.type !== 'message' && s.type !== 'flow';
  const participantOf = (key: string, name: string, actor: boolean): string => {
    let p = participants.get(key);
    if (!p) {
      p = { id: `p${participants.size}`, line: `  ${actor ? 'actor' : 'participant'} p${participants.size} as ${seqText(name)}` };
      participants.set(key, p);
    }
    return p.id;
  };
  const stepParticipant = (s: FlowStep): string => {
    const target = site.catalog.get(s.ref?.target);
    if (target) return participantOf(`r:${target.id}`, target.name, false);
    return participantOf(`s:${s.actor ?? s.title ?? s.id}`, s.actor ?? s.title ?? s.id, s.type === 'actor');
  };
  const serviceParticipant = (key: string) => {
    const s = site.catalog.get(key);
    return s ? participantOf(`r:${s.id}`, s.name, false) : undefined;
  };
  // Declare participants in step order so the diagram reads left to right like the flow.
  for (const s of flow.steps) if (isParticipant(s)) stepParticipant(s);

  const arrows: string[] = [];
  let count = 0;
  let omitted = 0;
  const arrow = (from: string, to: string, text: string, async: boolean) => {
    if (count++ >= MAX_EDGES) return void omitted++;
    arrows.push(`  ${from}${async ? '-)' : '->>'}${to}: ${seqText(text)}`);
  };
  for (const step of flow.steps) {
    if (isParticipant(step)) {
      for (const n of step.next) {
        const next = byId.get(n.id);
        if (next && isParticipant(next)) arrow(stepParticipant(step), stepParticipant(next), n.label ?? next.title, false);
      }
      continue;
    }
    if (step.type !== 'message') continue;
    const message = site.catalog.get(step.ref?.target) as Message | undefined;
    let senders = (before.get(step.id) ?? []).filter(isParticipant).map(stepParticipant);
    if (!senders.length && message) senders = site.catalog.producersOf(message).map((p) => serviceParticipant(p.service)).filter((x): x is string => !!x).slice(0, 1);
    let receivers = step.next.map((n) => byId.get(n.id)).filter((s): s is FlowStep => !!s && isParticipant(s)).map(stepParticipant);
    if (!receivers.length && message) receivers = site.catalog.consumersOf(message).map((c) => serviceParticipant(c.service)).filter((x): x is string => !!x);
    const text = step.title || message?.name || step.id;
    if (!senders.length) senders = [participantOf('s:?', 'Unknown sender', false)];
    for (const from of senders) {
      if (!receivers.length) arrows.push(`  Note over ${from}: ${seqText(text)}`);
      for (const to of receivers) arrow(from, to, text, true);
    }
  }
  const lines = ['sequenceDiagram', '  autonumber', ...[...participants.values()].map((p) => p.line), ...arrows];
  return { source: lines.join('\n'), omitted };
}
