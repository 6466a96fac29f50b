/**
 * Components drawn from the model: <Attachments>, <CustomProperties> / <CustomProperty>,
 * <ResourceGroupTable>, <ADRTable>, <EntityPropertiesTable>, <EntityMap>, <AgentTools> and the
 * architecture diagrams (<ContextDiagram>, <SystemContextMap>, <ComponentDiagram>, <ArchitectureGraph>).
 * Every value is catalog text and only becomes text, a checked link or an escaped diagram label.
 */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Adr, Agent, Attachment, Resource, System, TypedLink } from '../../../catalog/model.ts';
import { Flowchart, type Diagram } from '../../diagrams.ts';
import { pageHref } from '../../paths.ts';
import { diagramElement, noticeElement } from '../elements.ts';
import { titled, type ComponentContext, type Renderer } from './context.ts';
import type { RefResolver } from './references.ts';
import { refElement } from './references.ts';

type Fields = Record<string, unknown>;

const fieldsOf = (r: Resource | undefined): Fields => (r?.frontmatter ?? {}) as Fields;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Fields => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {});

/** A table cell: text, an element, or several. */
export type Cell = string | ElementContent | (string | ElementContent)[];

/** A table with a header row. */
export function table(headers: string[], rows: Cell[][]): ElementContent {
  return h('div.table-wrap', h('table', [h('thead', h('tr', headers.map((t) => h('th', t)))), h('tbody', rows.map((cells) => h('tr', cells.map((c) => h('td', c)))))]));
}

/** A custom property value as text: lists joined, objects as `key: value` pairs. */
export function propertyText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(propertyText).join(', ');
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${propertyText(v)}`).join('; ');
  return String(value);
}

/** A resource's custom (`x-*`) properties, in written order. */
export function customProperties(r: Resource | undefined): [string, unknown][] {
  return Object.entries(r?.customProperties ?? {});
}

/** A custom properties table (also used by the pages). */
export function customPropertiesTable(ctx: ComponentContext, entries: [string, unknown][]): ElementContent {
  return table(['Property', 'Value'], entries.map(([k, v]) => {
    const text = propertyText(v);
    const target = typeof v === 'string' && /^https?:\/\//i.test(v) ? ctx.link(v) : undefined;
    return [[h('code', k)], [target ? h('a', { href: target.href, rel: 'noopener noreferrer' }, text) : text]];
  }));
}

/** Attachments as EventCatalog shows them: cards grouped by type, each linking out. */
export function attachmentCards(ctx: ComponentContext, attachments: readonly Attachment[]): ElementContent[] {
  const normalised = attachments.map((a) => {
    const last = a.url.split('/').filter(Boolean).pop() ?? a.url;
    return { ...a, title: a.title ?? last.replace(/\.[a-z0-9]+$/i, '').replace(/[-_]/g, ' ') };
  });
  const groups = new Map<string, typeof normalised>();
  for (const a of normalised) groups.set(a.type ?? 'Other', [...(groups.get(a.type ?? 'Other') ?? []), a]);
  const ordered = [...groups].sort(([a], [b]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : a.localeCompare(b)));
  return ordered.map(([type, items]) => h('div.attachment-group', [
    h('p.attachment-type', `${type} (${items.length})`),
    h('div.tiles', items.map((a) => {
      const target = ctx.link(a.url);
      const content = [h('span.tile-title', a.title ?? a.url), ...(a.description ? [h('span.tile-desc', a.description)] : []), h('span.tile-url', a.url.replace(/^https?:\/\//, ''))];
      return target ? h('a.tile', { href: target.href, ...(target.external ? { rel: 'noopener noreferrer' } : {}) }, content) : h('div.tile', content);
    })),
  ]));
}

/** Rows of typed references (a resource group): name, version, type, summary. */
export function resourceGroupTable(ctx: ComponentContext, items: readonly TypedLink[]): ElementContent {
  return table(['Name', 'Version', 'Type', 'Summary'], items.map((item) => {
    const r = ctx.site.catalog.get(item.target);
    const ref = r ? { href: pageHref(r), name: r.name, kind: r.kind, summary: r.summary || undefined } : undefined;
    return [[refElement(ref, item.id)], r?.version ?? (item.version === 'latest' ? '' : item.version), item.type, r?.summary ?? ''];
  }));
}

function diagram(d: Diagram, text: string): ElementContent[] {
  return [diagramElement(d.source, text), ...(d.omitted ? [h('p.diagram-note', `${d.omitted} more connections are not drawn.`)] : [])];
}

/** The model components for one page; `nodeGraph` draws a resource's neighbourhood (NodeGraph's). */
export function modelComponents(ctx: ComponentContext, resolve: RefResolver, nodeGraph: (r: Resource | undefined) => ElementContent[]): Record<string, Renderer> {
  const { site, resource } = ctx;
  const byKind = (kind: string) => site.catalog.resources.filter((r) => (r.kind as string) === kind && r.isLatest);

  const entityMap = (entities: Resource[], title: string): ElementContent[] => {
    const chart = new Flowchart('LR');
    const ids = new Map(entities.map((e) => [e.id, chart.node(e)]));
    for (const e of entities) {
      for (const p of list(fieldsOf(e).properties).map(record)) {
        const target = ctx.str(p.references);
        if (!target) continue;
        const other = ids.get(target) ?? chart.node(site.catalog.latest('entity', target), target);
        chart.edge(ids.get(e.id) as string, other, [ctx.str(p.name), ctx.str(p.relationType)].filter(Boolean).join(' · '));
      }
    }
    return diagram({ source: chart.toString(), omitted: chart.dropped }, title);
  };

  return {
    Attachments: ({ props }) => {
      const attachments = resource?.attachments ?? [];
      const title = ctx.str(props.title) ?? 'Attachments';
      return [titled('attachments', title, attachments.length ? attachmentCards(ctx, attachments) : [h('p', 'No attachments.')])];
    },
    CustomProperties: ({ props }) => {
      const entries = customProperties(resource);
      return entries.length ? [titled('custom-properties', ctx.str(props.title) ?? 'Custom properties', [customPropertiesTable(ctx, entries)])] : [];
    },
    CustomProperty: ({ props }) => {
      const name = ctx.str(props.name) ?? ctx.str(props.property) ?? '';
      const key = name.startsWith('x-') ? name : `x-${name}`;
      const value = fieldsOf(resource)[key] ?? fieldsOf(resource)[name];
      return [h('span.custom-property', value === undefined ? '—' : propertyText(value))];
    },
    ResourceGroupTable: ({ props }) => {
      const groups = resource?.resourceGroups ?? [];
      const id = ctx.str(props.id);
      const group = id ? groups.find((g) => g.id === id) : groups[0];
      if (!group?.items.length) return [noticeElement('<ResourceGroupTable> finds no resource group: ', id ?? '(first)')];
      const limit = Number(ctx.str(props.limit) ?? group.limit) || group.items.length;
      const title = ctx.str(props.title) ?? group.title;
      return [titled('resource-group', title, [...(ctx.str(props.description) ? [h('p', ctx.str(props.description))] : []), resourceGroupTable(ctx, group.items.slice(0, limit))])];
    },
    ADRTable: ({ props }) => {
      const wanted = (ctx.str(props.status) ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
      const applies = (adr: Adr) => !resource || resource.kind === 'adr' || adr.appliesTo.some((l) => l.id === resource.id) || (!adr.appliesTo.length && site.domainIdOf(adr) !== undefined && site.domainIdOf(adr) === site.domainIdOf(resource));
      const adrs = site.catalog.adrs().filter((a) => a.isLatest && applies(a) && (!wanted.length || wanted.includes(a.status)));
      if (!adrs.length) return [h('p', 'No decision records apply here.')];
      const limit = Number(ctx.str(props.limit) ?? adrs.length) || adrs.length;
      return [table(['Decision', 'Status', 'Date', 'Summary'], adrs.slice(0, limit).map((a) => [[h('a', { href: pageHref(a) }, a.name)], [h('span.badge', a.status)], a.date, a.summary]))];
    },
    EntityPropertiesTable: ({ props }) => {
      const entity = ctx.find(['entity'], props.id, props.version) ?? resource;
      const properties = list(fieldsOf(entity).properties).map(record);
      if (!entity || !properties.length) return [h('p', 'There are no properties defined for this entity.')];
      return [table(['Name', 'Type', 'Required', 'Description'], properties.map((p) => {
        const items = record(p.items);
        const type = ctx.str(p.type) === 'array' && ctx.str(items.type) ? `array<${ctx.str(items.type)}>` : (ctx.str(p.type) ?? '');
        const ref = ctx.str(p.references);
        const enumValues = list(p.enum).map(String);
        return [
          [h('code', ctx.str(p.name) ?? '')],
          [h('code', type), ...(enumValues.length ? [h('span.enum', ` one of ${enumValues.join(', ')}`)] : []), ...(ref ? [' → ', refElement(resolve('entity', ref), ref)] : [])],
          p.required ? 'Required' : 'Optional',
          ctx.str(p.description) ?? '',
        ];
      }))];
    },
    EntityMap: ({ props }) => {
      const owner = ctx.find(['domain', 'service'], props.id, props.version) ?? resource;
      const wanted = list(props.entities).map(String);
      let entities: Resource[] = [];
      if (owner?.kind === 'domain') entities = site.entitiesOf(owner, true);
      else if (owner?.kind === 'service') entities = list(fieldsOf(owner).entities).map(record).flatMap((e) => site.catalog.latest('entity', String(e.id)) ?? []);
      else if (owner?.kind === 'entity') {
        // On an entity's page: the entity, what it references and what references it.
        const refs = (e: Resource) => list(fieldsOf(e).properties).map(record).map((p) => ctx.str(p.references));
        const all = site.latest('entity') as readonly Resource[];
        entities = all.filter((e) => e.id === owner.id || refs(owner).includes(e.id) || refs(e).includes(owner.id));
      }
      if (wanted.length) entities = entities.filter((e) => wanted.includes(e.id));
      if (!entities.length) return [noticeElement('<EntityMap> finds no entities to draw here.')];
      return entityMap(entities, `Entity map of ${owner?.name ?? 'the catalog'}`);
    },
    AgentTools: ({ props }) => {
      const agent = (ctx.find(['agent'], props.id, props.version) ?? resource) as Agent | undefined;
      const tools = agent?.kind === 'agent' ? agent.tools : [];
      if (!tools.length) return [h('p', 'No tools are listed.')];
      return [titled('agent-tools', ctx.str(props.title) ?? 'Tools', [table(['Tool', 'Type', 'Description'], tools.map((t) => {
        const target = ctx.link(t.url);
        return [[target ? h('a', { href: target.href, ...(target.external ? { rel: 'noopener noreferrer' } : {}) }, t.name) : t.name], t.type, t.description ?? ''];
      }))])];
    },
    SystemContextMap: ({ props }) => {
      const only = ctx.find(['system'], props.id, props.version) as System | undefined;
      const systems = only ? [only] : site.catalog.systems().filter((x) => x.isLatest && !x.hidden);
      if (!systems.length) return [noticeElement('<SystemContextMap> finds no systems in the catalog.')];
      const chart = new Flowchart('LR');
      for (const s of systems) {
        const me = chart.node(s);
        for (const rel of s.relationships) chart.edge(me, chart.node(site.latestOf(site.catalog.get(rel.target)), rel.id), rel.label);
        for (const actor of s.actors) {
          const node = chart.node(undefined, `Actor: ${actor.name}`, 'round');
          if (actor.direction === 'outbound') chart.edge(me, node, actor.label);
          else chart.edge(node, me, actor.label);
        }
        const parent = site.catalog.get(s.parent);
        if (parent) chart.edge(chart.node(parent), me, 'contains');
      }
      return diagram({ source: chart.toString(), omitted: chart.dropped }, only ? `System context of ${only.name}` : 'System context map');
    },
    ContextDiagram: ({ props }) => nodeGraph(ctx.find(['system', 'service', 'domain', 'container', 'agent'], props.id, props.version) ?? resource),
    ComponentDiagram: ({ props }) => nodeGraph(ctx.find(['system', 'service', 'domain', 'container', 'agent'], props.id, props.version) ?? resource),
    ArchitectureGraph: ({ props }) => nodeGraph(ctx.find(['domain', 'system', 'service'], props.id, props.version) ?? resource),
  };
}
