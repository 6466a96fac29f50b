/**
 * The site's one handle on the catalog: loaded once per build (or dev server) from WAYBILL_CATALOG_DIR,
 * with its {@link SiteIndex}. The promise lives on globalThis, so the pages' bundle and Waybill's own
 * build steps share one load even though they are separate module instances.
 *
 * In `waybill dev` ({@link startDevCatalog}) the catalog comes from the last dev server's snapshot when no
 * file changed since (src/site/dev-snapshot.ts), and each load or edit keeps the snapshot up to date.
 */
import path from 'node:path';
import { checkCatalogFolder, loadCatalog } from '../catalog/load.ts';
import { patchCatalog } from '../catalog/patch.ts';
import { LoadMemo } from '../catalog/load-memo.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { UserError } from '../diagnostics/user-error.ts';
import { SiteIndex } from './site-index.ts';
import { lookUpSnapshot, stampCatalog, stampOf, writeSnapshot, type Stamps } from './dev-snapshot.ts';

interface Shared {
  dir: string;
  catalog: Promise<Catalog>;
  site?: Promise<SiteIndex>;
  /** The catalog's errors (lint's and the loader's), computed once per catalog. */
  problems?: Promise<Diagnostic[]>;
  /** Dev only: the stamps of the files this catalog was read from, taken before they were read. */
  stamps?: Promise<Stamps | undefined>;
  /** Dev only: true when the snapshot holds this catalog (it came from there, or was written). */
  saved?: boolean;
}

const KEY = Symbol.for('waybill.site.catalog');
/** Set by {@link startDevCatalog}: every module instance then loads the catalog the dev server's way. */
const DEV = Symbol.for('waybill.site.dev');
interface DevLoader {
  /** A load that stamps the files first (and walks the whole folder), recording what it reads in the memo. */
  load(dir: string): Shared;
  /**
   * A load that takes every file not changed since the last load from the memo (see load-memo.ts), or
   * undefined when nothing was loaded in this process yet (the catalog came from the snapshot).
   */
  reload(dir: string): Shared | undefined;
  /** Tells the memo of changed paths (relative to the catalog): files edited, added or removed, or folders. */
  forget(files: readonly string[]): void;
  /** Loads the catalog into the memo when it came from the snapshot (see {@link prepareForEdits}). */
  prepare(): Promise<void>;
  /** Writes the snapshot of `entry` once it is loaded and linted, if it is still the current catalog. */
  keep(entry: Shared): void;
}
const global = globalThis as unknown as Record<symbol, Shared | undefined> & { [DEV]?: DevLoader };

function catalogDir(): string {
  return path.resolve(process.env.WAYBILL_CATALOG_DIR ?? 'catalog');
}

function shared(): Shared {
  const dir = catalogDir();
  let current = global[KEY];
  if (!current || current.dir !== dir) {
    const dev = global[DEV];
    current = dev?.load(dir) ?? { dir, catalog: loadCatalog(dir) };
    global[KEY] = current;
    dev?.keep(current);
  }
  return current;
}

/** The catalog the site renders (loaded on first use). */
export function getCatalog(): Promise<Catalog> {
  return shared().catalog;
}

/** The catalog with the site's indexes. */
export function getSite(): Promise<SiteIndex> {
  const current = shared();
  current.site ??= current.catalog.then((catalog) => new SiteIndex(catalog));
  return current.site;
}

/** The catalog's errors now, as the dev overlay and terminal show them (a catalog that does not load is one). */
export function getProblems(): Promise<Diagnostic[]> {
  return problemsOf(shared());
}

function problemsOf(entry: Shared): Promise<Diagnostic[]> {
  entry.problems ??= lintProblems(entry.catalog);
  return entry.problems;
}

/** Lint's and the loader's errors of `loading` (a catalog that does not load is one). */
function lintProblems(loading: Promise<Catalog>): Promise<Diagnostic[]> {
  return loading.then(
    async (catalog) => {
      const { lintCatalog } = await import('../lint/engine.ts');
      return lintCatalog(catalog).filter((d) => d.severity === 'error');
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      return [{ code: error instanceof UserError ? error.code : 'catalog-load-failed', severity: 'error' as const, message, ...(error instanceof UserError && error.hint ? { hint: error.hint } : {}) }];
    },
  );
}

/** Forgets the loaded catalog: the next use loads it again. */
export function reloadCatalog(): void {
  global[KEY] = undefined;
}

/**
 * The dev server's answer to changed paths (relative to the catalog: files edited, added or removed, and
 * folders added or removed): the loaded catalog with the edits applied when {@link patchCatalog} can patch
 * each (a body, a name or summary, a schema), else loaded again — in dev, from what the last load read
 * for every file that did not change (src/catalog/load-memo.ts). In dev, each file's stamp is taken before
 * it is read, so the snapshot stays keyed truly.
 */
export function applyEdits(files: readonly string[]): void {
  const current = global[KEY];
  const dev = global[DEV];
  dev?.forget(files);
  if (!current || current.dir !== catalogDir()) return reloadCatalog();
  const dir = current.dir;
  // Each file's stamp is taken before the patch reads it (see dev-snapshot.ts).
  const stamped = current.stamps && stampsOfEdits(current.stamps, dir, files);
  const patched = current.catalog.then(async (loaded) => {
    let catalog: Catalog | undefined = loaded;
    for (const file of files) catalog = catalog && (await patchCatalog(catalog, file));
    return catalog;
  });
  const reloaded = patched.then((catalog) => (catalog ? undefined : (dev?.reload(dir) ?? dev?.load(dir) ?? { dir, catalog: loadCatalog(dir) })));
  const entry: Shared = {
    dir,
    catalog: Promise.all([patched, reloaded]).then(([catalog, again]) => catalog ?? (again as Shared).catalog),
    ...(stamped ? { stamps: Promise.all([stamped, reloaded]).then(([stamps, again]) => (again ? again.stamps : stamps)) } : {}),
  };
  global[KEY] = entry;
}

/** `before` with the stamps of the edited files, taken now; undefined when one is gone or new. */
async function stampsOfEdits(before: Promise<Stamps | undefined>, dir: string, files: readonly string[]): Promise<Stamps | undefined> {
  const after = files.map((file) => [file.split(path.sep).join('/'), stampOf(path.join(dir, file))] as const);
  const stamps = await before;
  if (!stamps) return undefined;
  const next = new Map(stamps);
  for (const [file, stamp] of after) {
    if (stamp === undefined || !next.has(file)) return undefined;
    next.set(file, stamp);
  }
  return next;
}

/**
 * Makes this process a dev server's: the catalog comes from the last snapshot when every file is as it
 * was, else it is loaded (the load cache makes that fast too). A full load is snapshotted, with its
 * problems, once nothing has changed for a moment after it loaded; edits the server patches in are snapshotted
 * when it stops ({@link saveDevSnapshot}): writing 10,000 messages takes about a second of this thread,
 * which an edit should not wait for. Throws a {@link UserError} at once when the catalog folder is missing.
 */
export function startDevCatalog(): Promise<Catalog> {
  let writer: NodeJS.Timeout | undefined;
  // What the loads of this server read, per file: the dev server loads one folder.
  const memo = new LoadMemo();
  const memoLoad = (dir: string, stamps: Promise<Stamps | undefined>) =>
    stamps.then((s) => {
      memo.restart(s);
      return loadCatalog(dir, { memo });
    });
  global[DEV] = {
    load(dir) {
      const stamps = stampCatalog(dir);
      return { dir, stamps, catalog: memoLoad(dir, stamps) };
    },
    reload(dir) {
      if (!memo.walked) return undefined;
      const catalog = loadCatalog(dir, { memo });
      // The memo's stamps are those of the walk this load made, before it read anything.
      return { dir, catalog, stamps: catalog.then(() => memo.stamps && new Map(memo.stamps), () => undefined) };
    },
    forget(files) {
      memo.forget(files);
    },
    async prepare() {
      const entry = global[KEY];
      if (!entry || memo.walked || entry.dir !== catalogDir()) return;
      const [stamps, problems] = await Promise.all([entry.stamps, entry.problems]);
      if (global[KEY] !== entry || memo.walked) return;
      const before = memo.epoch;
      // Stamped afresh: the entry's stamps may predate a patched edit.
      const fresh = entry.saved ? Promise.resolve(stamps) : stampCatalog(entry.dir);
      let catalog: Catalog;
      try {
        catalog = await memoLoad(entry.dir, fresh);
      } catch {
        return;
      }
      // Nothing changed meanwhile and the catalog is the snapshot's (keyed by every file's stamp): the load
      // equals it, so it takes its place with the same problems, and the snapshot's copy can go.
      if (entry.saved && problems && global[KEY] === entry && memo.epoch === before) {
        global[KEY] = { dir: entry.dir, stamps: entry.stamps, catalog: Promise.resolve(catalog), problems: Promise.resolve(problems), saved: true };
      }
    },
    keep(entry) {
      if (!entry.stamps) return;
      // The lint the snapshot keeps runs after the delay, so the first page is not held behind it.
      void Promise.all([entry.catalog, entry.stamps]).then(() => {
        clearTimeout(writer);
        writer = setTimeout(() => void saveDevSnapshot(), SNAPSHOT_DELAY_MS);
        writer.unref();
      }, () => undefined);
    },
  };
  // A missing folder is a user error before the server starts; the entry is in place at once, so the
  // site (whose server starts meanwhile) never starts a second load.
  const dir = checkCatalogFolder(catalogDir());
  const lookup = lookUpSnapshot(dir);
  const stamps = lookup.then((l) => l.stamps);
  const found = lookup.then((l) => l.snapshot);
  const entry: Shared = { dir, stamps, catalog: found.then((f) => f?.catalog ?? memoLoad(dir, stamps)) };
  entry.problems = found.then((f) => {
    if (!f) return lintProblems(entry.catalog);
    entry.saved = true;
    return f.problems;
  });
  global[KEY] = entry;
  global[DEV].keep(entry);
  return entry.catalog;
}

/**
 * Readies the dev server for edits it cannot patch in place: when its catalog came from the snapshot,
 * nothing has read the files in this process, so the first such edit would load the whole catalog (ten
 * seconds at 10,000 messages). The dev server calls this once it is quiet after its first page; the load
 * it makes records every file in the memo, and replaces the snapshot's catalog when nothing changed since.
 */
export function prepareForEdits(): Promise<void> {
  return global[DEV]?.prepare() ?? Promise.resolve();
}

/**
 * Writes the dev server's current catalog and problems as the snapshot the next start reads, unless it is
 * the one written already, or it is not known what its files' stamps were when read.
 */
export async function saveDevSnapshot(): Promise<void> {
  const entry = global[KEY];
  if (!entry?.stamps || entry.saved) return;
  try {
    const [catalog, stamps, problems] = await Promise.all([entry.catalog, entry.stamps, problemsOf(entry)]);
    if (!stamps || global[KEY] !== entry || entry.saved) return;
    entry.saved = writeSnapshot(catalog, stamps, problems);
  } catch {
    // A catalog that did not load has nothing to keep.
  }
}

/** How long the dev server waits after a full load before writing its snapshot. */
export const SNAPSHOT_DELAY_MS = 2000;
