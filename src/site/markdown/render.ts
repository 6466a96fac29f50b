/**
 * Catalog bodies (Markdown and EventCatalog-flavoured MDX) to safe HTML: GFM, admonitions, heading
 * anchors, highlighted code, mermaid diagrams, links between catalog files turned into page links, and
 * raw HTML cut down to an allow-list. Parsing is Sätteri's (native, fast); the tree work is hast.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import GithubSlugger from 'github-slugger';
import { raw } from 'hast-util-raw';
import { toHtml } from 'hast-util-to-html';
import { markdownToMdast, mdxToMdast } from 'satteri';
import { highlightCode } from './highlight.ts';
import { rewriteLink, type LinkContext } from './links.ts';
import { sanitizeTree } from './sanitize.ts';
import { bodyToHast, type Slot } from './to-hast.ts';
import { diagramElement, noticeElement } from './elements.ts';
import { linkReferences, type RefResolver } from './components/references.ts';

export interface Heading {
  depth: number;
  id: string;
  text: string;
}

/** Renders a component marker: the hast to put in its place, or undefined for "unknown". */
export type ComponentRenderer = (slot: Slot, children: ElementContent[]) => ElementContent[] | undefined;

export interface RenderOptions {
  format: 'md' | 'mdx';
  /** Links in the body are resolved against this file's folder. */
  links: LinkContext;
  /** Values for `{frontmatter.x}` expressions in MDX. */
  frontmatter?: Record<string, unknown>;
  /** Waybill's versions of MDX components (NodeGraph, SchemaViewer, …). */
  components?: ComponentRenderer;
  /** Ids the page uses itself: body headings with the same slug get a suffix instead. */
  reservedIds?: readonly string[];
  /** Resolves `[[type|id@version]]` references in the text (absent: they are marked as not found). */
  references?: RefResolver;
}

export interface RenderedBody {
  html: string;
  headings: Heading[];
  /** The body holds a mermaid diagram (the page loads mermaid). */
  hasDiagram: boolean;
}

const FEATURES = { gfm: true, directive: true, frontmatter: false } as const;

/**
 * HTML comments, which MDX does not allow but EventCatalog's bodies hold, as MDX comments (same lines,
 * so positions hold); fenced code and inline code are left as written.
 */
export function htmlCommentsToMdx(source: string): string {
  if (!source.includes('<!--')) return source;
  const parts = source.split(/(^[ \t]*(?:```|~~~)[^\n]*\n[\s\S]*?^[ \t]*(?:```|~~~)[ \t]*$|`[^`\n]+`)/m);
  return parts
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/<!--([\s\S]*?)-->/g, (_m, text: string) => `{/*${text.replace(/\*\//g, '* /')}*/}`)))
    .join('');
}

/** Parses a body; MDX that does not parse is shown as Markdown under a notice, never a failed build. */
function parse(source: string, format: 'md' | 'mdx'): { mdast: MdastRoot; problem?: string } {
  if (format === 'mdx') {
    try {
      return { mdast: mdxToMdast(htmlCommentsToMdx(source), { features: FEATURES, position: false }) as MdastRoot };
    } catch (error) {
      return { mdast: markdownToMdast(source, { features: FEATURES, position: false }) as MdastRoot, problem: String((error as Error).message ?? error).split('\n')[0] };
    }
  }
  return { mdast: markdownToMdast(source, { features: FEATURES, position: false }) as MdastRoot };
}

/** The marker element of MDX components: random per build, so catalog HTML cannot forge one. */
const SLOT_TAG = `wb-slot-${Math.random().toString(36).slice(2, 10)}`;

/** Renders one body. */
export async function renderMarkdown(source: string, options: RenderOptions): Promise<RenderedBody> {
  if (!source.trim()) return { html: '', headings: [], hasDiagram: false };
  const slotTag = SLOT_TAG;
  const { mdast, problem } = parse(source, options.format);
  const converted = bodyToHast(mdast, slotTag, options.frontmatter ?? {});
  let tree = converted.tree;
  if (converted.hasRaw) tree = raw(tree) as Root;
  tree = sanitizeTree(tree, slotTag);

  const headings: Heading[] = [];
  const slugger = new GithubSlugger();
  for (const id of options.reservedIds ?? []) slugger.slug(id);
  const state = { hasDiagram: false, pending: [] as Promise<void>[], headings, slugger, options, slotTag, slots: converted.slots };
  const ids = new Set<string>();
  collectIds(tree, ids);
  transform(tree, state, ids);
  await Promise.all(state.pending);
  linkReferences(tree, options.references ?? (() => undefined));
  if (problem) tree.children.unshift(noticeElement(`This MDX could not be compiled (${problem}); it is shown as Markdown.`));
  return { html: toHtml(tree, { allowDangerousHtml: true }), headings, hasDiagram: state.hasDiagram };
}

type State = {
  hasDiagram: boolean;
  pending: Promise<void>[];
  headings: Heading[];
  slugger: GithubSlugger;
  options: RenderOptions;
  slotTag: string;
  slots: Slot[];
};

function collectIds(node: Root | Element, ids: Set<string>): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (typeof child.properties.id === 'string') ids.add(child.properties.id);
    collectIds(child, ids);
  }
}

/** The trusted pass: anchors, links, images, code, diagrams, components (children first). */
function transform(parent: Root | Element, state: State, ids: Set<string>): void {
  const out: (RootContent | ElementContent)[] = [];
  for (const child of parent.children) {
    if (child.type !== 'element') {
      out.push(child);
      continue;
    }
    transform(child, state, ids);
    const replaced = transformElement(child, state, ids);
    if (Array.isArray(replaced)) out.push(...replaced);
    else out.push(replaced);
  }
  parent.children = out as Element['children'];
}

function transformElement(el: Element, state: State, ids: Set<string>): ElementContent | ElementContent[] {
  const tag = el.tagName;
  if (tag === state.slotTag) {
    const slot = state.slots[Number(el.properties.dataSlot)];
    if (!slot) return el.children;
    const rendered = slot.name === '__notice' ? [noticeElement(`${slot.props.message}: `, String(slot.props.code ?? ''))] : state.options.components?.(slot, el.children);
    if (rendered) {
      if (rendered.some((n) => n.type === 'element' && n.properties.dataDiagram !== undefined)) state.hasDiagram = true;
      return rendered;
    }
    return [noticeElement(`The component <${slot.name}> is neither an EventCatalog component nor one of the catalog's own; its content is shown as it is.`), ...el.children];
  }
  if (/^h[1-6]$/.test(tag)) {
    const text = textContent(el);
    const id = state.slugger.slug(text) || 'section';
    el.properties = { ...el.properties, id };
    el.children.push({ type: 'element', tagName: 'a', properties: { className: ['anchor'], href: `#${id}`, ariaLabel: `Link to “${text}”` }, children: [{ type: 'text', value: '#' }] });
    if (tag === 'h2' || tag === 'h3') state.headings.push({ depth: Number(tag[1]), id, text });
    return el;
  }
  if (tag === 'a' && typeof el.properties.href === 'string') {
    const href = el.properties.href;
    const prefixed = href.startsWith('#') && ids.has(`user-content-${href.slice(1)}`) ? `#user-content-${href.slice(1)}` : href;
    const link = rewriteLink(prefixed, state.options.links);
    if (!link) delete el.properties.href;
    else {
      el.properties.href = link.href;
      if (link.external) el.properties.rel = ['noopener', 'noreferrer'];
    }
    return el;
  }
  if (tag === 'img' && typeof el.properties.src === 'string') return image(el, state);
  if (tag === 'pre') return codeBlock(el, state);
  if (tag === 'table') return { type: 'element', tagName: 'div', properties: { className: ['table-wrap'] }, children: [el] };
  return el;
}

/** Catalog images are served from the site; remote images become links (no requests to other hosts). */
function image(el: Element, state: State): ElementContent {
  const src = String(el.properties.src);
  const alt = typeof el.properties.alt === 'string' ? el.properties.alt : '';
  const link = rewriteLink(src, state.options.links);
  if (link && link.resolved !== false && !link.external && !/^(https?:)?\/\//i.test(src)) {
    el.properties.src = link.href;
    el.properties.loading = 'lazy';
    return el;
  }
  if (!link || !link.external) return { type: 'text', value: alt };
  return { type: 'element', tagName: 'a', properties: { href: link.href, rel: ['noopener', 'noreferrer'], className: ['remote-image'] }, children: [{ type: 'text', value: `Image: ${alt || link.href}` }] };
}

function codeBlock(pre: Element, state: State): ElementContent {
  const code = pre.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
  if (!code) return pre;
  const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
  const language = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length) ?? '';
  const text = textContent(code);
  if (language === 'mermaid') {
    state.hasDiagram = true;
    return diagramElement(text, 'Diagram');
  }
  pre.properties = { className: ['code-block'], tabIndex: 0, ...(language ? { dataLanguage: language } : {}) };
  if (language) {
    state.pending.push(
      highlightCode(text, language).then((highlighted) => {
        if (highlighted) {
          pre.properties = highlighted.properties;
          pre.children = highlighted.children;
        }
      }),
    );
  }
  return pre;
}

/** Concatenated text of an element (headings, code). */
export function textContent(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  return node.children.map(textContent).join('');
}
