/**
 * A schema as a tree of properties, the one shape the schema viewer, the example generator and the
 * version diff read: JSON Schema (local and in-catalog `$ref`s resolved, `allOf` merged, `oneOf` /
 * `anyOf` as variants), and Avro / Protobuf through the loader's `fields`. Pure: no I/O.
 */
import type { SchemaDocument, SchemaField } from '../../catalog/model.ts';

/** One property (or array item, or variant) of a schema. */
export interface PropertyNode {
  /** Property name; `[]` for array items; `option 1…` for variants. */
  name: string;
  /** Dotted path from the root, e.g. `lines[].sku` (what the diff compares). */
  path: string;
  /** Type names, e.g. ['string'], ['integer', 'null'], ['object'], ['array']. */
  types: string[];
  format?: string;
  required: boolean;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  /** First example, else default or const: what the example generator uses. */
  example?: unknown;
  /** Human-readable constraints: `≥ 1`, `length 1–64`, `pattern ^[A-Z]+$`, `unique items`. */
  constraints: string[];
  /** The numeric validation keywords, for the example generator. */
  limits?: Limits;
  deprecated?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  /** Name of the definition this node came from, when reached through a `$ref`. */
  ref?: string;
  /** True when the `$ref` leads back into itself: children are not expanded again. */
  recursive?: boolean;
  /** Properties of an object. */
  children: PropertyNode[];
  /** The item of an array. */
  items?: PropertyNode;
  /** `oneOf` / `anyOf` alternatives. */
  variants?: { kind: 'oneOf' | 'anyOf'; options: PropertyNode[] };
  /** `additionalProperties`: false (closed), or the type of extra values. */
  additional?: false | PropertyNode;
}

/** Numeric validation keywords of a schema (exclusive bounds as numbers, draft-06+ style). */
export interface Limits {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/** Reads another catalog document for a `$ref` that names a file (`common.json#/$defs/Money`). */
export type DocumentResolver = (file: string) => unknown;

export interface PropertyTreeOptions {
  /** Catalog-relative path of the schema file, for resolving relative `$ref`s. */
  file?: string;
  /** Other catalog documents by catalog-relative path (the catalog's `documents`). */
  resolveDocument?: DocumentResolver;
  /** Deepest nesting expanded (default 12). */
  maxDepth?: number;
  /** Most nodes produced (default 2,000): a guard against enormous schemas. */
  maxNodes?: number;
}

/** The top-level properties of a message or entity schema, whatever its format. */
export function schemaProperties(schema: SchemaDocument, options: PropertyTreeOptions = {}): PropertyNode[] {
  if (schema.format !== 'json-schema') return (schema.fields ?? []).map((f) => fieldNode(f, ''));
  const root = jsonSchemaNode(schema.value, { ...options, file: options.file ?? schema.file });
  return root.children.length || !root.items ? root.children : [root.items];
}

/** The whole JSON Schema as one node (the root object), with refs resolved. */
export function jsonSchemaNode(schema: unknown, options: PropertyTreeOptions = {}): PropertyNode {
  const walker = new Walker(schema, options);
  return walker.node(schema, '', '', true, options.file ?? '', 0, []);
}

function fieldNode(field: SchemaField, parent: string): PropertyNode {
  const path = parent ? `${parent}.${field.name}` : field.name;
  const children = (field.fields ?? []).map((f) => fieldNode(f, field.repeated ? `${path}[]` : path));
  const node: PropertyNode = {
    name: field.name,
    path,
    types: field.repeated ? ['array'] : field.type.split(' | '),
    required: field.required,
    description: field.description,
    constraints: [],
    children: field.repeated ? [] : children,
  };
  if (field.repeated) node.items = { name: '[]', path: `${path}[]`, types: field.type.split(' | '), required: true, constraints: [], children };
  return node;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Walker {
  #count = 0;
  readonly #root: unknown;
  readonly #options: PropertyTreeOptions;
  readonly #maxDepth: number;
  readonly #maxNodes: number;

  constructor(root: unknown, options: PropertyTreeOptions) {
    this.#root = root;
    this.#options = options;
    this.#maxDepth = options.maxDepth ?? 12;
    this.#maxNodes = options.maxNodes ?? 2000;
  }

  node(raw: unknown, name: string, path: string, required: boolean, file: string, depth: number, refStack: string[]): PropertyNode {
    this.#count++;
    const resolved = this.#resolve(raw, file, refStack);
    const schema = resolved.schema;
    const base: PropertyNode = { name, path, types: [], required, constraints: [], children: [] };
    if (resolved.ref) base.ref = resolved.ref.split('/').pop();
    if (resolved.recursive) return { ...base, types: ['object'], recursive: true };
    if (schema === true || schema === undefined) return { ...base, types: ['any'] };
    if (schema === false) return { ...base, types: ['never'] };
    if (!isObject(schema)) return { ...base, types: ['any'] };
    const here = resolved.file;
    const stack = resolved.ref ? [...refStack, resolved.ref] : refStack;
    const merged = this.#mergeAllOf(schema, here, stack);
    describe(base, merged);
    if (depth >= this.#maxDepth || this.#count > this.#maxNodes) return base;

    const props = isObject(merged.properties) ? merged.properties : undefined;
    const requiredNames = new Set(Array.isArray(merged.required) ? merged.required.filter((r): r is string => typeof r === 'string') : []);
    if (props) {
      for (const [key, child] of Object.entries(props)) {
        base.children.push(this.node(child, key, path ? `${path}.${key}` : key, requiredNames.has(key), here, depth + 1, stack));
      }
    }
    if (merged.additionalProperties === false || merged.unevaluatedProperties === false) base.additional = false;
    else if (isObject(merged.additionalProperties)) base.additional = this.node(merged.additionalProperties, '{key}', `${path}{}`, false, here, depth + 1, stack);

    const items = Array.isArray(merged.prefixItems) ? merged.prefixItems[0] : Array.isArray(merged.items) ? merged.items[0] : merged.items;
    if (items !== undefined && (base.types.includes('array') || !base.types.length)) {
      base.items = this.node(items, '[]', `${path}[]`, true, here, depth + 1, stack);
      if (!base.types.length) base.types = ['array'];
    }
    for (const kind of ['oneOf', 'anyOf'] as const) {
      const list = merged[kind];
      if (Array.isArray(list) && list.length) {
        base.variants = {
          kind,
          options: list.map((option, i) => {
            const label = isObject(option) && typeof option.title === 'string' ? option.title : `option ${i + 1}`;
            return this.node(option, label, `${path}(${label})`, true, here, depth + 1, stack);
          }),
        };
        break;
      }
    }
    if (!base.types.length) base.types = base.children.length || base.additional ? ['object'] : base.variants ? [] : base.enum ? [typeof base.enum[0]] : ['any'];
    return base;
  }

  /** Folds `allOf` members (refs resolved) into one schema: properties and required are unioned. */
  #mergeAllOf(schema: Json, file: string, stack: string[]): Json {
    if (!Array.isArray(schema.allOf)) return schema;
    const out: Json = { ...schema, allOf: undefined };
    const properties: Json = { ...(isObject(schema.properties) ? schema.properties : {}) };
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    for (const member of schema.allOf) {
      const resolved = this.#resolve(member, file, stack);
      if (!isObject(resolved.schema) || resolved.recursive) continue;
      const part = this.#mergeAllOf(resolved.schema, resolved.file, resolved.ref ? [...stack, resolved.ref] : stack);
      if (isObject(part.properties)) Object.assign(properties, part.properties);
      if (Array.isArray(part.required)) for (const r of part.required) required.add(r);
      for (const [key, value] of Object.entries(part)) {
        if (key !== 'properties' && key !== 'required' && out[key] === undefined) out[key] = value;
      }
    }
    if (Object.keys(properties).length) out.properties = properties;
    if (required.size) out.required = [...required];
    return out;
  }

  /** Follows `$ref` chains; reports recursion instead of looping. */
  #resolve(raw: unknown, file: string, stack: string[]): { schema: unknown; file: string; ref?: string; recursive?: boolean } {
    let schema = raw;
    let where = file;
    let ref: string | undefined;
    for (let hops = 0; isObject(schema) && typeof schema.$ref === 'string' && hops < 32; hops++) {
      const target = this.#follow(schema.$ref, where);
      const id = `${target.file}#${target.pointer}`;
      if (stack.includes(id)) return { schema: undefined, file: where, ref: id, recursive: true };
      ref = id;
      // Keywords beside $ref (2019-09+) refine the target: keep description and friends.
      const { $ref: _ignored, ...siblings } = schema;
      schema = isObject(target.value) && Object.keys(siblings).length ? { ...target.value, ...siblings } : target.value;
      where = target.file;
    }
    return { schema, file: where, ref };
  }

  #follow(ref: string, file: string): { value: unknown; file: string; pointer: string } {
    const hash = ref.indexOf('#');
    const target = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    let document: unknown = this.#root;
    let docFile = file;
    if (target && !/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      docFile = joinPath(file, target);
      document = this.#options.resolveDocument?.(docFile);
    } else if (target) {
      return { value: undefined, file, pointer: ref };
    }
    return { value: pointerGet(document, pointer), file: docFile, pointer };
  }
}

/** Copies the descriptive keywords of a schema onto a node. */
function describe(node: PropertyNode, s: Json): void {
  const type = s.type;
  if (typeof type === 'string') node.types = [type];
  else if (Array.isArray(type)) node.types = type.filter((t): t is string => typeof t === 'string');
  if (s.nullable === true && !node.types.includes('null')) node.types.push('null');
  if (typeof s.format === 'string') node.format = s.format;
  if (typeof s.description === 'string') node.description = s.description;
  else if (typeof s.title === 'string' && node.name !== s.title) node.description = s.title;
  if (Array.isArray(s.enum)) node.enum = s.enum;
  if ('const' in s) node.const = s.const;
  if ('default' in s) node.default = s.default;
  if (s.deprecated === true) node.deprecated = true;
  if (s.readOnly === true) node.readOnly = true;
  if (s.writeOnly === true) node.writeOnly = true;
  const examples = Array.isArray(s.examples) ? s.examples : 'example' in s ? [s.example] : [];
  node.example = examples.length ? examples[0] : 'default' in s ? s.default : 'const' in s ? s.const : undefined;
  node.constraints = constraintsOf(s);
  const limits: Limits = {};
  for (const key of LIMIT_KEYS) if (num(s[key])) limits[key] = s[key];
  if (s.exclusiveMinimum === true && num(s.minimum)) [limits.exclusiveMinimum, limits.minimum] = [s.minimum, undefined];
  if (s.exclusiveMaximum === true && num(s.maximum)) [limits.exclusiveMaximum, limits.maximum] = [s.maximum, undefined];
  if (Object.keys(limits).length) node.limits = limits;
}

const LIMIT_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The validation keywords of a schema in words, e.g. `length 1–64`, `≥ 0`, `multiple of 5`. */
export function constraintsOf(s: Json): string[] {
  const out: string[] = [];
  const range = (label: string, min: unknown, max: unknown) => {
    if (num(min) && num(max)) out.push(min === max ? `${label} ${min}` : `${label} ${min}–${max}`);
    else if (num(min)) out.push(`${label} ≥ ${min}`);
    else if (num(max)) out.push(`${label} ≤ ${max}`);
  };
  range('length', s.minLength, s.maxLength);
  range('items', s.minItems, s.maxItems);
  range('properties', s.minProperties, s.maxProperties);
  if (num(s.minimum)) out.push(`≥ ${s.minimum}`);
  if (num(s.exclusiveMinimum)) out.push(`> ${s.exclusiveMinimum}`);
  else if (s.exclusiveMinimum === true && num(s.minimum)) out[out.length - 1] = `> ${s.minimum}`;
  if (num(s.maximum)) out.push(`≤ ${s.maximum}`);
  if (num(s.exclusiveMaximum)) out.push(`< ${s.exclusiveMaximum}`);
  else if (s.exclusiveMaximum === true && num(s.maximum)) out[out.length - 1] = `< ${s.maximum}`;
  if (num(s.multipleOf)) out.push(`multiple of ${s.multipleOf}`);
  if (typeof s.pattern === 'string') out.push(`pattern ${s.pattern}`);
  if (s.uniqueItems === true) out.push('unique items');
  if (typeof s.contentEncoding === 'string') out.push(`encoding ${s.contentEncoding}`);
  if (typeof s.contentMediaType === 'string') out.push(`media type ${s.contentMediaType}`);
  return out;
}

/** Resolves a JSON pointer (`/properties/a~1b`) in a value; '' is the value itself. */
export function pointerGet(value: unknown, pointer: string): unknown {
  if (!pointer || pointer === '/') return pointer === '/' ? (value as Json | undefined)?.[''] : value;
  let current = value;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = Object.hasOwn(current, key) ? current[key] : undefined;
    else return undefined;
  }
  return current;
}

/** `a/b/schema.json` + `../common.json` → `a/common.json` (posix, no leading ./). */
function joinPath(from: string, relative: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of relative.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** Every node of a tree (children, items, additional, variants), depth first. */
export function* walkProperties(nodes: readonly PropertyNode[]): Generator<PropertyNode> {
  for (const node of nodes) {
    yield node;
    yield* walkProperties(node.children);
    if (node.items) yield* walkProperties([node.items]);
    if (node.additional) yield* walkProperties([node.additional]);
    if (node.variants) yield* walkProperties(node.variants.options);
  }
}

/** The type of a node in words: `string (uuid)`, `array<object>`, `integer | null`, `Money`. */
export function typeLabel(node: PropertyNode): string {
  if (node.recursive) return `${node.ref ?? 'object'} (recursive)`;
  const types = node.types.map((t) => (t === 'array' && node.items ? `array<${typeLabel(node.items)}>` : t));
  if (node.variants && !node.types.length) return node.variants.options.map(typeLabel).join(' | ');
  const label = types.join(' | ') || 'any';
  return node.format ? `${label} (${node.format})` : label;
}
