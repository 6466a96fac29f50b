/**
 * What every resource page shows of EventCatalog 4's common fields, as sections: custom `x-*`
 * properties, attachments, resource groups and the pages of the resource's `docs/` folder. Built from
 * the model with the same renderers as the MDX components, so a page and a body show them alike.
 */
import { toHtml } from 'hast-util-to-html';
import type { Resource } from '../catalog/model.ts';
import { idMaker, type ComponentContext } from './markdown/components/context.ts';
import { attachmentCards, customProperties, customPropertiesTable, resourceGroupTable } from './markdown/components/model-tables.ts';
import { rewriteLink } from './markdown/links.ts';
import { resourceDocPath, href } from './paths.ts';
import type { SiteIndex } from './site-index.ts';
import { escapeHtml as esc } from './markdown/highlight.ts';

export interface ExtraSection {
  id: string;
  title: string;
  html: string;
}

/** The extra sections of a resource's page (empty ones left out). */
export function resourceExtras(site: SiteIndex, r: Resource): ExtraSection[] {
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const ctx: ComponentContext = {
    site,
    resource: r,
    file: r.file,
    str,
    link: (url) => (str(url) ? rewriteLink(str(url) as string, site.links(r.file)) : undefined),
    find: () => undefined,
    nextId: idMaker('extras'),
  };
  const out: ExtraSection[] = [];
  const docs = r.docs.filter((d) => !d.hidden);
  if (docs.length) {
    out.push({
      id: 'docs',
      title: 'Documentation',
      html: `<ul class="doc-list">${docs.map((d) => `<li><a href="${esc(href(resourceDocPath(r, d.id)))}">${esc(d.title)}</a>${d.type ? ` <span class="badge">${esc(d.type)}</span>` : ''}${d.summary ? ` — ${esc(d.summary)}` : ''}</li>`).join('')}</ul>`,
    });
  }
  const custom = customProperties(r);
  if (custom.length) out.push({ id: 'custom-properties', title: 'Custom properties', html: toHtml(customPropertiesTable(ctx, custom)) });
  if (r.attachments.length) out.push({ id: 'attachments', title: 'Attachments', html: toHtml({ type: 'root', children: attachmentCards(ctx, r.attachments) }) });
  r.resourceGroups.forEach((g, i) => {
    if (!g.items.length) return;
    out.push({ id: `resource-group-${i + 1}`, title: g.title ?? g.id ?? 'Resources', html: toHtml(resourceGroupTable(ctx, g.items.slice(0, g.limit || g.items.length))) });
  });
  return out;
}
