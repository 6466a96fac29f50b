/**
 * The sidebar tree as HTML. Written as a string builder rather than nested Astro components: it is on
 * every page, and this keeps it a few microseconds per page. Every label and URL is escaped. A branch
 * is a <details> whose first entry links to the branch's own page; a lazy branch (data-nav-src) gets
 * its other entries from JSON when opened (src/site/client/sidebar.ts builds the same markup).
 */
import { escapeHtml as esc } from './markdown/highlight.ts';
import type { NavItem } from './nav.ts';

function link(n: NavItem, label: string): string {
  const kind = n.kind ? ` <span class="nav-kind">${esc(n.kind)}</span>` : '';
  return `<a href="${esc(n.href)}">${esc(label)}${kind}</a>`;
}

function item(n: NavItem): string {
  if (n.more) return `<li class="more">${link(n, n.label)}</li>`;
  if (!n.children && !n.src) return `<li>${link(n, n.label)}</li>`;
  const src = n.src ? ` data-nav-src="${esc(n.src)}"` : '';
  const children = (n.children ?? []).map(item).join('');
  return `<li><details${n.open ? ' open' : ''}${src}><summary>${esc(n.label)}</summary><ul class="nav-list"><li>${link(n, 'Overview')}</li>${children}</ul></details></li>`;
}

/** A `<ul>` of nav items (nested lists for children). The page's own link is marked by the caller. */
export function navList(items: readonly NavItem[]): string {
  return `<ul class="nav-list">${items.map(item).join('')}</ul>`;
}
