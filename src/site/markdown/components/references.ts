/**
 * References to resources by type and id: `[[service|Orders]]`, `[[event|OrderPlaced@1.0.0]]`,
 * `[[service|Orders|label]]` and `[[Order]]` (an entity) in any text of a body, and EventCatalog's
 * <ResourceRef> and <ResourceLink>. Resolution is the catalog's one resolver (src/catalog/resource-refs.ts),
 * which lint shares, so a reference the site marks as missing is the one lint reports.
 * A reference that resolves becomes a link to the page (named, with its kind and summary as a title);
 * one that does not is shown as its id, marked, never as raw `[[…]]` (lint reports it at its line).
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { resolveResourceRef, splitResourceRefs } from '../../../catalog/resource-refs.ts';
import { guidePath, href, pageHref } from '../../paths.ts';
import type { SiteIndex } from '../../site-index.ts';
import type { ComponentContext, Renderer } from './context.ts';

/** What a reference names: its page and how to label it. */
export interface ResolvedRef {
  readonly href: string;
  readonly name: string;
  /** Kind label: `service`, `event`, `guide`, … */
  readonly kind: string;
  readonly summary?: string;
  readonly deprecated?: boolean;
}

/** Resolves `type|id@version` (with an optional label); undefined when the catalog has no such resource. */
export type RefResolver = (type: string, id: string, version?: string, label?: string) => ResolvedRef | undefined;

/** The resolver of one site: the catalog's one reference resolver (shared with lint), as page links. */
export function siteRefResolver(site: SiteIndex): RefResolver {
  return (type, id, version, label) => {
    const resolved = resolveResourceRef(site.catalog, { type, id, version, label });
    if (!resolved.ok) return undefined;
    if (resolved.target.type === 'guide') {
      const g = resolved.target.guide;
      return { href: href(guidePath(g.id)), name: resolved.label, kind: 'guide', summary: g.summary || undefined };
    }
    const r = resolved.target.resource;
    return { href: pageHref(r), name: resolved.label, kind: r.kind, summary: r.summary || undefined, deprecated: r.deprecated !== undefined };
  };
}

/** A resolved reference as a link, or the id marked as not found. */
export function refElement(ref: ResolvedRef | undefined, text: string, content?: ElementContent[]): Element {
  if (!ref) return h('span.ref-missing', { title: `Not in the catalog: ${text}` }, content?.length ? content : text);
  const title = `${ref.kind}${ref.deprecated ? ' (deprecated)' : ''}${ref.summary ? ` — ${ref.summary}` : ''}`;
  return h('a.resource-ref', { href: ref.href, title, dataRefKind: ref.kind }, content?.length ? content : ref.name);
}

const SKIP = new Set(['code', 'pre', 'a', 'script', 'style', 'button', 'summary', 'textarea']);

/** Replaces `[[…]]` in every text of the tree (not in code, links or diagrams) with reference links. */
export function linkReferences(tree: Root | Element, resolve: RefResolver): void {
  const out: ElementContent[] = [];
  let changed = false;
  for (const child of tree.children as ElementContent[]) {
    if (child.type === 'element') {
      const cls = child.properties.className;
      const isDiagram = child.properties.dataDiagram !== undefined || (Array.isArray(cls) && cls.includes('diagram'));
      if (!SKIP.has(child.tagName) && !isDiagram) linkReferences(child, resolve);
      out.push(child);
      continue;
    }
    if (child.type !== 'text' || !child.value.includes('[[')) {
      out.push(child);
      continue;
    }
    const parts = splitResourceRefs(child.value);
    if (parts.length === 1 && typeof parts[0] === 'string') {
      out.push(child);
      continue;
    }
    changed = true;
    for (const part of parts) {
      if (typeof part === 'string') out.push({ type: 'text', value: part });
      else out.push(refElement(resolve(part.type, part.id, part.version, part.label), part.label ?? (part.version ? `${part.id}@${part.version}` : part.id)));
    }
  }
  if (changed) tree.children = out as Element['children'];
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** <ResourceRef type="service">Orders</ResourceRef> and <ResourceLink id="Orders" type="service">text</ResourceLink>. */
export function referenceComponents(ctx: ComponentContext, resolve: RefResolver): Record<string, Renderer> {
  return {
    ResourceRef: ({ props }, children) => {
      const id = children.map(textOf).join('').trim() || ctx.str(props.id) || '';
      const type = ctx.str(props.type) ?? 'entity';
      const version = ctx.str(props.version);
      return [refElement(resolve(type, id, version), id)];
    },
    ResourceLink: ({ props }, children) => {
      const id = ctx.str(props.id) ?? '';
      const type = ctx.str(props.type) ?? 'service';
      const version = ctx.str(props.version);
      const content = children.length === 1 && children[0].type === 'element' && children[0].tagName === 'p' ? children[0].children : children;
      return [refElement(resolve(type, id, version), id, content)];
    },
  };
}
