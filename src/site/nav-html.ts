/**
 * The sidebar tree as HTML. Written as a string builder rather than nested Astro components: it is on
 * every page, and this keeps it a few microseconds per page. Every label and URL is escaped. A branch
 * is a <details> whose first entry links to the branch's own page; a lazy branch (data-nav-src) gets
 * its other entries from JSON when opened (src/site/client/sidebar.ts builds the same markup).
 */
import { escapeHtml as esc } from './markdown/highlight.ts';
import type { NavItem } from './nav.ts';

function link(n: NavItem, label: string, currentHref: string): string {
  const current = n.current || n.href === currentHref ? ' aria-current="page"' : '';
  const kind = n.kind ? ` <span class="nav-kind">${esc(n.kind)}</span>` : '';
  return `<a href="${esc(n.href)}"${current}>${esc(label)}${kind}</a>`;
}

function item(n: NavItem, currentHref: string): string {
  if (n.more) return `<li class="more">${link(n, n.label, currentHref)}</li>`;
  if (!n.children && !n.src) return `<li>${link(n, n.label, currentHref)}</li>`;
  const src = n.src ? ` data-nav-src="${esc(n.src)}"` : '';
  const children = (n.children ?? []).map((c) => item(c, currentHref)).join('');
  return `<li><details${n.open ? ' open' : ''}${src}><summary>${esc(n.label)}</summary><ul class="nav-list"><li>${link(n, 'Overview', currentHref)}</li>${children}</ul></details></li>`;
}

/** A `<ul>` of nav items (nested lists for children). */
export function navList(items: readonly NavItem[], currentHref: string): string {
  return `<ul class="nav-list">${items.map((n) => item(n, currentHref)).join('')}</ul>`;
}
