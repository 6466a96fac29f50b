/**
 * Markdown and MDX syntax trees to HTML trees, for catalog bodies. MDX is parsed (never executed):
 * `import`/`export` lines are dropped, a capitalised JSX element becomes a placeholder that the page
 * fills with Waybill's own version of that component (or a visible notice), lowercase JSX becomes a
 * plain element for the sanitizer to judge, and `{expressions}` show a `frontmatter.x` value or a notice.
 */
import type { Element, ElementContent, Properties } from 'hast';
import type { Nodes as MdastNodes, Parents as MdastParents, Root as MdastRoot } from 'mdast';
import { toHast, type Handler, type State } from 'mdast-util-to-hast';

/** A component (or notice) the page renders where its placeholder stands. */
export interface Slot {
  name: string;
  props: Record<string, unknown>;
}

export interface ToHastResult {
  tree: import('hast').Root;
  slots: Slot[];
  /** Raw HTML was found: the tree needs reparsing (hast-util-raw) before sanitizing. */
  hasRaw: boolean;
}

const ADMONITIONS = new Set(['note', 'tip', 'info', 'warning', 'caution', 'danger', 'important', 'success', 'check']);

type AnyNode = MdastNodes & { name?: string | null; attributes?: unknown; value?: string; data?: Record<string, unknown> };

/** Converts a parsed body to hast, collecting component placeholders. */
export function bodyToHast(mdast: MdastRoot, slotTag: string, frontmatter: Record<string, unknown>): ToHastResult {
  const slots: Slot[] = [];
  let hasRaw = false;
  const slot = (name: string, props: Record<string, unknown>, children: ElementContent[] = []): Element => {
    slots.push({ name, props });
    return { type: 'element', tagName: slotTag, properties: { dataSlot: String(slots.length - 1) }, children };
  };
  const all = (state: State, node: AnyNode) => state.all(node as MdastParents) as ElementContent[];

  const jsx: Handler = (state, node: AnyNode) => {
    const name = node.name ?? '';
    const props = jsxProps(node.attributes);
    if (!name) return all(state, node);
    if (/^[a-z]/.test(name)) {
      const properties: Properties = {};
      for (const [key, value] of Object.entries(props)) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') properties[key === 'class' ? 'className' : key] = value;
      }
      return { type: 'element', tagName: name, properties, children: all(state, node) };
    }
    return slot(name, props, all(state, node));
  };

  const expression: Handler = (_state, node: AnyNode) => {
    const code = String(node.value ?? '').trim();
    if (!code || /^\/\*[\s\S]*\*\/$/.test(code)) return undefined;
    const path = /^(?:props\.)?frontmatter((?:\.[A-Za-z_$][\w$]*|\[\d+\])+)$/.exec(code)?.[1];
    if (path) {
      const value = path.split(/\.|\[|\]/).filter(Boolean).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), frontmatter);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { type: 'text', value: String(value) };
    }
    return slot('__notice', { message: 'Expression not evaluated', code });
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
      mdxjsEsm: () => undefined,
      containerDirective: directive,
      leafDirective: directive,
      textDirective: directive,
      blockquote,
      html,
    },
  }) as import('hast').Root;
  return { tree, slots, hasRaw };
}

function textOf(node: AnyNode): string {
  if (typeof node.value === 'string') return node.value;
  return ((node as MdastParents).children ?? []).map((c) => textOf(c as AnyNode)).join('');
}

/**
 * JSX attributes as plain values. String attributes are kept; `{…}` values are read only when they are
 * literals (strings, numbers, booleans, null, arrays and objects of those) — nothing is evaluated.
 */
export function jsxProps(attributes: unknown): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  if (!Array.isArray(attributes)) return props;
  for (const attr of attributes as { type: string; name?: string; value?: unknown }[]) {
    if (attr.type !== 'mdxJsxAttribute' || !attr.name) continue;
    if (attr.value === null || attr.value === undefined) props[attr.name] = true;
    else if (typeof attr.value === 'string') props[attr.name] = attr.value;
    else if (typeof attr.value === 'object' && typeof (attr.value as { value?: unknown }).value === 'string') {
      const literal = parseLiteral((attr.value as { value: string }).value);
      if (literal.ok) props[attr.name] = literal.value;
    }
  }
  return props;
}

/** Reads a JavaScript literal (JSON5-like: quotes of any kind, bare keys, trailing commas). */
export function parseLiteral(code: string): { ok: true; value: unknown } | { ok: false } {
  const text = code.trim();
  if (text.length > 20_000) return { ok: false };
  // Only literal characters: no identifiers except keys, true, false, null.
  const normalised = text
    .replace(/'((?:[^'\\]|\\.)*)'/g, (_m, s: string) => JSON.stringify(s.replace(/\\'/g, "'")))
    .replace(/`((?:[^`\\$]|\\.)*)`/g, (_m, s: string) => JSON.stringify(s))
    .replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":')
    .replace(/,(\s*[}\]])/g, '$1');
  try {
    return { ok: true, value: JSON.parse(normalised) };
  } catch {
    return { ok: false };
  }
}
