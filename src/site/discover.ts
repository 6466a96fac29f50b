/**
 * The Discover tables: one per kind, every latest resource a row with what it is filtered and sorted
 * by (domain, owners, kind). Rows are built as strings — a table can have 10,000 of them — with every
 * value escaped; the page script filters and sorts them in the browser.
 */
import type { Channel, Message, Resource, Service } from '../catalog/model.ts';
import { escapeHtml as esc } from './markdown/highlight.ts';
import { pageHref } from './paths.ts';
import type { SiteIndex } from './site-index.ts';

export type DiscoverTable = 'messages' | 'services' | 'channels' | 'domains' | 'flows' | 'entities' | 'teams' | 'systems' | 'containers' | 'data-products' | 'agents' | 'adrs' | 'diagrams';

export const DISCOVER_TABLES: { table: DiscoverTable; label: string }[] = [
  { table: 'messages', label: 'Messages' },
  { table: 'services', label: 'Services' },
  { table: 'channels', label: 'Channels' },
  { table: 'domains', label: 'Domains' },
  { table: 'flows', label: 'Flows' },
  { table: 'entities', label: 'Entities' },
  { table: 'teams', label: 'Teams' },
  { table: 'systems', label: 'Systems' },
  { table: 'containers', label: 'Data stores' },
  { table: 'data-products', label: 'Data products' },
  { table: 'agents', label: 'Agents' },
  { table: 'adrs', label: 'Decisions' },
  { table: 'diagrams', label: 'Diagrams' },
];

/** The Discover tables to list: the first seven always, the EventCatalog 4 kinds when the catalog has them. */
export function discoverTables(site: SiteIndex): typeof DISCOVER_TABLES {
  const counts = site.counts();
  return DISCOVER_TABLES.filter((t, i) => i < 7 || (counts.get(TABLE_KIND[t.table] ?? 'domain') ?? 0) > 0);
}

const TABLE_KIND: Partial<Record<DiscoverTable, Resource['kind']>> = {
  flows: 'flow', entities: 'entity', teams: 'team', systems: 'system', containers: 'container', 'data-products': 'data-product', agents: 'agent', adrs: 'adr', diagrams: 'diagram',
};

export interface DiscoverData {
  columns: string[];
  rowsHtml: string;
  count: number;
  domains: string[];
  owners: string[];
  kinds: string[];
}

const link = (r: Resource) => `<a href="${esc(pageHref(r))}">${esc(r.name)}</a>`;
const td = (html: string, sort?: string) => `<td${sort !== undefined ? ` data-sort="${esc(sort)}"` : ''}>${html}</td>`;

/** Builds one Discover table. */
export function discoverTable(site: SiteIndex, table: DiscoverTable): DiscoverData {
  const { catalog } = site;
  const domains = new Set<string>();
  const owners = new Set<string>();
  const kinds = new Set<string>();
  const rows: string[] = [];
  const names = (keys: readonly string[]) => keys.map((k) => catalog.get(k)).filter((r): r is Resource => !!r);
  const ownerNames = (r: Resource) => r.owners.map((o) => catalog.get(o.target)?.name ?? o.id);
  const row = (r: Resource, cells: string[]) => {
    const domain = site.domainChain(r)[0]?.name ?? (r.kind === 'domain' ? r.name : '');
    const own = ownerNames(r);
    if (domain) domains.add(domain);
    own.forEach((o) => owners.add(o));
    kinds.add(r.kind);
    const text = `${r.name} ${r.id} ${r.summary}`.toLowerCase();
    rows.push(`<tr data-kind="${esc(r.kind)}" data-domain="${esc(domain)}" data-owners="${esc(own.join('\u001f'))}" data-text="${esc(text)}">${cells.join('')}</tr>`);
  };
  const visible = (kind: Resource['kind']) => site.latest(kind).filter((r) => !r.hidden);
  let columns: string[] = [];
  switch (table) {
    case 'messages': {
      columns = ['Name', 'Kind', 'Version', 'Domain', 'Owners', 'Producers', 'Consumers', 'Summary'];
      const messages = [...visible('event'), ...visible('command'), ...visible('query')].sort((a, b) => a.name.localeCompare(b.name)) as Message[];
      for (const m of messages) {
        const producers = names(catalog.producersOf(m).map((e) => e.service));
        const consumers = names(catalog.consumersOf(m).map((e) => e.service));
        row(m, [td(link(m), m.name), td(esc(m.kind)), td(`<code>${esc(m.version)}</code>`), td(esc(site.domainChain(m)[0]?.name ?? '')), td(esc(ownerNames(m).join(', '))), td(producers.map(link).join(', ')), td(consumers.map(link).join(', ')), td(esc(m.summary))]);
      }
      break;
    }
    case 'services': {
      columns = ['Name', 'Version', 'Domain', 'Owners', 'Sends', 'Receives', 'Summary'];
      for (const s of visible('service') as Service[]) {
        row(s, [td(link(s), s.name), td(`<code>${esc(s.version)}</code>`), td(esc(site.domainChain(s)[0]?.name ?? '')), td(esc(ownerNames(s).join(', '))), td(String(s.sends.length), String(s.sends.length).padStart(6, '0')), td(String(s.receives.length), String(s.receives.length).padStart(6, '0')), td(esc(s.summary))]);
      }
      break;
    }
    case 'channels': {
      columns = ['Address', 'Protocols', 'Version', 'Owners', 'Messages', 'Summary'];
      for (const c of visible('channel') as Channel[]) {
        const n = catalog.messagesOn(c).length;
        row(c, [td(`<a href="${esc(pageHref(c))}"><code>${esc(c.address)}</code></a>`, c.address), td(esc(c.protocols.join(', '))), td(`<code>${esc(c.version)}</code>`), td(esc(ownerNames(c).join(', '))), td(String(n), String(n).padStart(6, '0')), td(esc(c.summary))]);
      }
      break;
    }
    default: {
      const kind = table === 'domains' ? 'domain' : (TABLE_KIND[table] as Resource['kind']);
      columns = ['Name', ...(kind === 'team' ? [] : ['Version', 'Domain']), 'Owners', 'Summary'];
      for (const r of visible(kind)) {
        row(r, [td(link(r), r.name), ...(kind === 'team' ? [] : [td(`<code>${esc(r.version)}</code>`), td(esc(site.domainChain(r)[0]?.name ?? ''))]), td(esc(ownerNames(r).join(', '))), td(esc(r.summary))]);
      }
    }
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { columns, rowsHtml: rows.join('\n'), count: rows.length, domains: sorted(domains), owners: sorted(owners), kinds: isMessageTable(table) ? sorted(kinds) : [] };
}

function isMessageTable(table: DiscoverTable): boolean {
  return table === 'messages';
}
