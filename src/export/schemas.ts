/**
 * Message schemas as AsyncAPI component schemas. A catalog schema file is self-contained: its recursive
 * parts sit in its own `definitions` / `$defs`. In an AsyncAPI document those become component schemas of
 * their own (refs rewritten to `#/components/schemas/<name>`), and copies of a definition inside the
 * schema are folded back into references, so that importing the document again yields the same file.
 */
import { sameJson } from '../import/frontmatter-edit.ts';
import { DATA_KEYWORDS } from '../import/schema-bundle.ts';

type Json = Record<string, unknown>;

/** Component schemas being assembled, with names kept unique. */
export class ComponentSchemas {
  readonly schemas: Record<string, unknown> = {};

  /**
   * Adds a message's schema; returns the `$ref` its payload should use. `key` is the preferred name of
   * the payload component (the message id).
   */
  add(key: string, schema: unknown): Json {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
      let name = key;
      for (let n = 2; name in this.schemas; n++) name = `${key}${n}`;
      this.schemas[name] = schema;
      return { $ref: this.#ref(name) };
    }
    const { $schema: _dialect, definitions, $defs, ...root } = schema as Json;
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

  #ref(name: string): string {
    return `#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }

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
