/**
 * Message schemas as AsyncAPI component schemas. A catalog schema file is self-contained: its recursive
 * parts sit in its own `definitions` / `$defs`. In an AsyncAPI document those become component schemas of
 * their own (refs rewritten to `#/components/schemas/<name>`), and copies of a definition inside the
 * schema are folded back into references, so that importing the document again yields the same file.
 */
import path from 'node:path';
import { sameJson } from '../import/frontmatter-edit.ts';
import { DATA_KEYWORDS } from '../import/schema-bundle.ts';

type Json = Record<string, unknown>;

/** Where a schema file is and how to read the catalog files it refers to. */
export interface SchemaSource {
  /** The schema's file, catalog-relative. */
  file: string;
  /** A catalog file, parsed (the loader's `catalog.documents`); undefined when the catalog has none. */
  load(file: string): unknown;
}

/** Component schemas being assembled, with names kept unique. */
export class ComponentSchemas {
  readonly schemas: Record<string, unknown> = {};
  /** Catalog schema files (shared components) already made components, by file. */
  readonly #files = new Map<string, string>();

  /**
   * Adds a message's schema; returns the `$ref` its payload should use. `key` is the preferred name of
   * the payload component (the message id). With `source`, the other catalog files the schema refers to
   * (shared components, `../../schemas/Dog.v2.json`) become components of their own, named after the
   * file (`Dog`), so the document stands alone.
   */
  add(key: string, schema: unknown, source?: SchemaSource): Json {
    if (source) schema = this.#withFileComponents(schema, source.file, source);
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
      let name = key;
      for (let n = 2; name in this.schemas; n++) name = `${key}${n}`;
      this.schemas[name] = schema;
      return { $ref: this.#ref(name) };
    }
    const { $schema: _dialect, definitions, $defs, ...root } = schema as Json;
    // A payload that is one shared component refers to it (an alias component would take its name on import).
    if (!definitions && !$defs && Object.keys(root).length === 1 && typeof root.$ref === 'string' && root.$ref.startsWith('#/components/schemas/')) return { $ref: root.$ref };
    const defs = { ...((definitions ?? {}) as Json), ...(($defs ?? {}) as Json) };
    // Each definition becomes a component; a local `#/definitions/X` becomes a component reference.
    // Names first (a definition already there under its name, with the same content, is shared), then content.
    const identity = new Map(Object.keys(defs).map((name) => [name, name]));
    const names = new Map<string, string>();
    for (const [name, value] of Object.entries(defs)) {
      const wanted = rewriteRefs(value, identity);
      let candidate = name;
      for (let n = 2; candidate in this.schemas && !sameJson(this.schemas[candidate], wanted); n++) candidate = `${name}${n}`;
      names.set(name, candidate);
    }
    // A payload that is itself one of its definitions (a recursive root) refers to it directly.
    const same = Object.entries(defs).find(([, value]) => sameJson(value, root));
    // `#` (the schema's own root) becomes the payload's component.
    let rootName = same ? (names.get(same[0]) as string) : key;
    for (let n = 2; !same && rootName in this.schemas; n++) rootName = `${key}${n}`;
    const rootRef = this.#ref(rootName);
    for (const [name, value] of Object.entries(defs)) this.schemas[names.get(name) as string] = rewriteRefs(value, names, rootRef);
    if (!same) this.schemas[rootName] = rewriteRefs(foldCopies(root, defs), names, rootRef);
    return { $ref: rootRef };
  }

  /** `schema` (written in `file`) with each relative file reference turned into a component reference. */
  #withFileComponents(schema: unknown, file: string, source: SchemaSource): unknown {
    return mapFileRefs(schema, (ref) => {
      const hash = ref.indexOf('#');
      const base = hash < 0 ? ref : ref.slice(0, hash);
      const fragment = hash < 0 ? '' : ref.slice(hash + 1);
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), base));
      const document = source.load(target);
      if (document === undefined || (fragment !== '' && fragment !== '/')) return ref;
      let name = this.#files.get(target);
      if (name === undefined) {
        const wanted = path.posix.basename(target).replace(/(\.v\d+)?\.(json|ya?ml)$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '-') || 'Schema';
        name = wanted;
        for (let n = 2; name in this.schemas; n++) name = `${wanted}${n}`;
        this.#files.set(target, name);
        // Reserved before its content is made: a file may refer back to this one.
        this.schemas[name] = {};
        const { $schema: _dialect, ...content } = (document && typeof document === 'object' ? document : {}) as Json;
        const own = this.#ref(name);
        this.schemas[name] = rewriteRefs(this.#withFileComponents(content, target, source), new Map(), own);
      }
      return this.#ref(name);
    });
  }

  #ref(name: string): string {
    return `#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }

}

/** Replaces each relative file `$ref` (not local, not a URL) with what `map` gives. */
function mapFileRefs(node: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => mapFileRefs(n, map));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(value)) out[key] = map(value);
    else out[key] = DATA_KEYWORDS.has(key) ? value : mapFileRefs(value, map);
  }
  return out;
}

/** Replaces sub-schemas equal to a definition with a reference to it (not the root itself). */
function foldCopies(root: unknown, defs: Json): unknown {
  const entries = Object.entries(defs);
  if (entries.length === 0) return root;
  const visit = (node: unknown, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((n) => visit(n, depth + 1));
    if (!node || typeof node !== 'object') return node;
    if (depth > 0) {
      const match = entries.find(([, value]) => sameJson(value, node));
      if (match) return { $ref: `#/definitions/${match[0]}` };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, DATA_KEYWORDS.has(k) ? v : visit(v, depth + 1)]));
  };
  return visit(root, 0);
}

/** `#/definitions/X` and `#/$defs/X` → the component names given in `names`; `#` → `rootRef`. */
function rewriteRefs(node: unknown, names: Map<string, string>, rootRef?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, names, rootRef));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const match = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(value);
      const name = match ? names.get(decodeURIComponent(match[1]).replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
      out[key] = name ? `#/components/schemas/${name}` : value === '#' && rootRef ? rootRef : value;
    } else out[key] = DATA_KEYWORDS.has(key) ? value : rewriteRefs(value, names, rootRef);
  }
  return out;
}
