/**
 * The persistent cache of the loader's work per file, shared by `lint`, `build`, `dev` and every command
 * that loads a catalog. An entry is keyed by a digest of a file's bytes (and of what else its result
 * depends on), so it is never wrong: an edited file has a new digest, and results that depend on other
 * files (`$ref` checks, links between resources) are never cached, only recomputed from the cached parts.
 *
 * It lives in `<catalog>/.waybill/cache/` (or `$WAYBILL_CACHE_DIR`; `WAYBILL_CACHE=off` turns it off) as
 * one signed file per catalog (see signed-file.ts), named by the cache version (source-key.ts): deleting
 * it is always safe, and a truncated, altered or foreign file is ignored.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseMarkdown, type ParsedMarkdown } from '../frontmatter.ts';
import type { DocumentProblem } from '../schema-files.ts';
import { digest, readSigned, writeSigned } from './signed-file.ts';
import { cacheVersion } from './source-key.ts';

type MarkdownResult = ReturnType<typeof parseMarkdown>;
/** A cached Markdown parse: strings that are slices of the file are kept as offsets into it. */
type StoredMarkdown = { ok: false; problem: unknown } | { ok: true; value: Omit<ParsedMarkdown, 'body' | 'yaml'> & { body: string | number; yaml: string | [number, number] } };

/** Where a catalog's load cache lives, or undefined when caching is off. */
export function loadCacheDir(root: string): string | undefined {
  if (process.env.WAYBILL_CACHE === 'off') return undefined;
  return process.env.WAYBILL_CACHE_DIR || path.join(root, '.waybill', 'cache');
}

export class LoadCache {
  /** Entries found in the cache and entries computed in this run (for tests and the bench). */
  hits = 0;
  misses = 0;
  private readonly file: string | undefined;
  private readonly stored: Map<string, unknown>;
  /** The entries this run used or made: what the next run can use. */
  private readonly used = new Map<string, unknown>();
  private added = false;
  private keepLint = true;
  private readonly digests = new WeakMap<object, string>();
  /** Digests of the files this run read, by absolute path: the lint's cached results are keyed by them. */
  private readonly texts = new Map<string, string>();

  private constructor(file: string | undefined, stored: Record<string, unknown>) {
    this.file = file;
    this.stored = new Map(Object.entries(stored));
  }

  /** The cache of the catalog at `root` (an empty one, never saved, when caching is off). */
  static open(root: string): LoadCache {
    const dir = loadCacheDir(root);
    if (!dir) return new LoadCache(undefined, {});
    const file = path.join(dir, `load-${cacheVersion()}-${digest(path.resolve(root)).slice(0, 12)}.json`);
    const body = readSigned(file);
    let stored: Record<string, unknown> = {};
    if (body !== undefined) {
      try {
        const parsed = JSON.parse(body) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) stored = parsed as Record<string, unknown>;
      } catch {
        // Signed yet unparsable cannot happen unless the format changed without the version: start afresh.
      }
    }
    return new LoadCache(file, stored);
  }

  /** {@link parseMarkdown}, from the cache when this text was parsed before; `at`: the file's absolute path. */
  markdown(text: string, at?: string): MarkdownResult {
    const textDigest = digest(text);
    if (at) this.texts.set(at, textDigest);
    const key = `md:${textDigest}`;
    const stored = this.lookup(key) as StoredMarkdown | undefined;
    let result: MarkdownResult;
    if (stored) {
      result = stored.ok
        ? { ok: true, value: { ...stored.value, body: typeof stored.value.body === 'number' ? text.slice(stored.value.body) : stored.value.body, yaml: typeof stored.value.yaml === 'string' ? stored.value.yaml : text.slice(...stored.value.yaml) } }
        : (stored as MarkdownResult);
    } else {
      result = parseMarkdown(text);
      this.store(key, result.ok ? { ok: true, value: { ...result.value, body: sliceAt(text, result.value.body), yaml: rangeOf(text, result.value.yaml) } } : result);
    }
    if (result.ok) this.digests.set(result.value, key);
    return result;
  }

  /**
   * Problems computed from a parsed Markdown file alone (its frontmatter checked against a schema), cached
   * under the file's digest and `what` (which check, with what it depends on). `compute` names no file:
   * the problems get `file` here.
   */
  problemsOf(md: ParsedMarkdown, what: string, file: string, compute: () => Omit<DocumentProblem, 'file'>[]): DocumentProblem[] {
    const of = this.digests.get(md);
    const key = of && `${what}:${of}`;
    let problems = key ? (this.lookup(key) as Omit<DocumentProblem, 'file'>[] | undefined) : undefined;
    if (!problems) {
      problems = compute();
      if (key) this.store(key, problems);
    }
    return problems.map((p) => ({ ...p, file }));
  }

  /**
   * A result computed from one file's text alone, cached under the text's digest and `what` (which
   * computation, with what else it depends on, e.g. the file's extension). The result must be plain JSON
   * data whose problems name no file; the problems get `file` here.
   */
  async memo<T extends { problems: Omit<DocumentProblem, 'file'>[] }>(what: string, text: string, file: string, compute: () => T | Promise<T>, at?: string): Promise<T & { problems: DocumentProblem[] }> {
    const textDigest = digest(text);
    if (at) this.texts.set(at, textDigest);
    const key = `${what}:${textDigest}`;
    let result = this.lookup(key) as T | undefined;
    if (!result) {
      result = await compute();
      this.store(key, result);
    }
    return { ...result, problems: result.problems.map((p) => ({ ...p, file })) };
  }

  /** The digest of the text this run loaded from the file at absolute path `at`, when it went through the cache. */
  textDigestOf(at: string): string | undefined {
    return this.texts.get(at);
  }

  /**
   * A result of the lint (see {@link LINT_KINDS}) computed from file contents alone, cached under `key`
   * (which must name the computation and digest everything it reads). The result must be plain JSON data.
   */
  lintMemo<T>(kind: (typeof LINT_KINDS)[number], key: string, compute: () => T): T {
    const full = `${kind}:${key}`;
    let result = this.lookup(full) as T | undefined;
    if (result === undefined) {
      result = compute();
      this.store(full, result);
    }
    return result;
  }

  /**
   * Writes what this run used and made, when it differs from what was read; never throws. `linted`: the
   * lint ran, so its entries this run did not use are dropped; otherwise (a load alone) they are kept for
   * the next lint.
   */
  save(linted = false): void {
    if (!this.file) return;
    this.keepLint = !linted;
    const kept = this.kept();
    if (!this.added && kept.length === this.stored.size) return;
    const dir = path.dirname(this.file);
    if (!writeSigned(this.file, this.serialise(kept))) return;
    // What is on disk now: a later save in this run (the lint's, after the load's) writes only if it differs.
    this.added = false;
    this.stored.clear();
    for (const [key, value] of kept) this.stored.set(key, value);
    try {
      // The folder is Waybill's own: keep it out of version control, and drop files of older versions.
      if (!existsSync(path.join(dir, '.gitignore'))) writeFileSync(path.join(dir, '.gitignore'), '# Waybill cache: safe to delete.\n*\n');
      const suffix = this.file.slice(this.file.lastIndexOf('-'));
      for (const name of readdirSync(dir)) if (name.startsWith('load-') && name.endsWith(suffix) && path.join(dir, name) !== this.file) rmSync(path.join(dir, name), { force: true });
    } catch {
      // Tidying is best effort.
    }
  }

  /** A stored entry; a second use in one run gets its own copy (a result is never shared by two files). */
  private lookup(key: string): unknown {
    const used = this.used.get(key);
    if (used !== undefined) {
      this.hits++;
      return JSON.parse(typeof used === 'string' ? used : JSON.stringify(used));
    }
    const value = this.stored.get(key);
    if (value === undefined) return undefined;
    this.hits++;
    this.used.set(key, value);
    return value;
  }

  /** Keeps a result as JSON text (a copy the catalog's later use cannot change); one JSON cannot represent is not kept. */
  private store(key: string, value: unknown): void {
    this.misses++;
    if (!isJson(value)) return;
    this.added = true;
    this.used.set(key, JSON.stringify(value));
  }

  /** The entries the next run can use: this run's, and the lint's stored ones when the lint did not run. */
  private kept(): [string, unknown][] {
    const out = [...this.used];
    if (this.keepLint) for (const [key, value] of this.stored) if (!this.used.has(key) && LINT_KINDS.some((kind) => key.startsWith(`${kind}:`))) out.push([key, value]);
    return out;
  }

  private serialise(kept: [string, unknown][]): string {
    const parts: string[] = [];
    for (const [key, value] of kept) parts.push(`${JSON.stringify(key)}:${typeof value === 'string' ? value : JSON.stringify(value)}`);
    return `{${parts.join(',')}}`;
  }
}

/** Kinds of lint results the cache keeps (each keyed by digests of every file it reads). */
export const LINT_KINDS = ['compat', 'refs', 'loc', 'walk', 'fields'] as const;

const ofCatalog = new WeakMap<object, LoadCache>();

/** Ties the cache a catalog was loaded with to it, for the lint to read and update. */
export function attachCache(catalog: object, cache: LoadCache): void {
  ofCatalog.set(catalog, cache);
}

/** The cache a catalog was loaded with; undefined when it was loaded without one. */
export function cacheOf(catalog: object): LoadCache | undefined {
  return ofCatalog.get(catalog);
}

/** Whether a value survives JSON unchanged (YAML can yield `.inf`, `.nan` and other values JSON has not). */
function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    // An absent optional field (`hint: undefined`) reads back as absent, which every reader treats alike.
    if (key === '__proto__' || (child !== undefined && !isJson(child))) return false;
  }
  return true;
}

/** `part` as its offset in `text` when it is the text's tail (a body), else itself. */
function sliceAt(text: string, part: string): string | number {
  return text.endsWith(part) ? text.length - part.length : part;
}

/** `part` as its [start, end) range in `text` when it occurs there (the YAML block), else itself. */
function rangeOf(text: string, part: string): string | [number, number] {
  const at = text.indexOf(part);
  return at === -1 ? part : [at, at + part.length];
}
