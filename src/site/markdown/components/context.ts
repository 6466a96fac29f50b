/**
 * What every MDX component renderer gets: the site index, the page's resource, the body's file and a
 * few safe readers of props (text, links, resource look-ups). Props are catalog text: renderers only
 * turn them into text, checked links or look-ups in the model.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Resource } from '../../../catalog/model.ts';
import type { SiteIndex } from '../../site-index.ts';
import type { RewrittenLink } from '../links.ts';
import type { Slot } from '../to-hast.ts';

export interface ComponentContext {
  readonly site: SiteIndex;
  /** The resource whose page shows the body, if any. */
  readonly resource?: Resource;
  /** Catalog-relative file the body is written in. */
  readonly file: string;
  /** A prop as text (strings and numbers), else undefined. */
  str(value: unknown): string | undefined;
  /** A prop as a site link, rewritten like a Markdown link (undefined: dropped as unsafe). */
  link(url: unknown): RewrittenLink | undefined;
  /** The resource `id` (at `version`, default latest) among `kinds`. */
  find(kinds: readonly string[], id: unknown, version?: unknown): Resource | undefined;
  /**
   * A fresh id for one component instance in this body: `prefix`, the body's scope and a count that starts
   * again with every body, so a page's ids depend only on the page (pages can render in any order).
   */
  nextId(prefix: string): string;
}

/** One component: its marker element and the rendered children in, hast out. */
export type Renderer = (slot: Slot, children: ElementContent[]) => ElementContent[];

/**
 * The id maker of one body: `scope` tells apart bodies shown on the same page (a resource's body and its
 * changelog).
 */
export function idMaker(scope = ''): (prefix: string) => string {
  let counter = 0;
  return (prefix) => `${scope ? `${scope}-` : ''}${prefix}-${++counter}`;
}

/** A heading-less titled block (components' titles must not enter the page's table of contents). */
export function titled(className: string, title: string | undefined, children: ElementContent[]): Element {
  return h(`section.${className}`, title ? { ariaLabel: title } : {}, [...(title ? [h('p.block-title', title)] : []), ...children]);
}

export function isElement(n: ElementContent): n is Element {
  return n.type === 'element';
}
