/**
 * One JSON Schema view of any message schema — JSON Schema as it is, Avro and Protobuf translated — so
 * that field lookups (consumer fields) and example checks (Pact) are written once.
 *
 * Avro follows the specification's JSON encoding of data: records are closed objects whose fields are
 * all present; `["null", T]` is a nullable T; int/long are integers, float/double numbers; enums are
 * strings with their symbols. Protobuf follows proto3's JSON mapping loosely: every field optional,
 * repeated fields are arrays, scalars by their JSON type.
 */
import type { SchemaDocument, SchemaField } from '../catalog/model.ts';
import { parseAvroSchema, type AvroSchema } from './avro.ts';

type Json = Record<string, unknown>;

const AVRO_TYPES: Record<string, string> = {
  null: 'null', boolean: 'boolean', int: 'integer', long: 'integer', float: 'number', double: 'number',
  bytes: 'string', string: 'string',
};

/** Avro schema (parsed JSON) → JSON Schema of its JSON-encoded data. Throws when the Avro schema is malformed. */
export function avroToJsonSchema(avro: unknown): Json {
  const defs: Json = {};
  const seen = new Set<AvroSchema>();
  const convert = (schema: AvroSchema): Json => {
    switch (schema.type) {
      case 'record': {
        const ref = { $ref: `#/$defs/${schema.fullName}` };
        if (seen.has(schema)) return ref;
        seen.add(schema);
        const properties: Json = {};
        for (const field of schema.fields) properties[field.name] = convert(field.type);
        defs[schema.fullName] = {
          type: 'object',
          title: schema.fullName,
          properties,
          required: schema.fields.map((f) => f.name),
          additionalProperties: false,
        };
        return ref;
      }
      case 'enum': return { type: 'string', enum: [...schema.symbols] };
      case 'fixed': return { type: 'string' };
      case 'array': return { type: 'array', items: convert(schema.items) };
      case 'map': return { type: 'object', additionalProperties: convert(schema.values) };
      case 'union': {
        const branches = schema.branches.map(convert);
        const simple = branches.every((b) => typeof b.type === 'string' && Object.keys(b).length === 1);
        return simple ? { type: [...new Set(branches.map((b) => b.type as string))] } : { anyOf: branches };
      }
      default: return { type: AVRO_TYPES[schema.type] ?? 'string' };
    }
  };
  const root = convert(parseAvroSchema(avro));
  return Object.keys(defs).length ? { ...root, $defs: defs } : root;
}

const PROTO_SCALARS: Record<string, string> = {
  double: 'number', float: 'number', bool: 'boolean', string: 'string', bytes: 'string',
  int32: 'integer', int64: 'integer', uint32: 'integer', uint64: 'integer', sint32: 'integer',
  sint64: 'integer', fixed32: 'integer', fixed64: 'integer', sfixed32: 'integer', sfixed64: 'integer',
};

/** Protobuf field tree (as the loader reads it) → JSON Schema of the proto3 JSON mapping. */
export function protobufToJsonSchema(fields: readonly SchemaField[]): Json {
  const properties: Json = {};
  for (const field of fields) {
    const scalar = PROTO_SCALARS[field.type];
    const single: Json = scalar
      ? { type: scalar }
      : field.fields
        ? protobufToJsonSchema(field.fields)
        : {}; // an enum or a message nested too deep: its shape is unknown here
    properties[field.name] = field.repeated ? { type: 'array', items: single } : single;
  }
  return {
    type: 'object',
    properties,
    required: fields.filter((f) => f.required).map((f) => f.name),
    additionalProperties: false,
  };
}

/**
 * The JSON Schema view of a message's schema document, or undefined when it cannot be read. Cached
 * per document object, so a catalog translates each Avro or Protobuf file once.
 */
export function jsonSchemaView(doc: SchemaDocument): unknown {
  if (doc.format === 'json-schema') return doc.value;
  let view = views.get(doc);
  if (view === undefined && !views.has(doc)) {
    try {
      view = doc.format === 'avro' ? avroToJsonSchema(doc.value) : protobufToJsonSchema(doc.fields ?? []);
    } catch {
      view = undefined;
    }
    views.set(doc, view);
  }
  return view;
}

const views = new WeakMap<SchemaDocument, unknown>();
