/** The schema viewer's pure parts: the property tree, example payloads and the property-level diff. */
import { describe, expect, test } from 'vitest';
import type { SchemaDocument } from '../../src/catalog/model.ts';
import { jsonSchemaNode, schemaProperties, typeLabel, type PropertyNode } from '../../src/site/schema/properties.ts';
import { examplePayload, exampleValue } from '../../src/site/schema/example.ts';
import { diffProperties, flattenProperties, summarizeDiff } from '../../src/site/schema/diff.ts';

const json = (value: unknown, file = 'events/A/schema.json'): SchemaDocument => ({ file, format: 'json-schema', value });
const byName = (nodes: PropertyNode[], name: string) => nodes.find((n) => n.name === name) as PropertyNode;

describe('schemaProperties', () => {
  test('types, required marks, formats, enums, constraints and descriptions', () => {
    const props = schemaProperties(json({
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string', format: 'uuid', description: 'The id.' },
        size: { type: 'integer', minimum: 1, maximum: 10, multipleOf: 1 },
        name: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Z]' },
        status: { enum: ['open', 'closed'] },
        note: { type: ['string', 'null'] },
      },
    }));
    expect(props.map((p) => p.name)).toEqual(['id', 'size', 'name', 'status', 'note']);
    expect(byName(props, 'id')).toMatchObject({ required: true, format: 'uuid', description: 'The id.', types: ['string'] });
    expect(byName(props, 'size').constraints).toEqual(['≥ 1', '≤ 10', 'multiple of 1']);
    expect(byName(props, 'name').constraints).toEqual(['length 1–64', 'pattern ^[A-Z]']);
    expect(byName(props, 'status')).toMatchObject({ required: false, enum: ['open', 'closed'], types: ['string'] });
    expect(typeLabel(byName(props, 'note'))).toBe('string | null');
    expect(typeLabel(byName(props, 'id'))).toBe('string (uuid)');
  });

  test('nested objects and arrays get dotted paths', () => {
    const props = schemaProperties(json({
      type: 'object',
      properties: {
        lines: { type: 'array', minItems: 1, items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } } },
        address: { type: 'object', properties: { city: { type: 'string' } } },
      },
    }));
    const lines = byName(props, 'lines');
    expect(typeLabel(lines)).toBe('array<object>');
    expect(lines.items?.children[0]).toMatchObject({ name: 'sku', path: 'lines[].sku', required: true });
    expect(byName(props, 'address').children[0].path).toBe('address.city');
  });

  test('local $refs are resolved, allOf is merged, recursion stops', () => {
    const props = schemaProperties(json({
      $defs: {
        Money: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' }, currency: { type: 'string' } } },
        Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } } },
      },
      type: 'object',
      allOf: [{ properties: { extra: { type: 'boolean' } }, required: ['extra'] }],
      properties: { price: { $ref: '#/$defs/Money', description: 'Price.' }, tree: { $ref: '#/$defs/Node' } },
    }));
    const price = byName(props, 'price');
    expect(price).toMatchObject({ ref: 'Money', description: 'Price.' });
    expect(price.children.map((c) => [c.name, c.required])).toEqual([['amount', true], ['currency', false]]);
    expect(byName(props, 'extra').required).toBe(true);
    const child = byName(props, 'tree').children[0];
    expect(child).toMatchObject({ name: 'child', recursive: true });
  });

  test('$refs into other catalog documents go through the resolver', () => {
    const common = { $defs: { Id: { type: 'string', format: 'uuid' } } };
    const props = schemaProperties(
      json({ type: 'object', properties: { id: { $ref: '../common.json#/$defs/Id' } } }, 'events/A/schema.json'),
      { resolveDocument: (file) => (file === 'events/common.json' ? common : undefined) },
    );
    expect(props[0]).toMatchObject({ types: ['string'], format: 'uuid', ref: 'Id' });
  });

  test('oneOf alternatives become variants with their own paths', () => {
    const node = jsonSchemaNode({ oneOf: [{ title: 'Card', type: 'object', properties: { pan: { type: 'string' } } }, { type: 'string' }] });
    expect(node.variants?.kind).toBe('oneOf');
    expect(node.variants?.options.map((o) => o.name)).toEqual(['Card', 'option 2']);
    expect(node.variants?.options[0].children[0].path).toBe('(Card).pan');
  });

  test('Avro and Protobuf schemas are shown through their fields', () => {
    const avro: SchemaDocument = {
      file: 'a.avsc',
      format: 'avro',
      value: {},
      fields: [
        { name: 'id', type: 'string', required: true },
        { name: 'note', type: 'null | string', required: false, description: 'A note.' },
        { name: 'tags', type: 'string', required: true, repeated: true },
        { name: 'address', type: 'Address', required: true, fields: [{ name: 'city', type: 'string', required: true }] },
      ],
    };
    const props = schemaProperties(avro);
    expect(props.map(typeLabel)).toEqual(['string', 'null | string', 'array<string>', 'Address']);
    expect(byName(props, 'address').children[0].path).toBe('address.city');
    expect(examplePayload(avro, props).value).toEqual({ id: 'id-example', note: 'note-example', tags: ['string'], address: { city: 'city-example' } });
  });
});

describe('examplePayload', () => {
  test('the schema’s own example wins', () => {
    const schema = json({ type: 'object', examples: [{ id: 'x' }], properties: { id: { type: 'string' } } });
    expect(examplePayload(schema, schemaProperties(schema))).toEqual({ value: { id: 'x' }, source: 'schema' });
  });

  test('generated from types, formats, constraints, enums and property examples', () => {
    const schema = json({
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        at: { type: 'string', format: 'date-time' },
        code: { type: 'string', minLength: 14, maxLength: 14 },
        qty: { type: 'integer', exclusiveMinimum: 0, multipleOf: 5 },
        price: { type: 'number', minimum: 2.5 },
        kind: { enum: ['a', 'b'] },
        sku: { type: 'string', examples: ['SKU1'] },
        flag: { type: 'boolean', default: false },
        lines: { type: 'array', minItems: 2, items: { type: 'integer', maximum: -3 } },
      },
    });
    const { value, source } = examplePayload(schema, schemaProperties(schema));
    expect(source).toBe('generated');
    expect(value).toEqual({
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      at: '2024-05-01T12:00:00Z',
      code: 'code-examplexx',
      qty: 5,
      price: 2.5,
      kind: 'a',
      sku: 'SKU1',
      flag: false,
      lines: [-3, -3],
    });
  });

  test('recursive schemas end', () => {
    const node = jsonSchemaNode({ $defs: { N: { type: 'object', properties: { next: { $ref: '#/$defs/N' } } } }, $ref: '#/$defs/N' });
    expect(exampleValue(node)).toEqual({ next: {} });
  });
});

describe('diffProperties', () => {
  const v1 = flattenProperties(schemaProperties(json({
    type: 'object',
    required: ['id', 'name'],
    properties: { id: { type: 'string' }, name: { type: 'string' }, size: { type: 'integer' }, status: { enum: ['a', 'b'] } },
  })));
  const v2 = flattenProperties(schemaProperties(json({
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: 'string' },
      name: { type: 'string', maxLength: 10 },
      status: { enum: ['a', 'b', 'c'] },
      owner: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
    },
  })));

  test('added, removed and changed properties, with what changed', () => {
    const diff = diffProperties(v1, v2);
    expect(diff.map((d) => [d.path, d.change])).toEqual([
      ['name', 'changed'],
      ['status', 'changed'],
      ['owner', 'added'],
      ['owner.email', 'added'],
      ['size', 'removed'],
    ]);
    expect(diff[0].changes).toEqual([
      { field: 'required', from: 'required', to: 'optional' },
      { field: 'constraints', from: '—', to: 'length ≤ 10' },
    ]);
    expect(diff[1].changes).toEqual([{ field: 'enum', from: '"a", "b"', to: '"a", "b", "c"' }]);
    expect(summarizeDiff(diff)).toBe('2 added, 1 removed, 2 changed');
  });

  test('identical versions have no changes', () => {
    expect(diffProperties(v1, v1)).toEqual([]);
    expect(summarizeDiff([])).toBe('no property changes');
  });
});
