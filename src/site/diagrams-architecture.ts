/**
 * Mermaid sources for EventCatalog 4's architecture kinds: a system's map (its services and agents, the
 * data stores they write and read, nested and related systems, actors) and a data store's writers and
 * readers. Labels are escaped by the shared flowchart; nodes link to their pages.
 */
import type { Agent, Container, Resource, Service, System } from '../catalog/model.ts';
import { Flowchart, type Diagram } from './diagrams.ts';
import type { SiteIndex } from './site-index.ts';

/** A system: its members grouped inside it, data access as edges, related systems and actors around it. */
export function systemMap(site: SiteIndex, system: System): Diagram {
  const { catalog } = site;
  const chart = new Flowchart('LR');
  // Services, agents and data stores; messages are on their own pages, nested systems in the page's table.
  const members = catalog.inSystem(system).filter((r) => r.isLatest && (r.kind === 'service' || r.kind === 'agent' || r.kind === 'container'));
  const box = chart.group(system.name, () => members.forEach((m) => chart.node(m, undefined, m.kind === 'container' ? 'stadium' : 'box')));
  for (const m of members) {
    if (m.kind !== 'service' && m.kind !== 'agent') continue;
    const user = m as Service | Agent;
    for (const l of user.writesTo) {
      const c = site.latestOf(catalog.get(l.target));
      if (c) chart.edge(chart.node(m), chart.node(c, undefined, 'stadium'), 'writes');
    }
    for (const l of user.readsFrom) {
      const c = site.latestOf(catalog.get(l.target));
      if (c) chart.edge(chart.node(c, undefined, 'stadium'), chart.node(m), 'read by');
    }
  }
  for (const rel of system.relationships) {
    const other = site.latestOf(catalog.get(rel.target)) as Resource | undefined;
    chart.edge(box, chart.node(other, rel.id), rel.label);
  }
  for (const actor of system.actors) {
    const node = chart.node(undefined, `Actor: ${actor.name}`, 'round');
    if (actor.direction === 'outbound') chart.edge(box, node, actor.label);
    else chart.edge(node, box, actor.label);
  }
  return { source: chart.toString(), omitted: chart.dropped };
}

/** Who writes a data store and who reads it. */
export function containerNeighbourhood(site: SiteIndex, container: Container): Diagram {
  const chart = new Flowchart('LR');
  const me = chart.node(container, undefined, 'stadium');
  for (const w of site.catalog.writersOf(container)) chart.edge(chart.node(w), me, 'writes');
  for (const r of site.catalog.readersOf(container)) chart.edge(me, chart.node(r), 'read by');
  return { source: chart.toString(), omitted: chart.dropped };
}
