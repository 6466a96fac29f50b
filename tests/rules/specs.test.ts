import { describe } from 'vitest';
import { md, testRule } from '../helpers/catalog.ts';

const service = (spec: object, file: string, content: string) => ({
  'services/Stores/index.md': md({ id: 'Stores', version: '1.0.0', owners: ['core'], sends: [{ id: 'StoreCreated' }], specifications: spec }),
  [`services/Stores/${file}`]: content,
});

const openapi30 = (extra: string) => `openapi: 3.0.3
info:
  title: Stores
  version: 1.0.0
paths:
  /stores:
    get:
${extra}`;

describe('spec-invalid', () => {
  testRule('spec-invalid', [
    {
      name: 'a valid OpenAPI 3.0 document',
      files: service({ openapiPath: 'openapi.yaml' }, 'openapi.yaml', openapi30("      responses:\n        '200':\n          description: ok\n")),
      diagnostics: [],
    },
    {
      name: 'a valid OpenAPI 3.1 document whose schemas use $ref (the OAI webhook example)',
      files: service([{ type: 'openapi', path: 'openapi.yaml' }], 'openapi.yaml', `openapi: 3.1.0
info: { title: Webhook Example, version: 1.0.0 }
webhooks:
  newPet:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Pet' }
      responses:
        '200': { description: ok }
components:
  schemas:
    Pet: { required: [id], properties: { id: { type: integer } } }
`),
      diagnostics: [],
    },
    {
      name: 'a valid OpenAPI 3.1 document with a $ref path item and a described server variable',
      files: service([{ type: 'openapi', path: 'openapi.yaml' }], 'openapi.yaml', `openapi: 3.1.0
info: { title: Stores, version: 1.0.0 }
servers:
  - url: https://{region}.stores.test
    variables:
      region: { default: eu, description: Where the data lives }
paths:
  /stores:
    $ref: '#/components/pathItems/Stores'
  /shops:
    $ref: '#/components/pathItems/Stores'
    summary: The old name of /stores
components:
  pathItems:
    Stores:
      get:
        responses:
          '200': { description: ok }
`),
      diagnostics: [],
    },
    {
      name: 'an OpenAPI 3.1 path item whose $ref is not a string, and one with a key a path item has not',
      files: service([{ type: 'openapi', path: 'openapi.yaml' }], 'openapi.yaml', `openapi: 3.1.0
info: { title: Stores, version: 1.0.0 }
paths:
  /stores:
    $ref: 42
  /shops:
    fetch:
      responses:
        '200': { description: ok }
`),
      diagnostics: [
        { file: 'services/Stores/openapi.yaml', line: 4, message: /must match "then" schema/ },
        { file: 'services/Stores/openapi.yaml', line: 5, message: /\$ref' must be string/ },
        { file: 'services/Stores/openapi.yaml', line: 6, message: /shops' must NOT have unevaluated properties/ },
      ],
    },
    {
      name: 'an OpenAPI 3.1 schema that is not an object',
      files: service([{ type: 'openapi', path: 'openapi.yaml' }], 'openapi.yaml', `openapi: 3.1.0
info: { title: S, version: 1.0.0 }
components:
  schemas:
    Pet: 42
`),
      diagnostics: [{ file: 'services/Stores/openapi.yaml', line: 5, message: /must be object,boolean/ }],
    },
    {
      name: 'an OpenAPI operation without responses',
      files: service({ openapiPath: 'openapi.yaml' }, 'openapi.yaml', openapi30('      summary: list stores\n')),
      diagnostics: [{ file: 'services/Stores/openapi.yaml', line: 7, message: /missing the required field 'responses'/ }],
    },
    {
      name: 'a Swagger 2.0 document with a wrong type',
      files: service([{ type: 'openapi', path: 'swagger.json' }], 'swagger.json', '{\n  "swagger": "2.0",\n  "info": { "title": "S", "version": "1" },\n  "paths": [],\n  "x": 1\n}\n'),
      diagnostics: [
        { file: 'services/Stores/swagger.json', line: 4, message: /'\/paths' must be object/ },
        { file: 'services/Stores/swagger.json', line: 5, message: /unknown field 'x'/ },
      ],
    },
    {
      name: 'an AsyncAPI 2.6 document missing info, mapped to its line by the parser',
      files: service({ asyncapiPath: 'asyncapi.yaml' }, 'asyncapi.yaml', 'asyncapi: 2.6.0\nchannels:\n  a.b:\n    subscribe:\n      message:\n        payload: { type: object }\n'),
      diagnostics: [
        { file: 'services/Stores/asyncapi.yaml', line: 1, severity: 'error', message: /required property "info"/ },
        { file: 'services/Stores/asyncapi.yaml', line: 1, severity: 'info', message: /latest version/ },
      ],
    },
  ]);
  testRule('spec-missing', [
    { name: 'attached document is missing', files: { 'services/Stores/index.md': md({ id: 'Stores', version: '1.0.0', owners: ['core'], sends: [{ id: 'StoreCreated' }], specifications: { openapiPath: 'nope.yaml' } }) }, diagnostics: [{ file: 'services/Stores/index.md', line: 9 }] },
  ]);
});

describe('frontmatter', () => {
  testRule('frontmatter-invalid', [
    {
      name: 'a field of the wrong type, and a sends entry without id',
      files: { 'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'], draft: 'yes', receives: [{ version: '1.0.0' }] }) },
      diagnostics: [
        { file: 'services/Baskets/index.md', line: 6, message: /'\/draft'/ },
        { file: 'services/Baskets/index.md', line: 8, message: /missing the required field 'id'/ },
      ],
    },
  ]);
  testRule('duplicate-resource', [
    {
      name: 'an event and a command share an id and version',
      files: { 'commands/StoreCreated/index.md': md({ id: 'StoreCreated', version: '1.0.0', owners: ['core'] }) },
      diagnostics: [{ file: 'services/Stores/events/StoreCreated/index.md', line: 2, message: /already defined in commands\/StoreCreated\/index\.md/ }],
    },
  ]);
  testRule('config-invalid', [
    { name: 'an unknown severity and a bad regex', files: { 'waybill.config.yaml': 'lint:\n  rules:\n    broken-link: loud\n  naming:\n    channelAddress: ["("]\n' }, diagnostics: [{ file: 'waybill.config.yaml', line: 3 }] },
    { name: 'a bad regex', files: { 'waybill.config.yaml': 'lint:\n  naming:\n    channelAddress: ["("]\n' }, diagnostics: [{ file: 'waybill.config.yaml', line: 3 }] },
  ]);
});
