/**
 * `waybill verify-pact`: the real MallBots pacts against the default catalog (they pass, and a broken
 * StoreCreated version in a copy of the catalog is caught), and each way a pact can disagree with a catalog.
 */
import { cp, mkdtemp, readFile, rename, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { verifyPact } from '../../src/pact/verify.ts';
import { baseCatalog, md, writeCatalog, type Files } from '../helpers/catalog.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MALLBOTS = path.resolve(ROOT, 'tests/fixtures/pacts');
const PACTS = ['pact.baskets-sub-stores-pub.json', 'pact.depot-sub-stores-pub.json'];
const STORE_CREATED = 'domains/MallBots/subdomains/StoreManagement/services/Stores/events/StoreCreated';

describe('the MallBots pacts against the default catalog', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadCatalog(path.join(ROOT, 'catalog'));
  }, 120_000);

  test.each(PACTS)('%s: every message agrees with the catalog', async (name) => {
    const result = verifyPact(catalog, name, await readFile(path.join(MALLBOTS, name), 'utf8'));
    expect(result.diagnostics).toEqual([]);
    expect(result.checks.map((c) => [c.name, c.passed])).toEqual([
      [expect.stringContaining('a StoreCreated message (StoreCreated 1.0.0)'), true],
      [expect.stringContaining('a StoreRebranded message (StoreRebranded 1.0.0)'), true],
    ]);
    expect(result.summary).toContain('→ stores-pub (Stores), Pact 3.0.0: 2 messages; 2 of 2 agree with the catalog.');
  });

  test('the HTTP pact is checked against the Baskets Swagger 2.0 document', async () => {
    const name = 'pact.baskets-ui-baskets-api.json';
    const result = verifyPact(catalog, name, await readFile(path.join(MALLBOTS, name), 'utf8'));
    expect(result.diagnostics).toEqual([]);
    expect(result.checks).toHaveLength(5);
    expect(result.checks.every((c) => c.passed)).toBe(true);
    expect(result.checks[2].name).toContain('(PUT /api/baskets/basket-id/addItem → 404)');
  });
});

describe('a broken StoreCreated version in a copy of the default catalog', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    const copy = path.join(await mkdtemp(path.join(tmpdir(), 'waybill-pact-')), 'catalog');
    await cp(path.join(ROOT, 'catalog'), copy, { recursive: true });
    const dir = path.join(copy, STORE_CREATED);
    // 1.0.0 moves under versioned/; 2.0.0 renames `name` to `title` and makes `id` a number.
    await mkdir(path.join(dir, 'versioned/1.0.0'), { recursive: true });
    await rename(path.join(dir, 'index.md'), path.join(dir, 'versioned/1.0.0/index.md'));
    await rename(path.join(dir, 'schema.json'), path.join(dir, 'versioned/1.0.0/schema.json'));
    const old = await readFile(path.join(dir, 'versioned/1.0.0/index.md'), 'utf8');
    await writeFile(path.join(dir, 'index.md'), old.replace('version: 1.0.0', 'version: 2.0.0').replace('compatibility', 'x-compat'));
    await writeFile(path.join(dir, 'schema.json'), JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      required: ['id', 'title', 'location'],
      properties: { id: { type: 'integer' }, title: { type: 'string', minLength: 1 }, location: { type: 'string', minLength: 1 } },
    }, null, 2));
    catalog = await loadCatalog(copy);
  }, 120_000);

  test('each pact names the field and the type that broke', async () => {
    const text = await readFile(path.join(MALLBOTS, PACTS[0]), 'utf8');
    const result = verifyPact(catalog, PACTS[0], text);
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['pact-type-mismatch', 10],
      ['pact-field-undeclared', 11],
    ]);
    expect(result.diagnostics[0].message).toBe(
      "'a StoreCreated message' $.Payload.id: the consumer expects a string (\"store-id\"); StoreCreated 2.0.0 sends integer here.",
    );
    expect(result.diagnostics[1].message).toContain("$.Payload.name: the consumer expects a field 'name' that StoreCreated 2.0.0 does not declare.");
    expect(result.checks.map((c) => c.passed)).toEqual([false, true]);
  });

  test('the CLI exits 1 and says so in stylish', () => {
    const run = spawnSync(process.execPath, ['bin/waybill.js', 'verify-pact', '--catalog', catalog.root, path.join(MALLBOTS, PACTS[1])], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/error\s+'a StoreCreated message' \$\.Payload\.name: the consumer expects a field 'name'.*pact-field-undeclared/);
    expect(run.stdout).toContain('depot-sub (Depot) → stores-pub (Stores), Pact 3.0.0: 2 messages; 1 of 2 agree with the catalog.');
  }, 60_000);
});

describe('how a pact can disagree with a catalog', () => {
  const message = (extra: object = {}) => ({
    description: 'a StoreCreated message',
    contents: { id: 'store-id' },
    matchingRules: { body: { $: { combine: 'AND', matchers: [{ match: 'type' }] } } },
    metadata: { name: 'StoreCreated', subject: 'shop.stores.events' },
    ...extra,
  });
  const v3 = (messages: object[], consumer = 'baskets-sub', provider = 'stores-pub') =>
    JSON.stringify({ consumer: { name: consumer }, provider: { name: provider }, messages, metadata: { pactSpecification: { version: '3.0.0' } } }, null, 2);
  const extra: Files = {
    'services/Orders/index.md': md({ id: 'Orders', version: '1.0.0', owners: ['core'], sends: [{ id: 'OrderPlaced', to: [{ id: 'shop.stores.events' }] }] }),
    'services/Orders/events/OrderPlaced/index.md': md({ id: 'OrderPlaced', version: '1.0.0', owners: ['core'], wireName: 'orders.OrderPlaced', schemaPath: 'schema.json' }),
    'services/Orders/events/OrderPlaced/schema.json': { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: false },
    'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated', fields: ['/id'] }] }),
    'services/Storefront/index.md': md({ id: 'Storefront', version: '1.0.0', owners: ['core'], specifications: { openapiPath: 'openapi.yaml' } }),
    'services/Storefront/openapi.yaml': stringify({
      openapi: '3.0.3',
      info: { title: 'Storefront', version: '1.0.0' },
      // Requests may be written under either server's base path (variables at their defaults), or under none.
      servers: [{ url: 'https://{region}.shop.example/{base}', variables: { region: { default: 'eu' }, base: { default: 'api' } } }, { url: '/v2/' }],
      paths: {
        '/stores/{id}': {
          put: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
            requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Store' } } } },
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Store' } } } } },
          },
        },
      },
      components: { schemas: { Store: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, open: { type: 'boolean', nullable: true } } } } },
    }),
  };
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadCatalog(await writeCatalog({ ...baseCatalog(), ...extra, 'waybill.config.yaml': 'pact:\n  participants: { shopfront-api: Storefront }\n' }));
  }, 60_000);
  const run = (text: string, provider?: string) => verifyPact(catalog, 'pact.json', text, { provider }).diagnostics.map((d) => d.code);
  const http = (interactions: object[]) =>
    JSON.stringify({ consumer: { name: 'web' }, provider: { name: 'shopfront-api' }, interactions, metadata: { pactSpecification: { version: '3.0.0' } } }, null, 2);
  const put = (request: object, response: object) => ({ description: 'rename a store', request: { method: 'PUT', path: '/stores/12', headers: { 'Content-Type': 'application/json' }, ...request }, response: { status: 200, headers: { 'Content-Type': 'application/json' }, ...response } });

  test.each([
    { name: 'a message that agrees', text: v3([message()]), expected: [] },
    { name: 'a channel the provider does not send it on', text: v3([message({ metadata: { name: 'StoreCreated', subject: 'shop.other' } })]), expected: ['pact-channel-mismatch'] },
    { name: 'a channel given by a regex matcher', text: v3([message({ metadata: { name: 'StoreCreated', subject: 'shop.x' }, matchingRules: { metadata: { '$.subject': { matchers: [{ match: 'regex', regex: 'shop\\..*' }] } } } })]), expected: [] },
    { name: 'a name the provider does not send', text: v3([message({ metadata: { name: 'StoreCreatd' } })]), expected: ['pact-message-unknown'] },
    { name: 'a message another service sends', text: v3([message({ metadata: { name: 'orders.OrderPlaced' } })]), expected: ['pact-message-not-sent'] },
    { name: 'no name, one message on the channel', text: v3([message({ metadata: { subject: 'shop.stores.events' } })]), expected: [] },
    { name: 'a provider that is not in the catalog', text: v3([message()], 'baskets-sub', 'warehouse'), expected: ['pact-provider-unknown'] },
    { name: 'a consumer that does not list the message in receives', text: v3([message()], 'orders-sub'), expected: ['pact-receive-undeclared'] },
    { name: 'a field the consumer reads but its receives.fields omit', text: v3([message({ contents: { id: 'x', name: 'Shop' } })]), expected: ['pact-field-undeclared', 'pact-fields-undeclared'] },
    { name: 'not a pact', text: '{"hello": 1}', expected: ['pact-unreadable'] },
    {
      name: 'a v4 pact with an asynchronous message and a synchronous one',
      text: JSON.stringify({
        consumer: { name: 'baskets-sub' }, provider: { name: 'stores-pub' }, metadata: { pactSpecification: { version: '4.0' } },
        interactions: [
          { type: 'Asynchronous/Messages', description: 'v4 store created', contents: { contentType: 'application/json', encoded: false, content: { id: 7 } }, metadata: { name: 'StoreCreated' }, matchingRules: { content: { '$.id': { combine: 'AND', matchers: [{ match: 'integer' }] } } } },
          { type: 'Synchronous/Messages', description: 'a request/reply', request: { contents: {} }, response: [] },
        ],
      }),
      expected: ['pact-type-mismatch', 'pact-interaction-unsupported'],
    },
    { name: 'a pact with no interactions fails instead of "0 of 0 agree"', text: v3([]), expected: ['pact-nothing-checked'] },
    {
      name: 'a pact with only interactions Waybill cannot check fails',
      text: JSON.stringify({ consumer: { name: 'baskets-sub' }, provider: { name: 'stores-pub' }, metadata: { pactSpecification: { version: '4.0' } }, interactions: [{ type: 'Synchronous/Messages', description: 'ask', request: { contents: {} }, response: [] }] }),
      expected: ['pact-interaction-unsupported', 'pact-nothing-checked'],
    },
    { name: 'a v2 pact with flat matching rules', text: JSON.stringify({ consumer: { name: 'baskets-sub' }, provider: { name: 'stores-pub' }, messages: [{ description: 'v2', contents: { id: 'not-a-uuid' }, metaData: { name: 'StoreCreated' }, matchingRules: { '$.body.id': { match: 'type' } } }] }), expected: [] },
    { name: 'an HTTP pact whose provider has no OpenAPI document', text: http([put({}, {})]).replace('shopfront-api', 'stores-api'), expected: ['pact-not-message-pact', 'pact-nothing-checked'] },
    { name: 'an HTTP interaction that agrees with the OpenAPI 3.0 document', text: http([put({ body: { name: 'Corner shop' } }, { body: { name: 'Corner shop', open: null } })]), expected: [] },
    { name: 'a path under the first server\'s base path, a variable at its default', text: http([put({ path: '/api/stores/12', body: { name: 'x' } }, {})]), expected: [] },
    { name: 'a path under the second server\'s base path', text: http([put({ path: '/v2/stores/12', body: { name: 'x' } }, {})]), expected: [] },
    { name: 'a path under a base path the API does not have', text: http([put({ path: '/v3/stores/12', body: { name: 'x' } }, {})]), expected: ['pact-operation-unknown'] },
    { name: 'an operation the API does not have', text: http([put({ method: 'DELETE', body: { name: 'x' } }, {})]), expected: ['pact-operation-unknown'] },
    { name: 'a status the API does not declare', text: http([put({ body: { name: 'x' } }, { status: 404 })]), expected: ['pact-status-undeclared'] },
    { name: 'a request body without a required field, a path parameter of the wrong type', text: http([put({ path: '/stores/twelve', body: {} }, {})]), expected: ['pact-parameter-invalid', 'pact-field-missing'] },
    { name: 'a response field the API does not declare', text: http([put({ body: { name: 'x' } }, { body: { owner: 'me' } })]), expected: ['pact-field-undeclared'] },
  ])('$name', ({ text, expected }) => {
    expect(run(text)).toEqual(expected);
  });

  test('nothing checked: the check fails and the summary says so', () => {
    const result = verifyPact(catalog, 'pact.json', v3([]));
    expect(result.checks.map((c) => c.passed)).toEqual([false]);
    expect(result.summary).toContain('no interactions; nothing could be checked.');
    expect(result.diagnostics[0]).toMatchObject({ code: 'pact-nothing-checked', severity: 'error', message: 'Nothing in pact.json was checked: it has no interactions.' });
  });

  test('--provider names the provider when the pact does not', () => {
    expect(run(v3([message()], 'baskets-sub', 'warehouse'), 'Stores')).toEqual([]);
  });
});
