/**
 * References to resources by type and id: `[[service|Orders]]`, `[[event|OrderPlaced@1.0.0]]` and
 * `[[Order]]` (an entity) in any text of a body, and EventCatalog's <ResourceRef> and <ResourceLink>.
 * A reference that resolves becomes a link to the page (named, with its kind and summary as a title);
 * one that does not is shown as its id, marked, never as raw `[[…]]` (lint reports it at its line).
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { KindFamily, Resource } from '../../../catalog/model.ts';
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

/** Resolves `type|id@version`; undefined when the catalog has no such resource. */
export type RefResolver = (type: string, id: string, version?: string) => ResolvedRef | undefined;

const MESSAGE_TYPES = new Set(['event', 'command', 'query', 'message']);

/** The resolver of one site: the latest version unless one is named; `doc` names a guide page. */
export function siteRefResolver(site: SiteIndex): RefResolver {
  return (type, id, version) => {
    const t = type.trim().toLowerCase();
    if (t === 'doc' || t === 'page') {
      const wanted = id.replace(/^\/?(docs\/)?(custom\/)?/, '').replace(/\/$/, '').toLowerCase();
      const guide = site.guides.find((g) => g.id.toLowerCase() === wanted);
      return guide ? { href: href(guidePath(guide.id)), name: guide.title, kind: 'guide', summary: guide.summary } : undefined;
    }
    const family = (MESSAGE_TYPES.has(t) ? 'message' : t) as KindFamily;
    const versions = site.catalog.versions(family, id.trim());
    const candidates = MESSAGE_TYPES.has(t) && t !== 'message' ? versions.filter((r) => r.kind === t) : versions;
    const hit = version && version !== 'latest' ? candidates.find((r) => r.version === version) : candidates[candidates.length - 1];
    return hit ? refOf(hit) : undefined;
  };
}

function refOf(r: Resource): ResolvedRef {
  return { href: pageHref(r), name: r.name, kind: r.kind, summary: r.summary || undefined, deprecated: r.deprecated !== undefined };
}

/** A resolved reference as a link, or the id marked as not found. */
export function refElement(ref: ResolvedRef | undefined, text: string, content?: ElementContent[]): Element {
  if (!ref) return h('span.ref-missing', { title: `Not in the catalog: ${text}` }, content?.length ? content : text);
  const title = `${ref.kind}${ref.deprecated ? ' (deprecated)' : ''}${ref.summary ? ` — ${ref.summary}` : ''}`;
  return h('a.resource-ref', { href: ref.href, title, dataRefKind: ref.kind }, content?.length ? content : ref.name);
}

const REFERENCE = /\[\[([^[\]|\n]{1,200}?)(?:\|([^[\]\n]{1,300}?))?\]\]/g;

/** Splits `[[type|id@version]]` into its parts (`[[id]]` is an entity, as in EventCatalog). */
export function parseReference(inner: string, rest: string | undefined): { type: string; id: string; version?: string } {
  const [type, target] = rest === undefined ? ['entity', inner] : [inner, rest];
  const at = target.lastIndexOf('@');
  return at > 0 ? { type: type.trim(), id: target.slice(0, at).trim(), version: target.slice(at + 1).trim() } : { type: type.trim(), id: target.trim() };
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
    let last = 0;
    for (const m of child.value.matchAll(REFERENCE)) {
      const { type, id, version } = parseReference(m[1], m[2]);
      if (!id) continue;
      changed = true;
      if (m.index > last) out.push({ type: 'text', value: child.value.slice(last, m.index) });
      out.push(refElement(resolve(type, id, version), version ? `${id}@${version}` : id));
      last = m.index + m[0].length;
    }
    if (last < child.value.length) out.push(last === 0 ? child : { type: 'text', value: child.value.slice(last) });
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
