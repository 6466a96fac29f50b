/**
 * Markdown and MDX syntax trees to HTML trees, for catalog bodies. MDX is parsed (never executed):
 * `import` lines are recorded (a component's marker says where it was imported from) and dropped,
 * a capitalised JSX element becomes a marker element that the page fills with Waybill's own version of
 * that component (or a visible notice), lowercase JSX becomes a plain element for the sanitizer to
 * judge, and `{expressions}` (and `{…}` props) are evaluated over `frontmatter` by the safe evaluator
 * (./evaluate.ts): text, or the JSX they build; an expression it cannot evaluate becomes a notice.
 */
import type { Element, ElementContent, Properties } from 'hast';
import type { Nodes as MdastNodes, Parents as MdastParents, Root as MdastRoot } from 'mdast';
import { toHast, type Handler, type State } from 'mdast-util-to-hast';
import { evaluate, isJsx, toText } from './evaluate.ts';

/** A component (or notice) the page renders where its marker stands. */
export interface Slot {
  name: string;
  props: Record<string, unknown>;
  /** Where the body imports this component from, when it does. */
  source?: string;
}

export interface ToHastResult {
  tree: import('hast').Root;
  slots: Slot[];
  /** Raw HTML was found: the tree needs reparsing (hast-util-raw) before sanitizing. */
  hasRaw: boolean;
  /** Names imported by the body's `import` lines, with their source. */
  imports: Map<string, string>;
}

const ADMONITIONS = new Set(['note', 'tip', 'info', 'warning', 'caution', 'danger', 'important', 'success', 'check']);

type AnyNode = MdastNodes & { name?: string | null; attributes?: unknown; value?: string; data?: Record<string, unknown> };

/** Converts a parsed body to hast, collecting component markers. */
export function bodyToHast(mdast: MdastRoot, slotTag: string, frontmatter: Record<string, unknown>): ToHastResult {
  const slots: Slot[] = [];
  let hasRaw = false;
  const imports = new Map<string, string>();
  const scope = { frontmatter, props: { frontmatter, data: frontmatter } };
  const slot = (name: string, props: Record<string, unknown>, children: ElementContent[] = []): Element => {
    slots.push({ name, props, source: imports.get(name.split('.')[0]) });
    return { type: 'element', tagName: slotTag, properties: { dataSlot: String(slots.length - 1) }, children };
  };
  const all = (state: State, node: AnyNode) => state.all(node as MdastParents) as ElementContent[];
  /** A plain element from JSX: only text-like attribute values survive (the sanitizer judges them). */
  const plain = (name: string, props: Record<string, unknown>, children: ElementContent[]): Element => {
    const properties: Properties = {};
    for (const [key, value] of Object.entries(props)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') properties[key === 'class' ? 'className' : key] = value;
    }
    return { type: 'element', tagName: name, properties, children };
  };
  const element = (name: string, props: Record<string, unknown>, children: ElementContent[], failed: string[]): ElementContent[] => {
    const notices = failed.map((f) => slot('__notice', { message: `A prop of <${name}> was not evaluated`, code: f }));
    if (!name) return [...notices, ...children];
    return [...notices, /^[a-z]/.test(name) ? plain(name, props, children) : slot(name, props, children)];
  };
  /** What an evaluated expression shows: text, or the elements its JSX built. */
  const valueToHast = (value: unknown): ElementContent[] => {
    if (value === undefined || value === null || typeof value === 'boolean') return [];
    if (Array.isArray(value)) return value.flatMap(valueToHast);
    if (isJsx(value)) return element(value.name, value.props, value.children.flatMap(valueToHast), []);
    return [{ type: 'text', value: toText(value) }];
  };

  const jsx: Handler = (state, node: AnyNode) => {
    const failed: string[] = [];
    const props = jsxProps(node.attributes, scope, failed);
    return element(node.name ?? '', props, all(state, node), failed);
  };

  const expression: Handler = (_state, node: AnyNode) => {
    const code = String(node.value ?? '').trim();
    if (!code || /^\/\*[\s\S]*\*\/$/.test(code)) return undefined;
    const result = evaluate(code, scope);
    if (result.ok) return valueToHast(result.value);
    return slot('__notice', { message: `Expression not evaluated (${result.reason})`, code });
  };

  const esm: Handler = (_state, node: AnyNode) => {
    for (const [name, source] of importsOf(String(node.value ?? ''))) imports.set(name, source);
    return undefined;
  };

  const directive: Handler = (state, node: AnyNode) => {
    const name = String(node.name ?? '').toLowerCase();
    if (node.type === 'textDirective' || node.type === 'leafDirective') {
      // Not a construct we know: give the reader back what was written.
      const label = all(state, node);
      return [{ type: 'text', value: `:${node.type === 'leafDirective' ? ':' : ''}${node.name}` }, ...(label.length ? [{ type: 'text' as const, value: '[' }, ...label, { type: 'text' as const, value: ']' }] : [])];
    }
    const children = (node as MdastParents).children as AnyNode[];
    const labelNode = children[0]?.type === 'paragraph' && children[0].data?.directiveLabel ? children[0] : undefined;
    const title = labelNode ? textOf(labelNode) : undefined;
    const body = all(state, { ...node, children: labelNode ? children.slice(1) : children } as AnyNode);
    if (ADMONITIONS.has(name)) return slot('Admonition', { type: name, title }, body);
    if (name === 'details') return { type: 'element', tagName: 'details', properties: {}, children: [{ type: 'element', tagName: 'summary', properties: {}, children: [{ type: 'text', value: title ?? 'Details' }] }, ...body] };
    return { type: 'element', tagName: 'div', properties: {}, children: body };
  };

  const blockquote: Handler = (state, node: AnyNode) => {
    const first = (node as MdastParents).children[0] as AnyNode | undefined;
    const firstText = first?.type === 'paragraph' ? ((first as MdastParents).children[0] as AnyNode | undefined) : undefined;
    const alert = firstText?.type === 'text' ? /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/i.exec(String(firstText.value)) : null;
    if (alert && first && firstText) {
      const rest = { ...firstText, value: String(firstText.value).slice(alert[0].length) };
      const para = { ...first, children: [rest, ...(first as MdastParents).children.slice(1)] } as AnyNode;
      const body = all(state, { ...node, children: [para, ...(node as MdastParents).children.slice(1)] } as AnyNode);
      return slot('Admonition', { type: alert[1].toLowerCase() }, body);
    }
    return { type: 'element', tagName: 'blockquote', properties: {}, children: state.wrap(all(state, node), true) };
  };

  const html: Handler = (_state, node: AnyNode) => {
    hasRaw = true;
    return { type: 'raw', value: String(node.value ?? '') } as unknown as Element;
  };

  const tree = toHast(mdast, {
    clobberPrefix: '',
    allowDangerousHtml: true,
    handlers: {
      mdxJsxFlowElement: jsx,
      mdxJsxTextElement: jsx,
      mdxFlowExpression: expression,
      mdxTextExpression: expression,
      mdxjsEsm: esm,
      containerDirective: directive,
      leafDirective: directive,
      textDirective: directive,
      blockquote,
      html,
    },
  }) as import('hast').Root;
  return { tree, slots, hasRaw, imports };
}

function textOf(node: AnyNode): string {
  if (typeof node.value === 'string') return node.value;
  return ((node as MdastParents).children ?? []).map((c) => textOf(c as AnyNode)).join('');
}

/**
 * JSX attributes as values: strings as written, `{…}` expressions evaluated over `scope` by the safe
 * evaluator (nothing is executed). An expression that cannot be evaluated leaves its prop out and is
 * reported in `failed`.
 */
export function jsxProps(attributes: unknown, scope: Record<string, unknown> = {}, failed: string[] = []): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  if (!Array.isArray(attributes)) return props;
  for (const attr of attributes as { type: string; name?: string; value?: unknown }[]) {
    if (attr.type === 'mdxJsxExpressionAttribute') {
      const spread = evaluate(String((attr as { value?: unknown }).value ?? '').replace(/^\{\s*\.\.\.|\}$/g, ''), scope);
      if (spread.ok && spread.value && typeof spread.value === 'object' && !Array.isArray(spread.value)) Object.assign(props, spread.value);
      else failed.push(String((attr as { value?: unknown }).value ?? ''));
      continue;
    }
    if (attr.type !== 'mdxJsxAttribute' || !attr.name) continue;
    if (attr.value === null || attr.value === undefined) props[attr.name] = true;
    else if (typeof attr.value === 'string') props[attr.name] = attr.value;
    else if (typeof attr.value === 'object' && typeof (attr.value as { value?: unknown }).value === 'string') {
      const code = (attr.value as { value: string }).value;
      const result = evaluate(code, scope);
      if (result.ok) props[attr.name] = result.value;
      else failed.push(`${attr.name}={${code}}: ${result.reason}`);
    }
  }
  return props;
}

/** The names a body imports, with where from (`import Footer from '../components/footer.astro'`). */
export function importsOf(esm: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of esm.matchAll(/import\s+([\s\S]*?)\s+from\s+['"]([^'"]+)['"]/g)) {
    const [, clause, source] = m;
    const named = /\{([\s\S]*)\}/.exec(clause);
    const defaultName = /^\s*([A-Za-z_$][\w$]*)/.exec(clause.replace(/\{[\s\S]*\}/, ''));
    if (defaultName && defaultName[1] !== 'type') found.set(defaultName[1], source);
    for (const part of named?.[1].split(',') ?? []) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name && !name.startsWith('type ')) found.set((alias ?? name).trim(), source);
    }
  }
  return found;
}
