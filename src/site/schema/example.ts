/**
 * An example payload for a schema: the schema's own example when it has one, else one generated from
 * its property tree (property examples, defaults, consts and enums first; then values that fit the
 * type, format and constraints). Pure and deterministic.
 */
import type { SchemaDocument } from '../../catalog/model.ts';
import type { PropertyNode } from './properties.ts';

export interface ExamplePayload {
  value: unknown;
  /** `schema` when the schema carries the example, `generated` when it was made from the types. */
  source: 'schema' | 'generated';
}

/** The example shown on a message page. */
export function examplePayload(schema: SchemaDocument, properties: readonly PropertyNode[]): ExamplePayload {
  const value = schema.value as Record<string, unknown> | undefined;
  if (schema.format === 'json-schema' && value && typeof value === 'object') {
    if (Array.isArray(value.examples) && value.examples.length) return { value: value.examples[0], source: 'schema' };
    if ('example' in value) return { value: value.example, source: 'schema' };
  }
  return { value: exampleObject(properties, 0), source: 'generated' };
}

/** An object with a value for every property (optional ones included, so the example shows them). */
export function exampleObject(properties: readonly PropertyNode[], depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of properties) {
    if (p.writeOnly === true && depth > 0) continue;
    out[p.name] = exampleValue(p, depth + 1);
  }
  return out;
}

const FORMAT_EXAMPLES: Record<string, unknown> = {
  'date-time': '2024-05-01T12:00:00Z',
  date: '2024-05-01',
  time: '12:00:00Z',
  duration: 'PT15M',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/resource',
  'uri-reference': '/resource',
  iri: 'https://example.com/resource',
  url: 'https://example.com/resource',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  'json-pointer': '/path/to/field',
  regex: '^[a-z]+$',
  byte: 'U3dhZ2dlciByb2Nrcw==',
  binary: 'binary data',
  password: '********',
  int32: 0,
  int64: 0,
  float: 0.5,
  double: 0.5,
};

/** A value for one property node. */
export function exampleValue(node: PropertyNode, depth = 0): unknown {
  if (node.example !== undefined) return node.example;
  if (node.const !== undefined) return node.const;
  if (node.enum?.length) return node.enum[0];
  if (depth > 10 || node.recursive) return node.types.includes('array') ? [] : node.types.includes('object') ? {} : null;
  if (node.variants?.options.length && !node.children.length) return exampleValue(node.variants.options[0], depth + 1);
  const type = node.types.find((t) => t !== 'null') ?? node.types[0] ?? (node.children.length ? 'object' : 'any');
  switch (normalType(type)) {
    case 'object': {
      const value = exampleObject(node.children, depth);
      if (!node.children.length && node.additional) value.key = exampleValue(node.additional, depth + 1);
      return value;
    }
    case 'array': {
      const min = node.limits?.minItems ?? 1;
      const item = node.items ? exampleValue(node.items, depth + 1) : 'item';
      return Array.from({ length: Math.max(1, Math.min(min, 3)) }, () => item);
    }
    case 'string':
      return stringExample(node);
    case 'integer':
      return numberExample(node, true);
    case 'number':
      return numberExample(node, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'bytes':
      return 'AAECAw==';
    default:
      return node.children.length ? exampleObject(node.children, depth) : null;
  }
}

/** Maps Avro and Protobuf type names onto JSON's. */
function normalType(type: string): string {
  const t = type.toLowerCase();
  if (t.startsWith('array<')) return 'array';
  if (t.startsWith('map<') || t === 'record' || t === 'map' || t === 'object') return 'object';
  if (INTEGER_TYPES.has(t)) return 'integer';
  if (t === 'float' || t === 'double' || t === 'number') return 'number';
  if (t === 'bool' || t === 'boolean') return 'boolean';
  if (t === 'bytes' || t === 'fixed') return 'bytes';
  if (t === 'string' || t === 'enum') return 'string';
  if (t === 'null' || t === 'array') return t;
  return 'any';
}

const INTEGER_TYPES = new Set(['int', 'long', 'integer', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64']);

function stringExample(node: PropertyNode): string {
  if (node.format && typeof FORMAT_EXAMPLES[node.format] === 'string') return FORMAT_EXAMPLES[node.format] as string;
  const min = node.limits?.minLength ?? 0;
  const max = node.limits?.maxLength;
  let value = node.name && !/^\[|^option /.test(node.name) ? `${node.name}-example` : 'string';
  if (value.length < min) value = value.padEnd(min, 'x');
  if (max !== undefined && value.length > max) value = value.slice(0, Math.max(max, min));
  return value;
}

function numberExample(node: PropertyNode, integer: boolean): number {
  const l = node.limits ?? {};
  const step = integer ? 1 : 0.5;
  const low = Math.max(l.minimum ?? -Infinity, l.exclusiveMinimum !== undefined ? l.exclusiveMinimum + step : -Infinity);
  const high = Math.min(l.maximum ?? Infinity, l.exclusiveMaximum !== undefined ? l.exclusiveMaximum - step : Infinity);
  let value = Number.isFinite(low) ? low : Number.isFinite(high) ? Math.min(high, integer ? 1 : 1.5) : integer ? 1 : 1.5;
  if (integer) value = Math.ceil(value);
  if (l.multipleOf) value = Math.ceil(value / l.multipleOf) * l.multipleOf;
  return value > high ? high : value;
}
