/**
 * Waybill's versions of every component EventCatalog 4 registers for MDX. The core ones are here
 * (NodeGraph, Schema / SchemaViewer, OpenAPI / AsyncAPI, Flow, MessageTable, Tabs / TabItem, Admonition,
 * Steps / Step, Tiles / Tile, ChannelInformation); the rest live in ./components/ by theme: layout,
 * files, embeds, references and tables drawn from the model. A component the body imports from the
 * catalog's own `components/` goes to ./components/catalog-components.ts. Each returns HTML built from
 * the catalog model; props are catalog text and only ever become text or checked links.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Channel, Flow, Message, Resource, SchemaDocument, Service } from '../../catalog/model.ts';
import { isMessageKind } from '../../catalog/model.ts';
import { contextMap, flowChart, flowSequence, messageNeighbourhood, serviceNeighbourhood, type Diagram } from '../diagrams.ts';
import { pageHref, href, specPath } from '../paths.ts';
import { containerNeighbourhood, systemMap } from '../diagrams-architecture.ts';
import { layoutOf } from '../../catalog/layout.ts';
import { siteSchemaViewerHtml } from '../schema/viewer.ts';
import { specSlug, type SiteIndex } from '../site-index.ts';
import { joinRelative, rewriteLink } from './links.ts';
import { diagramElement, noticeElement } from './elements.ts';
import type { ComponentRenderer } from './render.ts';
import type { Slot } from './to-hast.ts';
import { catalogComponent } from './components/catalog-components.ts';
import { idMaker, type ComponentContext } from './components/context.ts';
import { embedComponents } from './components/embeds.ts';
import { fileComponents, schemaFile } from './components/files.ts';
import { layoutComponents, tabs } from './components/layout.ts';
import { modelComponents } from './components/model-tables.ts';
import { referenceComponents, siteRefResolver, type RefResolver } from './components/references.ts';

const ADMONITION_TITLES: Record<string, string> = {
  note: 'Note', tip: 'Tip', info: 'Info', warning: 'Warning', caution: 'Caution', danger: 'Danger', important: 'Important', success: 'Success', check: 'Check',
};

/** Renders `{ type, title }` admonitions (directives, GitHub alerts and `<Admonition>`). */
export function admonition(type: string, title: string | undefined, children: ElementContent[]): Element {
  const kind = ADMONITION_TITLES[type] ? type : 'note';
  return h(`aside.admonition.admonition-${kind}`, { ariaLabel: title || ADMONITION_TITLES[kind] }, [h('p.admonition-title', title || ADMONITION_TITLES[kind]), ...children]);
}

/** A diagram with its "N more not shown" note. */
export function diagram(d: Diagram, labelText: string): ElementContent[] {
  const out: ElementContent[] = [diagramElement(d.source, labelText)];
  if (d.omitted) out.push(h('p.diagram-note', `${d.omitted} more connections are not drawn; the tables below list them all.`));
  return out;
}

/**
 * The components for one body: `resource` is the page's resource, `file` the body's source file, and
 * `idScope` sets the ids of this body's components apart from those of another body on the same page.
 */
export function catalogComponents(site: SiteIndex, resource: Resource | undefined, file: string, idScope = ''): ComponentRenderer {
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const link = (url: unknown) => {
    const text = str(url);
    return text ? rewriteLink(text, site.links(file)) : undefined;
  };
  const find = (kinds: string[], id: unknown, version?: unknown): Resource | undefined => {
    const want = str(id);
    if (!want) return undefined;
    for (const kind of kinds) {
      const list = site.catalog.versions(kind === 'event' || kind === 'command' || kind === 'query' ? 'message' : (kind as 'service'), want);
      const v = str(version);
      const hit = v && v !== 'latest' ? list.find((r) => r.version === v) : list[list.length - 1];
      if (hit) return hit;
    }
    return undefined;
  };

  const ctx: ComponentContext = { site, resource, file, str, link, find, nextId: idMaker(idScope) };
  const resolve: RefResolver = siteRefResolver(site);
  const renderers: Record<string, (slot: Slot, children: ElementContent[]) => ElementContent[]> = {
    Admonition: ({ props }, children) => [admonition(str(props.type) ?? 'note', str(props.title), children)],
    Steps: ({ props }, children) => [h('div.steps', [...(str(props.title) ? [h('p.steps-title', str(props.title))] : []), h('ol', children.filter(isElement))])],
    Step: ({ props }, children) => [h('li.step', [...(str(props.title) ? [h('p.step-title', str(props.title))] : []), ...children])],
    Tiles: ({ props }, children) => [h('div.tiles-block', [...(str(props.title) ? [h('p.tiles-title', str(props.title))] : []), h('div.tiles', children.filter(isElement))])],
    Tile: ({ props }, children) => {
      const target = link(props.href);
      const content = [h('span.tile-title', str(props.title) ?? ''), ...(str(props.description) ? [h('span.tile-desc', str(props.description))] : []), ...children];
      return [target ? h('a.tile', { href: target.href, rel: target.external ? 'noopener noreferrer' : undefined }, content) : h('div.tile', content)];
    },
    Tabs: (_slot, children) => {
      const panels = children.filter((c): c is Element => isElement(c) && c.properties.dataTabLabel !== undefined);
      return panels.length ? tabs(ctx.nextId('tabs'), panels.map((p) => ({ label: String(p.properties.dataTabLabel), children: p.children }))) : children;
    },
    TabItem: ({ props }, children) => [h('section.tab-panel', { dataTabLabel: str(props.label) ?? str(props.title) ?? str(props.value) ?? 'Tab' }, children)],
    NodeGraph: ({ props }) => nodeGraph(find(['service', 'event', 'command', 'query', 'domain', 'flow', 'channel', 'system', 'container'], props.id, props.version) ?? resource),
    Schema: ({ props }) => schemaComponent(props),
    SchemaViewer: ({ props }) => schemaComponent(props),
    Flow: ({ props }) => {
      const flow = (find(['flow'], props.id, props.version) ?? (resource?.kind === 'flow' ? resource : undefined)) as Flow | undefined;
      return flow ? [...diagram(flowSequence(site, flow), `Sequence of ${flow.name}`), h('p', h('a', { href: pageHref(flow) }, `${flow.name} →`))] : [noticeElement('<Flow> names no flow in the catalog: ', str(props.id) ?? '')];
    },
    OpenAPI: ({ props }) => specLinks('openapi', props),
    AsyncAPI: ({ props }) => specLinks('asyncapi', props),
    MessageTable: ({ props }) => messageTable(props),
    ChannelInformation: () => {
      if (resource?.kind === 'channel') return channelInformation(resource);
      // On a message page: the channels it travels on.
      const channels = resource && isMessageKind(resource.kind) ? (resource as Message).channels.flatMap((l) => (site.catalog.get(l.target) as Channel | undefined) ?? []) : [];
      if (!channels.length) return [noticeElement('<ChannelInformation> has no channel to show here.')];
      return channels.flatMap((c) => [h('p.block-title', h('a', { href: pageHref(c) }, c.name)), ...channelInformation(c)]);
    },
  };
  Object.assign(renderers, layoutComponents(ctx), fileComponents(ctx), embedComponents(ctx), referenceComponents(ctx, resolve), modelComponents(ctx, resolve, nodeGraph));

  function nodeGraph(r: Resource | undefined): ElementContent[] {
    if (!r) return [noticeElement('<NodeGraph> has nothing to draw here.')];
    if (r.kind === 'service' || r.kind === 'agent') return diagram(serviceNeighbourhood(site, r), `Neighbourhood of ${r.name}`);
    if (r.kind === 'domain') return diagram(contextMap(site, r), `Context map of ${r.name}`);
    if (r.kind === 'flow') return diagram(flowChart(site, r), `Steps of ${r.name}`);
    if (r.kind === 'system') return diagram(systemMap(site, r), `Map of ${r.name}`);
    if (r.kind === 'container') return diagram(containerNeighbourhood(site, r), `Services that use ${r.name}`);
    if (isMessageKind(r.kind)) return diagram(messageNeighbourhood(site, r as Message), `Producers and consumers of ${r.name}`);
    if (r.kind === 'channel') {
      const messages = site.catalog.messagesOn(r);
      return messages.length ? diagram(messageNeighbourhood(site, messages[0]), `Messages on ${r.name}`) : [noticeElement(`<NodeGraph>: no message travels on ${r.name}.`)];
    }
    return [noticeElement(`<NodeGraph> draws domains, systems, services, agents, messages, channels, flows and data stores; ${r.name} is ${layoutOf(r.kind).singular.toLowerCase()}, which has no graph of its own.`)];
  }

  function schemaComponent(props: Record<string, unknown>): ElementContent[] {
    const own = resource && 'schema' in resource ? (resource.schema as SchemaDocument | undefined) : undefined;
    const wanted = str(props.file) ?? str(props.schemaPath);
    let schema = own;
    if (wanted) {
      const path = joinRelative(file, wanted.replace(/^\.\//, ''));
      const other = own?.file === path ? resource : site.catalog.resources.find((r) => 'schema' in r && (r.schema as SchemaDocument | undefined)?.file === path);
      schema = other && 'schema' in other ? (other.schema as SchemaDocument) : undefined;
      if (!schema) return schemaFile(ctx, path, wanted, str(props.title));
    }
    if (!schema) return [noticeElement('<SchemaViewer> names a schema that is not in the catalog: ', wanted ?? '(none)')];
    return [{ type: 'raw', value: siteSchemaViewerHtml(site, schema, ctx.nextId('mdx-schema')) } as unknown as ElementContent];
  }

  function specLinks(type: 'openapi' | 'asyncapi', props: Record<string, unknown>): ElementContent[] {
    const service = (find(['service'], props.id, props.version) ?? resource) as Service | undefined;
    const specs = service?.kind === 'service' ? service.specifications.filter((s) => s.type === type) : [];
    if (!service || !specs.length) return [noticeElement(`<${type === 'openapi' ? 'OpenAPI' : 'AsyncAPI'}> has no ${type === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} document to show here.`)];
    return [h('div.tiles', specs.map((s) => h('a.tile', { href: href(specPath(service, specSlug(service, s))) }, [h('span.tile-title', `${s.title} ${s.specVersion ? `(${type === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} ${s.specVersion})` : ''}`), h('span.tile-desc', 'Open the interactive document →')])))];
  }

  function messageTable(props: Record<string, unknown>): ElementContent[] {
    const rows: { m: Message; direction: string }[] = [];
    if (resource?.kind === 'service') {
      for (const l of resource.sends) { const m = site.catalog.get(l.target) as Message | undefined; if (m) rows.push({ m, direction: 'sends' }); }
      for (const l of resource.receives) { const m = site.catalog.get(l.target) as Message | undefined; if (m) rows.push({ m, direction: 'receives' }); }
    } else if (resource?.kind === 'domain') {
      for (const m of site.messagesOf(resource, true)) rows.push({ m, direction: '' });
    } else if (resource?.kind === 'channel') {
      for (const m of site.catalog.messagesOn(resource)) rows.push({ m, direction: '' });
    }
    const limit = typeof props.limit === 'number' ? props.limit : 200;
    if (!rows.length) return [h('p', 'No messages.')];
    return [h('div.table-wrap', h('table', [
      h('thead', h('tr', [h('th', 'Message'), h('th', 'Kind'), h('th', 'Version'), ...(resource?.kind === 'service' ? [h('th', 'Direction')] : []), h('th', 'Summary')])),
      h('tbody', rows.slice(0, limit).map(({ m, direction }) => h('tr', [h('td', h('a', { href: pageHref(m) }, m.name)), h('td', m.kind), h('td', m.version), ...(resource?.kind === 'service' ? [h('td', direction)] : []), h('td', m.summary)]))),
    ]))];
  }

  function channelInformation(channel: Channel): ElementContent[] {
    return [h('dl.facts', [h('dt', 'Address'), h('dd', h('code', channel.address)), h('dt', 'Protocols'), h('dd', channel.protocols.join(', ') || '—')])];
  }

  return (slot, children) => {
    const own = renderers[slot.name];
    if (own) return own(slot, children);
    return slot.source ? catalogComponent(ctx, slot.name, slot.source, slot.props, children) : undefined;
  };
}

function isElement(n: ElementContent): n is Element {
  return n.type === 'element';
}
