/**
 * `$ref`s between the catalog's schema files, resolved through `catalog.documents` (the loader's parsed
 * files) — never by reading a file again. A schema that points at another file is given to the
 * JSON Schema diff with every cross-file reference rewritten to one canonical, catalog-relative form
 * (`waybill-<n>:<path>#<pointer>`, `n` naming the catalog, since two catalogs may hold the same path with
 * different content), so that references inside the referenced files resolve against their own file, and
 * a recursive reference across files is the same reference each time.
 */
import path from 'node:path';
import type { LoadOptions } from './json-schema/loader.ts';
import { followPointer, isObject } from './json-schema/json-value.ts';

const CANONICAL = /^waybill-\d+:/;
let instances = 0;

/** True for `$ref`s the catalog cannot follow: URLs and URNs (reported by the loader, never fetched). */
function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(ref) && !CANONICAL.test(ref);
}

/** The canonical form of `ref` written in `file`; local refs stay local unless `rewriteLocal`. */
function canonicalRef(prefix: string, ref: string, file: string, rewriteLocal: boolean): string {
  if (CANONICAL.test(ref) || isRemote(ref)) return ref;
  const hash = ref.indexOf('#');
  const base = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  if (base === '') return rewriteLocal ? `${prefix}${file}#${fragment}` : ref;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), base));
  return `${prefix}${target}#${fragment}`;
}

function hasFileRef(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasFileRef(value[i])) return true;
    return false;
  }
  // for…in, not Object.entries: no array per object (this walks every node of every schema version once).
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const child = object[key];
    if (key === '$ref') {
      if (typeof child === 'string' && !child.startsWith('#') && !isRemote(child)) return true;
    }
    if (key !== 'enum' && key !== 'const' && key !== 'examples' && key !== 'default' && typeof child === 'object' && child !== null && hasFileRef(child)) return true;
  }
  return false;
}

function rewrite(prefix: string, value: unknown, file: string, rewriteLocal: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(prefix, v, file, rewriteLocal));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') out[key] = canonicalRef(prefix, child, file, rewriteLocal);
    else if (key === 'enum' || key === 'const' || key === 'examples' || key === 'default') out[key] = child;
    else out[key] = rewrite(prefix, child, file, rewriteLocal);
  }
  return out;
}

/** A schema ready for the JSON Schema diff, with the options that resolve its cross-file references. */
export interface PreparedSchema {
  schema: unknown;
  options: LoadOptions;
}

/**
 * Resolves references between catalog files for the JSON Schema diff. One instance per catalog; it
 * remembers the rewritten documents, so each referenced file is rewritten once.
 */
export class CatalogRefs {
  readonly #documents: ReadonlyMap<string, unknown>;
  readonly #rewritten = new Map<string, unknown>();
  readonly #prepared = new WeakMap<object, PreparedSchema>();
  readonly #options: LoadOptions;
  readonly #prefix = `waybill-${++instances}:`;

  constructor(documents: ReadonlyMap<string, unknown>) {
    this.#documents = documents;
    this.#options = { resolveRef: (ref) => this.resolve(ref) };
  }

  /** The schema of `file` (its parsed `value`) as the diff should see it; made once per value. */
  prepare(file: string, value: unknown): PreparedSchema {
    if (typeof value !== 'object' || value === null) return { schema: value, options: {} };
    let prepared = this.#prepared.get(value);
    if (!prepared) {
      prepared = hasFileRef(value)
        ? { schema: rewrite(this.#prefix, value, file, false), options: this.#options }
        : { schema: value, options: {} };
      this.#prepared.set(value, prepared);
    }
    return prepared;
  }

  /** The target of one of this catalog's canonical references; undefined for any other reference. */
  resolve(ref: string): unknown {
    if (!ref.startsWith(this.#prefix)) return undefined;
    const hash = ref.indexOf('#');
    const file = ref.slice(this.#prefix.length, hash < 0 ? undefined : hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    let document = this.#rewritten.get(file);
    if (document === undefined) {
      const raw = this.#documents.get(file);
      if (raw === undefined) return undefined;
      document = rewrite(this.#prefix, raw, file, true);
      this.#rewritten.set(file, document);
    }
    return followPointer(document, fragment);
  }

  /**
   * Follows one `$ref` written in `file` (local, relative or canonical) to its target, with the file
   * the target lives in, for code that walks schemas itself (field lookup, example checks).
   */
  follow(ref: string, file: string, root: unknown): { value: unknown; file: string; root: unknown } | undefined {
    if (isRemote(ref)) return undefined;
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    if (base === '') {
      const value = followPointer(root, fragment);
      return value === undefined ? undefined : { value, file, root };
    }
    const target = ref.startsWith(this.#prefix)
      ? base.slice(this.#prefix.length)
      : path.posix.normalize(path.posix.join(path.posix.dirname(file), base));
    const document = this.#documents.get(target);
    if (document === undefined) return undefined;
    const value = followPointer(document, fragment);
    return value === undefined ? undefined : { value, file: target, root: document };
  }
}

const perCatalog = new WeakMap<object, CatalogRefs>();

/** The {@link CatalogRefs} of a catalog (one per catalog, made on first use). */
export function catalogRefs(catalog: { documents: ReadonlyMap<string, unknown> }): CatalogRefs {
  let refs = perCatalog.get(catalog);
  if (!refs) perCatalog.set(catalog, (refs = new CatalogRefs(catalog.documents)));
  return refs;
}
