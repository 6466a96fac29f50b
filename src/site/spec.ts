/**
 * AsyncAPI and OpenAPI documents prepared for the in-browser viewers: references to other catalog files
 * are inlined (the viewers never fetch), and the text the viewers render as Markdown or links is made
 * inert — HTML in descriptions is shown as text, and links other than http(s), mailto and fragments
 * are dropped.
 */
import type { SpecDocument } from '../catalog/model.ts';
import { joinRelative } from './markdown/links.ts';
import { pointerGet } from './schema/properties.ts';

const MARKDOWN_KEYS = new Set(['description', 'summary', 'title']);
const URL_KEYS = new Set(['url', 'href', 'termsOfService', 'externalValue', 'authorizationUrl', 'tokenUrl', 'refreshUrl', 'openIdConnectUrl']);
/** Schemes a viewer must never turn into a link (server URLs such as nats:// stay as they are). */
const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript', 'data', 'livescript']);

/** Escapes HTML in Markdown text and neutralises `javascript:`-style link targets. */
export function inertMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\]\(\s*(?:&lt;)?\s*(?:javascript|vbscript|data|livescript)\s*:[^)]*\)/gi, '](#)');
}

function clean(value: unknown, key: string | undefined, depth: number, resolve: (ref: string) => unknown): unknown {
  if (depth > 200) return undefined;
  if (typeof value === 'string') {
    if (key && MARKDOWN_KEYS.has(key)) return inertMarkdown(value);
    if (key && URL_KEYS.has(key)) {
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();
      return scheme && SCRIPT_SCHEMES.has(scheme) ? '#' : value;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => clean(v, undefined, depth + 1, resolve));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.$ref === 'string' && !obj.$ref.startsWith('#')) {
      const inlined = resolve(obj.$ref);
      if (inlined !== undefined) return clean(inlined, key, depth + 1, resolve);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = clean(v, k, depth + 1, resolve);
    return out;
  }
  return value;
}

/** The document as JSON text for a viewer. `documents` are the catalog's parsed files by path. */
export function viewerDocument(spec: SpecDocument, documents: ReadonlyMap<string, unknown>): string {
  const resolve = (ref: string) => {
    const [file, pointer = ''] = ref.split('#');
    if (/^[a-z][a-z0-9+.-]*:/i.test(file)) return undefined;
    const doc = documents.get(joinRelative(spec.file, file));
    return doc === undefined ? undefined : pointerGet(doc, pointer);
  };
  return JSON.stringify(clean(spec.document, undefined, 0, resolve));
}
