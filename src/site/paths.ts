/**
 * Every URL of the site, in one place. Paths are built without the base path (`/events/StoreCreated/`)
 * and turned into links with {@link href}, which prefixes `import.meta.env.BASE_URL` (`waybill build
 * --base /catalog/`). Ids become readable path segments; an id with characters that do not belong in a
 * URL gets a slug with a short hash, so it still has one stable, safe page.
 */
import type { Resource, ResourceKind } from '../catalog/model.ts';
import { kindOfSegment, layoutOf } from '../catalog/layout.ts';

/** The URL folder of a kind: `events`, `queries`, `entities` (src/catalog/layout.ts). */
export function kindFolder(kind: ResourceKind): string {
  return layoutOf(kind).segment;
}

/** The kind a URL folder holds, or undefined. */
export function folderKind(folder: string): ResourceKind | undefined {
  return kindOfSegment(folder);
}

const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._~@+-]*$/;

/** A path segment for an id or version: the id itself when it is URL-safe, else a slug and a hash. */
export function segment(value: string): string {
  if (SAFE_SEGMENT.test(value) && !value.includes('..')) return value;
  const slug = value.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
  return `${slug || 'id'}-${hash(value)}`;
}

/** FNV-1a, 32 bits, base 36: a short stable fingerprint. */
function hash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

type PageTarget = Pick<Resource, 'kind' | 'id' | 'version'> & { isLatest?: boolean };

/**
 * Site path of a resource, without the base: the latest version lives at `/events/StoreCreated/`,
 * older ones at `/events/StoreCreated/0.9.0/`; teams and users at `/teams/platform/`.
 */
export function resourcePath(r: PageTarget): string {
  const base = `/${kindFolder(r.kind)}/${segment(r.id)}/`;
  return !r.version || r.isLatest ? base : `${base}${segment(r.version)}/`;
}

/** The path that always names one exact version (`/events/StoreCreated/1.0.0/`). */
export function versionPath(r: PageTarget): string {
  const base = `/${kindFolder(r.kind)}/${segment(r.id)}/`;
  return r.version ? `${base}${segment(r.version)}/` : base;
}

/** Path of a service's AsyncAPI or OpenAPI document page. */
export function specPath(service: PageTarget, slug: string): string {
  return `${versionPath(service)}${slug}/`;
}

/** Path of a page of a resource's `docs/` folder: `/services/Orders/docs/runbook/`. */
export function resourceDocPath(r: PageTarget, docId: string): string {
  return `${resourcePath({ ...r, isLatest: true })}docs/${docId.split('/').map(segment).join('/')}/`;
}

/** Path of a term of a domain's ubiquitous language: `/domains/Shop/language/basket/`. */
export function termPath(domain: PageTarget, termId: string): string {
  return `${resourcePath({ ...domain, isLatest: true })}language/${segment(termId)}/`;
}

/** Path of a custom page (`pages/*.mdx`); the home page is the site's root. */
export function customPagePath(id: string): string {
  return id === 'homepage' ? '/' : `/pages/${id.split('/').map(segment).join('/')}/`;
}

/** Path of a guide page. */
export function guidePath(id: string): string {
  return `/docs/${id.split('/').map(segment).join('/')}/`;
}

/** Path of a catalog asset (an image a page shows), served as it is. */
export function assetPath(file: string): string {
  return `/catalog-files/${file.split('/').map(fileSegment).join('/')}`;
}

/** Like {@link segment}, keeping the file's extension (the server picks the content type by it). */
function fileSegment(name: string): string {
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
  const safe = segment(name);
  return safe === name ? name : `${segment(name.slice(0, name.length - ext.length))}${ext}`;
}

/** Prefixes the base path: `href('/events/A/')` → `/catalog/events/A/` under `--base /catalog/`. */
export function href(path: string): string {
  const base = import.meta.env.BASE_URL ?? '/';
  if (!path.startsWith('/')) return path;
  return `${base.replace(/\/$/, '')}${path}`;
}

/** The link to a resource's page (base included). */
export function pageHref(r: PageTarget): string {
  return href(resourcePath(r));
}
