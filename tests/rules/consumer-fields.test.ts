import { describe } from 'vitest';
import { md, testRule } from '../helpers/catalog.ts';

const schemaFile = 'services/Stores/events/StoreCreated/schema.json';
const service = 'services/Baskets/index.md';
const baskets = (fields: string[]) => ({ [service]: md({ id: 'Baskets', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated', fields }] }) });
const order = {
  [schemaFile]: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    properties: {
      id: { type: 'string', minLength: 1 },
      items: { type: 'array', items: { $ref: '#/$defs/item' } },
      tags: { type: 'object', additionalProperties: { type: 'string', format: 'uuid' } },
      customer: { allOf: [{ $ref: '../customer.json' }] },
    },
    $defs: { item: { type: 'object', properties: { product_id: { type: 'string', format: 'uuid' } }, additionalProperties: false } },
  },
  'services/Stores/events/customer.json': { type: 'object', properties: { name: { type: 'string', minLength: 1 } }, additionalProperties: false },
};

describe('consumer-fields', () => {
  testRule('consumer-fields', [
    { name: 'no fields listed', files: {}, diagnostics: [] },
    {
      name: 'pointers, wildcards, dotted paths, map values and cross-file refs that exist',
      files: { ...order, ...baskets(['/id', '/items/*/product_id', 'items.product_id', 'items[*].product_id', '/tags/*', '/customer/name']) },
      diagnostics: [],
    },
    {
      name: 'a field the schema does not declare',
      files: { ...order, ...baskets(['/id', '/name', 'items.sku']) },
      diagnostics: [
        { file: service, line: 10, message: /Baskets reads \/name of StoreCreated 1\.0\.0, which its schema \(services\/Stores\/events\/StoreCreated\/schema\.json\) does not declare/ },
        { file: service, line: 11, message: /items\.sku/ },
      ],
    },
    { name: 'a malformed path', files: baskets(['a..b']), diagnostics: [{ file: service, line: 9, message: /not a dotted path/ }] },
    {
      name: 'Avro fields',
      files: {
        [schemaFile]: null,
        'services/Stores/events/StoreCreated/index.md': md({ id: 'StoreCreated', version: '1.0.0', owners: ['core'], schemaPath: 'schema.avsc' }),
        'services/Stores/events/StoreCreated/schema.avsc': {
          type: 'record',
          name: 'StoreCreated',
          fields: [{ name: 'id', type: 'string' }, { name: 'address', type: ['null', { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] }] }],
        },
        ...baskets(['/id', '/address/city', '/address/zip']),
      },
      diagnostics: [{ file: service, line: 11, message: /\/address\/zip/ }],
    },
  ]);
});
