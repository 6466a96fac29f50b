/**
 * EventCatalog's resource references in Markdown: `[[service|OrderService]]`, `[[event|OrderPlaced@1.0.0]]`,
 * `[[doc|getting-started]]` and the shorthand `[[Order]]` (an entity). One finder and one resolver, used by
 * lint (`unknown-resource-ref`) and by the site (links in bodies, tables and components), so the two
 * always agree on what a reference names. Pure: the catalog is read through {@link RefCatalog}.
 */
import { closest, distance } from 'fastest-levenshtein';
import { proseLines } from './prose-lines.ts';
import { kindOfRefType, REF_TYPES, layoutOf } from './layout.ts';
import type { CustomPage, Guide, KindFamily, Resource } from './model.ts';
import { resolveVersion } from './versions.ts';

/** A `[[…]]` written in a Markdown body. */
export interface ResourceRef {
  /** As written, brackets included. */
  readonly raw: string;
  /** The type as written (`service`); `entity` when the shorthand `[[Id]]` names none. */
  readonly type: string;
  readonly id: string;
  /** As written after `@`; absent means latest. */
  readonly version?: string;
  /** Text after a second `|`, when given: `[[service|OrderService|the order service]]`. */
  readonly label?: string;
  /** 1-based line and column inside the body. */
  readonly line: number;
  readonly column: number;
}

/** What the resolver needs of a catalog ({@link Catalog} is one). */
export interface RefCatalog {
  versions(family: KindFamily, id: string): readonly Resource[];
  ids(family: KindFamily): string[];
  readonly guides: readonly Guide[];
  readonly pages?: readonly CustomPage[];
}

export type RefTarget =
  | { readonly type: 'resource'; readonly resource: Resource }
  | { readonly type: 'guide'; readonly guide: Guide };

export type RefResolution =
  | { readonly ok: true; readonly target: RefTarget; readonly label: string }
  | { readonly ok: false; readonly message: string; readonly hint?: string };

const REF = /\[\[([^[\]|\n]+?)(?:\|([^[\]|\n]+?))?(?:\|([^[\]\n]+?))?\]\]/g;

/**
 * Every `[[…]]` in a Markdown body, with its line and column. Fenced and indented code blocks and
 * inline code are skipped, as EventCatalog's remark plugin sees only text nodes.
 */
export function findResourceRefs(body: string): ResourceRef[] {
  const out: ResourceRef[] = [];
  for (const { text, line } of proseLines(body, { skipIndentedCode: true })) {
    for (const m of text.matchAll(REF)) {
      const parsed = parseRef(m[0], m[1], m[2], m[3]);
      if (parsed) out.push({ ...parsed, line, column: (m.index ?? 0) + 1 });
    }
  }
  return out;
}

/**
 * A text node's content split into plain text and references, in order — for a renderer that turns
 * `[[…]]` in Markdown text nodes into links (code is not text, so it is never split).
 */
export function splitResourceRefs(text: string): (string | Omit<ResourceRef, 'line' | 'column'>)[] {
  const out: (string | Omit<ResourceRef, 'line' | 'column'>)[] = [];
  let last = 0;
  for (const m of text.matchAll(REF)) {
    const ref = parseRef(m[0], m[1], m[2], m[3]);
    if (!ref) continue;
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    out.push(ref);
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Parses the inside of one `[[…]]` (as found by {@link findResourceRefs}, or given by a component). */
export function parseResourceRef(raw: string): Omit<ResourceRef, 'line' | 'column'> | undefined {
  const m = /^\[\[([^[\]|\n]+?)(?:\|([^[\]|\n]+?))?(?:\|([^[\]\n]+?))?\]\]$/.exec(raw.trim());
  return m ? parseRef(m[0], m[1], m[2], m[3]) : undefined;
}

function parseRef(raw: string, first: string, second: string | undefined, third: string | undefined): Omit<ResourceRef, 'line' | 'column'> | undefined {
  const type = second === undefined ? 'entity' : first.trim();
  const target = (second ?? first).trim();
  if (!target) return undefined;
  const at = target.lastIndexOf('@');
  const id = at > 0 ? target.slice(0, at).trim() : target;
  const version = at > 0 ? target.slice(at + 1).trim() || undefined : undefined;
  return { raw, type, id, ...(version ? { version } : {}), ...(third?.trim() ? { label: third.trim() } : {}) };
}

/** What a reference names in the catalog, or why it names nothing (with a did-you-mean when one is near). */
export function resolveResourceRef(catalog: RefCatalog, ref: Pick<ResourceRef, 'type' | 'id' | 'version' | 'label'>): RefResolution {
  const written = `[[${ref.type}|${ref.id}${ref.version ? `@${ref.version}` : ''}]]`;
  if (ref.type.trim().toLowerCase() === 'doc') return resolveDoc(catalog, ref.id, ref.label, written);
  const type = kindOfRefType(ref.type);
  if (!type) {
    const near = nearest(ref.type.toLowerCase(), [...REF_TYPES, 'doc']);
    return {
      ok: false,
      message: `${written} names the type '${ref.type}', which Waybill does not know.${near ? ` Did you mean '${near}'?` : ''}`,
      hint: `Types: ${[...REF_TYPES, 'doc'].join(', ')}.`,
    };
  }
  const versions = catalog.versions(type.family, ref.id);
  const what = type.kind ? layoutOf(type.kind).singular.toLowerCase() : 'message';
  if (versions.length === 0) {
    const near = nearest(ref.id, catalog.ids(type.family));
    return {
      ok: false,
      message: `${written} names ${article(what)} ${what} '${ref.id}', which is not in the catalog.${near ? ` Did you mean '${near}'?` : ''}`,
      hint: near ? undefined : `Add the ${what}, or correct the id.`,
    };
  }
  if (type.kind && versions[0].kind !== type.kind) {
    const actual = versions[0].kind;
    return {
      ok: false,
      message: `${written}: '${ref.id}' is ${article(actual)} ${actual}, not ${article(what)} ${what}.`,
      hint: `Write [[${layoutOf(actual).refType}|${ref.id}${ref.version ? `@${ref.version}` : ''}]].`,
    };
  }
  const version = resolveVersion(ref.version, versions.map((v) => v.version));
  const resource = versions.find((v) => v.version === version);
  if (!resource) {
    return {
      ok: false,
      message: `${written}: ${what} '${ref.id}' has no version ${ref.version}; it has ${versions.map((v) => v.version).join(', ')}.`,
      hint: 'Name an existing version, a range such as ^1, or leave the version out for the latest.',
    };
  }
  return { ok: true, target: { type: 'resource', resource }, label: ref.label ?? resource.name };
}

function resolveDoc(catalog: RefCatalog, id: string, label: string | undefined, written: string): RefResolution {
  const wanted = normalizeDocId(id);
  const guide = catalog.guides.find((g) => normalizeDocId(g.id) === wanted || normalizeDocId(String(g.frontmatter.slug ?? '')) === wanted);
  if (guide) return { ok: true, target: { type: 'guide', guide }, label: label ?? guide.title };
  const near = nearest(wanted, catalog.guides.map((g) => normalizeDocId(g.id)));
  return {
    ok: false,
    message: `${written} names the page '${id}', which is not in docs/.${near ? ` Did you mean '${near}'?` : ''}`,
    hint: near ? undefined : 'Doc references name a page below docs/ by its path without extension.',
  };
}

function normalizeDocId(value: string): string {
  return value
    .trim()
    .replace(/\\/g, '/')
    .replace(/^\/+/, '')
    .replace(/^docs\/(custom\/)?/i, '')
    .replace(/\.mdx?$/i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

function nearest(value: string, candidates: readonly string[]): string | undefined {
  if (!value || candidates.length === 0) return undefined;
  const near = closest(value, candidates as string[]);
  const limit = Math.max(2, Math.floor(value.length / 3));
  return near.toLowerCase() === value.toLowerCase() || distance(near.toLowerCase(), value.toLowerCase()) <= limit ? near : undefined;
}


function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
