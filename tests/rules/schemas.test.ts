import { describe } from 'vitest';
import { md, testRule } from '../helpers/catalog.ts';

const schemaFile = 'services/Stores/events/StoreCreated/schema.json';
const schema = (properties: object, extra: object = { additionalProperties: false }) => ({
  [schemaFile]: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties, ...extra },
});

describe('schema-empty-string', () => {
  testRule('schema-empty-string', [
    { name: 'guarded strings', files: schema({ a: { type: 'string', minLength: 1 }, b: { type: 'string', format: 'uuid' }, c: { enum: ['x'], type: 'string' } }), diagnostics: [] },
    {
      name: 'a bare string, also nested in an array',
      files: schema({ a: { type: 'string' }, list: { type: 'array', items: { type: 'string' } } }),
      diagnostics: [
        { file: schemaFile, line: 5, message: /'#\/properties\/a'/ },
        { file: schemaFile, line: 10, message: /'#\/properties\/list\/items'/ },
      ],
    },
    {
      name: 'a bare string in a schema file the message schema refers to (a shared component), reported in that file once',
      files: {
        ...schema({ a: { $ref: '../../schemas/Name.v1.json' }, b: { $ref: '../../schemas/Name.v1.json#' } }),
        'services/Stores/schemas/Name.v1.json': JSON.stringify({ type: 'object', properties: { first: { type: 'string' } } }, null, 2),
      },
      diagnostics: [{ file: 'services/Stores/schemas/Name.v1.json', line: 4, message: /'#\/properties\/first' of /}],
    },
  ]);
});

describe('schema-additional-properties-unspecified', () => {
  testRule('schema-additional-properties-unspecified', [
    { name: 'closed content model', files: {}, diagnostics: [] },
    { name: 'unspecified at the top', files: schema({ a: { type: 'string', minLength: 1 } }, {}), diagnostics: [{ file: schemaFile, line: 1 }] },
    {
      name: 'conditions need no content model of their own',
      files: schema({ a: { type: 'string', minLength: 1 } }, { additionalProperties: false, if: { properties: { a: { const: 'x' } } }, then: { required: ['a'] } }),
      diagnostics: [],
    },
  ]);
});

describe('schema files', () => {
  const msg = 'services/Stores/events/StoreCreated/index.md';
  testRule('schema-missing', [
    { name: 'schema present', files: {}, diagnostics: [] },
    { name: 'schemaPath names nothing', files: { [schemaFile]: null }, diagnostics: [{ file: msg, line: 6 }] },
    {
      name: 'an HTTP operation response names nothing',
      files: {
        'services/Stores/queries/GetStore/index.md': md({ id: 'GetStore', version: '1.0.0', owners: ['core'], operation: { method: 'GET', path: '/stores/{id}', responses: { '200': 'response-200.json', '404': 'response-404.json' } } }),
        'services/Stores/queries/GetStore/response-200.json': { type: 'object' },
      },
      diagnostics: [{ file: 'services/Stores/queries/GetStore/index.md', line: 11, message: /operation\.responses\.404 names services\/Stores\/queries\/GetStore\/response-404\.json/ }],
    },
  ]);
  testRule('schema-unparsable', [{ name: 'broken JSON', files: { [schemaFile]: '{\n  "type": "object",\n  oops\n}\n' }, diagnostics: [{ file: schemaFile, line: 3 }] }]);
  testRule('schema-invalid', [
    { name: 'not a JSON Schema', files: { [schemaFile]: '{\n  "type": "objekt"\n}\n' }, diagnostics: [{ file: schemaFile, line: 2, message: /'\/type'/ }] },
  ]);
  testRule('ref-remote', [
    {
      name: 'a URL $ref is not fetched',
      files: schema({ a: { $ref: 'https://example.com/a.json' } }),
      diagnostics: [{ file: schemaFile, line: 6, message: /never fetches/ }],
    },
  ]);
  testRule('ref-outside-catalog', [
    {
      name: 'a $ref that escapes the catalog',
      files: schema({ a: { $ref: '../../../../../etc/passwd' } }),
      diagnostics: [{ file: schemaFile, line: 6 }],
    },
    {
      name: 'a schemaPath that escapes the catalog',
      files: { 'services/Stores/events/StoreCreated/index.md': md({ id: 'StoreCreated', version: '1.0.0', owners: ['core'], schemaPath: '../../../../../../etc/hosts' }) },
      diagnostics: [{ file: 'services/Stores/events/StoreCreated/index.md', line: 6 }],
    },
  ]);
  testRule('ref-unresolvable', [
    {
      name: 'local and file refs that resolve',
      files: { ...schema({ a: { $ref: '#/$defs/a' }, b: { $ref: '../common.json#/$defs/b' } }, { additionalProperties: false, $defs: { a: { type: 'integer' } } }), 'services/Stores/events/common.json': { $defs: { b: { type: 'integer' } } } },
      diagnostics: [],
    },
    {
      name: 'a pointer to nothing and a missing file',
      files: schema({ a: { $ref: '#/$defs/nope' }, b: { $ref: './nothing.json' } }),
      diagnostics: [
        { file: schemaFile, line: 6, message: /points at nothing/ },
        { file: schemaFile, line: 9, message: /does not exist/ },
      ],
    },
  ]);
});

describe('asyncapi-duplicate-message-name', () => {
  const spec = (titles: string[]) =>
    [
      'asyncapi: 2.6.0',
      'info: { title: T, version: 1.0.0 }',
      'channels: {}',
      'components:',
      '  messages:',
      ...titles.flatMap((t, i) => [`    M${i}:`, `      title: ${t}`, '      payload: { type: object }']),
    ].join('\n');
  const service = (titles: string[]) => ({
    'services/Stores/index.md': md({ id: 'Stores', version: '1.0.0', owners: ['core'], sends: [{ id: 'StoreCreated' }], specifications: { asyncapiPath: 'asyncapi.yaml' } }),
    'services/Stores/asyncapi.yaml': spec(titles),
  });
  testRule('asyncapi-duplicate-message-name', [
    { name: 'distinct titles', files: service(['A', 'B']), diagnostics: [] },
    { name: 'two messages titled alike', files: service(['A', 'B', 'A']), diagnostics: [{ file: 'services/Stores/asyncapi.yaml', line: 13, message: /'M0' and 'M2'/ }] },
    {
      // Read through the spec view: messages written inline in channels count, and a trait's name is the message's.
      name: 'an inline message named like a component through its trait',
      files: {
        ...service(['A']),
        'services/Stores/asyncapi.yaml': [
          'asyncapi: 2.6.0',
          'info: { title: T, version: 1.0.0 }',
          'channels:',
          '  stores:',
          '    publish:',
          '      message:',
          '        traits: [{ name: StoreCreated }]',
          '        payload: { type: object }',
          'components:',
          '  messages:',
          '    Created:',
          '      name: StoreCreated',
          '      payload: { type: object }',
        ].join('\n'),
      },
      diagnostics: [{ file: 'services/Stores/asyncapi.yaml', line: 6, message: /'Created' and 'StoreCreated' both have the name 'StoreCreated'/ }],
    },
  ]);
});
