/**
 * Turns raw JSON Schema into the typed nodes the diff compares, following the way
 * everit-json-schema (which Confluent uses) reads a schema: each group of keywords becomes its
 * own node, and a schema object that yields more than one node becomes a synthetic `allOf`.
 */
import type {
  ArrayNode, Criterion, Dependencies, Key, NodeMeta, NumberNode, ObjectNode, OpenContent,
  ReferenceNode, SchemaNode, StringNode,
} from './model.ts';
import {
  canonicalJson, followPointer, isObject, numberOf, stringOf, type JsonObject,
} from './json-value.ts';

/** Options for reading a schema. */
export interface LoadOptions {
  /**
   * Supplies the schema for a `$ref` that does not point inside the same document
   * (e.g. `other.json#/definitions/a`). Return undefined when it is unknown.
   */
  resolveRef?: (ref: string) => unknown;
}

type Draft = 4 | 6 | 7 | 2019 | 2020;

const ARRAY_KEYWORDS = [
  'items', 'additionalItems', 'maxItems', 'minItems', 'uniqueItems', 'contains', 'prefixItems',
  'unevaluatedItems', 'minContains', 'maxContains',
];
const OBJECT_KEYWORDS = [
  'properties', 'required', 'minProperties', 'maxProperties', 'dependencies', 'dependentRequired',
  'dependentSchemas', 'patternProperties', 'additionalProperties', 'propertyNames',
  'unevaluatedProperties',
];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format'];
const CONDITIONAL_KEYWORDS = ['if', 'then', 'else'];
const CRITERIA: Criterion[] = ['allOf', 'anyOf', 'oneOf'];
const ANNOTATIONS = new Set([
  '$schema', '$id', 'id', '$anchor', '$dynamicAnchor', '$comment', '$defs', 'definitions', 'title',
  'description', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated', '$vocabulary',
]);

function draftOf(root: unknown): Draft {
  const uri = isObject(root) ? stringOf(root.$schema) ?? '' : '';
  if (uri.includes('draft-04')) return 4;
  if (uri.includes('draft-06')) return 6;
  if (uri.includes('2019-09')) return 2019;
  if (uri.includes('2020-12')) return 2020;
  return 7;
}

function hasAny(raw: JsonObject, keywords: readonly string[]): boolean {
  return keywords.some((k) => k in raw);
}

/** Reads a whole schema document into its root node. */
export function loadSchema(root: unknown, options: LoadOptions = {}): SchemaNode {
  return new DocumentLoader(root, options, new Map()).load(root);
}

class DocumentLoader {
  private readonly draft: Draft;
  private readonly nodes = new Map<unknown, SchemaNode>();
  private readonly root: unknown;
  private readonly options: LoadOptions;
  private readonly external: Map<string, SchemaNode | undefined>;

  constructor(root: unknown, options: LoadOptions, external: Map<string, SchemaNode | undefined>) {
    this.root = root;
    this.options = options;
    this.external = external;
    this.draft = draftOf(root);
  }

  load(raw: unknown): SchemaNode {
    const cached = this.nodes.get(raw);
    if (cached) return cached;
    const node = this.build(raw);
    if (typeof raw === 'object' && raw !== null) this.nodes.set(raw, node);
    return node;
  }

  private build(raw: unknown): SchemaNode {
    const key = keyOf(raw);
    if (raw === true) return { kind: 'true', hasDefault: false, key };
    if (raw === false) return { kind: 'false', hasDefault: false, key };
    if (!isObject(raw)) return { kind: 'empty', hasDefault: false, key };
    const parts = this.extract(raw);
    let node: SchemaNode;
    if (parts.length === 0) node = { kind: 'empty', ...blankMeta(key) };
    else if (parts.length === 1) node = parts[0];
    else node = { kind: 'combined', criterion: 'allOf', subschemas: parts, ...blankMeta(key) };
    return Object.assign(node, this.metaOf(raw, key));
  }

  private metaOf(raw: JsonObject, key: Key): NodeMeta {
    const id = stringOf(this.draft === 4 ? raw.id : raw.$id);
    return {
      id,
      title: stringOf(raw.title),
      description: stringOf(raw.description),
      hasDefault: 'default' in raw,
      default: raw.default,
      key,
    };
  }

  /** The nodes one schema object yields, in everit's extraction order. */
  private extract(raw: JsonObject): SchemaNode[] {
    const key = keyOf(raw);
    if ('$ref' in raw && typeof raw.$ref === 'string') {
      const ref = this.reference(raw.$ref, key);
      const siblings = Object.keys(raw).filter((k) => k !== '$ref' && !ANNOTATIONS.has(k));
      // Before 2019-09 keywords next to $ref are ignored; since then they also apply.
      if (this.draft < 2019 || siblings.length === 0) return [ref];
      const rest = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== '$ref'));
      return [ref, ...this.extract(rest)];
    }
    const parts: SchemaNode[] = [];
    if (Array.isArray(raw.enum)) {
      parts.push({ kind: 'enum', values: raw.enum, ...blankMeta(prefixed('enum:', key)) });
    }
    const combined = CRITERIA.filter((c) => Array.isArray(raw[c])).map(
      (criterion): SchemaNode => ({
        kind: 'combined',
        criterion,
        subschemas: (raw[criterion] as unknown[]).map((s) => this.load(s)),
        ...blankMeta(prefixed(`${criterion}:`, key)),
      }),
    );
    if (combined.length === 1) parts.push(combined[0]);
    if (combined.length > 1) {
      parts.push({ kind: 'combined', criterion: 'allOf', subschemas: combined, ...blankMeta(prefixed('combined:', key)) });
    }
    if ('not' in raw) {
      parts.push({ kind: 'not', mustNotMatch: this.load(raw.not), ...blankMeta(prefixed('not:', key)) });
    }
    if ('const' in raw) parts.push({ kind: 'const', value: raw.const, ...blankMeta(prefixed('const:', key)) });
    if (typeof raw.type === 'string') {
      parts.push(this.typed(raw.type, raw, true));
    } else if (Array.isArray(raw.type)) {
      const types = raw.type.filter((t): t is string => typeof t === 'string');
      parts.push({
        kind: 'combined',
        criterion: 'anyOf',
        subschemas: types.map((t) => this.typed(t, raw, true)),
        ...blankMeta(prefixed('type:', key)),
      });
    } else {
      if (hasAny(raw, ARRAY_KEYWORDS)) parts.push(this.typed('array', raw, false));
      if (hasAny(raw, OBJECT_KEYWORDS)) parts.push(this.typed('object', raw, false));
      if (hasAny(raw, NUMBER_KEYWORDS)) parts.push(this.typed('number', raw, false));
      if (hasAny(raw, STRING_KEYWORDS)) parts.push(this.typed('string', raw, false));
    }
    if (this.draft >= 7 && hasAny(raw, CONDITIONAL_KEYWORDS)) {
      parts.push({ kind: 'conditional', ...blankMeta(prefixed('if:', key)) });
    }
    return parts;
  }

  private typed(type: string, raw: JsonObject, explicit: boolean): SchemaNode {
    const key = prefixed(`${type}:${explicit}:`, keyOf(raw));
    switch (type) {
      case 'string': return this.string(raw, key);
      case 'number': return this.number(raw, key, false);
      case 'integer': return this.number(raw, key, true);
      case 'object': return this.object(raw, key);
      case 'array': return this.array(raw, key);
      case 'boolean': return { kind: 'boolean', ...blankMeta(key) };
      case 'null': return { kind: 'null', ...blankMeta(key) };
      default: return { kind: 'empty', ...blankMeta(key) };
    }
  }

  private string(raw: JsonObject, key: Key): StringNode {
    return {
      kind: 'string',
      minLength: numberOf(raw.minLength),
      maxLength: numberOf(raw.maxLength),
      pattern: stringOf(raw.pattern),
      ...blankMeta(key),
    };
  }

  private number(raw: JsonObject, key: Key, requiresInteger: boolean): NumberNode {
    let { minimum, maximum } = { minimum: numberOf(raw.minimum), maximum: numberOf(raw.maximum) };
    let exclusiveMinimum = numberOf(raw.exclusiveMinimum);
    let exclusiveMaximum = numberOf(raw.exclusiveMaximum);
    if (this.draft === 4) {
      // Draft 4: exclusiveMaximum/Minimum are flags that make maximum/minimum exclusive.
      if (raw.exclusiveMaximum === true) [exclusiveMaximum, maximum] = [maximum, undefined];
      if (raw.exclusiveMinimum === true) [exclusiveMinimum, minimum] = [minimum, undefined];
    }
    return {
      kind: 'number',
      requiresInteger,
      minimum,
      maximum,
      exclusiveMinimum,
      exclusiveMaximum,
      multipleOf: numberOf(raw.multipleOf),
      ...blankMeta(key),
    };
  }

  private object(raw: JsonObject, key: Key): ObjectNode {
    const properties = new Map<string, SchemaNode>();
    if (isObject(raw.properties)) {
      for (const [name, schema] of Object.entries(raw.properties)) properties.set(name, this.load(schema));
    }
    const patternProperties: Array<[string, SchemaNode]> = isObject(raw.patternProperties)
      ? Object.entries(raw.patternProperties).map(([p, s]) => [p, this.load(s)])
      : [];
    const required = new Set(
      Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === 'string') : [],
    );
    return {
      kind: 'object',
      properties,
      required,
      patternProperties,
      additionalProperties: this.openContent(raw.additionalProperties),
      unevaluatedProperties:
        'unevaluatedProperties' in raw ? this.openContent(raw.unevaluatedProperties) : undefined,
      ...this.dependencies(raw),
      propertyNames: 'propertyNames' in raw ? this.load(raw.propertyNames) : undefined,
      minProperties: numberOf(raw.minProperties),
      maxProperties: numberOf(raw.maxProperties),
      ...blankMeta(key),
    };
  }

  private dependencies(raw: JsonObject): {
    propertyDependencies: Dependencies<Set<string>>;
    schemaDependencies: Dependencies<SchemaNode>;
  } {
    const arrays = new Map<string, Set<string>>();
    const schemas = new Map<string, SchemaNode>();
    let arrayKeyword = 'dependencies';
    let schemaKeyword = 'dependencies';
    const collect = (value: unknown) => {
      if (!isObject(value)) return;
      for (const [name, dependency] of Object.entries(value)) {
        if (Array.isArray(dependency)) arrays.set(name, new Set(dependency.map(String)));
        else schemas.set(name, this.load(dependency));
      }
    };
    collect(raw.dependencies);
    if (isObject(raw.dependentRequired)) {
      arrayKeyword = 'dependentRequired';
      collect(raw.dependentRequired);
    }
    if (isObject(raw.dependentSchemas)) {
      schemaKeyword = 'dependentSchemas';
      collect(raw.dependentSchemas);
    }
    return {
      propertyDependencies: { keyword: arrayKeyword, entries: arrays },
      schemaDependencies: { keyword: schemaKeyword, entries: schemas },
    };
  }

  private array(raw: JsonObject, key: Key): ArrayNode {
    const modern = Array.isArray(raw.prefixItems);
    const tuple = modern ? raw.prefixItems : raw.items;
    const additional = modern ? raw.items : raw.additionalItems;
    return {
      kind: 'array',
      allItems: !Array.isArray(tuple) && 'items' in raw ? this.load(raw.items) : undefined,
      tupleItems: Array.isArray(tuple) ? tuple.map((s) => this.load(s)) : undefined,
      additionalItems: this.openContent(additional),
      unevaluatedItems: 'unevaluatedItems' in raw ? this.openContent(raw.unevaluatedItems) : undefined,
      tupleKeyword: modern ? 'prefixItems' : 'items',
      additionalKeyword: modern ? 'items' : 'additionalItems',
      contains: 'contains' in raw ? this.load(raw.contains) : undefined,
      minItems: numberOf(raw.minItems),
      maxItems: numberOf(raw.maxItems),
      minContains: numberOf(raw.minContains),
      maxContains: numberOf(raw.maxContains),
      uniqueItems: raw.uniqueItems === true,
      ...blankMeta(key),
    };
  }

  private openContent(value: unknown): OpenContent {
    if (value === false) return { permits: false };
    if (value === undefined || value === true) return { permits: true };
    return { permits: true, schema: this.load(value) };
  }

  private reference(ref: string, key: Key): ReferenceNode {
    let resolved: { node: SchemaNode | undefined } | undefined;
    return {
      kind: 'ref',
      ref,
      referred: () => {
        resolved ??= { node: this.resolve(ref) };
        return resolved.node;
      },
      ...blankMeta(prefixed('ref:', key)),
    };
  }

  private resolve(ref: string): SchemaNode | undefined {
    const rootId = isObject(this.root) ? stringOf(this.root.$id) ?? stringOf(this.root.id) : undefined;
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    if (base === '' || base === rootId) {
      const target = fragment.startsWith('/') || fragment === ''
        ? followPointer(this.root, fragment)
        : findAnchor(this.root, fragment);
      return target === undefined ? undefined : this.load(target);
    }
    if (!this.external.has(ref)) {
      this.external.set(ref, undefined);
      const document = this.options.resolveRef?.(ref);
      if (document !== undefined) {
        this.external.set(ref, new DocumentLoader(document, this.options, this.external).load(document));
      }
    }
    return this.external.get(ref);
  }
}

function blankMeta(key: Key): NodeMeta {
  return { hasDefault: false, key };
}

/**
 * The key of a raw schema, computed only when asked: only `allOf`/`anyOf`/`oneOf` branches need
 * one, and computing it for every node of a large schema dominated the time of a diff.
 */
function keyOf(raw: unknown): Key {
  let text: string | undefined;
  return () => (text ??= canonicalJson(raw));
}

function prefixed(prefix: string, key: Key): Key {
  let text: string | undefined;
  return () => (text ??= prefix + key());
}

/** Finds the subschema declaring `$anchor: name` (or a draft-7 `$id: '#name'`). */
function findAnchor(value: unknown, name: string): unknown {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findAnchor(item, name);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (value.$anchor === name || value.$id === `#${name}`) return value;
  for (const child of Object.values(value)) {
    const found = findAnchor(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}
