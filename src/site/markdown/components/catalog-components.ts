/**
 * A catalog's own components (`components/*.astro`, imported by a body: `import Footer from
 * '@catalog/components/footer.astro'`). Waybill never runs catalog code, so it renders one only when
 * it is plain markup: an `.astro` or `.html` file whose template has no expressions, scripts or other
 * components (its `<slot />` takes the element's children); the HTML is sanitized like a body's.
 * Anything else (a `.tsx`, `.jsx`, `.vue`, an `.astro` file with logic) is named in one notice on the
 * page saying why it is not shown — never dropped silently.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ElementContent, Root } from 'hast';
import { raw } from 'hast-util-raw';
import { MAX_MARKDOWN_BYTES, decodeText } from '../../../catalog/read-file.ts';
import { noticeElement } from '../elements.ts';
import { joinRelative } from '../links.ts';
import { sanitizeTree } from '../sanitize.ts';
import type { ComponentContext } from './context.ts';

/** Why a catalog component is not rendered, or its template. */
type Loaded = { ok: true; html: string; file: string } | { ok: false; reason: string; file: string };

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
  const script = (fence?.[1] ?? '').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '').trim();
  const template = fence ? text.slice(fence[0].length) : text;
  if (script) return { ok: false, file, reason: 'its frontmatter script runs code, which Waybill does not run' };
  if (/<script\b/i.test(template)) return { ok: false, file, reason: 'it has a script, which Waybill does not run' };
  if (/\{[^}]*\}/.test(template.replace(/<style[\s\S]*?<\/style>/gi, ''))) return { ok: false, file, reason: 'its template has expressions, which Waybill does not evaluate' };
  if (/<[A-Z]/.test(template)) return { ok: false, file, reason: 'it uses other components' };
  return { ok: true, file, html: template.replace(/<style[\s\S]*?<\/style>/gi, '') };
}

/** Renders `<Name>` imported from `source`, or a notice naming it and saying why it is not shown. */
export function catalogComponent(ctx: ComponentContext, name: string, source: string, children: ElementContent[]): ElementContent[] {
  const file = importedFile(source, ctx.file);
  const loaded = load(ctx.site.catalog.root, file);
  if (!loaded.ok) return [noticeElement(`The catalog's component <${name}> (${loaded.file}) is not shown: ${loaded.reason}.`)];
  const marker = `wb-children-${Math.random().toString(36).slice(2, 10)}`;
  const html = loaded.html.replace(/<slot\s*\/>|<slot\s*>\s*<\/slot>/gi, `<${marker}></${marker}>`);
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
