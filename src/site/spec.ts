/**
 * AsyncAPI and OpenAPI documents prepared for the in-browser viewers, which render Markdown and follow
 * `$ref`s at view time. Everything is settled here, at build time, so the reader's browser asks no other
 * host for anything (the site's Content-Security-Policy enforces it too):
 * - references to other catalog files are inlined; a reference the catalog cannot resolve (a URL, a
 *   missing file) becomes a schema that names it as a plain link, and is never fetched;
 * - Markdown text keeps its formatting, but inline HTML becomes Markdown (`<b>` → `**`, `<a href>` → a
 *   link) or plain text, images become links to the image, and links other than http(s), mailto and
 *   fragments are dropped — the viewers render it as text, so `&` stays `&` (no double escaping);
 * - image URLs (`x-logo`) that point at other hosts are left out;
 * - an OpenAPI 3.1 document with webhooks and no `paths` gets an empty `paths`, and untagged operations
 *   and webhooks a tag: the viewer's stacked layout shows nothing of either otherwise.
 */
import type { SpecDocument } from '../catalog/model.ts';
import { openApiView } from '../spec/index.ts';
import { joinRelative } from './markdown/links.ts';
import { pointerGet } from './schema/properties.ts';

const MARKDOWN_KEYS = new Set(['description', 'summary']);
const URL_KEYS = new Set(['url', 'href', 'termsOfService', 'externalValue', 'authorizationUrl', 'tokenUrl', 'refreshUrl', 'openIdConnectUrl']);
const IMAGE_KEYS = new Set(['x-logo', 'logo', 'x-image', 'image', 'icon', 'x-icon']);
/** Schemes a viewer must never turn into a link (server URLs such as nats:// stay as they are). */
const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript', 'data', 'livescript']);
/** Link targets kept in Markdown: web pages, mail, and places on the same page. */
const SAFE_LINK = /^(?:https?:\/\/|mailto:|#)/i;

function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();
}

/** `target` as a Markdown link target, or undefined when it must not be a link. */
function safeTarget(target: string): string | undefined {
  const trimmed = target.trim().replace(/^<|>$/g, '');
  return SAFE_LINK.test(trimmed) ? trimmed : undefined;
}

const INLINE_MARKDOWN: Record<string, string> = { b: '**', strong: '**', i: '_', em: '_', code: '`', s: '~~', del: '~~' };

/** Inline HTML as Markdown: emphasis, code, links and line breaks kept; other tags dropped, their text kept. */
function htmlToMarkdown(text: string): string {
  let out = text.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<(script|style|template|iframe|object)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  out = out.replace(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>([\s\S]{0,1000}?)<\/a\s*>/gi, (_m, d: string, s: string, u: string, inner: string) => {
    const target = safeTarget(d ?? s ?? u ?? '');
    return target ? `[${inner}](${target})` : inner;
  });
  out = out.replace(/<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?\/?>/g, (tag, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'br') return '  \n';
    if (lower === 'p' || lower === 'div' || lower === 'li' || /^h[1-6]$/.test(lower)) return '\n\n';
    return INLINE_MARKDOWN[lower] ?? '';
  });
  // Dropping a tag can join text into a new one (`<<b>img …>`): drop again until none is left, then
  // escape what still looks like a tag so that Markdown shows it as text.
  for (let i = 0; i < 5 && /<\/?[a-zA-Z]/.test(out); i++) out = out.replace(/<(?!https?:\/\/|mailto:)\/?[a-zA-Z][^<>]*>/gi, '');
  return out.replace(/<(?!https?:\/\/|mailto:)/gi, '\\<');
}

/**
 * Markdown text a viewer may render: no HTML, no images fetched, no script links. Every repetition in the
 * patterns below is bounded, so text built to make them backtrack costs linear time (100 KB: < 1 s).
 */
export function inertMarkdown(text: string): string {
  return (
    htmlToMarkdown(text)
      // ![alt](src "title") → [alt (image)](src): the reader may follow it; the page does not load it.
      .replace(/!\[([^\]\n]{0,500})\]\(\s*((?:[^()\s]|\([^()\s]{0,200}\)){0,2000})[^)\n]{0,500}\)/g, (_m, alt: string, src: string) => {
        const target = safeTarget(src);
        const label = `${alt || 'image'} (image)`;
        return target ? `[${label}](${target})` : label;
      })
      // ![alt][ref] → [alt][ref]
      .replace(/!\[([^\]\n]{0,500})\]\[/g, '[$1][')
      .replace(/\]\(\s*((?:[^()\s]|\([^()\s]{0,200}\)){0,2000})([^)\n]{0,500})\)/g, (m, target: string, rest: string) => (safeTarget(target) || !target ? m : `](#${rest})`))
      // [ref]: javascript:… definitions
      .replace(/^([ \t]{0,3}\[[^\]\n]{1,500}\]:[ \t]*)(\S+)/gm, (m, head: string, target: string) => (safeTarget(target) ? m : `${head}#`))
  );
}

/** What stands in for a `$ref` the catalog cannot resolve: a schema that names it, as a link, unfetched. */
function unresolved(ref: string): Record<string, unknown> {
  const remote = schemeOf(ref) !== undefined || ref.startsWith('//');
  const shown = remote && safeTarget(ref) ? `<${ref}>` : `\`${ref.replace(/`/g, "'")}\``;
  return {
    title: 'Not in the catalog',
    description: remote
      ? `Defined outside the catalog, at ${shown}. Waybill does not fetch other hosts, so it is not shown here.`
      : `Refers to ${shown}, which is not a file of the catalog.`,
  };
}

function clean(value: unknown, key: string | undefined, depth: number, resolve: (ref: string) => unknown): unknown {
  if (depth > 200) return undefined;
  if (typeof value === 'string') {
    if (key && MARKDOWN_KEYS.has(key)) return inertMarkdown(value);
    if (key && IMAGE_KEYS.has(key)) return schemeOf(value) !== undefined || value.startsWith('//') ? undefined : value;
    if (key && URL_KEYS.has(key)) {
      const scheme = schemeOf(value);
      return scheme && SCRIPT_SCHEMES.has(scheme) ? '#' : value;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => clean(v, undefined, depth + 1, resolve));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.$ref === 'string' && !obj.$ref.startsWith('#')) {
      const inlined = resolve(obj.$ref);
      return inlined !== undefined ? clean(inlined, key, depth + 1, resolve) : unresolved(obj.$ref);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const cleaned = clean(v, k, depth + 1, resolve);
      if (cleaned !== undefined || v === undefined) out[k] = cleaned;
    }
    return out;
  }
  return value;
}

/** The document as JSON text for a viewer. `documents` are the catalog's parsed files by path. */
export function viewerDocument(spec: SpecDocument, documents: ReadonlyMap<string, unknown>): string {
  const resolve = (ref: string) => {
    const [file, pointer = ''] = ref.split('#');
    if (/^[a-z][a-z0-9+.-]*:/i.test(file) || file.startsWith('//')) return undefined;
    const doc = documents.get(joinRelative(spec.file, file));
    return doc === undefined ? undefined : pointerGet(doc, pointer);
  };
  const cleaned = clean(spec.document, undefined, 0, resolve) as Record<string, unknown>;
  if (spec.type === 'openapi' && cleaned && typeof cleaned === 'object') {
    if (cleaned.paths === undefined && cleaned.webhooks) cleaned.paths = {};
    tagUntagged(cleaned);
  }
  return JSON.stringify(cleaned);
}

/**
 * Gives operations and webhooks without tags one tag (`Operations`, `Webhooks`), also those of path items
 * reached by a `$ref`: the viewer's stacked layout lists operations by tag and shows untagged ones (and a
 * webhook-only document) as an empty page.
 */
function tagUntagged(cleaned: Record<string, unknown>): void {
  for (const op of openApiView(cleaned).operations) {
    if (op.kind === 'callback' || op.tags.length) continue;
    (op.object as { tags?: unknown }).tags = [op.kind === 'path' ? 'Operations' : 'Webhooks'];
  }
}
