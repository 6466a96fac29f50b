/**
 * The one typed view of an OpenAPI / AsyncAPI document (src/spec/), on small documents written for these
 * tests: each case is one place where the old readers (verify's, diff's and pact's, import's) disagreed,
 * checked against what the specifications define.
 */
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { VerifyRun } from '../../contracts/context.ts';
import { buildPath, operationsOf } from '../../contracts/openapi.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { SpecDocument } from '../../src/catalog/model.ts';
import { diffAsyncApi, diffOpenApi } from '../../src/compat/spec/index.ts';
import { serversOf } from '../../src/export/servers.ts';
import { asyncApiView, followLocal, MAX_REF_CHAIN, openApiView, responseFor } from '../../src/spec/index.ts';
import { readAsyncapi } from '../../src/import/asyncapi.ts';
import { md, writeCatalog } from '../helpers/catalog.ts';
import { verifyOptions } from '../helpers/verify.ts';

type Json = Record<string, any>;

const ok = { 200: { description: 'ok' } };
const oas = (extra: Json, paths: Json = { '/baskets': { get: { responses: ok } } }): Json => ({ openapi: '3.0.3', info: { title: 'Baskets', version: '1.0.0' }, ...extra, paths });
const swagger = (extra: Json, paths: Json = { '/baskets': { get: { responses: ok } } }): Json => ({ swagger: '2.0', info: { title: 'Baskets', version: '1.0.0' }, ...extra, paths });
const spec = (document: Json, type: SpecDocument['type'] = 'openapi'): SpecDocument => ({
  file: 'services/Baskets/openapi.json', type, specVersion: String(document.openapi ?? document.swagger ?? document.asyncapi), title: 'Baskets', document,
});

describe('base path and servers', () => {
  test.each([
    ['3.x: server variables take their defaults', oas({ servers: [{ url: 'https://{host}/{version}', variables: { host: { default: 'api.example' }, version: { default: 'v1', enum: ['v1', 'v2'] } } }] }), '/v1', ['https://api.example/v1']],
    ['3.x: a relative server URL is a path, its trailing slash dropped', oas({ servers: [{ url: '/api/' }] }), '/api', ['/api/']],
    ['3.x: no servers means the server /', oas({}), '', []],
    ['3.x: a server at the root', oas({ servers: [{ url: 'https://api.example/' }] }), '', ['https://api.example/']],
    ['3.x: several servers: the first one', oas({ servers: [{ url: 'https://a.example/api' }, { url: 'https://b.example/other' }] }), '/api', ['https://a.example/api', 'https://b.example/other']],
    ['2.0: schemes × host + basePath, trailing slash dropped', swagger({ host: 'api.example', basePath: '/v1/', schemes: ['http', 'https'] }), '/v1', ['http://api.example/v1', 'https://api.example/v1']],
    ['2.0: no basePath means /', swagger({ host: 'api.example' }), '', ['https://api.example']],
    ['2.0: no host: a relative server', swagger({ basePath: '/v1' }), '/v1', ['/v1']],
    ['2.0: neither host nor basePath: no server declared', swagger({}), '', []],
  ])('%s', (_name, doc, basePath, expanded) => {
    const view = openApiView(doc);
    expect(view.basePath).toBe(basePath);
    expect(view.servers.map((s) => s.expanded)).toEqual(expanded);
    expect(view.operations[0].fullPath).toBe(`${basePath}/baskets`);
  });

  test('an operation\'s own servers, else its path item\'s, replace the document\'s', () => {
    const view = openApiView(oas({ servers: [{ url: '/v1' }] }, {
      '/baskets': { servers: [{ url: '/items-api' }], get: { responses: ok }, post: { servers: [{ url: 'https://write.example/w' }, { url: '/w2' }], responses: ok } },
      '/stores': { get: { responses: ok } },
    }));
    expect(view.operations.map((op) => [op.method, op.fullPath, op.basePaths])).toEqual([
      ['get', '/items-api/baskets', ['/items-api']],
      ['post', '/w/baskets', ['/w', '/w2']],
      ['get', '/v1/stores', ['/v1']],
    ]);
  });

  test('verify, pact and diff now agree on where a document\'s operations are (they used to differ)', () => {
    // Old readers: verify took '/v1' (first server, variables expanded), pact took '/{version}' (no
    // expansion), and diff compared the URL as written, so moving the default to v2 was no change at all.
    const before = oas({ servers: [{ url: 'https://{host}/{version}', variables: { host: { default: 'api.example' }, version: { default: 'v1' } } }] });
    const after = structuredClone(before);
    after.servers[0].variables.version.default = 'v2';
    const verified = operationsOf(spec(before));
    expect(verified.map((op) => buildPath(op, {}))).toEqual(openApiView(before).operations.map((op) => op.fullPath));
    expect(verified[0].basePath).toBe('/v1');
    expect(operationsOf(spec(after))[0].basePath).toBe('/v2');
    expect(diffOpenApi(before, after).map((c) => `${c.code} ${c.message}`)).toEqual(['SERVER_CHANGED Server https://api.example/v1 is now https://api.example/v2.']);
    // Two servers: verify used the first server's path, pact none; both read the view now.
    const two = oas({ servers: [{ url: 'https://a.example/api' }, { url: 'https://b.example/api' }] });
    expect(operationsOf(spec(two))[0].basePath).toBe('/api');
    expect(openApiView(two).operations[0].basePaths).toEqual(['/api']);
    // Swagger 2.0 without a basePath: verify said '/', diff and pact ''; one answer now, and one path.
    const bare = swagger({ host: 'api.example' });
    expect(buildPath(operationsOf(spec(bare))[0], {})).toBe('/baskets');
  });
});

describe('operations', () => {
  test('operation parameters replace path-item ones by location and name (header names case-insensitively)', () => {
    const doc = oas({ components: { parameters: { Trace: { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } } } } }, {
      '/baskets/{id}': {
        parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }, { $ref: '#/components/parameters/Trace' }, { name: 'limit', in: 'query', schema: { type: 'integer' } }],
        get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }, { name: 'x-trace', in: 'header', schema: { type: 'string' } }], responses: ok },
      },
    });
    const [op] = openApiView(doc).operations;
    expect(op.parameters.map((p) => [p.in, p.name, p.required, (p.schema.value as Json).type, p.pointer.join('/')])).toEqual([
      ['path', 'id', true, 'integer', 'paths//baskets/{id}/get/parameters/0'],
      ['header', 'x-trace', false, 'string', 'paths//baskets/{id}/get/parameters/1'],
      ['query', 'limit', false, 'integer', 'paths//baskets/{id}/parameters/2'],
    ]);
  });

  test('a $ref\'d path item (3.1 components/pathItems) is followed, its operations located where they are written', () => {
    const doc = {
      openapi: '3.1.0', info: { title: 'Baskets', version: '1.0.0' },
      components: { pathItems: { Baskets: { get: { operationId: 'listBaskets', responses: ok } } } },
      paths: { '/baskets': { $ref: '#/components/pathItems/Baskets', post: { operationId: 'addBasket', responses: ok } }, '/missing': { $ref: '#/components/pathItems/Nope' } },
    };
    const ops = openApiView(doc).operations;
    expect(ops.map((op) => [op.operationId, op.path, op.pointer.join('/')])).toEqual([
      ['listBaskets', '/baskets', 'components/pathItems/Baskets/get'],
      ['addBasket', '/baskets', 'paths//baskets/post'],
    ]);
    // Verify and diff see the same operations.
    expect(operationsOf(spec(doc)).map((op) => op.operationId)).toEqual(['listBaskets', 'addBasket']);
    expect(diffOpenApi(doc, { ...doc, paths: {} }).map((c) => `${c.code} ${c.where}`)).toEqual(['OPERATION_REMOVED GET /baskets', 'OPERATION_REMOVED POST /baskets']);
  });

  test('callbacks and 3.1 webhooks are operations of their own kind, after the operation they belong to', () => {
    const doc = {
      openapi: '3.1.0', info: { title: 'Baskets', version: '1.0.0' },
      paths: { '/subscriptions': { post: { operationId: 'subscribe', responses: ok, callbacks: { basketChanged: { '{$request.body#/url}': { post: { operationId: 'notify', responses: ok } } } } } } },
      webhooks: { basketCheckedOut: { post: { operationId: 'checkedOut', responses: ok } } },
    };
    const ops = openApiView(doc).operations;
    expect(ops.map((op) => [op.kind, op.operationId, op.path, op.callback?.name])).toEqual([
      ['path', 'subscribe', '/subscriptions', undefined],
      ['callback', 'notify', '{$request.body#/url}', 'basketChanged'],
      ['webhook', 'checkedOut', 'basketCheckedOut', undefined],
    ]);
    expect(ops[1].callback?.parent).toEqual(['paths', '/subscriptions', 'post']);
    // Only path operations are called by verify.
    expect(operationsOf(spec(doc)).map((op) => op.operationId)).toEqual(['subscribe']);
  });

  test('responses: x- keys are not responses, $refs and headers are followed, the exact status wins over its range', () => {
    const doc = oas({ components: { responses: { NotFound: { description: 'gone', content: { 'application/problem+json': { schema: { type: 'object' } } } } }, headers: { Rate: { required: true, schema: { type: 'integer' } } } } }, {
      '/baskets': {
        get: {
          responses: {
            200: { description: 'ok', headers: { 'X-Rate': { $ref: '#/components/headers/Rate' } }, content: { 'text/plain': {}, 'application/json': { schema: { type: 'array' }, examples: { one: { value: [1] } } } } },
            '4XX': { description: 'client' },
            404: { $ref: '#/components/responses/NotFound' },
            default: { description: 'other' },
            'x-internal': { description: 'not a response' },
          },
        },
      },
    });
    const [op] = openApiView(doc).operations;
    expect([...op.responses.keys()]).toEqual(['200', '404', '4XX', 'default']);
    expect(op.responses.get('200')?.headers.map((h) => [h.name, h.required])).toEqual([['X-Rate', true]]);
    expect(op.responses.get('200')?.content.get('application/json')?.examples).toEqual([[1]]);
    expect(op.responses.get('200')?.content.get('text/plain')?.hasSchema).toBe(false);
    expect(op.responses.get('404')?.pointer).toEqual(['components', 'responses', 'NotFound']);
    expect([404, 409, 500].map((s) => responseFor(op.responses, s)?.status)).toEqual(['404', '4XX', 'default']);
    const verified = operationsOf(spec(doc))[0];
    expect(verified.responses.find((r) => r.status === '200')).toMatchObject({ requiredHeaders: ['X-Rate'], schemaAt: ['paths', '/baskets', 'get', 'responses', '200', 'content', 'application/json', 'schema'] });
  });
});

describe('Swagger 2.0 consumes and produces', () => {
  const body = { name: 'basket', in: 'body', required: true, schema: { type: 'object' } };
  test('an operation\'s list replaces the document\'s; an empty list clears it (JSON is assumed)', () => {
    const doc = swagger({ consumes: ['application/xml'], produces: ['application/xml'] }, {
      '/a': { post: { parameters: [body], responses: { 200: { description: 'ok', schema: { type: 'object' } } } } },
      '/b': { post: { consumes: ['application/json'], produces: ['application/json', 'text/csv'], parameters: [body], responses: { 200: { description: 'ok', schema: { type: 'object' } } } } },
      '/c': { post: { consumes: [], produces: [], parameters: [body], responses: { 200: { description: 'ok', schema: { type: 'object' } } } } },
    });
    expect(openApiView(doc).operations.map((op) => [op.path, [...op.requestBody!.content.keys()], [...op.responses.get('200')!.content.keys()]])).toEqual([
      ['/a', ['application/xml'], ['application/xml']],
      ['/b', ['application/json'], ['application/json', 'text/csv']],
      ['/c', ['application/json'], ['application/json']],
    ]);
    expect(operationsOf(spec(doc)).map((op) => op.body?.contentType)).toEqual([undefined, 'application/json', 'application/json']);
  });

  test('formData parameters are a form body, of the form media type the operation consumes', () => {
    const doc = swagger({ consumes: ['application/json', 'multipart/form-data'] }, {
      '/upload': { post: { parameters: [{ name: 'file', in: 'formData', type: 'file', required: true }, { name: 'note', in: 'formData', type: 'string' }], responses: ok } },
      '/form': { post: { consumes: ['application/json'], parameters: [{ name: 'q', in: 'formData', type: 'string' }], responses: ok } },
    });
    const [upload, form] = openApiView(doc).operations;
    expect([...upload.requestBody!.content.keys()]).toEqual(['multipart/form-data']);
    expect(upload.requestBody!.required).toBe(true);
    expect(upload.requestBody!.content.get('multipart/form-data')!.schema.value).toEqual({ type: 'object', properties: { file: { type: 'file' }, note: { type: 'string' } }, required: ['file'] });
    expect(upload.parameters).toEqual([]);
    expect([...form.requestBody!.content.keys()]).toEqual(['application/x-www-form-urlencoded']);
  });
});

describe('local $ref following', () => {
  test('follows a chain to its target, with the target\'s pointer and name (escaped segments decoded)', () => {
    const doc = { components: { schemas: { 'a/b': { $ref: '#/components/schemas/Final' }, Final: { type: 'string' } } } };
    expect(followLocal(doc, { $ref: '#/components/schemas/a~1b' }, ['x'])).toEqual({ value: { type: 'string' }, pointer: ['components', 'schemas', 'Final'], name: 'Final' });
    expect(followLocal(doc, { type: 'integer' }, ['x'])).toEqual({ value: { type: 'integer' }, pointer: ['x'] });
  });

  test('a cycle, a reference to nothing and a chain too long stop at the reference, and say why', () => {
    const cyclic = { a: { $ref: '#/b' }, b: { $ref: '#/a' } };
    expect(followLocal(cyclic, { $ref: '#/a' }, ['x'])).toMatchObject({ problem: 'cycle' });
    expect(followLocal({}, { $ref: '#/nothing' }, ['x'])).toEqual({ value: { $ref: '#/nothing' }, pointer: ['x'], problem: 'missing' });
    const long: Json = {};
    for (let i = 0; i <= MAX_REF_CHAIN + 1; i++) long[`n${i}`] = { $ref: `#/n${i + 1}` };
    long[`n${MAX_REF_CHAIN + 2}`] = { type: 'string' };
    expect(followLocal(long, { $ref: '#/n0' }, [])).toMatchObject({ problem: 'too-deep' });
    // A document whose path item refers to itself still gives a view.
    expect(openApiView(oas({}, { '/loop': { $ref: '#/paths/~1loop' } })).operations).toEqual([]);
  });
});

describe('AsyncAPI', () => {
  test('2.x servers: host and pathname from the URL, variables at their defaults, the protocol as scheme', () => {
    const doc = {
      asyncapi: '2.6.0', info: { title: 'Stores', version: '1.0.0' },
      components: { securitySchemes: { user: { type: 'userPassword' } } },
      servers: {
        prod: { url: 'broker.example:{port}/vhost', protocol: 'amqp', variables: { port: { default: '5672' } }, security: [{ user: [] }] },
        open: { url: 'nats://{host}:4222', protocol: 'nats', variables: { host: { description: 'no default' } } },
      },
      channels: {},
    };
    const [prod, open] = asyncApiView(doc).servers;
    expect(prod).toMatchObject({ host: 'broker.example:{port}', pathname: '/vhost', connectUrl: 'amqp://broker.example:5672/vhost', security: ['user'] });
    expect(open.connectUrl).toBeUndefined();
    expect(serversOf([spec(doc, 'asyncapi')]).servers).toEqual({
      prod: { host: 'broker.example:{port}', protocol: 'amqp', pathname: '/vhost', variables: { port: { default: '5672' } }, security: [{ $ref: '#/components/securitySchemes/user' }] },
      open: { host: '{host}:4222', protocol: 'nats', variables: { host: { description: 'no default' } } },
    });
  });

  test('diff and verify agree on where a server is: a variable\'s new default is a changed server', () => {
    const before = { asyncapi: '3.0.0', info: { title: 'Stores', version: '1.0.0' }, servers: { prod: { host: '{env}.nats.example:4222', protocol: 'nats', variables: { env: { default: 'blue' } } } } };
    const after = structuredClone(before);
    after.servers.prod.variables.env.default = 'green';
    expect(asyncApiView(after).servers[0].connectUrl).toBe('nats://green.nats.example:4222');
    expect(diffAsyncApi(before, after).map((c) => `${c.code} ${c.message}`)).toEqual(['SERVER_CHANGED Server prod changed: nats nats://blue.nats.example:4222 → nats nats://green.nats.example:4222.']);
  });

  test('3.x: channels by address, operations with their messages, replies and servers', () => {
    const doc = {
      asyncapi: '3.0.0', info: { title: 'Stores', version: '1.0.0' },
      servers: { prod: { host: 'nats.example:4222', protocol: 'nats' } },
      channels: {
        ask: { address: 'stores.ask', servers: [{ $ref: '#/servers/prod' }], messages: { Ask: { $ref: '#/components/messages/Ask' } } },
        answer: { address: null, messages: { Answer: { name: 'Answer', payload: { type: 'object' } } } },
      },
      operations: {
        askStore: { action: 'send', channel: { $ref: '#/channels/ask' }, reply: { $ref: '#/components/replies/Answer' } },
        hear: { action: 'receive', channel: { $ref: '#/channels/ask' }, messages: [{ $ref: '#/channels/ask/messages/Ask' }] },
      },
      components: {
        messages: { Ask: { payload: { type: 'string' }, correlationId: { $ref: '#/components/correlationIds/byId' } } },
        correlationIds: { byId: { location: '$message.header#/id' } },
        replies: { Answer: { channel: { $ref: '#/channels/answer' } } },
      },
    };
    const view = asyncApiView(doc);
    expect(view.channels.map((c) => [c.id, c.address, [...c.messages.keys()], c.servers])).toEqual([['ask', 'stores.ask', ['Ask'], ['prod']], ['answer', 'answer', ['Answer'], []]]);
    const [ask, hear] = view.operations;
    expect([ask.action, ask.address, [...ask.messages.keys()]]).toEqual(['send', 'stores.ask', ['Ask']]);
    expect(ask.messages.get('Ask')?.correlationId).toEqual({ location: '$message.header#/id' });
    expect(ask.reply).toMatchObject({ channelId: 'answer', address: 'answer', pointer: ['components', 'replies', 'Answer'] });
    expect([...ask.reply!.messages.keys()]).toEqual(['Answer']);
    expect([hear.action, [...hear.messages.keys()], hear.messages.get('Ask')?.pointer]).toEqual(['receive', ['Ask'], ['components', 'messages', 'Ask']]);
    expect(view.servers[0]).toMatchObject({ url: 'nats://nats.example:4222', connectUrl: 'nats://nats.example:4222' });
  });
});

describe('AsyncAPI messages and operations as import reads them', () => {
  const info = { title: 'Lamps', version: '1.0.0' };

  test('2.x traits are merged into the message and operation in order, each trait over what came before', () => {
    const doc = {
      asyncapi: '2.6.0', info,
      channels: {
        'lamp/on': {
          subscribe: {
            operationId: 'lampOn', summary: 'own summary', traits: [{ $ref: '#/components/operationTraits/kafka' }, { summary: 'trait summary' }],
            message: { $ref: '#/components/messages/LampOn' },
          },
        },
      },
      components: {
        operationTraits: { kafka: { title: 'From a trait', bindings: { kafka: { clientId: 'lamps' } } } },
        messageTraits: { common: { headers: { type: 'object', properties: { id: { type: 'string' } } }, contentType: 'application/avro', correlationId: { location: '$message.header#/id' } } },
        messages: { LampOn: { contentType: 'application/json', traits: [{ $ref: '#/components/messageTraits/common' }], payload: { type: 'object' } } },
      },
    };
    const [op] = asyncApiView(doc).operations;
    expect(op).toMatchObject({ operationId: 'lampOn', title: 'From a trait', summary: 'trait summary', bindings: { kafka: { clientId: 'lamps' } } });
    const lampOn = op.messages.get('LampOn')!;
    expect(lampOn).toMatchObject({ componentName: 'LampOn', anonymous: false, contentType: 'application/avro', correlationId: { location: '$message.header#/id' } });
    expect(lampOn.headers?.value).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
    // The written document is not changed by reading it.
    expect(doc.components.messages.LampOn.contentType).toBe('application/json');
  });

  test('3.x traits: the object\'s own fields win over its traits; a trait\'s fields the object lacks are added', () => {
    const doc = {
      asyncapi: '3.0.0', info,
      channels: { lamps: { address: 'lamps', messages: { LampOn: { name: 'LampOn', contentType: 'application/json', traits: [{ contentType: 'text/plain', title: 'Lamp on', headers: { type: 'object' } }], payload: { type: 'object' } } } } },
      operations: { sendLamp: { action: 'send', channel: { $ref: '#/channels/lamps' }, summary: 'mine', traits: [{ summary: 'theirs', description: 'from the trait' }] } },
    };
    const [op] = asyncApiView(doc).operations;
    expect(op).toMatchObject({ operationId: 'sendLamp', summary: 'mine', description: 'from the trait', channelId: 'lamps' });
    expect(op.messages.get('LampOn')).toMatchObject({ contentType: 'application/json', title: 'Lamp on', headers: { value: { type: 'object' } } });
  });

  test('unnamed messages are named after their operation, else their channel; several get -1, -2', () => {
    const doc = {
      asyncapi: '2.6.0', info,
      channels: {
        'lamp/on': { publish: { operationId: 'hearLamp', message: { oneOf: [{ payload: { type: 'string' } }, { payload: { type: 'integer' } }] } } },
        'lamp/off': { subscribe: { message: { payload: { type: 'string' } } } },
        'lamp/dim': { subscribe: { message: { title: 'Dim', payload: { type: 'string' } } } },
      },
    };
    const view = asyncApiView(doc);
    expect(view.operations.map((o) => [...o.messages.values()].map((m) => [m.key, m.anonymous]))).toEqual([
      [['hearLamp-1', true], ['hearLamp-2', true]],
      [['lamp/off', true]],
      [['Dim', false]],
    ]);
    expect(view.messages.map((m) => m.key)).toEqual(['hearLamp-1', 'hearLamp-2', 'lamp/off', 'Dim']);
  });

  test('schema formats: 2.x schemaFormat, 3.x multi-format payloads, and the default when none is written', () => {
    const avro = { type: 'record', name: 'Lamp', fields: [] };
    const v2 = asyncApiView({
      asyncapi: '2.6.0', info,
      channels: { a: { publish: { message: { name: 'A', schemaFormat: 'application/vnd.apache.avro;version=1.9.0', payload: avro } } }, b: { publish: { message: { name: 'B', payload: { type: 'string' } } } } },
    });
    expect(v2.messages.map((m) => [m.key, m.schemaFormat])).toEqual([['A', 'application/vnd.apache.avro;version=1.9.0'], ['B', 'application/vnd.aai.asyncapi;version=2.6.0']]);
    const v3 = asyncApiView({
      asyncapi: '3.0.0', info,
      channels: { c: { messages: { C: { payload: { schemaFormat: 'application/schema+json;version=draft-07', schema: { type: 'object' } }, examples: [{ payload: { on: true } }, { headers: {} }] } } } },
    });
    const [c] = v3.messages;
    expect(c).toMatchObject({ key: 'C', componentName: 'C', schemaFormat: 'application/schema+json;version=draft-07', payload: { value: { type: 'object' }, pointer: ['channels', 'c', 'messages', 'C', 'payload', 'schema'] } });
    expect(c.examples).toEqual([{ on: true }]);
  });

  test('3.x replies: a reply channel\'s messages, or the messages listed, named after the operation; the address location kept', () => {
    const doc = {
      asyncapi: '3.0.0', info,
      channels: {
        ask: { address: 'lamps.ask', messages: { Ask: { name: 'Ask', payload: { type: 'string' } } } },
        answers: { address: null, messages: { Answer: { payload: { type: 'string' } }, Other: { payload: { type: 'integer' } } } },
      },
      operations: {
        askLamp: { action: 'send', channel: { $ref: '#/channels/ask' }, reply: { address: { location: '$message.header#/replyTo' }, channel: { $ref: '#/channels/answers' }, messages: [{ $ref: '#/channels/answers/messages/Answer' }] } },
        askAny: { action: 'receive', channel: { $ref: '#/channels/ask' }, reply: { address: { location: '$message.header#/replyTo' }, messages: [{ payload: { type: 'boolean' } }] } },
      },
    };
    const [askLamp, askAny] = asyncApiView(doc).operations;
    expect(askLamp.reply).toMatchObject({ channelId: 'answers', address: 'answers', location: '$message.header#/replyTo' });
    expect([...askLamp.reply!.messages.keys()]).toEqual(['Answer']);
    expect(askAny.reply).toMatchObject({ address: '$message.header#/replyTo', location: '$message.header#/replyTo' });
    expect([...askAny.reply!.messages.values()].map((m) => [m.key, m.anonymous])).toEqual([['askAnyReply', true]]);
  });

  test('a document @asyncapi/parser resolved reads as the written one: channels and components by the parser\'s names', async () => {
    const text = stringify({
      asyncapi: '3.0.0', info,
      channels: { lamps: { address: 'lamps.on', messages: { LampOn: { $ref: '#/components/messages/LampOn' } } } },
      operations: { sendLamp: { action: 'send', channel: { $ref: '#/channels/lamps' }, messages: [{ $ref: '#/channels/lamps/messages/LampOn' }] } },
      components: { messages: { LampOn: { payload: { type: 'object' }, traits: [{ title: 'Lamp on' }] } } },
    });
    const read = await readAsyncapi('lamps.asyncapi.yaml', text, (await import('yaml')).parse(text));
    expect(read.service?.sends.map((s) => [s.message, s.channels])).toEqual([['LampOn', ['lamps']]]);
    expect(read.service?.messages.map((m) => [m.id, m.name])).toEqual([['LampOn', 'Lamp on']]);
  });
});

test('a view is read once per document', () => {
  const doc = oas({});
  expect(openApiView(doc)).toBe(openApiView(doc));
  expect(openApiView(spec(doc))).toBe(openApiView(doc));
  const async = { asyncapi: '3.0.0', info: { title: 't', version: '1' } };
  expect(asyncApiView(async)).toBe(asyncApiView(spec(async, 'asyncapi')));
});

describe('verify reads a service\'s AsyncAPI servers through the view', async () => {
  const catalog = await loadCatalog(await writeCatalog({
    'teams/core.md': md({ id: 'core', name: 'Core' }),
    'channels/stores.events/index.md': md({ id: 'stores.events', version: '1.0.0', owners: ['core'], address: 'stores.events' }),
    'services/Stores/index.md': md({ id: 'Stores', version: '1.0.0', owners: ['core'], specifications: { asyncapiPath: 'asyncapi.yaml' } }),
    'services/Stores/asyncapi.yaml': stringify({
      asyncapi: '3.0.0', info: { title: 'Stores', version: '1.0.0' },
      servers: { prod: { host: 'verifier:s3cret-pass@{env}.nats.example:4222', protocol: 'nats', variables: { env: { default: 'blue' } } } },
    }),
  }));
  test('the broker URL is the server\'s, its variables at their defaults, and its password is a secret of the run', () => {
    const run = new VerifyRun(catalog, verifyOptions());
    const plan = run.planChannel(catalog.channels()[0], catalog.services()[0]);
    expect(plan).toMatchObject({ protocol: 'nats', url: 'nats://verifier:s3cret-pass@blue.nats.example:4222' });
    expect(run.redact('could not log in with s3cret-pass')).toBe('could not log in with ***');
  });
});

test('import reads a channel\'s servers through the view: a channel on one server has that server\'s protocol only', async () => {
  const doc = {
    asyncapi: '3.0.0', info: { title: 'Stores', version: '1.0.0' },
    servers: { events: { host: 'nats.example:4222', protocol: 'nats' }, stream: { host: 'kafka.example:9092', protocol: 'kafka' } },
    channels: {
      onKafka: { address: 'stores.kafka', servers: [{ $ref: '#/servers/stream' }], messages: { A: { name: 'A', payload: { type: 'object' } } } },
      everywhere: { address: 'stores.all', messages: { B: { name: 'B', payload: { type: 'object' } } } },
    },
    operations: { a: { action: 'send', channel: { $ref: '#/channels/onKafka' } }, b: { action: 'send', channel: { $ref: '#/channels/everywhere' } } },
  };
  const text = JSON.stringify(doc);
  const { service } = await readAsyncapi('stores.asyncapi.json', text, doc);
  expect(service?.channels.map((c) => [c.address, c.protocols])).toEqual([['stores.kafka', ['kafka']], ['stores.all', ['kafka', 'nats']]]);
});
