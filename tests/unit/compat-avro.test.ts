import { describe, expect, it } from 'vitest';
import {
  AvroSchemaError, checkAvroCompatibility, checkAvroModes, type CompatibilityMode,
} from '../../src/compat/index.ts';

const record = (name: string, fields: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'record', name, fields, ...extra,
});
const field = (name: string, type: unknown, extra: Record<string, unknown> = {}) => ({ name, type, ...extra });
const colors = (symbols: string[], extra: Record<string, unknown> = {}) => ({ type: 'enum', name: 'Color', symbols, ...extra });

interface PairCase {
  name: string;
  reader: unknown;
  writer: unknown;
  compatible: boolean;
  /** Expected `CODE path` entries, when incompatible. */
  changes?: string[];
}

const pairs: PairCase[] = [
  // Same primitive types.
  { name: 'identical string', reader: 'string', writer: 'string', compatible: true },
  { name: 'identical null', reader: 'null', writer: 'null', compatible: true },
  // Promotions.
  { name: 'int promoted to long', reader: 'long', writer: 'int', compatible: true },
  { name: 'int promoted to float', reader: 'float', writer: 'int', compatible: true },
  { name: 'int promoted to double', reader: 'double', writer: 'int', compatible: true },
  { name: 'long promoted to float', reader: 'float', writer: 'long', compatible: true },
  { name: 'long promoted to double', reader: 'double', writer: 'long', compatible: true },
  { name: 'float promoted to double', reader: 'double', writer: 'float', compatible: true },
  { name: 'string read as bytes', reader: 'bytes', writer: 'string', compatible: true },
  { name: 'bytes read as string', reader: 'string', writer: 'bytes', compatible: true },
  { name: 'primitive written as object form', reader: { type: 'long' }, writer: { type: 'int', logicalType: 'date' }, compatible: true },
  // No demotion.
  { name: 'long cannot be read as int', reader: 'int', writer: 'long', compatible: false, changes: ['TYPE_MISMATCH #/'] },
  { name: 'double cannot be read as float', reader: 'float', writer: 'double', compatible: false, changes: ['TYPE_MISMATCH #/'] },
  { name: 'string cannot be read as int', reader: 'int', writer: 'string', compatible: false, changes: ['TYPE_MISMATCH #/'] },
  { name: 'boolean cannot be read as null', reader: 'null', writer: 'boolean', compatible: false, changes: ['TYPE_MISMATCH #/'] },
  // Records.
  {
    name: 'reader adds a field with a default',
    reader: record('User', [field('id', 'string'), field('age', 'int', { default: 0 })]),
    writer: record('User', [field('id', 'string')]),
    compatible: true,
  },
  {
    name: 'reader adds a field without a default',
    reader: record('User', [field('id', 'string'), field('age', 'int')]),
    writer: record('User', [field('id', 'string')]),
    compatible: false,
    changes: ['READER_FIELD_MISSING_DEFAULT_VALUE #/fields/1'],
  },
  {
    name: 'reader drops a writer field',
    reader: record('User', [field('id', 'string')]),
    writer: record('User', [field('id', 'string'), field('age', 'int')]),
    compatible: true,
  },
  {
    name: 'reader renames a field with an alias',
    reader: record('User', [field('userId', 'string', { aliases: ['id'] })]),
    writer: record('User', [field('id', 'string')]),
    compatible: true,
  },
  {
    name: 'field type changes incompatibly',
    reader: record('User', [field('id', 'int')]),
    writer: record('User', [field('id', 'string')]),
    compatible: false,
    changes: ['TYPE_MISMATCH #/fields/0/type'],
  },
  {
    name: 'record renamed',
    reader: record('Customer', [field('id', 'string')]),
    writer: record('User', [field('id', 'string')]),
    compatible: false,
    changes: ['NAME_MISMATCH #/name'],
  },
  {
    name: 'record renamed with an alias of the old full name',
    reader: record('Customer', [field('id', 'string')], { namespace: 'acme', aliases: ['acme.User'] }),
    writer: record('User', [field('id', 'string')], { namespace: 'acme' }),
    compatible: true,
  },
  {
    name: 'records in different namespaces with the same name',
    reader: record('User', [field('id', 'string')], { namespace: 'b' }),
    writer: record('User', [field('id', 'string')], { namespace: 'a' }),
    compatible: true,
  },
  {
    name: 'nested record field promoted',
    reader: record('Order', [field('line', record('Line', [field('qty', 'long')]))]),
    writer: record('Order', [field('line', record('Line', [field('qty', 'int')]))]),
    compatible: true,
  },
  {
    name: 'nested record field missing default',
    reader: record('Order', [field('line', record('Line', [field('qty', 'int'), field('sku', 'string')]))]),
    writer: record('Order', [field('line', record('Line', [field('qty', 'int')]))]),
    compatible: false,
    changes: ['READER_FIELD_MISSING_DEFAULT_VALUE #/fields/0/type/fields/1'],
  },
  {
    name: 'recursive record (linked list) evolves compatibly',
    reader: record('Node', [field('value', 'long'), field('next', ['null', 'Node'], { default: null })]),
    writer: record('Node', [field('value', 'int'), field('next', ['null', 'Node'])]),
    compatible: true,
  },
  {
    name: 'recursive record with an incompatible change',
    reader: record('Node', [field('value', 'int'), field('next', ['null', 'Node'])]),
    writer: record('Node', [field('value', 'long'), field('next', ['null', 'Node'])]),
    compatible: false,
    changes: ['TYPE_MISMATCH #/fields/0/type'],
  },
  // Enums.
  { name: 'enum gains a symbol', reader: colors(['RED', 'GREEN', 'BLUE']), writer: colors(['RED', 'GREEN']), compatible: true },
  {
    name: 'enum loses a symbol',
    reader: colors(['RED']),
    writer: colors(['RED', 'GREEN']),
    compatible: false,
    changes: ['MISSING_ENUM_SYMBOLS #/symbols'],
  },
  {
    name: 'enum loses a symbol but the reader has a default',
    reader: colors(['RED', 'UNKNOWN'], { default: 'UNKNOWN' }),
    writer: colors(['RED', 'GREEN']),
    compatible: true,
  },
  {
    name: 'enum renamed',
    reader: { type: 'enum', name: 'Colour', symbols: ['RED'] },
    writer: colors(['RED']),
    compatible: false,
    changes: ['NAME_MISMATCH #/name'],
  },
  // Fixed.
  {
    name: 'fixed changes size',
    reader: { type: 'fixed', name: 'Hash', size: 32 },
    writer: { type: 'fixed', name: 'Hash', size: 16 },
    compatible: false,
    changes: ['FIXED_SIZE_MISMATCH #/size'],
  },
  {
    name: 'fixed changes name and size',
    reader: { type: 'fixed', name: 'Digest', size: 32 },
    writer: { type: 'fixed', name: 'Hash', size: 16 },
    compatible: false,
    changes: ['NAME_MISMATCH #/name', 'FIXED_SIZE_MISMATCH #/size'],
  },
  // Arrays and maps.
  { name: 'array items promoted', reader: { type: 'array', items: 'long' }, writer: { type: 'array', items: 'int' }, compatible: true },
  {
    name: 'map values incompatible',
    reader: { type: 'map', values: 'int' },
    writer: { type: 'map', values: 'string' },
    compatible: false,
    changes: ['TYPE_MISMATCH #/values'],
  },
  { name: 'array read as map', reader: { type: 'map', values: 'int' }, writer: { type: 'array', items: 'int' }, compatible: false, changes: ['TYPE_MISMATCH #/'] },
  // Unions.
  { name: 'reader union holds the writer type', reader: ['null', 'string'], writer: 'string', compatible: true },
  { name: 'reader union holds a promotion of the writer type', reader: ['null', 'double'], writer: 'int', compatible: true },
  {
    name: 'reader union lacks the writer type',
    reader: ['null', 'string'],
    writer: 'int',
    compatible: false,
    changes: ['MISSING_UNION_BRANCH #/'],
  },
  { name: 'writer union branches all readable', reader: 'double', writer: ['int', 'float'], compatible: true },
  {
    name: 'writer union has an unreadable branch',
    reader: 'string',
    writer: ['null', 'string'],
    compatible: false,
    changes: ['TYPE_MISMATCH #/0'],
  },
  { name: 'union gains a branch', reader: ['null', 'string', 'int'], writer: ['null', 'string'], compatible: true },
  {
    name: 'union loses a branch',
    reader: ['null', 'string'],
    writer: ['null', 'string', 'int'],
    compatible: false,
    changes: ['MISSING_UNION_BRANCH #/2'],
  },
  {
    name: 'optional field made required by its reader',
    reader: record('User', [field('email', 'string')]),
    writer: record('User', [field('email', ['null', 'string'], { default: null })]),
    compatible: false,
    changes: ['TYPE_MISMATCH #/fields/0/type/0'],
  },
];

describe('checkAvroCompatibility', () => {
  it.each(pairs)('$name', ({ reader, writer, compatible, changes }) => {
    const result = checkAvroCompatibility(reader, writer);
    expect(result.compatible).toBe(compatible);
    expect(result.changes.map((c) => `${c.code} ${c.path}`)).toEqual(changes ?? []);
    expect(result.changes.every((c) => !c.compatible && c.message.length > 0)).toBe(true);
  });

  it('rejects a malformed schema with the place it went wrong', () => {
    expect(() => checkAvroCompatibility(record('User', [field('a', 'Missing')]), 'string')).toThrow(AvroSchemaError);
    expect(() => checkAvroCompatibility(record('User', [field('a', 'Missing')]), 'string')).toThrow(
      "unknown type 'Missing' (at #/fields/0/type)",
    );
  });
});

// v1 → v2 adds a field with a default; v3 drops `id` and adds `name`; v4 adds `email` without a default.
// idOptional gives `id` a default, so it can read data without `id` while v1 cannot.
const v1 = record('User', [field('id', 'string')]);
const v2 = record('User', [field('id', 'string'), field('name', 'string', { default: '' })]);
const v3 = record('User', [field('name', 'string', { default: '' })]);
const idOptional = record('User', [field('id', 'string', { default: '' })]);
const v4 = record('User', [field('name', 'string', { default: '' }), field('email', 'string')]);

interface ModeCase {
  name: string;
  previous: unknown[];
  candidate: unknown;
  mode: CompatibilityMode;
  compatible: boolean;
  against: number[];
}

const modes: ModeCase[] = [
  { name: 'NONE checks nothing', previous: [v1], candidate: 'int', mode: 'NONE', compatible: true, against: [] },
  { name: 'BACKWARD: adding a field with a default', previous: [v1], candidate: v2, mode: 'BACKWARD', compatible: true, against: [0] },
  { name: 'BACKWARD: adding a field without a default', previous: [v3], candidate: v4, mode: 'BACKWARD', compatible: false, against: [0] },
  { name: 'FORWARD: adding a field without a default', previous: [v3], candidate: v4, mode: 'FORWARD', compatible: true, against: [0] },
  { name: 'FORWARD: latest reads data without a defaulted field', previous: [v1, idOptional], candidate: v3, mode: 'FORWARD', compatible: true, against: [1] },
  { name: 'FORWARD: latest needs a field the candidate drops', previous: [v1], candidate: v3, mode: 'FORWARD', compatible: false, against: [0] },
  { name: 'FORWARD_TRANSITIVE: v1 cannot read data without id', previous: [v1, idOptional], candidate: v3, mode: 'FORWARD_TRANSITIVE', compatible: false, against: [0, 1] },
  { name: 'FULL: field with default added', previous: [v1], candidate: v2, mode: 'FULL', compatible: true, against: [0] },
  { name: 'FULL: field without default added', previous: [v3], candidate: v4, mode: 'FULL', compatible: false, against: [0] },
  { name: 'BACKWARD only checks the latest', previous: ['string', 'int'], candidate: 'long', mode: 'BACKWARD', compatible: true, against: [1] },
  { name: 'BACKWARD_TRANSITIVE checks all', previous: ['string', 'int'], candidate: 'long', mode: 'BACKWARD_TRANSITIVE', compatible: false, against: [0, 1] },
  { name: 'FULL_TRANSITIVE checks all both ways', previous: [v1, v2], candidate: v2, mode: 'FULL_TRANSITIVE', compatible: true, against: [0, 1] },
  { name: 'no previous versions', previous: [], candidate: v1, mode: 'FULL_TRANSITIVE', compatible: true, against: [] },
];

describe('checkAvroModes', () => {
  it.each(modes)('$name', ({ previous, candidate, mode, compatible, against }) => {
    const result = checkAvroModes(previous, candidate, mode);
    expect(result.compatible).toBe(compatible);
    expect(result.against).toEqual(against);
    if (!compatible) expect(result.changes[0].compatible).toBe(false);
  });

  it('says which version and direction failed', () => {
    const result = checkAvroModes(['string', 'int'], 'long', 'BACKWARD_TRANSITIVE');
    expect(result.checks.map((c) => [c.against, c.direction, c.compatible])).toEqual([
      [0, 'backward', false],
      [1, 'backward', true],
    ]);
    expect(result.changes.map((c) => c.code)).toEqual(['TYPE_MISMATCH']);
  });
});
