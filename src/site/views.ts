/**
 * Per-kind page plans: which sections a resource page has (for the "On this page" list) and its
 * rendered body and changelog. The Astro page components render the sections in the same order.
 */
import type { Channel, Domain, Message, Resource, Service } from '../catalog/model.ts';
import type { SearchRecord } from './build/search-index.ts';
import { resourcePath } from './paths.ts';
import { isMessageKind } from '../catalog/model.ts';
import type { RenderedBody } from './markdown/render.ts';
import { crumbsFor, flatSchema, renderBody, renderChangelog, type Crumb } from './page-data.ts';
import type { SiteIndex } from './site-index.ts';
import { resourceExtras } from './resource-extras.ts';

export interface TocEntry {
  depth: number;
  id: string;
  text: string;
}

export interface ResourceView {
  r: Resource;
  crumbs: Crumb[];
  body: RenderedBody;
  changelog?: RenderedBody;
  toc: TocEntry[];
}

const section = (id: string, text: string): TocEntry => ({ depth: 2, id, text });

/** The sections a kind's page shows, given what the resource has. */
function sectionsOf(site: SiteIndex, r: Resource): TocEntry[] {
  switch (r.kind) {
    case 'domain': {
      const d = r as Domain;
      return [
        section('context-map', 'Context map'),
        ...(site.subdomains(d).length ? [section('subdomains', 'Subdomains')] : []),
        section('services', 'Services'),
        section('messages', 'Messages'),
        ...(site.flowsOf(d, true).length ? [section('flows', 'Flows')] : []),
        ...(site.entitiesOf(d, true).length ? [section('entities', 'Entities')] : []),
        ...(site.ofKindIn('system', d, true).length ? [section('systems', 'Systems')] : []),
        ...(site.ofKindIn('container', d, true).length ? [section('containers', 'Data stores')] : []),
        ...(site.ofKindIn('agent', d, true).length || site.ofKindIn('data-product', d, true).length ? [section('data', 'Agents and data products')] : []),
        ...(site.ofKindIn('adr', d, true).length || site.ofKindIn('diagram', d, true).length ? [section('decisions', 'Decisions and diagrams')] : []),
        ...(d.ubiquitousLanguage ? [section('ubiquitous-language', 'Ubiquitous language')] : []),
      ];
    }
    case 'service': {
      const s = r as Service;
      return [
        section('neighbourhood', 'Neighbourhood'),
        section('messages', 'Sends and receives'),
        ...(s.specifications.length ? [section('specifications', 'Specifications')] : []),
      ];
    }
    case 'event':
    case 'command':
    case 'query': {
      const m = r as Message;
      return [
        ...(m.schema ? [section('schema', 'Schema')] : []),
        section('producers-consumers', 'Producers and consumers'),
        ...(site.catalog.versionsOf(m).length > 1 ? [section('versions', 'Versions')] : []),
      ];
    }
    case 'channel':
      return [section('messages', 'Messages'), section('producers-consumers', 'Producers and consumers')];
    case 'flow':
      return [section('sequence', 'Sequence'), section('steps', 'Steps')];
    case 'entity':
      return [section('properties', 'Properties')];
    case 'system':
      return [section('context-map', 'System map'), section('services', 'Services')];
    case 'container':
      return [section('context-map', 'Who uses it'), section('writers', 'Written by'), section('readers', 'Read by')];
    case 'data-product':
      return [section('inputs', 'Inputs'), section('outputs', 'Outputs')];
    case 'agent':
      return [section('messages', 'Sends and receives')];
    case 'adr':
      return [section('applies-to', 'Applies to')];
    case 'diagram':
      return [];
    default:
      return [section('owns', 'Owns')];
  }
}

/** Everything a resource page needs before it renders. */
export async function resourceView(site: SiteIndex, r: Resource): Promise<ResourceView> {
  const [body, changelog] = await Promise.all([renderBody(site, r), renderChangelog(site, r)]);
  const overview: TocEntry[] = body.headings.length ? [section('overview', 'Overview'), ...body.headings.map((h) => ({ ...h, depth: 3 }))] : [];
  const extras = resourceExtras(site, r).map((x) => section(x.id, x.title));
  const toc = [...overview, ...sectionsOf(site, r), ...(changelog ? [section('changelog', 'Changelog')] : []), ...extras];
  return { r, crumbs: crumbsFor(site, r), body, changelog, toc };
}

/** The search kind label of a resource. */
export function searchKind(r: Resource): string {
  return isMessageKind(r.kind) ? r.kind : r.kind === 'user' ? 'person' : r.kind;
}

/**
 * What search knows about a resource's page: name, kind, summary, body, and the words people look a
 * resource up by — a message's wire name, channels and property names, a channel's address.
 */
export function searchRecord(site: SiteIndex, view: ResourceView): SearchRecord {
  const r = view.r;
  const terms: string[] = [];
  if (r.name !== r.id) terms.push(r.id);
  if (isMessageKind(r.kind)) {
    const m = r as Message;
    if (m.wireName !== m.id) terms.push(m.wireName);
    for (const c of m.channels) terms.push(site.catalog.get(c.target)?.name ?? c.id);
    for (const p of flatSchema(site, m) ?? []) terms.push(p.path.split('.').pop() ?? p.path);
  }
  if (r.kind === 'channel') terms.push((r as Channel).address);
  return { url: resourcePath(r), title: r.name, kind: searchKind(r), summary: r.summary, html: view.body.html, terms: [...new Set(terms)] };
}
