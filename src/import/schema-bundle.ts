/**
 * Self-contained JSON Schemas from spec documents: every local `$ref` inlined (but those to shared
 * components, which stay references, see shared-components.ts), so a message's schema file stands
 * alone. A recursive schema keeps its cycle as a `$ref` into the file's own `definitions` (or `$defs`).
 * `bundleFiles` also inlines references to other catalog files, for comparing and validating. Nothing
 * here reads a file or the network: a `$ref` that leaves the document is reported and replaced by an
 * empty schema, and other files come from the caller.
 */
import path from 'node:path';
import { resolvePointer } from '../catalog/schema-files.ts';

/** Keywords whose values are data, not schemas: copied as they are, never searched for `$ref`s. */
export const DATA_KEYWORDS: ReadonlySet<string> = new Set(['examples', 'example', 'enum', 'const', 'default', 'x-examples']);

export interface BundleProblem {
  ref: string;
  reason: 'external' | 'unresolvable';
}

export interface BundleOptions {
  /** Where recursive parts go: `definitions` (draft-04/07) or `$defs` (2019-09, 2020-12). */
  defsKey: 'definitions' | '$defs';
  /** Called for each `$ref` that could not be inlined. */
  onProblem?: (problem: BundleProblem) => void;
  /**
   * The reference to write instead of inlining a local `$ref` (a shared component kept in a file of its
   * own, see shared-components.ts); undefined to inline it.
   */
  external?: (ref: string) => string | undefined;
}

/**
 * Inlines the local `$ref`s of `schema`, a node of the parsed document `doc` (OpenAPI, Swagger or a
 * JSON Schema file). Returns a new value; `doc` is not changed.
 */
export function inlineRefs(schema: unknown, doc: unknown, options: BundleOptions): unknown {
  const names = new DefinitionNames();
  const needed = new Map<string, string>();
  const visit = (node: unknown, stack: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => visit(item, stack));
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') {
      const ref = record.$ref;
      const { $ref: _ref, ...siblings } = record;
      let resolved: unknown;
      const external = ref.startsWith('#') ? options.external?.(ref) : undefined;
      if (external !== undefined) {
        // Kept as a reference: keywords beside it stay beside it.
        return { ...(visitMembers(siblings, stack) as object), $ref: external };
      } else if (!ref.startsWith('#')) {
        options.onProblem?.({ ref, reason: 'external' });
        resolved = {};
      } else if (stack.includes(ref)) {
        const name = names.of(ref);
        needed.set(ref, name);
        resolved = { $ref: `#/${options.defsKey}/${name}` };
      } else {
        const target = resolvePointer(doc, ref);
        if (target === undefined) {
          options.onProblem?.({ ref, reason: 'unresolvable' });
          resolved = {};
        } else {
          resolved = visit(target, [...stack, ref]);
        }
      }
      // OpenAPI 3.1 and JSON Schema 2019+ allow keywords beside $ref (description, summary, …).
      if (Object.keys(siblings).length === 0 || !resolved || typeof resolved !== 'object' || '$ref' in resolved) return resolved;
      return { ...(resolved as object), ...(visitMembers(siblings, stack) as object) };
    }
    return visitMembers(record, stack);
  };
  const visitMembers = (record: Record<string, unknown>, stack: string[]): unknown => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) out[key] = DATA_KEYWORDS.has(key) ? structuredClone(value) : visit(value, stack);
    return out;
  };
  const result = visit(schema, []);
  return withDefinitions(result, options.defsKey, needed, (ref) => visit(resolvePointer(doc, ref), [ref]));
}

/**
 * A plain, serialisable copy of a schema the AsyncAPI parser dereferenced: its `x-parser-*` annotations
 * removed, and object cycles (recursive schemas) turned into `$ref`s into `definitions`.
 */
export function plainSchema(value: unknown, options: Pick<BundleOptions, 'defsKey'> & { external?: (node: object) => string | undefined }): unknown {
  const names = new DefinitionNames();
  const needed = new Map<object, string>();
  const visit = (node: unknown, stack: object[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => visit(item, stack));
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    // A shared component (the same object in several messages) is kept as a reference; not the root itself.
    const external = stack.length ? options.external?.(record) : undefined;
    if (external !== undefined) return { $ref: external };
    if (stack.includes(record)) {
      const id = typeof record['x-parser-schema-id'] === 'string' ? record['x-parser-schema-id'] : 'Recursive';
      const name = needed.get(record) ?? names.of(`#/${id.replace(/[<>]/g, '')}`);
      needed.set(record, name);
      return { $ref: `#/${options.defsKey}/${name}` };
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(record)) {
      if (key.startsWith('x-parser-')) continue;
      out[key] = DATA_KEYWORDS.has(key) ? structuredClone(child) : visit(child, [...stack, record]);
    }
    return out;
  };
  const result = visit(value, []);
  // A definition is the node itself, expanded with an empty stack: its own recursion becomes the $ref.
  return withDefinitions(result, options.defsKey, needed, (node) => visit(node, []));
}

/** Adds the definitions recursive parts point at, computing them until no new one is needed. */
function withDefinitions<K>(result: unknown, defsKey: string, needed: Map<K, string>, expand: (key: K) => unknown): unknown {
  if (needed.size === 0 || !result || typeof result !== 'object' || Array.isArray(result)) return result;
  const definitions: Record<string, unknown> = {};
  for (let done = 0; done < needed.size; ) {
    done = needed.size;
    for (const [key, name] of [...needed]) if (!(name in definitions)) definitions[name] = expand(key);
  }
  const existing = (result as Record<string, unknown>)[defsKey];
  return { ...(result as object), [defsKey]: { ...(existing && typeof existing === 'object' ? existing : {}), ...definitions } };
}

/** Short, unique definition names from the last segment of a pointer. */
class DefinitionNames {
  readonly #byRef = new Map<string, string>();
  readonly #used = new Set<string>();

  of(ref: string): string {
    const known = this.#byRef.get(ref);
    if (known) return known;
    const last = decodeURIComponent(ref.split('/').pop() || 'Schema').replace(/[^A-Za-z0-9_.-]+/g, '') || 'Schema';
    let name = last;
    for (let n = 2; this.#used.has(name); n++) name = `${last}${n}`;
    this.#used.add(name);
    this.#byRef.set(ref, name);
    return name;
  }
}

/**
 * A schema with every reference it makes — local, and relative ones to other files `load` gives —
 * inlined, for comparing two schemas by what they mean rather than by how they are split into files. A
 * recursive part becomes a `$ref` into the result's `definitions`; a URL, or a file `load` does not
 * have, stays a reference. `file` is where `schema` is (catalog-relative, posix).
 */
export function bundleFiles(schema: unknown, file: string, load: (file: string) => unknown): unknown {
  const names = new DefinitionNames();
  const needed = new Map<string, string>();
  const target = (key: string) => {
    const hash = key.indexOf('#');
    const at = key.slice(0, hash);
    return { file: at, node: resolvePointer(at === file ? schema : load(at), key.slice(hash)) };
  };
  const visit = (node: unknown, at: string, stack: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => visit(item, at, stack));
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const ref = record.$ref;
    if (typeof ref === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
      const hash = ref.indexOf('#');
      const base = hash < 0 ? ref : ref.slice(0, hash);
      const key = `${base ? path.posix.normalize(path.posix.join(path.posix.dirname(at), base)) : at}#${hash < 0 ? '' : ref.slice(hash + 1)}`;
      if (stack.includes(key)) {
        const name = names.of(key);
        needed.set(key, name);
        return { $ref: `#/definitions/${name}` };
      }
      const found = target(key);
      if (found.node !== undefined) {
        const { $ref: _ref, ...siblings } = record;
        let inlined = visit(found.node, found.file, [...stack, key]);
        // Another file's dialect says nothing inside this schema.
        if (key.endsWith('#') && found.file !== file && inlined && typeof inlined === 'object' && '$schema' in inlined) {
          const { $schema: _dialect, ...rest } = inlined as Record<string, unknown>;
          inlined = rest;
        }
        if (Object.keys(siblings).length === 0 || !inlined || typeof inlined !== 'object') return inlined;
        return { ...(inlined as object), ...(visit(siblings, at, stack) as object) };
      }
    }
    for (const [key, value] of Object.entries(record)) out[key] = DATA_KEYWORDS.has(key) ? value : visit(value, at, stack);
    return out;
  };
  const result = visit(schema, file, [`${file}#`]);
  return withDefinitions(result, 'definitions', needed, (key) => visit(target(key).node, target(key).file, [key]));
}
