/**
 * Links written in catalog Markdown, turned into site links: a relative path to another catalog file
 * (`../StoreCreated/index.md`) becomes that resource's page, a root path (`/services/Stores`) or an
 * EventCatalog URL (`/docs/events/StoreCreated/1.0.0`) gets the base path, and anything that is not
 * http(s), mailto or a fragment is dropped. Pure: the catalog is reached through a lookup.
 */
import { assetPath, folderKind, guidePath, href, resourcePath } from '../paths.ts';
import type { ResourceKind } from '../../catalog/model.ts';
import { layoutOf } from '../../catalog/layout.ts';
import { resolveResourceRef, type RefCatalog, type ResourceRef } from '../../catalog/resource-refs.ts';

/**
 * What a catalog file is, as far as links are concerned: a file with a page (a resource, a guide, a
 * message's schema, a service's specification: its site path, base not included), or an asset the
 * site serves under `/catalog-files/` (images).
 */
export type FileTarget = { type: 'page'; path: string } | { type: 'asset' };

export interface LinkContext {
  /** Catalog-relative path of the file the link is written in. */
  file: string;
  /** What a catalog-relative file is, or undefined when the catalog has no such file. */
  lookup(file: string): FileTarget | undefined;
  /** Latest version of a resource by kind and id, for `/docs/events/X` style links. */
  latest?(kind: ResourceKind, id: string, version?: string): { kind: ResourceKind; id: string; version: string; isLatest: boolean } | undefined;
}

export interface RewrittenLink {
  href: string;
  /** Points outside the site (http, https, mailto). */
  external: boolean;
  /** False for a relative path that names no catalog file (left as written). */
  resolved?: boolean;
}

const SAFE_SCHEMES = /^(https?|mailto):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** EventCatalog's page URLs: `/docs/<collection>/<id>[/<version>]`, for every kind of the layout table. */
const EC_COLLECTIONS = /^\/docs\/([a-z-]+)\/([^/?#]+)(?:\/([^/?#]+))?\/?([?#].*)?$/;

/** The site link for a URL written in a catalog file, or undefined when it must be dropped. */
export function rewriteLink(url: string, ctx: LinkContext): RewrittenLink | undefined {
  const trimmed = url.trim();
  // Browsers ignore tabs and newlines inside schemes (java\tscript:), so test a squeezed copy.
  const squeezed = trimmed.replace(/[\u0000-\u0020]/g, '');
  if (!trimmed) return undefined;
  if (trimmed.startsWith('#')) return { href: trimmed, external: false };
  if (squeezed.startsWith('//')) return { href: `https:${squeezed}`, external: true };
  if (ANY_SCHEME.test(squeezed)) return SAFE_SCHEMES.test(squeezed) ? { href: trimmed, external: true } : undefined;
  if (trimmed.startsWith('/')) return { href: rootLink(trimmed, ctx), external: false };
  const relative = relativeLink(trimmed, ctx);
  return relative ? { href: relative, external: false } : { href: trimmed, external: false, resolved: false };
}

/** What a root-relative URL written in the catalog names. */
export type SitePathTarget =
  | { type: 'resource'; kind: ResourceKind; id: string; version?: string }
  | { type: 'guide'; id: string }
  | { type: 'other' };

/**
 * Reads a root-relative URL: `/events/A`, `/events/A/1.0.0`, EventCatalog's `/docs/events/A/1.0.0`
 * (any kind of the layout table) and guide pages `/docs/<path>`. Shared with lint's broken-link, so a
 * link the site rewrites to a page is the same link lint accepts.
 */
export function parseSitePath(url: string): SitePathTarget {
  const [pathPart] = splitSuffix(url);
  const segs = pathPart.split('/').filter(Boolean).map(decodeSafe);
  if (segs[0] === 'docs' && segs.length >= 3 && folderKind(segs[1])) segs.shift();
  const kind = segs.length >= 2 ? folderKind(segs[0]) : undefined;
  if (kind && segs.length <= 3) return { type: 'resource', kind, id: segs[1], ...(segs[2] ? { version: segs[2] } : {}) };
  if (segs[0] === 'docs' && segs.length > 1) return { type: 'guide', id: segs.slice(1).join('/') };
  return { type: 'other' };
}

/** `/services/Stores` → `/base/services/Stores/`; `/docs/events/A/1.0.0` → `/base/events/A/1.0.0/`. */
function rootLink(url: string, ctx: LinkContext): string {
  if (EC_COLLECTIONS.test(url)) {
    const target = parseSitePath(url);
    const found = target.type === 'resource' ? ctx.latest?.(target.kind, target.id, target.version) : undefined;
    if (found) return href(resourcePath(found)) + splitSuffix(url)[1];
  }
  const [path, rest] = splitSuffix(url);
  const withSlash = /\/$|\.[a-z0-9]+$/i.test(path) ? path : `${path}/`;
  return href(withSlash) + rest;
}

/** The catalog files a relative link may name, in the order they are tried (file, folder index, extension). */
export function relativeCandidates(fromFile: string, url: string): string[] {
  const file = joinRelative(fromFile, decodeSafe(splitSuffix(url)[0]));
  return [file, `${file}/index.md`, `${file}/index.mdx`, `${file}.md`, `${file}.mdx`];
}

/** A path relative to the file it is written in; resolved against the catalog's own files. */
function relativeLink(url: string, ctx: LinkContext): string | undefined {
  const rest = splitSuffix(url)[1];
  for (const candidate of relativeCandidates(ctx.file, url)) {
    const target = ctx.lookup(candidate);
    if (!target) continue;
    if (target.type === 'page') return href(target.path) + rest;
    return href(assetPath(candidate)) + rest;
  }
  return undefined;
}

function splitSuffix(url: string): [string, string] {
  const i = url.search(/[?#]/);
  return i === -1 ? [url, ''] : [url.slice(0, i), url.slice(i)];
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Resolves `relative` against the folder of `from` (both catalog-relative, posix). */
export function joinRelative(from: string, relative: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of relative.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}
