/**
 * The sidebar tree (domains → subdomains → services → messages). A page renders only the top level and
 * the branch it sits in; every other domain's branch is one JSON file fetched when the reader opens it,
 * so the output grows linearly with the catalog instead of copying the whole tree into every page.
 */
import { isMessageKind, type Domain, type Message, type Resource, type Service } from '../catalog/model.ts';
import { href, kindFolder, pageHref, segment } from './paths.ts';
import type { ResourceKind, System } from '../catalog/model.ts';

/** EventCatalog 4's architecture kinds in a domain's branch: kind, label, section of the domain page. */
const ARCHITECTURE_GROUPS: readonly [ResourceKind, string, string][] = [
  ['system', 'Systems', 'systems'],
  ['container', 'Data stores', 'containers'],
  ['agent', 'Agents', 'data'],
  ['data-product', 'Data products', 'data'],
  ['adr', 'Decisions', 'decisions'],
  ['diagram', 'Diagrams', 'decisions'],
];
import type { SiteIndex } from './site-index.ts';

export interface NavItem {
  label: string;
  href: string;
  /** Kind shown beside messages (event, command, query). */
  kind?: string;
  children?: NavItem[];
  /** Present on branches whose children load lazily: the JSON to fetch. */
  src?: string;
  /** Shown expanded (the branch the page is in). */
  open?: boolean;
  /** "and N more" rows link to a page that lists them all. */
  more?: boolean;
}

/** Most children one branch shows before an "all N" link. */
export const NAV_LIMIT = 80;

/** Where a domain's branch is fetched from. */
export function navSource(domain: Domain): string {
  return href(`/waybill/nav/${segment(domain.id)}.json`);
}

function capped(items: NavItem[], total: number, overflowHref: string, what: string): NavItem[] {
  if (total <= NAV_LIMIT) return items;
  return [...items.slice(0, NAV_LIMIT), { label: `All ${total} ${what} →`, href: overflowHref, more: true }];
}

function messageItems(site: SiteIndex, service: Service): NavItem[] {
  const seen = new Set<string>();
  const out: NavItem[] = [];
  for (const l of [...service.sends, ...service.receives]) {
    const m = site.latestOf(site.catalog.get(l.target) as Message | undefined);
    if (!m || m.hidden || seen.has(m.key)) continue;
    seen.add(m.key);
    out.push({ label: m.name, href: pageHref(m), kind: m.kind });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * One domain's branch. `focus` is the page's resource: its service is expanded with its messages and
 * the others are links; without a focus (the JSON file) every service carries its messages.
 */
export function domainBranch(site: SiteIndex, domain: Domain, focus?: Resource): NavItem[] {
  const expanded = expandedService(site, focus);
  const items: NavItem[] = [];
  for (const sub of site.subdomains(domain)) {
    if (sub.hidden) continue;
    const inside = focus ? site.inDomain(sub, focus) : false;
    items.push({ label: sub.name, href: pageHref(sub), open: inside, children: focus && !inside ? undefined : domainBranch(site, sub, focus), src: focus && !inside ? navSource(sub) : undefined });
  }
  const services = site.servicesOf(domain).filter((s) => !s.hidden);
  const serviceItems = services.map((s): NavItem => {
    const mine = !focus || s.id === expanded;
    return { label: s.name, href: pageHref(s), open: focus ? s.id === expanded : false, children: mine ? messageItems(site, s) : undefined };
  });
  items.push(...capped(serviceItems, serviceItems.length, pageHref(domain), 'services'));
  for (const [kind, label, anchor] of ARCHITECTURE_GROUPS) {
    const list = site.ofKindIn(kind, domain).filter((r) => kind !== 'system' || !(r as System).parent);
    if (!list.length) continue;
    const open = !!focus && list.some((r) => r.key === focus.key || (focus.system !== undefined && focus.system === r.key));
    items.push({ label, href: `${pageHref(domain)}#${anchor}`, open, children: capped(list.map((r) => ({ label: r.name, href: pageHref(r) })), list.length, href(`/discover/${kindFolder(kind)}/`), label.toLowerCase()) });
  }
  const flows = site.flowsOf(domain).filter((f) => !f.hidden);
  if (flows.length) {
    items.push({ label: 'Flows', href: `${pageHref(domain)}#flows`, open: focus?.kind === 'flow' && flows.some((f) => f.key === focus.key), children: capped(flows.map((f) => ({ label: f.name, href: pageHref(f) })), flows.length, `${pageHref(domain)}#flows`, 'flows') });
  }
  return items;
}

/** The service whose messages the sidebar shows for a page: the page's service, or its message's. */
function expandedService(site: SiteIndex, focus: Resource | undefined): string | undefined {
  if (!focus) return undefined;
  if (focus.kind === 'service') return focus.id;
  const key = focus.folderService ?? (isMessageKind(focus.kind) ? site.catalog.producersOf(focus as Message)[0]?.service : undefined);
  return site.catalog.get(key)?.id;
}

const cache = new WeakMap<SiteIndex, Map<string, string>>();

/**
 * The sidebar tree's HTML for a page. Pages in the same branch share it (it is built once per branch,
 * not once per page); the page's own link is marked afterwards.
 */
export function sidebarHtml(site: SiteIndex, focus: Resource | undefined, currentHref: string, render: (items: NavItem[]) => string): string {
  let byKey = cache.get(site);
  if (!byKey) cache.set(site, (byKey = new Map()));
  const key = focus ? `${site.domainChain(focus).map((d) => d.id).join('/')}|${focus.kind === 'domain' ? focus.id : ''}|${expandedService(site, focus) ?? ''}|${focus.kind === 'flow'}|${ARCHITECTURE_GROUPS.some(([k]) => k === focus.kind) ? focus.key : (focus.system ?? '')}` : '';
  let html = byKey.get(key);
  if (html === undefined) byKey.set(key, (html = render(sidebarTree(site, focus))));
  const attr = `href="${currentHref.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
  return html.replaceAll(`${attr}>`, `${attr} aria-current="page">`);
}

/** The top level: every top domain, the focused one expanded (server-rendered), the rest lazy. */
export function sidebarTree(site: SiteIndex, focus?: Resource): NavItem[] {
  const domains = site.topDomains();
  const items = domains.map((d): NavItem => {
    const inside = focus ? site.inDomain(d, focus) : false;
    return inside
      ? { label: d.name, href: pageHref(d), open: true, children: domainBranch(site, d, focus) }
      : { label: d.name, href: pageHref(d), src: navSource(d) };
  });
  const top = capped(items, items.length, href('/discover/domains/'), 'domains');
  // Decision records and diagrams kept outside any domain (`adrs/`, `diagrams/` at the root).
  for (const [kind, label] of ARCHITECTURE_GROUPS) {
    const loose = site.latest(kind).filter((r) => !r.hidden && !site.domainIdOf(r));
    if (!loose.length) continue;
    top.push({ label, href: href(`/discover/${kindFolder(kind)}/`), open: !!focus && loose.some((r) => r.key === focus.key), children: capped(loose.map((r) => ({ label: r.name, href: pageHref(r) })), loose.length, href(`/discover/${kindFolder(kind)}/`), label.toLowerCase()) });
  }
  return top;
}
