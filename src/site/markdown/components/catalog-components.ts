/**
 * A catalog's own components (`components/*.astro`, imported by a body: `import Footer from
 * '@catalog/components/footer.astro'`). Waybill never runs catalog code, so it renders one only when
 * it is plain markup: an `.astro` or `.html` file without scripts or other components, whose
 * frontmatter only declares constants and whose `{expressions}` the safe evaluator can read (over those
 * constants and the element's props); its `<slot />` takes the element's children, and the HTML is
 * sanitized like a body's.
 * Anything else (a `.tsx`, `.jsx`, `.vue`, an `.astro` file with logic) is named in one notice on the
 * page saying why it is not shown — never dropped silently.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ElementContent, Root } from 'hast';
import { parse } from '@babel/parser';
import { raw } from 'hast-util-raw';
import { MAX_MARKDOWN_BYTES, decodeText } from '../../../catalog/read-file.ts';
import { noticeElement } from '../elements.ts';
import { evaluate, toText } from '../evaluate.ts';
import { joinRelative } from '../links.ts';
import { sanitizeTree } from '../sanitize.ts';
import type { ComponentContext } from './context.ts';

/** Why a catalog component is not rendered, or its template. */
type Loaded = { ok: true; html: string; file: string; script: string } | { ok: false; reason: string; file: string };

const cache = new Map<string, Loaded>();

/** The catalog-relative file an import names (`@catalog/…`, `~/…`, `/…` from the root; else relative to the body). */
export function importedFile(source: string, bodyFile: string): string {
  const fromRoot = /^(@catalog|~|@)\//.exec(source);
  if (fromRoot) return joinRelative('x', source.slice(fromRoot[0].length));
  if (source.startsWith('/')) return joinRelative('x', source.slice(1));
  return joinRelative(bodyFile, source);
}

function load(root: string, file: string): Loaded {
  const key = `${root}\0${file}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = read(root, file);
  cache.set(key, result);
  return result;
}

function read(root: string, file: string): Loaded {
  if (!/\.(astro|html)$/i.test(file)) return { ok: false, file, reason: 'it is code (React, Vue or Svelte), which Waybill does not run' };
  let text: string;
  try {
    const realRoot = realpathSync(root);
    const abs = realpathSync(path.join(root, file));
    if (!abs.startsWith(realRoot + path.sep)) return { ok: false, file, reason: 'it is outside the catalog' };
    if (statSync(abs).size > MAX_MARKDOWN_BYTES) return { ok: false, file, reason: 'it is too large' };
    const decoded = decodeText(readFileSync(abs));
    if (!decoded.ok) return { ok: false, file, reason: decoded.problem.message };
    text = decoded.text;
  } catch {
    return { ok: false, file, reason: 'the file is not in the catalog' };
  }
  const fence = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  const template = (fence ? text.slice(fence[0].length) : text).replace(/<style[\s\S]*?<\/style>/gi, '');
  if (/<script\b/i.test(template)) return { ok: false, file, reason: 'it has a script, which Waybill does not run' };
  if (/<[A-Z]/.test(template)) return { ok: false, file, reason: 'it uses other components' };
  return { ok: true, file, html: template, script: fence?.[1] ?? '' };
}

/** The constants a frontmatter script declares (`const year = 2026;`), or why it is more than that. */
function constants(script: string, props: Record<string, unknown>): { ok: true; scope: Record<string, unknown> } | { ok: false; reason: string } {
  const scope: Record<string, unknown> = { Astro: { props } };
  if (!script.trim()) return { ok: true, scope };
  type Node = { type: string; start?: number | null; end?: number | null; name?: string; key?: Node; value?: Node; left?: Node; right?: Node; computed?: boolean; properties?: Node[] };
  let program: { body: { type: string; declarations?: { id: Node; init?: Node | null }[] }[] };
  try {
    program = parse(script, { sourceType: 'module', plugins: ['typescript'] }).program as unknown as typeof program;
  } catch {
    return { ok: false, reason: 'its frontmatter script does not parse' };
  }
  const runsCode = (why?: string) => ({ ok: false as const, reason: `its frontmatter script runs code, which Waybill does not run${why ? ` (${why})` : ''}` });
  const read = (node: Node) => evaluate(script.slice(node.start ?? 0, node.end ?? 0), scope);
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration') return runsCode();
    for (const d of statement.declarations ?? []) {
      if (!d.init) return runsCode();
      const value = read(d.init);
      if (!value.ok) return runsCode(value.reason);
      if (d.id.type === 'Identifier' && d.id.name) {
        scope[d.id.name] = value.value;
        continue;
      }
      // `const { title, tone = 'calm' } = Astro.props;`
      if (d.id.type !== 'ObjectPattern') return runsCode();
      const source = (value.value && typeof value.value === 'object' ? value.value : {}) as Record<string, unknown>;
      for (const p of d.id.properties ?? []) {
        if (p.type !== 'ObjectProperty' || p.computed || p.key?.type !== 'Identifier' || !p.key.name) return runsCode();
        const own = Object.prototype.hasOwnProperty.call(source, p.key.name) ? source[p.key.name] : undefined;
        const target = p.value?.type === 'AssignmentPattern' ? p.value.left : p.value;
        if (target?.type !== 'Identifier' || !target.name) return runsCode();
        if (own === undefined && p.value?.type === 'AssignmentPattern' && p.value.right) {
          const fallback = read(p.value.right);
          if (!fallback.ok) return runsCode(fallback.reason);
          scope[target.name] = fallback.value;
        } else scope[target.name] = own;
      }
    }
  }
  return { ok: true, scope };
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The template with its `{expressions}` evaluated (attribute values quoted), or why it cannot be. */
function fillTemplate(html: string, scope: Record<string, unknown>): { ok: true; html: string } | { ok: false; reason: string } {
  let failure: string | undefined;
  const out = html.replace(/(=\s*)?\{([^{}]*)\}/g, (_m, attr: string | undefined, code: string) => {
    const value = evaluate(code, scope);
    if (!value.ok) failure ??= `its template expression {${code.trim()}} cannot be evaluated (${value.reason})`;
    const text = value.ok && value.value !== undefined && value.value !== null && value.value !== false ? escapeHtml(toText(value.value)) : '';
    return attr ? `${attr}"${text}"` : text;
  });
  return failure ? { ok: false, reason: failure } : { ok: true, html: out };
}

/** Renders `<Name>` imported from `source`, or a notice naming it and saying why it is not shown. */
export function catalogComponent(ctx: ComponentContext, name: string, source: string, props: Record<string, unknown>, children: ElementContent[]): ElementContent[] {
  if (!/^(\.{1,2}\/|\/|@catalog\/|~\/|@\/)/.test(source)) {
    return [noticeElement(`The component <${name}> is not shown: it is imported from ‘${source.slice(0, 120)}’, not from the catalog's own files, and Waybill does not run imported code.`)];
  }
  const file = importedFile(source, ctx.file);
  const loaded = load(ctx.site.catalog.root, file);
  const notShown = (reason: string) => [noticeElement(`The catalog's component <${name}> (${file}) is not shown: ${reason}.`)];
  if (!loaded.ok) return notShown(loaded.reason);
  const scope = constants(loaded.script, props);
  if (!scope.ok) return notShown(scope.reason);
  const filled = fillTemplate(loaded.html, scope.scope);
  if (!filled.ok) return notShown(filled.reason);
  const marker = `wb-children-${Math.random().toString(36).slice(2, 10)}`;
  const html = filled.html.replace(/<slot\s*\/>|<slot\s*>\s*<\/slot>/gi, `<${marker}></${marker}>`);
  let tree = raw({ type: 'root', children: [{ type: 'raw', value: html }] } as unknown as Root) as Root;
  tree = sanitizeTree(tree, marker);
  const fill = (nodes: ElementContent[]): ElementContent[] => nodes.flatMap((n) => {
    if (n.type !== 'element') return [n];
    if (n.tagName === marker) return children;
    n.children = fill(n.children);
    return [n];
  });
  return fill(tree.children as ElementContent[]);
}
