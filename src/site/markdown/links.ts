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

/** `/services/Stores` → `/base/services/Stores/`; `/docs/events/A/1.0.0` → `/base/events/A/1.0.0/`. */
function rootLink(url: string, ctx: LinkContext): string {
  const ec = EC_COLLECTIONS.exec(url);
  if (ec) {
    const kind = folderKind(ec[1]);
    const id = decodeSafe(ec[2]);
    const version = ec[3] ? decodeSafe(ec[3]) : undefined;
    const target = kind && ctx.latest?.(kind, id, version);
    if (target) return href(resourcePath(target)) + (ec[4] ?? '');
  }
  const [path, rest] = splitSuffix(url);
  const withSlash = /\/$|\.[a-z0-9]+$/i.test(path) ? path : `${path}/`;
  return href(withSlash) + rest;
}

/**
 * The site link of an EventCatalog resource reference (`[[service|OrderService]]`, see
 * src/catalog/resource-refs.ts), base path included, with its label; or the reason it names nothing
 * (the same message `waybill lint` reports as unknown-resource-ref).
 */
export function resourceRefLink(
  catalog: RefCatalog,
  ref: Pick<ResourceRef, 'type' | 'id' | 'version' | 'label'>,
): { ok: true; href: string; label: string; kind: ResourceKind | 'doc' } | { ok: false; message: string } {
  const resolved = resolveResourceRef(catalog, ref);
  if (!resolved.ok) return { ok: false, message: resolved.message };
  const { target } = resolved;
  if (target.type === 'guide') return { ok: true, href: href(guidePath(target.guide.id)), label: resolved.label, kind: 'doc' };
  return { ok: true, href: href(resourcePath(target.resource)), label: resolved.label, kind: target.resource.kind };
}

/** The singular label of a kind for a reference's tooltip or badge (`Data store`). */
export function refKindLabel(kind: ResourceKind | 'doc'): string {
  return kind === 'doc' ? 'Page' : layoutOf(kind).singular;
}

/** A path relative to the file it is written in; resolved against the catalog's own files. */
function relativeLink(url: string, ctx: LinkContext): string | undefined {
  const [path, rest] = splitSuffix(url);
  const file = joinRelative(ctx.file, decodeSafe(path));
  for (const candidate of [file, `${file}/index.md`, `${file}/index.mdx`, `${file}.md`, `${file}.mdx`]) {
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
