/**
 * Visits every subschema of a JSON Schema with its JSON-pointer path, following the keywords that hold
 * schemas (properties, items, combinators, definitions, …) but not values (examples, enum, const).
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { Message } from '../catalog/model.ts';

export type SchemaVisitor = (schema: Record<string, unknown>, path: (string | number)[]) => void;

const MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];
const SCHEMA_KEYWORDS = ['items', 'additionalItems', 'additionalProperties', 'unevaluatedItems', 'unevaluatedProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else'];
const LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];

export function walkSchema(schema: unknown, visit: SchemaVisitor, path: (string | number)[] = [], depth = 0): void {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema) || depth > 64) return;
  const s = schema as Record<string, unknown>;
  visit(s, path);
  for (const key of MAP_KEYWORDS) {
    const map = s[key];
    if (map && typeof map === 'object' && !Array.isArray(map)) {
      for (const [name, child] of Object.entries(map)) walkSchema(child, visit, [...path, key, name], depth + 1);
    }
  }
  for (const key of SCHEMA_KEYWORDS) {
    if (s[key] && typeof s[key] === 'object' && !Array.isArray(s[key])) walkSchema(s[key], visit, [...path, key], depth + 1);
  }
  for (const key of LIST_KEYWORDS) {
    const list = s[key];
    if (Array.isArray(list)) list.forEach((child, i) => walkSchema(child, visit, [...path, key, i], depth + 1));
  }
}

export function typesOf(schema: Record<string, unknown>): string[] {
  const t = schema.type;
  return typeof t === 'string' ? [t] : Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

/** Visits every subschema of each latest message's JSON Schema file, once per file. */
export function walkMessageSchemas(catalog: Catalog, visit: (message: Message, schema: Record<string, unknown>, path: (string | number)[]) => void): void {
  const seen = new Set<string>();
  for (const m of catalog.messages()) {
    if (!m.isLatest || m.schema?.format !== 'json-schema' || seen.has(m.schema.file)) continue;
    seen.add(m.schema.file);
    walkSchema(m.schema.value, (s, at) => visit(m, s, at));
  }
}
