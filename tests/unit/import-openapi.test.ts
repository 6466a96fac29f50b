/**
 * `waybill import openapi` on real documents (the seven MallBots Swagger 2.0 files, the OAI petstore 3.0
 * and webhook 3.1 examples) and a fixture of edge cases: queries and commands, request schemas with
 * parameters and body, response schemas, the HTTP operation, the document attached, a clean lint.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Message, Service } from '../../src/catalog/model.ts';
import { errors, FIXTURES, importInto, lint, REFERENCE, tempDir } from '../helpers/import.ts';

const SWAGGER = ['baskets', 'customers', 'depot', 'ordering', 'payments', 'search', 'stores'];

describe('import openapi: the MallBots Swagger 2.0 documents', () => {
  test.each(SWAGGER)('%s: every operation a query (GET) or command, with schemas; lint without errors', async (name) => {
    const root = await tempDir();
    const file = path.join(REFERENCE, `mallbots-${name}.swagger.json`);
    await importInto(root, file, 'openapi');
    const catalog = await loadCatalog(root);
    const [service] = catalog.services();
    const swagger = JSON.parse(await readFile(file, 'utf8'));
    const operations = Object.values(swagger.paths as Record<string, Record<string, { operationId: string }>>).flatMap((item) => Object.entries(item));
    expect(service.receives).toHaveLength(operations.length);
    for (const [method, operation] of operations) {
      const message = catalog.latest('message', operation.operationId) as Message;
      expect(message.kind).toBe(method === 'get' ? 'query' : 'command');
      expect(message.operation).toMatchObject({ method: method.toUpperCase(), statusCodes: ['200'] });
      expect(message.schema?.format).toBe('json-schema');
    }
    expect(service.specifications[0]).toMatchObject({ type: 'openapi', specVersion: '2.0' });
    expect(errors(await lint(root))).toEqual([]);
  });

  test('stores: a path parameter is required in the query schema; the body and path parameters make one command schema; responses are files', async () => {
    const root = await tempDir();
    await importInto(root, path.join(REFERENCE, 'mallbots-stores.swagger.json'), 'openapi', { serviceId: 'Stores' });
    const catalog = await loadCatalog(root);
    const getStore = catalog.latest('message', 'getStore') as Message;
    expect(getStore.schema?.value).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { id: { type: 'string' } },
      required: ['id'],
      additionalProperties: false,
    });
    expect(getStore.operation).toMatchObject({ method: 'GET', path: '/api/stores/{id}', statusCodes: ['200'] });
    expect(getStore.operation?.responses.map((r) => [r.status, r.schemaPath, Boolean(r.schema)])).toEqual([['200', 'response-200.json', true], ['default', 'response-default.json', true]]);
    expect(catalog.diagnostics).toEqual([]);
    const rebrand = catalog.latest('message', 'rebrandStore') as Message;
    expect(Object.keys((rebrand.schema?.value as { properties: object }).properties).sort()).toEqual(['id', 'name']);
    expect((rebrand.schema?.value as { required: string[] }).required).toContain('id');
    const dir = path.join(root, path.dirname(getStore.file));
    const response = JSON.parse(await readFile(path.join(dir, 'response-200.json'), 'utf8'));
    // storespb.Store is used by several operations: one file in the service's folder, referred to.
    expect(response.properties.store).toEqual({ $ref: '../../schemas/storespbStore.v1.json' });
    expect(JSON.parse(await readFile(path.join(dir, '../../schemas/storespbStore.v1.json'), 'utf8')).properties).toHaveProperty('name');
    expect(JSON.parse(await readFile(path.join(dir, 'response-default.json'), 'utf8')).properties).toHaveProperty('code');
    expect(getStore.body).toContain('[response-200.json](response-200.json)');
  });

  test('two services with the same operationId: the second keeps its own message under a prefixed id', async () => {
    const root = await tempDir();
    await importInto(root, path.join(REFERENCE, 'mallbots-ordering.swagger.json'), 'openapi', { serviceId: 'Ordering' });
    const second = await importInto(root, path.join(REFERENCE, 'mallbots-search.swagger.json'), 'openapi', { serviceId: 'Search' });
    const catalog = await loadCatalog(root);
    expect((catalog.latest('message', 'getOrder') as Message).folderService).toBe('service:Ordering@1.0.0');
    expect((catalog.latest('message', 'Search-getOrder') as Message).folderService).toBe('service:Search@1.0.0');
    expect((catalog.latest('service', 'Search') as Service).receives.map((r) => r.id)).toContain('Search-getOrder');
    expect(second.diagnostics.find((d) => d.code === 'import-id-changed')?.message).toMatch(/'getOrder' belongs to Ordering/);
    expect(errors(await lint(root))).toEqual([]);
  });
});

describe('import openapi: OAI examples', () => {
  test('petstore 3.0: two queries and a command, parameters and body schemas, the document attached', async () => {
    const root = await tempDir();
    const result = await importInto(root, path.join(REFERENCE, 'petstore.openapi-3.0.yaml'), 'openapi');
    const catalog = await loadCatalog(root);
    const service = catalog.latest('service', 'SwaggerPetstore') as Service;
    expect(service.receives.map((r) => r.id)).toEqual(['listPets', 'createPets', 'showPetById']);
    expect(catalog.messages().map((m) => `${m.kind}:${m.id}`).sort()).toEqual(['command:createPets', 'query:listPets', 'query:showPetById']);
    const list = catalog.latest('message', 'listPets') as Message;
    expect(list.schema?.value).toMatchObject({ properties: { limit: { type: 'integer', maximum: 100, format: 'int32' } }, additionalProperties: false });
    const create = catalog.latest('message', 'createPets') as Message;
    // Pet is the body here and a response elsewhere: one file, the request schema refers to it.
    expect(create.schema?.value).toEqual({ $schema: 'http://json-schema.org/draft-07/schema#', $ref: '../../schemas/Pet.v1.json' });
    expect(catalog.documents.get('services/SwaggerPetstore/schemas/Pet.v1.json')).toMatchObject({ required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['import-id-changed']);
    expect(errors(await lint(root))).toEqual([]);
  });

  test('webhook 3.1: the webhook is an event the service sends, in the 2020-12 dialect', async () => {
    const root = await tempDir();
    await importInto(root, path.join(REFERENCE, 'webhook-example.openapi-3.1.yaml'), 'openapi');
    const catalog = await loadCatalog(root);
    const service = catalog.latest('service', 'WebhookExample') as Service;
    expect(service.sends.map((s) => s.id)).toEqual(['newPet']);
    const newPet = catalog.latest('message', 'newPet') as Message;
    expect(newPet).toMatchObject({ kind: 'event', operation: { method: 'POST', path: 'newPet', statusCodes: ['200'] } });
    expect(newPet.schema?.value).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', required: ['id', 'name'] });
    expect(errors(await lint(root))).toEqual([]);
  });
});

describe('import openapi: edge cases', async () => {
  const root = await tempDir();
  await importInto(root, path.join(FIXTURES, 'inventory.openapi-3.0.yaml'), 'openapi');
  const catalog = await loadCatalog(root);
  const schemaOf = (id: string) => (catalog.latest('message', id) as Message).schema?.value as Record<string, any>;

  test('path-level parameters by $ref, query parameters and examples make the query schema', () => {
    expect(schemaOf('getItem')).toMatchObject({
      required: ['sku'],
      properties: { sku: { pattern: '^[A-Z]{3}-[0-9]+$' }, fields: { minLength: 1 } },
      examples: [{ sku: 'ABC-1', fields: 'name' }],
    });
  });

  test('a request body by $ref merges with the path parameter; nullable becomes a null type; the example gets the parameter', () => {
    expect(schemaOf('adjustStock')).toMatchObject({
      required: ['sku', 'quantity'],
      properties: { quantity: { type: 'integer' }, note: { type: ['string', 'null'] } },
      examples: [{ quantity: 5, note: null, sku: 'ABC-1' }],
    });
  });

  test('an operation without operationId gets an id from method and path; x-eventcatalog-message-type overrides the kind', () => {
    expect((catalog.latest('message', 'getItems') as Message).kind).toBe('query');
    expect((catalog.latest('message', 'stockChanged') as Message).kind).toBe('event');
  });

  test('responses: a shared recursive component refers to itself; boolean exclusiveMinimum becomes a number; a response without body has no file', async () => {
    const dir = path.join(root, path.dirname((catalog.latest('message', 'getItem') as Message).file));
    const response = JSON.parse(await readFile(path.join(dir, 'response-200.json'), 'utf8'));
    expect(response.$ref).toBe('../../schemas/Item.v1.json');
    const read = async (name: string) => JSON.parse(await readFile(path.join(dir, '../../schemas', name), 'utf8'));
    expect((await read('Category.v1.json')).properties.parent).toEqual({ $ref: '#' });
    expect((await read('Item.v1.json')).allOf[0]).toEqual({ $ref: 'Category.v1.json' });
    expect((await read('Item.v1.json')).allOf[1].properties.quantity).toEqual({ type: 'integer', exclusiveMinimum: 0 });
    await expect(readFile(path.join(dir, 'response-404.json'), 'utf8')).rejects.toThrow();
    expect((catalog.latest('message', 'getItem') as Message).operation?.statusCodes).toEqual(['200', '404']);
  });

  test('lint: no errors', async () => {
    expect(errors(await lint(root))).toEqual([]);
  });
});
