/**
 * Finds a field in a JSON Schema (or the JSON Schema view of an Avro or Protobuf schema) and says what a
 * reader of that field can rely on: its JSON types, whether it is always present, its allowed values.
 * `$ref`s are followed inside the document and across catalog files; `allOf` adds up, `anyOf`/`oneOf`
 * offer alternatives.
 */
import type { CatalogRefs } from '../catalog-refs.ts';
import { isObject, jsonTypeOf, type JsonObject } from '../json-schema/json-value.ts';
import type { FieldPath } from './field-path.ts';

/** A subschema with where it is: the file, that file's root (for local refs), and its pointer segments. */
export interface SchemaNode {
  value: unknown;
  file: string;
  root: unknown;
  path: (string | number)[];
}

/** What a consumer reading a field can rely on. */
export interface FieldInfo {
  /** JSON types the value may have (`integer` apart from `number`); `any` when unconstrained. */
  types: Set<string>;
  /** True when the field is in every message (every step of its path is required). */
  required: boolean;
  /** The allowed values when every definition lists them (`enum`, `const`). */
  values?: unknown[];
  /** Where the field is defined (the first definition), for pointing at it. */
  definedAt: SchemaNode;
  /** Every definition found (alternatives and combinations), for value checks. */
  definitions: SchemaNode[];
}

const MAX_DEPTH = 32;

function child(node: SchemaNode, ...segments: (string | number)[]): SchemaNode {
  const value = segments.reduce<unknown>((v, s) => (v as Record<string | number, unknown>)?.[s], node.value);
  return { ...node, value, path: [...node.path, ...segments] };
}

/** Follows a node's `$ref`, if it has one, to its target (in this file or another catalog file). */
export function followRef(node: SchemaNode, refs: CatalogRefs): SchemaNode | undefined {
  const v = node.value;
  if (!isObject(v) || typeof v.$ref !== 'string') return undefined;
  const target = refs.follow(v.$ref, node.file, node.root);
  if (!target) return undefined;
  const hash = v.$ref.indexOf('#');
  const pointer = hash < 0 ? [] : v.$ref.slice(hash + 1).split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return { value: target.value, file: target.file, root: target.root, path: pointer.map((s) => (/^\d+$/.test(s) ? Number(s) : s)) };
}

/** The node itself, its `$ref` target and its `allOf` branches, recursively: everything that applies at once. */
export function conjuncts(node: SchemaNode, refs: CatalogRefs, depth = 0): SchemaNode[] {
  if (depth > MAX_DEPTH || !isObject(node.value)) return [node];
  const out = [node];
  const target = followRef(node, refs);
  if (target) out.push(...conjuncts(target, refs, depth + 1));
  const all = node.value.allOf;
  if (Array.isArray(all)) all.forEach((_, i) => out.push(...conjuncts(child(node, 'allOf', i), refs, depth + 1)));
  return out;
}

/** The `anyOf` / `oneOf` branches of a node (after conjuncts), or none. */
function alternatives(node: SchemaNode): SchemaNode[] {
  const v = node.value as JsonObject;
  const out: SchemaNode[] = [];
  for (const keyword of ['anyOf', 'oneOf']) {
    if (Array.isArray(v[keyword])) (v[keyword] as unknown[]).forEach((_, i) => out.push(child(node, keyword, i)));
  }
  return out;
}

/** The definitions found one step further down a schema. */
export interface Step {
  found: SchemaNode[];
  required: boolean;
}

/**
 * The definitions of property `name` of an object schema, and whether it is required. A name no
 * `properties` declares is looked up in `patternProperties` and a schema-valued
 * `additionalProperties`; when `throughArrays`, an array schema is stepped into (dotted paths).
 */
export function propertyOf(node: SchemaNode, name: string, refs: CatalogRefs, throughArrays = false): Step {
  return stepProperty(node, name, refs, 0, throughArrays);
}

/** The definitions of item `index` (a digit string, or `*` for any item or map value) of a schema. */
export function itemOf(node: SchemaNode, index: string, refs: CatalogRefs): Step {
  return stepItem(node, index, refs, 0);
}

function stepProperty(node: SchemaNode, name: string, refs: CatalogRefs, depth: number, throughArrays = true): Step {
  const found: SchemaNode[] = [];
  let required = false;
  for (const part of conjuncts(node, refs, depth)) {
    const v = part.value;
    if (!isObject(v)) continue;
    if (isObject(v.properties) && name in v.properties) found.push(child(part, 'properties', name));
    else {
      if (isObject(v.patternProperties)) {
        for (const pattern of Object.keys(v.patternProperties)) {
          if (safeTest(pattern, name)) found.push(child(part, 'patternProperties', pattern));
        }
      }
      if (isObject(v.additionalProperties)) found.push(child(part, 'additionalProperties'));
    }
    if (Array.isArray(v.required) && v.required.includes(name)) required = true;
    const branches = alternatives(part).map((b) => stepProperty(b, name, refs, depth + 1, throughArrays));
    for (const b of branches) found.push(...b.found);
    if (branches.length && branches.every((b) => b.required)) required = true;
  }
  if (found.length === 0 && throughArrays) {
    // A dotted path steps through arrays without saying so: items.product_id.
    const items = stepItem(node, '*', refs, depth);
    for (const item of items.found) {
      const inner = stepProperty(item, name, refs, depth + 1);
      found.push(...inner.found);
      required ||= inner.required;
    }
  }
  return { found, required };
}

function stepItem(node: SchemaNode, index: string, refs: CatalogRefs, depth: number): Step {
  const found: SchemaNode[] = [];
  for (const part of conjuncts(node, refs, depth)) {
    const v = part.value;
    if (!isObject(v)) continue;
    const tuple = Array.isArray(v.prefixItems) ? 'prefixItems' : Array.isArray(v.items) ? 'items' : undefined;
    if (tuple) {
      const list = v[tuple] as unknown[];
      if (index === '*') list.forEach((_, i) => found.push(child(part, tuple, i)));
      else if (Number(index) < list.length) found.push(child(part, tuple, Number(index)));
    }
    if (isObject(v.items)) found.push(child(part, 'items'));
    if (index === '*' && isObject(v.additionalProperties)) found.push(child(part, 'additionalProperties'));
    for (const b of alternatives(part)) found.push(...stepItem(b, index, refs, depth + 1).found);
  }
  return { found, required: true };
}

function safeTest(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return false;
  }
}

/** The JSON types a schema allows; `any` when it does not say. */
export function typesOf(node: SchemaNode, refs: CatalogRefs, depth = 0): Set<string> {
  if (depth > MAX_DEPTH) return new Set(['any']);
  if (node.value === false) return new Set();
  if (!isObject(node.value)) return new Set(['any']);
  let result: Set<string> | undefined;
  const narrow = (set: Set<string>) => {
    if (set.has('any')) return;
    if (!result) result = set;
    else {
      const kept = new Set<string>();
      for (const t of set) {
        if (result.has(t)) kept.add(t);
        else if (t === 'integer' && result.has('number')) kept.add('integer');
        else if (t === 'number' && result.has('integer')) kept.add('integer');
      }
      result = kept;
    }
  };
  for (const part of conjuncts(node, refs, depth)) {
    const v = part.value as JsonObject;
    if (!isObject(v)) continue;
    if (typeof v.type === 'string') narrow(new Set([v.type, ...(v.nullable === true ? ['null'] : [])]));
    else if (Array.isArray(v.type)) narrow(new Set(v.type.map(String)));
    if (Array.isArray(v.enum)) narrow(new Set(v.enum.map(jsonTypeOf)));
    if ('const' in v) narrow(new Set([jsonTypeOf(v.const)]));
    const branches = alternatives(part);
    if (branches.length) {
      const union = new Set<string>();
      for (const b of branches) for (const t of typesOf(b, refs, depth + 1)) union.add(t);
      narrow(union);
    }
  }
  if (result) return result;
  const v = node.value;
  if (isObject(v.properties) || 'additionalProperties' in v) return new Set(['object']);
  if ('items' in v || 'prefixItems' in v) return new Set(['array']);
  return new Set(['any']);
}

/** The values a schema allows when it lists them (`enum`/`const`), else undefined. */
export function valuesOf(node: SchemaNode, refs: CatalogRefs, depth = 0): unknown[] | undefined {
  if (depth > MAX_DEPTH || !isObject(node.value)) return undefined;
  for (const part of conjuncts(node, refs, depth)) {
    const v = part.value as JsonObject;
    if (!isObject(v)) continue;
    if (Array.isArray(v.enum)) return v.enum;
    if ('const' in v) return [v.const];
    const branches = alternatives(part);
    if (branches.length) {
      const lists = branches.map((b) => valuesOf(b, refs, depth + 1));
      if (lists.every((l) => l !== undefined)) return lists.flat();
    }
  }
  return undefined;
}

/**
 * Finds `path` in the schema `root` of `file`. Undefined when the schema does not declare the field
 * (a field only an open content model would let through is not declared).
 */
export function lookupField(root: unknown, file: string, path: FieldPath, refs: CatalogRefs): FieldInfo | undefined {
  let nodes: SchemaNode[] = [{ value: root, file, root, path: [] }];
  let required = true;
  for (const segment of path) {
    const steps = nodes.map((n) =>
      segment === '*' || (/^\d+$/.test(segment) && isArraySchema(n, refs)) ? stepItem(n, segment, refs, 0) : stepProperty(n, segment, refs, 0),
    );
    nodes = steps.flatMap((s) => s.found);
    if (nodes.length === 0) return undefined;
    required &&= steps.every((s) => s.found.length === 0 || s.required);
  }
  const types = new Set<string>();
  for (const n of nodes) for (const t of typesOf(n, refs)) types.add(t);
  if (types.has('null')) required = false;
  const lists = nodes.map((n) => valuesOf(n, refs));
  const values = lists.every((l) => l !== undefined) ? [...new Set(lists.flat())] : undefined;
  return { types, required, ...(values ? { values } : {}), definedAt: nodes[0], definitions: nodes };
}

function isArraySchema(node: SchemaNode, refs: CatalogRefs): boolean {
  const types = typesOf(node, refs);
  return types.has('array') && !types.has('object');
}
