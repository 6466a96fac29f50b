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
import { cacheOf } from '../catalog/cache/load-cache.ts';
import { digest } from '../catalog/cache/signed-file.ts';
import type { Finding } from './rule.ts';

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

/**
 * A schema file as the walk meets it: the file, the message its nodes are attributed to (the first latest
 * message reaching it), and its nodes, walked when first asked for.
 */
export interface SchemaWalkUnit {
  readonly message: Message;
  /** Catalog-relative path of the schema file. */
  readonly file: string;
  /** The digest of the file's text when the load cache read it: with `file` and the message's name, all a rule's findings on the unit depend on. */
  readonly textDigest: string | undefined;
  /** Its nodes, in document order (walked on first use, once for every rule). */
  nodes(): readonly SchemaNode[];
}

const walked = new WeakMap<Catalog, readonly SchemaWalkUnit[]>();

/**
 * Every schema file the walk covers (see {@link walkCatalog}), in walk order. Computed on the first call for
 * a catalog and shared by every later one.
 */
export function schemaUnitsOf(catalog: Catalog): readonly SchemaWalkUnit[] {
  let units = walked.get(catalog);
  if (!units) {
    units = walkCatalog(catalog);
    walked.set(catalog, units);
  }
  return units;
}

/**
 * A rule's findings on each unit, from the load cache when the unit's file is unchanged: the key names the
 * rule, the file, its text's digest and the message the findings name. `check` sees the unit's nodes.
 */
export function findingsPerUnit(catalog: Catalog, rule: string, check: (nodes: readonly SchemaNode[]) => Finding[]): Finding[] {
  const cache = cacheOf(catalog);
  const out: Finding[] = [];
  for (const unit of schemaUnitsOf(catalog)) {
    const compute = () => check(unit.nodes());
    const found = cache && unit.textDigest ? cache.lintMemo('walk', digest(JSON.stringify([rule, unit.file, unit.textDigest, unit.message.name])), compute) : compute();
    for (const finding of found) out.push(finding);
  }
  return out;
}

/**
 * Also walked: the catalog's schema files a latest message's schema refers to by relative `$ref` (shared
 * components, `common.json`), each once, its nodes attributed to the first message reaching it. Which files
 * a unit refers to is pure in its text: a warm run takes it from the load cache and walks nothing.
 */
function walkCatalog(catalog: Catalog): SchemaWalkUnit[] {
  const cache = cacheOf(catalog);
  const units: SchemaWalkUnit[] = [];
  const seen = new Set<string>();
  const referenced: { message: Message; file: string }[] = [];
  const unitOf = (message: Message, file: string, own: boolean): SchemaWalkUnit => {
    let nodes: SchemaNode[] | undefined;
    const textDigest = cache?.textDigestOf(catalog.pathOf(file));
    const unit: SchemaWalkUnit = {
      message,
      file,
      textDigest,
      nodes: () => {
        if (!nodes) walkSchema(message, own ? message.schema!.value : catalog.documents.get(file), (nodes = []), own ? undefined : file);
        return nodes;
      },
    };
    units.push(unit);
    const refs = textDigest ? cache!.lintMemo('walk', `refs:${textDigest}`, () => refsOf(unit.nodes())) : refsOf(unit.nodes());
    for (const ref of refs) {
      if (ref.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(ref)) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.split('#')[0]));
      if (!seen.has(target) && catalog.documents.has(target)) {
        seen.add(target);
        referenced.push({ message, file: target });
      }
    }
    return unit;
  };
  for (const m of catalog.messages()) {
    if (!m.isLatest || m.schema?.format !== 'json-schema' || seen.has(m.schema.file)) continue;
    seen.add(m.schema.file);
    unitOf(m, m.schema.file, true);
  }
  for (let i = 0; i < referenced.length; i++) unitOf(referenced[i].message, referenced[i].file, false);
  return units;
}

/** The `$ref` strings of a unit's nodes, in walk order. */
function refsOf(nodes: readonly SchemaNode[]): string[] {
  const out: string[] = [];
  for (const node of nodes) if (typeof node.schema.$ref === 'string') out.push(node.schema.$ref);
  return out;
}

/** Appends the nodes of one schema to `out`, depth first, without recursion (so depth cannot overflow the stack). */
function walkSchema(message: Message, root: unknown, out: SchemaNode[], file?: string): void {
  const stack: { value: unknown; parent: SchemaNode | undefined; segments: (string | number)[]; depth: number }[] = [{ value: root, parent: undefined, segments: [], depth: 0 }];
  while (stack.length) {
    const { value, parent, segments, depth } = stack.pop()!;
    if (!value || typeof value !== 'object' || Array.isArray(value) || depth > MAX_SCHEMA_DEPTH) continue;
    const s = value as Record<string, unknown>;
    const node = new SchemaNode(message, s, parent, segments, parent ? undefined : file);
    out.push(node);
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
