/**
 * Spec diffs, one case per kind of change: each case is two versions of a small OpenAPI or AsyncAPI
 * document and the changes found, as `CODE level where`.
 */
import { describe, expect, test } from 'vitest';
import { diffSpecs } from '../../src/compat/spec/index.ts';

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);

/** OpenAPI 3.0: GET /baskets/{id}, PUT /baskets/{id}/items with a body; Basket and Item schemas. */
const oas30: Json = {
  openapi: '3.0.3',
  info: { title: 'Baskets', version: '1.0.0' },
  servers: [{ url: 'https://api.example.com/v1' }],
  paths: {
    '/baskets/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'getBasket',
        parameters: [{ name: 'expand', in: 'query', schema: { type: 'string', enum: ['items', 'customer'] } }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Basket' } } } },
          '404': { description: 'no such basket' },
        },
      },
    },
    '/baskets/{id}/items': {
      put: {
        operationId: 'addItem',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    schemas: {
      Basket: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'items'],
        properties: { id: { type: 'string' }, items: { type: 'array', items: { $ref: '#/components/schemas/Item' } }, note: { type: 'string', nullable: true } },
      },
      Item: {
        type: 'object',
        additionalProperties: false,
        required: ['productId', 'quantity'],
        properties: { productId: { type: 'string' }, quantity: { type: 'integer', minimum: 1, maximum: 99 }, gift: { type: 'boolean' } },
      },
    },
  },
};

function oas(edit: (doc: any) => void, base: Json = oas30): Json {
  const doc = clone(base);
  edit(doc);
  return doc;
}

const run = (type: 'openapi' | 'asyncapi', before: Json, after: Json) =>
  diffSpecs({ type, document: before }, { type, document: after }).map((c) => `${c.code} ${c.level} ${c.where}${c.schemaPath ? ` ${c.schemaPath}` : ''}`);

describe('OpenAPI diffs', () => {
  const items = (doc: any) => doc.paths['/baskets/{id}/items'].put;
  const get = (doc: any) => doc.paths['/baskets/{id}'].get;
  test.each([
    { name: 'no change', after: oas(() => {}), expected: [] },
    { name: 'an operation removed', after: oas((d) => delete d.paths['/baskets/{id}/items']), expected: ['OPERATION_REMOVED breaking PUT /baskets/{id}/items'] },
    { name: 'an operation added', after: oas((d) => (d.paths['/baskets'] = { post: { responses: { '201': { description: 'made' } } } })), expected: ['OPERATION_ADDED info POST /baskets'] },
    { name: 'a path parameter renamed is the same operation', after: oas((d) => { d.paths['/baskets/{basketId}'] = d.paths['/baskets/{id}']; delete d.paths['/baskets/{id}']; d.paths['/baskets/{basketId}'].parameters[0].name = 'basketId'; }), expected: [] },
    { name: 'a new required query parameter', after: oas((d) => get(d).parameters.push({ name: 'tenant', in: 'query', required: true, schema: { type: 'string' } })), expected: ['REQUIRED_PARAMETER_ADDED breaking GET /baskets/{id} query parameter tenant'] },
    { name: 'a new optional header', after: oas((d) => get(d).parameters.push({ name: 'X-Trace', in: 'header', schema: { type: 'string' } })), expected: ['OPTIONAL_PARAMETER_ADDED info GET /baskets/{id} header parameter X-Trace'] },
    { name: 'a parameter made required', after: oas((d) => (get(d).parameters[0].required = true)), expected: ['PARAMETER_BECAME_REQUIRED breaking GET /baskets/{id} query parameter expand'] },
    { name: 'a parameter enum narrowed', after: oas((d) => (get(d).parameters[0].schema.enum = ['items'])), expected: ['ENUM_ARRAY_NARROWED breaking GET /baskets/{id} query parameter expand #/enum'] },
    { name: 'a parameter enum widened', after: oas((d) => get(d).parameters[0].schema.enum.push('payments')), expected: ['ENUM_ARRAY_EXTENDED info GET /baskets/{id} query parameter expand #/enum'] },
    { name: 'a request body field made required', after: oas((d) => d.components.schemas.Item.required.push('gift')), expected: ['REQUIRED_ATTRIBUTE_REMOVED info GET /baskets/{id} response 200 application/json #/properties/items/items/required/gift', 'REQUIRED_ATTRIBUTE_ADDED breaking PUT /baskets/{id}/items request body application/json #/required/gift'] },
    { name: 'a request constraint tightened', after: oas((d) => (d.components.schemas.Item.properties.quantity.maximum = 10)), expected: ['MAXIMUM_INCREASED info GET /baskets/{id} response 200 application/json #/properties/items/items/properties/quantity/maximum', 'MAXIMUM_DECREASED breaking PUT /baskets/{id}/items request body application/json #/properties/quantity/maximum'] },
    { name: 'a request body made required', after: oas((d) => { d.paths['/baskets/{id}'].delete = { requestBody: { required: false, content: { 'application/json': { schema: { type: 'object' } } } }, responses: { '204': { description: 'gone' } } }; }), expected: ['OPERATION_ADDED info DELETE /baskets/{id}'] },
    { name: 'a media type removed from a request', after: oas((d) => { items(d).requestBody.content = { 'application/xml': items(d).requestBody.content['application/json'] }; }), expected: ['REQUEST_MEDIA_TYPE_REMOVED breaking PUT /baskets/{id}/items request body application/json', 'REQUEST_MEDIA_TYPE_ADDED info PUT /baskets/{id}/items request body application/xml'] },
    { name: 'a response made looser: a new value clients do not know', after: oas((d) => (d.components.schemas.Basket.properties.id = { type: ['string'], enum: undefined })), expected: [] },
    { name: 'a response field added to a closed model', after: oas((d) => (d.components.schemas.Basket.properties.total = { type: 'number' })), expected: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL breaking GET /baskets/{id} response 200 application/json #/properties/total'] },
    { name: 'a response field made nullable (OpenAPI 3.0 nullable)', after: oas((d) => (d.components.schemas.Basket.properties.id.nullable = true)), expected: ['TYPE_CHANGED breaking GET /baskets/{id} response 200 application/json #/properties/id'] },
    { name: 'array → object is breaking', after: oas((d) => (d.components.schemas.Basket.properties.items = { type: 'object', additionalProperties: { $ref: '#/components/schemas/Item' } })), expected: ['TYPE_CHANGED breaking GET /baskets/{id} response 200 application/json #/properties/items'] },
    { name: 'a success status removed', after: oas((d) => { get(d).responses = { '404': get(d).responses['404'], '204': { description: 'empty' } }; }), expected: ['RESPONSE_STATUS_REMOVED breaking GET /baskets/{id} response 200', 'RESPONSE_STATUS_ADDED info GET /baskets/{id} response 204'] },
    { name: 'an error status added', after: oas((d) => (get(d).responses['429'] = { description: 'slow down' })), expected: ['RESPONSE_STATUS_ADDED warning GET /baskets/{id} response 429'] },
    { name: 'a response media type removed', after: oas((d) => (get(d).responses['200'].content = {})), expected: ['RESPONSE_MEDIA_TYPE_REMOVED breaking GET /baskets/{id} response 200 application/json'] },
    { name: 'the server changed', after: oas((d) => (d.servers = [{ url: 'https://api.example.com/v2' }])), expected: ['SERVER_CHANGED breaking servers'] },
    { name: 'a server removed', after: oas((d) => (d.servers = [])), expected: ['SERVER_REMOVED breaking servers'] },
    { name: 'an operation deprecated', after: oas((d) => (get(d).deprecated = true)), expected: ['OPERATION_DEPRECATED warning GET /baskets/{id}'] },
  ])('$name', ({ after, expected }) => {
    expect(run('openapi', oas30, after)).toEqual(expected);
  });

  const swagger: Json = {
    swagger: '2.0',
    info: { title: 'Stores', version: '1.0.0' },
    host: 'stores.example.com',
    basePath: '/api',
    paths: {
      '/stores': {
        get: {
          parameters: [{ name: 'limit', in: 'query', type: 'integer', maximum: 100 }],
          responses: { '200': { description: 'ok', schema: { type: 'array', items: { $ref: '#/definitions/Store' } } } },
        },
        post: {
          parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Store' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    definitions: { Store: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string', minLength: 1 } } } },
  };
  test.each([
    { name: 'Swagger 2.0: a query parameter bound tightened', after: oas((d) => (d.paths['/stores'].get.parameters[0].maximum = 50), swagger), expected: ['MAXIMUM_DECREASED breaking GET /stores query parameter limit #/maximum'] },
    { name: 'Swagger 2.0: a body constraint tightened', after: oas((d) => (d.definitions.Store.properties.name.minLength = 3), swagger), expected: ['MIN_LENGTH_DECREASED info GET /stores response 200 application/json #/items/properties/name/minLength', 'MIN_LENGTH_INCREASED breaking POST /stores request body application/json #/properties/name/minLength'] },
    { name: 'Swagger 2.0: the response array became an object', after: oas((d) => (d.paths['/stores'].get.responses['200'].schema = { type: 'object', additionalProperties: { $ref: '#/definitions/Store' } }), swagger), expected: ['TYPE_CHANGED breaking GET /stores response 200 application/json #/'] },
    { name: 'Swagger 2.0: the host changed', after: oas((d) => (d.host = 'stores.example.org'), swagger), expected: ['SERVER_CHANGED breaking servers'] },
  ])('$name', ({ after, expected }) => {
    expect(run('openapi', swagger, after)).toEqual(expected);
  });

  test('OpenAPI 3.1: a type list narrowed in a request', () => {
    const v31 = oas((d) => { d.openapi = '3.1.0'; d.components.schemas.Item.properties.productId = { type: ['string', 'integer'] }; });
    const after = oas((d) => (d.components.schemas.Item.properties.productId = { type: 'string' }), v31);
    expect(run('openapi', v31, after)).toEqual([
      'SUM_TYPE_EXTENDED info GET /baskets/{id} response 200 application/json #/properties/items/items/properties/productId',
      'TYPE_CHANGED breaking PUT /baskets/{id}/items request body application/json #/properties/productId',
    ]);
  });
});

describe('AsyncAPI diffs', () => {
  /** AsyncAPI 2.6: Stores publishes StoreCreated on stores.events (subscribe) and reads commands (publish). */
  const v2: Json = {
    asyncapi: '2.6.0',
    info: { title: 'Stores', version: '1.0.0' },
    servers: { prod: { url: 'nats://nats.example.com:4222', protocol: 'nats' } },
    channels: {
      'stores.events': {
        bindings: { nats: { queue: 'stores' } },
        subscribe: { message: { oneOf: [{ $ref: '#/components/messages/StoreCreated' }, { $ref: '#/components/messages/StoreRebranded' }] } },
      },
      'stores.commands': { publish: { message: { $ref: '#/components/messages/CreateStore' } } },
    },
    components: {
      messages: {
        StoreCreated: { name: 'StoreCreated', contentType: 'application/json', payload: { $ref: '#/components/schemas/Store' } },
        StoreRebranded: { name: 'StoreRebranded', payload: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
        CreateStore: { name: 'CreateStore', payload: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, location: { type: 'string' } } } },
      },
      schemas: { Store: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } } } },
    },
  };
  const edit = (f: (d: any) => void, base: Json = v2) => oas(f, base);
  test.each([
    { name: 'no change', after: edit(() => {}), expected: [] },
    { name: 'a channel removed', after: edit((d) => delete d.channels['stores.commands']), expected: ['CHANNEL_REMOVED breaking channel stores.commands'] },
    { name: 'a message removed from what the application sends', after: edit((d) => d.channels['stores.events'].subscribe.message.oneOf.pop()), expected: ['MESSAGE_REMOVED breaking send stores.events message StoreRebranded'] },
    { name: 'a message added to what it sends', after: edit((d) => { d.components.messages.StoreClosed = { name: 'StoreClosed', payload: { type: 'object' } }; d.channels['stores.events'].subscribe.message.oneOf.push({ $ref: '#/components/messages/StoreClosed' }); }), expected: ['MESSAGE_ADDED warning send stores.events message StoreClosed'] },
    { name: 'a sent payload gains a field consumers with a closed model reject', after: edit((d) => (d.components.schemas.Store.properties.name = { type: 'string' })), expected: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL breaking send stores.events message StoreCreated payload #/properties/name'] },
    { name: 'a sent payload array became an object', after: edit((d) => (d.components.schemas.Store.properties.tags = { type: 'object' })), expected: ['TYPE_CHANGED breaking send stores.events message StoreCreated payload #/properties/tags'] },
    { name: 'a received payload made stricter', after: edit((d) => d.components.messages.CreateStore.payload.required.push('location')), expected: ['REQUIRED_ATTRIBUTE_ADDED breaking receive stores.commands message CreateStore payload #/required/location'] },
    { name: 'a received payload made looser', after: edit((d) => (d.components.messages.CreateStore.payload.required = [])), expected: ['REQUIRED_ATTRIBUTE_REMOVED info receive stores.commands message CreateStore payload #/required/name'] },
    { name: 'a content type changed', after: edit((d) => (d.components.messages.StoreCreated.contentType = 'application/x-protobuf')), expected: ['MESSAGE_CONTENT_TYPE_CHANGED breaking send stores.events message StoreCreated'] },
    { name: 'a channel binding changed', after: edit((d) => (d.channels['stores.events'].bindings.nats.queue = 'stores-v2')), expected: ['BINDING_CHANGED breaking channel stores.events nats binding'] },
    { name: 'a server changed', after: edit((d) => (d.servers.prod.url = 'nats://nats2.example.com:4222')), expected: ['SERVER_CHANGED breaking server prod'] },
    { name: 'a server removed', after: edit((d) => (d.servers = {})), expected: ['SERVER_REMOVED breaking server prod'] },
    { name: 'the application stops receiving on a channel it keeps', after: edit((d) => { d.channels['stores.commands'] = { subscribe: d.channels['stores.commands'].publish }; }), expected: ['OPERATION_REMOVED breaking receive stores.commands', 'OPERATION_ADDED info send stores.commands'] },
  ])('AsyncAPI 2.6: $name', ({ after, expected }) => {
    expect(run('asyncapi', v2, after)).toEqual(expected);
  });

  /** The same API in AsyncAPI 3.0. */
  const v3: Json = {
    asyncapi: '3.0.0',
    info: { title: 'Stores', version: '1.0.0' },
    servers: { prod: { host: 'nats.example.com:4222', protocol: 'nats' } },
    channels: {
      storeEvents: { address: 'stores.events', messages: { StoreCreated: { $ref: '#/components/messages/StoreCreated' } } },
    },
    operations: {
      publishStoreEvents: { action: 'send', channel: { $ref: '#/channels/storeEvents' }, messages: [{ $ref: '#/channels/storeEvents/messages/StoreCreated' }], bindings: { nats: { queue: 'stores' } } },
    },
    components: {
      messages: { StoreCreated: { name: 'StoreCreated', payload: { type: 'object', additionalProperties: false, properties: { id: { type: 'string' }, size: { type: 'integer' } } } } },
    },
  };
  test.each([
    { name: 'no change', after: edit(() => {}, v3), expected: [] },
    { name: 'a channel address changed', after: edit((d) => (d.channels.storeEvents.address = 'stores.events.v2'), v3), expected: ['CHANNEL_REMOVED breaking channel stores.events', 'CHANNEL_ADDED info channel stores.events.v2', 'OPERATION_ADDED info send stores.events.v2'] },
    { name: 'a sent integer became a number', after: edit((d) => (d.components.messages.StoreCreated.payload.properties.size.type = 'number'), v3), expected: ['TYPE_NARROWED breaking send stores.events message StoreCreated payload #/properties/size'] },
    { name: 'an operation binding changed', after: edit((d) => (d.operations.publishStoreEvents.bindings.nats.queue = 'x'), v3), expected: ['BINDING_CHANGED breaking send stores.events nats binding'] },
    { name: 'the server protocol version changed', after: edit((d) => (d.servers.prod.protocolVersion = '2.10'), v3), expected: ['SERVER_CHANGED breaking server prod'] },
    { name: 'the operation removed', after: edit((d) => delete d.operations.publishStoreEvents, v3), expected: ['OPERATION_REMOVED breaking send stores.events'] },
  ])('AsyncAPI 3.0: $name', ({ after, expected }) => {
    expect(run('asyncapi', v3, after)).toEqual(expected);
  });

  test('Avro payloads are compared by Avro resolution', () => {
    const avro = (fields: object[]) => ({ asyncapi: '2.6.0', info: { title: 'A', version: '1' }, channels: { orders: { subscribe: { message: { name: 'OrderPlaced', schemaFormat: 'application/vnd.apache.avro;version=1.9.0', payload: { type: 'record', name: 'OrderPlaced', fields } } } } } });
    expect(run('asyncapi', avro([{ name: 'id', type: 'string' }]), avro([{ name: 'id', type: 'long' }]))).toEqual([
      'TYPE_MISMATCH breaking send orders message OrderPlaced payload #/fields/0/type',
    ]);
  });

  test('documents of different kinds cannot be compared', () => {
    expect(diffSpecs({ type: 'openapi', document: oas30 }, { type: 'asyncapi', document: v2 }).map((c) => c.code)).toEqual(['SPEC_TYPE_CHANGED']);
  });
});
