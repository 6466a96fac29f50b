import { describe } from 'vitest';
import { md, testRule } from '../helpers/catalog.ts';

const dir = 'services/Stores/events/StoreCreated';
const current = `${dir}/schema.json`;
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** StoreCreated at 1.0.0 (versioned/) and 2.0.0 (current), with these schemas and frontmatter extras. */
function twoVersions(v1: object, v2: object, extra: object = {}, file = 'schema.json') {
  const message = (version: string) =>
    md({ id: 'StoreCreated', version, owners: ['core'], schemaPath: file, channels: [{ id: 'shop.stores.events' }], ...extra });
  return {
    [`${dir}/versioned/1.0.0/index.md`]: message('1.0.0'),
    [`${dir}/versioned/1.0.0/${file}`]: v1,
    [`${dir}/index.md`]: message('2.0.0'),
    [`${dir}/${file}`]: v2,
  };
}

const closed = (properties: object, required: string[] = ['id']) => ({ $schema: DIALECT, type: 'object', properties, required, additionalProperties: false });
const id = { type: 'string', minLength: 1 };

describe('schema-compatibility', () => {
  testRule('schema-compatibility', [
    { name: 'one version only', files: {}, diagnostics: [] },
    {
      name: 'an optional field added to a closed model is BACKWARD compatible',
      files: twoVersions(closed({ id }), closed({ id, name: id })),
      diagnostics: [],
    },
    {
      name: 'a required field without default breaks BACKWARD, at the new schema with code and pointer',
      files: twoVersions(closed({ id }), closed({ id, name: id }, ['id', 'name'])),
      diagnostics: [
        {
          file: current,
          line: 9,
          message: /StoreCreated 2\.0\.0 is not BACKWARD compatible with 1\.0\.0: REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL at #\/properties\/name — 2\.0\.0 cannot read data written with 1\.0\.0/,
        },
      ],
    },
    {
      name: 'a property removed from a closed model breaks BACKWARD',
      files: twoVersions(closed({ id, name: id }), closed({ id })),
      diagnostics: [{ file: current, line: 4, message: /PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/name/ }],
    },
    {
      name: 'FORWARD: the old version must read the new one, so an added optional field in a closed model breaks',
      files: twoVersions(closed({ id }), closed({ id, name: id }), { compatibility: 'FORWARD' }),
      diagnostics: [{ file: current, line: 9, message: /not FORWARD compatible with 1\.0\.0: PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/name — 1\.0\.0 cannot read data written with 2\.0\.0/ }],
    },
    {
      name: 'NONE allows anything',
      files: twoVersions(closed({ id }), closed({ id: { type: 'integer' } }), { compatibility: 'NONE' }),
      diagnostics: [],
    },
    {
      name: 'the default mode comes from the catalog config',
      files: { ...twoVersions(closed({ id }), closed({ id: { type: 'integer' } })), 'waybill.config.yaml': 'compatibility: NONE\n' },
      diagnostics: [],
    },
    {
      name: 'a cross-file $ref is followed through the catalog documents',
      files: {
        ...twoVersions(closed({ id: { $ref: '../../../common.json#/$defs/id' } }), closed({ id: { $ref: '../common-v2.json#/$defs/id' } })),
        'services/Stores/events/common.json': { $defs: { id: { type: 'string', minLength: 1 } } },
        'services/Stores/events/common-v2.json': { $defs: { id: { type: 'integer' } } },
      },
      diagnostics: [{ file: current, line: 5, message: /TYPE_CHANGED at #\/properties\/id/ }],
    },
  ]);
});

describe('schema-compatibility with Avro', () => {
  const record = (fields: object[]) => ({ type: 'record', name: 'StoreCreated', namespace: 'shop', fields });
  const three = (mode: string) => {
    const message = (version: string) => md({ id: 'StoreCreated', version, owners: ['core'], schemaPath: 'schema.avsc', compatibility: mode });
    return {
      [`${dir}/schema.json`]: null,
      [`${dir}/versioned/1.0.0/index.md`]: message('1.0.0'),
      [`${dir}/versioned/1.0.0/schema.avsc`]: record([{ name: 'id', type: 'string' }, { name: 'size', type: 'int' }]),
      [`${dir}/versioned/2.0.0/index.md`]: message('2.0.0'),
      [`${dir}/versioned/2.0.0/schema.avsc`]: record([{ name: 'id', type: 'string' }]),
      [`${dir}/index.md`]: message('3.0.0'),
      [`${dir}/schema.avsc`]: record([{ name: 'id', type: 'string' }, { name: 'size', type: 'string', default: '' }]),
    };
  };
  testRule('schema-compatibility', [
    { name: 'BACKWARD: each version reads the one before', files: three('BACKWARD'), diagnostics: [] },
    {
      name: 'BACKWARD_TRANSITIVE: 3.0.0 cannot read the int size written with 1.0.0',
      files: three('BACKWARD_TRANSITIVE'),
      diagnostics: [{ file: `${dir}/schema.avsc`, line: 12, message: /not BACKWARD_TRANSITIVE compatible with 1\.0\.0: TYPE_MISMATCH at #\/fields\/1\/type \(reader type: string not compatible with writer type: int\)/ }],
    },
    {
      name: 'a field added without a default',
      files: { ...three('BACKWARD'), [`${dir}/schema.avsc`]: record([{ name: 'id', type: 'string' }, { name: 'size', type: 'string' }]) },
      diagnostics: [{ file: `${dir}/schema.avsc`, line: 10, message: /READER_FIELD_MISSING_DEFAULT_VALUE at #\/fields\/1 \(size\)/ }],
    },
  ]);
});

describe('schema-compatibility: consumers', () => {
  const baskets = (fields: string[], version = 'latest') =>
    md({ id: 'Baskets', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated', version, fields }] });
  const status = (values: string[]) => ({ type: 'string', enum: values });
  testRule('schema-compatibility', [
    {
      name: 'a type change a consumer reads is reported even under NONE, naming the consumer',
      files: { ...twoVersions(closed({ id }), closed({ id: { type: 'integer' } }), { compatibility: 'NONE' }), 'services/Baskets/index.md': baskets(['/id']) },
      diagnostics: [{ file: current, line: 5, severity: 'error', message: /Baskets reads \/id of StoreCreated; from 1\.0\.0 to 2\.0\.0: FIELD_TYPE_CHANGED \(type string → integer\)/ }],
    },
    {
      name: 'a consumer pinned to the old version is not affected',
      files: { ...twoVersions(closed({ id }), closed({ id: { type: 'integer' } }), { compatibility: 'NONE' }), 'services/Baskets/index.md': baskets(['/id'], '1.0.0') },
      diagnostics: [],
    },
    {
      name: 'became optional, enum narrowed (error) and extended (warning)',
      files: {
        ...twoVersions(closed({ id, status: status(['open', 'closed']) }, ['id', 'status']), closed({ id, status: status(['open', 'paused']) }, ['status']), { compatibility: 'NONE' }),
        'services/Baskets/index.md': baskets(['/id', '/status']),
      },
      diagnostics: [
        { file: current, line: 5, severity: 'error', message: /\/id .* FIELD_BECAME_OPTIONAL \(it is no longer required\)/ },
        { file: current, line: 9, severity: 'error', message: /\/status .* FIELD_ENUM_NARROWED \(values no longer sent: "closed"\)/ },
        { file: current, line: 9, severity: 'warning', message: /FIELD_ENUM_EXTENDED \(new values the consumer has not seen: "paused"\)/ },
      ],
    },
  ]);
});
