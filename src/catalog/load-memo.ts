/**
 * What one load of a catalog read and parsed, per file, kept in memory so that the next load of the same
 * folder in the same process reads and parses only the files that changed since (issue 16: `waybill dev`
 * after a file is added or removed, or frontmatter is edited). The load itself runs in full — every
 * reference, version, relation and finding is worked out again from the parsed files — so its result is
 * the one a fresh load gives, as long as the memo is told of every path that changed ({@link forget}).
 *
 * Kept per file: the Markdown file's read and parse, a schema file's read, parse and meta-schema check
 * (the `$ref` checks, which depend on other files, run every load), and a document another one `$ref`s.
 * The folder's walk is kept too and brought up to date by walking only the changed paths, unless the
 * catalog has symbolic links or walk problems (a link can make one change show under two paths), when the
 * folder is walked again. Files of included catalogs (federation) are never kept: nothing watches them.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LoadCache } from './cache/load-cache.ts';
import { SKIPPED_FOLDERS } from './classify.ts';
import type { ScanResult } from './scan.ts';

/** Each catalog file (relative posix path) → its stamp (size, times, inode), as src/site/dev-snapshot.ts takes them. */
export type FileStamps = ReadonlyMap<string, string>;

type Table = 'markdown' | 'schema' | 'document';

export class LoadMemo {
  /** The load cache, opened by the first load and kept open for the next (reading it again takes a second at 10,000 messages). */
  cache?: LoadCache;
  readonly #tables: Record<Table, Map<string, unknown>> = { markdown: new Map(), schema: new Map(), document: new Map() };
  /** Findings of each kept Markdown file's checks, by the parsed file (dropped with it). */
  readonly #checks = new WeakMap<object, Map<string, unknown>>();
  #scan: ScanResult | undefined;
  /** Paths (files or folders) that changed since {@link #scan} was taken. */
  #touched: string[] = [];
  #stamps: FileStamps | undefined;
  /** Counts calls of {@link forget}: a result computed while one happened is not kept (it may predate the change). */
  #epoch = 0;
  /** How many results the last loads took from the memo, and computed (for tests and the bench). */
  hits = 0;
  misses = 0;

  /**
   * Drops what is kept about `paths` (relative to the catalog, either separator) and everything below them:
   * each was edited, added or removed, or is a folder that was.
   */
  forget(paths: Iterable<string>): void {
    this.#epoch++;
    for (const raw of paths) {
      const file = raw.split(path.sep).join('/').replace(/\/+$/, '');
      this.#touched.push(file);
      for (const table of Object.values(this.#tables)) {
        table.delete(file);
        for (const key of table.keys()) if (key.startsWith(`${file}/`)) table.delete(key);
      }
    }
  }

  /** The result of `compute` for `file` from the last load that computed it, or computed now (and kept). */
  async remember<T>(table: Table, file: string, compute: () => Promise<T>): Promise<T> {
    const kept = this.#tables[table];
    if (kept.has(file)) {
      this.hits++;
      return kept.get(file) as T;
    }
    this.misses++;
    const epoch = this.#epoch;
    const value = await compute();
    if (epoch === this.#epoch) kept.set(file, value);
    return value;
  }

  /**
   * The findings of checking a kept Markdown file (`md`, as {@link remember} gave it) the way `what` names,
   * from the last load when it was kept, or computed now. Objects not kept are told apart by identity.
   */
  checked<T>(md: object, what: string, compute: () => T): T {
    let results = this.#checks.get(md);
    if (!results) this.#checks.set(md, (results = new Map()));
    if (!results.has(what)) results.set(what, compute());
    return results.get(what) as T;
  }

  /**
   * The files of the catalog at `root`: the last walk with the changed paths walked again, or `walk()` when
   * there was none or it cannot be brought up to date. The result's `files` are the caller's to keep.
   */
  async scan(root: string, walk: () => Promise<ScanResult>): Promise<ScanResult> {
    const touched = this.#touched;
    this.#touched = [];
    const before = this.#scan;
    const stampsBefore = this.#stamps;
    this.#stamps = undefined;
    const updated = before && !before.problems.length && !before.links ? rescan(root, before, touched, stampsBefore) : undefined;
    const result = updated?.scan ?? (await walk());
    this.#scan = result;
    // A first walk keeps the stamps given by restart(); a second full walk has none.
    this.#stamps = updated ? updated.stamps : before ? undefined : stampsBefore;
    return { ...result, files: [...result.files] };
  }

  /**
   * Makes the next {@link scan} walk the whole folder, and records the stamps of its files, taken just
   * before (what is kept of each file stays, unless {@link forget} drops it).
   */
  restart(stamps: FileStamps | undefined): void {
    this.#scan = undefined;
    this.#touched = [];
    this.#stamps = stamps;
  }

  /** Changes with every call of {@link forget}: equal before and after a load, no change was told meanwhile. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Whether a load walked the folder: the next {@link scan} can then walk only the changed paths. */
  get walked(): boolean {
    return this.#scan !== undefined;
  }

  /**
   * The stamps of the files as the last {@link scan} found them: those given by {@link setStamps}, with the
   * changed paths stamped again when they were walked; undefined when the folder was walked afresh.
   */
  get stamps(): FileStamps | undefined {
    return this.#stamps;
  }
}

/**
 * `before` with each of `touched` walked again: what was listed at or below it is dropped, and what is
 * there now is listed (with the walk's rules: names starting with a dot, `node_modules` and the skipped
 * top-level folders are left out). Undefined when a symbolic link is met: the full walk decides those.
 */
function rescan(root: string, before: ScanResult, touched: readonly string[], stampsBefore: FileStamps | undefined): { scan: ScanResult; stamps?: FileStamps } | undefined {
  if (!touched.length) return { scan: before, stamps: stampsBefore };
  const files = new Set(before.files);
  const stamps = stampsBefore && new Map(stampsBefore);
  const added: string[] = [];
  for (const rel of new Set(touched)) {
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    // Below a folder the walk skips, or itself skipped (the last name's rules depend on what it is).
    const parts = rel.split('/');
    const folders = parts.slice(0, -1);
    if (parts.some((p) => p.startsWith('.')) || folders.some((p, i) => skippedFolder(i === 0 ? '' : 'x', p))) continue;
    for (const file of files) if (file === rel || file.startsWith(`${rel}/`)) files.delete(file);
    if (stamps) for (const file of stamps.keys()) if (file === rel || file.startsWith(`${rel}/`)) stamps.delete(file);
    if (!walkPath(path.join(root, rel), folders.length ? 'x' : '', rel, added)) return undefined;
  }
  for (const file of added) {
    files.add(file);
    if (stamps) {
      try {
        const s = statSync(path.join(root, file));
        stamps.set(file, `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`);
      } catch {
        return undefined;
      }
    }
  }
  return { scan: { files: [...files].sort(), problems: [], links: 0 }, stamps };
}

/** Lists into `out` the file at `abs`, or the files below the folder at `abs`; false when a link is met. `parent`: '' at the top. */
function walkPath(abs: string, parent: string, rel: string, out: string[]): boolean {
  let info;
  try {
    info = lstatSync(abs);
  } catch {
    return true;
  }
  if (info.isSymbolicLink()) return false;
  if (info.isFile()) out.push(rel);
  if (!info.isDirectory() || skippedFolder(parent, path.basename(abs))) return true;
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isSymbolicLink()) return false;
    if (entry.isDirectory() || entry.isFile()) {
      if (!walkPath(path.join(abs, entry.name), rel, `${rel}/${entry.name}`, out)) return false;
    }
  }
  return true;
}

/** The walk's rule (src/catalog/scan.ts): `node_modules` anywhere, and a few folders at the top, are not read. */
function skippedFolder(parent: string, name: string): boolean {
  return (parent === '' && SKIPPED_FOLDERS.has(name)) || name === 'node_modules';
}
