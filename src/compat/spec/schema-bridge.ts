/**
 * Schemas inside OpenAPI and AsyncAPI documents, handed to the JSON Schema diff: the document's
 * `components` / `definitions` travel with each schema so its local `$ref`s resolve, OpenAPI 3.0's
 * `nullable` becomes a `null` type, and the dialect is the document's (draft-04 for Swagger 2.0 and
 * OpenAPI 3.0, 2020-12 for 3.1, draft-07 for AsyncAPI).
 */
import { diffJsonSchemas } from '../json-schema.ts';
import type { SchemaChange } from '../types.ts';

import { isObject, jsonTypeOf, type JsonObject as Json } from '../json-schema/json-value.ts';

const DIALECT = {
  draft04: 'http://json-schema.org/draft-04/schema#',
  draft07: 'http://json-schema.org/draft-07/schema#',
  draft2020: 'https://json-schema.org/draft/2020-12/schema',
};

function dialectOf(doc: Json): string {
  if (typeof doc.openapi === 'string') return doc.openapi.startsWith('3.0') ? DIALECT.draft04 : DIALECT.draft2020;
  if (doc.swagger !== undefined) return DIALECT.draft04;
  return DIALECT.draft07;
}

/**
 * Spec schemas in the diff's terms: OpenAPI 3.0's `nullable: true` adds `null` to the type list; and a
 * `type` beside an `enum` whose values all have that type is dropped — it says nothing more, and without
 * it a narrowed enum is reported as `ENUM_ARRAY_NARROWED` at `#/enum` rather than as a change to the
 * synthetic `allOf` of an enum and a type.
 */
function normalise(value: unknown, nullable: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v, nullable));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'enum' || k === 'const' || k === 'example' || k === 'examples' || k === 'default' ? v : normalise(v, nullable);
  if (nullable) {
    if (value.nullable === true && typeof value.type === 'string') out.type = [value.type, 'null'];
    delete out.nullable;
  }
  const types = typeof out.type === 'string' ? [out.type] : Array.isArray(out.type) ? out.type.map(String) : undefined;
  if (types && Array.isArray(out.enum) && out.enum.every((e) => types.includes(jsonTypeOf(e)) || (jsonTypeOf(e) === 'integer' && types.includes('number')))) {
    delete out.type;
  }
  return out;
}

const prepared = new WeakMap<object, { nullable: boolean; shared: Json }>();

function sharedParts(doc: Json): { nullable: boolean; shared: Json } {
  let parts = prepared.get(doc);
  if (!parts) {
    const nullable = typeof doc.openapi === 'string' && doc.openapi.startsWith('3.0');
    const shared: Json = {};
    for (const key of ['components', 'definitions']) if (key in doc) shared[key] = normalise(doc[key], nullable);
    parts = { nullable, shared };
    prepared.set(doc, parts);
  }
  return parts;
}

/** A schema of `doc` as a standalone JSON Schema document for the diff. */
export function diffable(doc: Json, schema: unknown): unknown {
  const { nullable, shared } = sharedParts(doc);
  const own = normalise(schema, nullable);
  if (!isObject(own)) return own;
  return { ...own, ...shared, $schema: dialectOf(doc) };
}

/**
 * Changes from the schema a reader knew to the one it now gets, judged for that reader:
 * `reader: 'new'` — the new schema reads data written for the old (a request the service reads,
 * BACKWARD); `reader: 'old'` — the old schema reads data written with the new (a response clients
 * read, FORWARD). Each change's `compatible` says whether that reader copes.
 */
export function diffSpecSchemas(oldDoc: Json, oldSchema: unknown, newDoc: Json, newSchema: unknown, reader: 'new' | 'old'): SchemaChange[] {
  const before = diffable(oldDoc, oldSchema);
  const after = diffable(newDoc, newSchema);
  return reader === 'new' ? diffJsonSchemas(before, after) : diffJsonSchemas(after, before);
}
