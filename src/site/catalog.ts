/**
 * The site's one handle on the catalog: loaded once per build (or dev server) from WAYBILL_CATALOG_DIR,
 * with its {@link SiteIndex}. The promise lives on globalThis, so the pages' bundle and Waybill's own
 * build steps share one load even though they are separate module instances.
 */
import path from 'node:path';
import { loadCatalog } from '../catalog/load.ts';
import { patchCatalog } from '../catalog/patch.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { SiteIndex } from './site-index.ts';

interface Shared {
  dir: string;
  catalog: Promise<Catalog>;
  site?: Promise<SiteIndex>;
}

const KEY = Symbol.for('waybill.site.catalog');
const global = globalThis as unknown as Record<symbol, Shared | undefined>;

function catalogDir(): string {
  return path.resolve(process.env.WAYBILL_CATALOG_DIR ?? 'catalog');
}

/** The catalog the site renders (loaded on first use). */
export function getCatalog(): Promise<Catalog> {
  const dir = catalogDir();
  let shared = global[KEY];
  if (!shared || shared.dir !== dir) {
    shared = { dir, catalog: loadCatalog(dir) };
    global[KEY] = shared;
  }
  return shared.catalog;
}

/** The catalog with the site's indexes. */
export function getSite(): Promise<SiteIndex> {
  const pending = getCatalog();
  const shared = global[KEY] as Shared;
  shared.site ??= pending.then((catalog) => new SiteIndex(catalog));
  return shared.site;
}

/** Forgets the loaded catalog (the dev server calls this when a catalog file changes). */
export function reloadCatalog(): void {
  global[KEY] = undefined;
}

/**
 * The dev server's answer to edited files (paths relative to the catalog): the loaded catalog with the
 * edits applied when each is a body or a schema {@link patchCatalog} can patch, else loaded again.
 */
export function applyEdits(files: readonly string[]): void {
  const shared = global[KEY];
  if (!shared || shared.dir !== catalogDir()) return reloadCatalog();
  const dir = shared.dir;
  const catalog = shared.catalog.then(async (loaded) => {
    let current: Catalog | undefined = loaded;
    for (const file of files) current = current && (await patchCatalog(current, file));
    return current ?? loadCatalog(dir);
  });
  global[KEY] = { dir, catalog };
}
