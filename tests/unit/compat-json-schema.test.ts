import { describe, expect, it } from 'vitest';
import {
  checkCompatibility, COMPATIBILITY_MODES, diffJsonSchemas, type CompatibilityMode,
} from '../../src/compat/index.ts';

const codes = (original: unknown, update: unknown, options = {}) =>
  diffJsonSchemas(original, update, options).map((c) => `${c.code} ${c.path}`).sort();

describe('diffJsonSchemas beyond the Confluent examples', () => {
  const cases: Array<{ name: string; original: unknown; update: unknown; changes: string[] }> = [
    {
      name: 'required property with a default added to a closed model',
      original: { type: 'object', properties: {}, additionalProperties: false },
      update: { type: 'object', properties: { a: { type: 'string', default: 'x' } }, required: ['a'], additionalProperties: false },
      changes: ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a'],
    },
    {
      name: 'required property added to an open model',
      original: { type: 'object', properties: {} },
      update: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      changes: ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a'],
    },
    {
      name: 'property removed from a closed model',
      original: { properties: { a: { type: 'string' } }, additionalProperties: false },
      update: { properties: {}, additionalProperties: false },
      changes: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a'],
    },
    {
      name: 'existing property made required with a default',
      original: { properties: { a: { type: 'string' } } },
      update: { properties: { a: { type: 'string', default: '' } }, required: ['a'] },
      changes: ['DEFAULT_CHANGED #/properties/a', 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED #/required/a'],
    },
    {
      name: 'enum narrowed',
      original: { enum: ['a', 'b'] },
      update: { enum: ['a'] },
      changes: ['ENUM_ARRAY_NARROWED #/enum'],
    },
    {
      name: 'exclusiveMaximum lowered (2020-12)',
      original: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'number', exclusiveMaximum: 10 },
      update: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'number', exclusiveMaximum: 5 },
      changes: ['EXCLUSIVE_MAXIMUM_DECREASED #/exclusiveMaximum'],
    },
    {
      name: 'draft-04 boolean exclusiveMaximum',
      original: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 10, exclusiveMaximum: true },
      update: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 20, exclusiveMaximum: true },
      changes: ['EXCLUSIVE_MAXIMUM_INCREASED #/exclusiveMaximum'],
    },
    {
      name: 'fractional multipleOf reduced',
      original: { type: 'number', multipleOf: 0.5 },
      update: { type: 'number', multipleOf: 0.1 },
      changes: ['MULTIPLE_OF_REDUCED #/multipleOf'],
    },
    {
      name: '2020-12 prefixItems with items as the rest',
      original: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }], items: false },
      update: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false },
      changes: ['ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/prefixItems/1'],
    },
    {
      name: '$defs reference changes type',
      original: { $defs: { id: { type: 'string' } }, properties: { id: { $ref: '#/$defs/id' } } },
      update: { $defs: { id: { type: 'integer' } }, properties: { id: { $ref: '#/$defs/id' } } },
      changes: ['TYPE_CHANGED #/properties/id'],
    },
    {
      name: 'dependentRequired narrowed',
      original: { dependentRequired: { a: ['b', 'c'] } },
      update: { dependentRequired: { a: ['b'] } },
      changes: ['DEPENDENCY_ARRAY_NARROWED #/dependentRequired/a'],
    },
    {
      name: 'unevaluatedProperties closed',
      original: { $schema: 'https://json-schema.org/draft/2020-12/schema', properties: { a: true } },
      update: { $schema: 'https://json-schema.org/draft/2020-12/schema', properties: { a: true }, unevaluatedProperties: false },
      changes: ['UNEVALUATED_PROPERTIES_REMOVED #/unevaluatedProperties'],
    },
    {
      name: 'anyOf branch removed',
      original: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      update: { anyOf: [{ type: 'string' }] },
      changes: ['SUM_TYPE_NARROWED #/'],
    },
    {
      name: 'nullable made non-nullable',
      original: { type: ['string', 'null'] },
      update: { type: 'string' },
      changes: ['TYPE_CHANGED #/'],
    },
    {
      name: 'property name with a slash is escaped in the pointer',
      original: { properties: { 'a/b': { type: 'string' } } },
      update: { properties: { 'a/b': { type: 'number' } } },
      changes: ['TYPE_CHANGED #/properties/a~1b'],
    },
  ];

  it.each(cases)('$name', ({ original, update, changes }) => {
    expect(codes(original, update)).toEqual([...changes].sort());
  });

  it('terminates on recursive schemas and finds changes inside them', () => {
    const tree = (valueType: string) => ({
      $ref: '#/definitions/node',
      definitions: {
        node: {
          type: 'object',
          properties: { value: { type: valueType }, children: { type: 'array', items: { $ref: '#/definitions/node' } } },
        },
      },
    });
    expect(codes(tree('string'), tree('string'))).toEqual([]);
    expect(codes(tree('integer'), tree('number'))).toEqual(['TYPE_EXTENDED #/properties/value']);
  });

  it('resolves other documents through resolveRef', () => {
    const documents: Record<string, unknown> = { 'money.json': { type: 'integer' } };
    const options = { resolveRef: (ref: string) => documents[ref] };
    expect(codes({ $ref: 'money.json' }, { type: 'number' }, options)).toEqual(['TYPE_EXTENDED #/']);
    expect(codes({ $ref: 'a.json' }, { $ref: 'b.json' })).toEqual(['TYPE_CHANGED #/']);
  });

  it('reports whether each change is compatible under each policy', () => {
    const [change] = diffJsonSchemas({ properties: {} }, { properties: { a: { type: 'string' } } });
    expect(change).toEqual({
      code: 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
      path: '#/properties/a',
      compatible: false,
      compatibleLenient: true,
    });
  });
});

describe('checkCompatibility modes', () => {
  const string = { type: 'string' };
  const integer = { type: 'integer' };
  const number = { type: 'number' };

  const cases: Array<{ mode: CompatibilityMode; previous: unknown[]; candidate: unknown; compatible: boolean; against: number[] }> = [
    { mode: 'BACKWARD', previous: [integer], candidate: number, compatible: true, against: [0] },
    { mode: 'FORWARD', previous: [integer], candidate: number, compatible: false, against: [0] },
    { mode: 'FORWARD', previous: [number], candidate: integer, compatible: true, against: [0] },
    { mode: 'FULL', previous: [integer], candidate: number, compatible: false, against: [0] },
    { mode: 'FULL', previous: [number], candidate: { ...number, description: 'amount' }, compatible: true, against: [0] },
    { mode: 'BACKWARD', previous: [string, integer], candidate: number, compatible: true, against: [1] },
    { mode: 'BACKWARD_TRANSITIVE', previous: [string, integer], candidate: number, compatible: false, against: [0, 1] },
    { mode: 'FORWARD_TRANSITIVE', previous: [number, number], candidate: integer, compatible: true, against: [0, 1] },
    { mode: 'FULL_TRANSITIVE', previous: [string, number], candidate: number, compatible: false, against: [0, 1] },
    { mode: 'NONE', previous: [string], candidate: number, compatible: true, against: [] },
  ];

  it.each(cases)('$mode against $against', ({ mode, previous, candidate, compatible, against }) => {
    const result = checkCompatibility(previous, candidate, mode);
    expect(result.compatible).toBe(compatible);
    expect(result.against).toEqual(against);
  });

  it('lists offending changes first', () => {
    const original = { properties: { a: { type: 'string', maxLength: 3 }, b: { type: 'string' } } };
    const update = { properties: { a: { type: 'string' }, b: { type: 'number' } } };
    const result = checkCompatibility([original], update, 'BACKWARD');
    expect(result.changes.map((c) => c.code)).toEqual(['TYPE_CHANGED', 'MAX_LENGTH_REMOVED']);
    expect(result.checks).toHaveLength(1);
  });

  it('applies the lenient policy', () => {
    const original = { properties: { a: { type: 'string' } } };
    const update = { properties: { a: { type: 'string' }, b: { type: 'string' } } };
    expect(checkCompatibility([original], update, 'BACKWARD', 'strict').compatible).toBe(false);
    expect(checkCompatibility([original], update, 'BACKWARD', 'lenient').compatible).toBe(true);
  });

  it('exports every mode', () => {
    expect(COMPATIBILITY_MODES).toEqual([
      'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE',
    ]);
  });
});
