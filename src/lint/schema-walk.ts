/**
 * One walk over every subschema of the catalog's message schemas, shared by the rules that look at schema
 * nodes. The walk follows the keywords that hold schemas (properties, items, combinators, definitions, …)
 * but not values (examples, enum, const), visits each node once, and is done once per catalog however many
 * rules read it: its cost is linear in the size of the schemas. A node's JSON-pointer path is built only
 * when a rule asks for it (for a finding), not for every node.
 */
import path from 'node:path';
import type { Catalog } from '../catalog/catalog.ts';
import type { Message } from '../catalog/model.ts';

const MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];
const SCHEMA_KEYWORDS = ['items', 'additionalItems', 'additionalProperties', 'unevaluatedItems', 'unevaluatedProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else'];
const LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
/** Keywords under which a schema is a condition on an object described elsewhere, not a content model. */
const CONDITION_KEYWORDS = new Set(['if', 'then', 'else', 'not']);
/** Nesting deeper than this is not walked (a schema file is data from the catalog, not trusted). */
export const MAX_SCHEMA_DEPTH = 64;

/** One subschema of a message's schema file. */
export class SchemaNode {
  readonly message: Message;
  readonly schema: Record<string, unknown>;
  /** True when the node is under `if`, `then`, `else` or `not`. */
  readonly conditional: boolean;
  readonly #parent: SchemaNode | undefined;
  readonly #segments: readonly (string | number)[];
  readonly #file: string | undefined;

  /** `file`: the schema file the node is in, when not the message's own (a file its schema refers to). */
  constructor(message: Message, schema: Record<string, unknown>, parent: SchemaNode | undefined, segments: readonly (string | number)[], file?: string) {
    this.message = message;
    this.#file = file ?? (parent ? parent.#file : undefined);
    this.schema = schema;
    this.#parent = parent;
    this.#segments = segments;
    this.conditional = (parent?.conditional ?? false) || segments.some((s) => typeof s === 'string' && CONDITION_KEYWORDS.has(s));
  }

  /** The schema file the node is in (catalog-relative). */
  get file(): string {
    return this.#file ?? this.message.schema!.file;
  }

  /** JSON-pointer segments from the file's root to the node. */
  get path(): (string | number)[] {
    const chain: (readonly (string | number)[])[] = [];
    for (let n: SchemaNode | undefined = this; n; n = n.#parent) chain.push(n.#segments);
    return chain.reverse().flat();
  }
}

const walked = new WeakMap<Catalog, readonly SchemaNode[]>();

/**
 * Every subschema of each latest message's JSON Schema file, in document order, each file once. Computed
 * on the first call for a catalog and shared by every later one.
 */
export function schemaNodesOf(catalog: Catalog): readonly SchemaNode[] {
  let nodes = walked.get(catalog);
  if (!nodes) {
    nodes = walkCatalog(catalog);
    walked.set(catalog, nodes);
  }
  return nodes;
}

/**
 * Also walked: the catalog's schema files a latest message's schema refers to by relative `$ref` (shared
 * components, `common.json`), each once, its nodes attributed to the first message reaching it.
 */
function walkCatalog(catalog: Catalog): SchemaNode[] {
  const out: SchemaNode[] = [];
  const seen = new Set<string>();
  const referenced: { message: Message; file: string }[] = [];
  const onRef = (message: Message, from: string, ref: string) => {
    if (ref.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(ref)) return;
    const base = ref.split('#')[0];
    const file = path.posix.normalize(path.posix.join(path.posix.dirname(from), base));
    if (!seen.has(file) && catalog.documents.has(file)) {
      seen.add(file);
      referenced.push({ message, file });
    }
  };
  for (const m of catalog.messages()) {
    if (!m.isLatest || m.schema?.format !== 'json-schema' || seen.has(m.schema.file)) continue;
    seen.add(m.schema.file);
    walkSchema(m, m.schema.value, out, undefined, onRef);
  }
  for (let i = 0; i < referenced.length; i++) walkSchema(referenced[i].message, catalog.documents.get(referenced[i].file), out, referenced[i].file, onRef);
  return out;
}

/** Appends the nodes of one schema to `out`, depth first, without recursion (so depth cannot overflow the stack). */
function walkSchema(message: Message, root: unknown, out: SchemaNode[], file?: string, onRef?: (message: Message, from: string, ref: string) => void): void {
  const from = file ?? message.schema!.file;
  const stack: { value: unknown; parent: SchemaNode | undefined; segments: (string | number)[]; depth: number }[] = [{ value: root, parent: undefined, segments: [], depth: 0 }];
  while (stack.length) {
    const { value, parent, segments, depth } = stack.pop()!;
    if (!value || typeof value !== 'object' || Array.isArray(value) || depth > MAX_SCHEMA_DEPTH) continue;
    const s = value as Record<string, unknown>;
    const node = new SchemaNode(message, s, parent, segments, parent ? undefined : file);
    out.push(node);
    if (onRef && typeof s.$ref === 'string') onRef(message, from, s.$ref);
    const children: typeof stack = [];
    for (const key of MAP_KEYWORDS) {
      const map = s[key];
      if (map && typeof map === 'object' && !Array.isArray(map)) for (const [name, child] of Object.entries(map)) children.push({ value: child, parent: node, segments: [key, name], depth: depth + 1 });
    }
    for (const key of SCHEMA_KEYWORDS) {
      const child = s[key];
      if (child && typeof child === 'object' && !Array.isArray(child)) children.push({ value: child, parent: node, segments: [key], depth: depth + 1 });
    }
    for (const key of LIST_KEYWORDS) {
      const list = s[key];
      if (Array.isArray(list)) list.forEach((child, i) => children.push({ value: child, parent: node, segments: [key, i], depth: depth + 1 }));
    }
    // Reversed onto the stack, so nodes come out in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** The `type` of a schema as a list (`"string"` or `["string", "null"]`). */
export function typesOf(schema: Record<string, unknown>): string[] {
  const t = schema.type;
  return typeof t === 'string' ? [t] : Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}
