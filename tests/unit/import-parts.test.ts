/**
 * The pure parts of the importer: safe ids, `$ref` inlining with recursion, OpenAPI schema keywords to
 * JSON Schema, and frontmatter edits that keep everything else byte for byte.
 */
import { describe, expect, test } from 'vitest';
import { editFrontmatter, markdownFile } from '../../src/import/frontmatter-edit.ts';
import { IdAllocator, toSafeChannelId, toSafeId } from '../../src/import/ids.ts';
import { toJsonSchema } from '../../src/import/openapi-schema.ts';
import { inlineRefs, plainSchema } from '../../src/import/schema-bundle.ts';

describe('safe ids', () => {
  test.each([
    ['StoreCreated', 'StoreCreated'],
    ['storesapi.StoreCreatedEvent', 'storesapiStoreCreatedEvent'],
    ['$orderPlaced', 'orderPlaced'],
    ['Light measured', 'LightMeasured'],
    ['Turn on/off', 'TurnOnOff'],
    ['get /pets/{petId}', 'getPetsPetId'],
    ['order_placed-v2', 'order_placed-v2'],
    ['$$$', 'unnamed'],
  ])('message %j → %j', (name, id) => expect(toSafeId(name)).toBe(id));

  test.each([
    ['mallbots.stores.events.Store', 'mallbots.stores.events.Store'],
    ['smartylighting/streetlights/1/0/event/{streetlightId}/lighting/measured', 'smartylighting.streetlights.1.0.event.streetlightId.lighting.measured'],
    ['/orders//created/', 'orders.created'],
  ])('channel %j → %j', (name, id) => expect(toSafeChannelId(name)).toBe(id));

  test('the allocator gives one name one id, and two names that collide different ids', () => {
    const ids = new IdAllocator();
    expect(ids.allocate('a.b')).toBe('aB');
    expect(ids.allocate('a b')).toBe('aB-2');
    expect(ids.allocate('a.b')).toBe('aB');
  });
});

describe('$ref inlining', () => {
  const doc = {
    components: {
      schemas: {
        Id: { type: 'string', minLength: 1 },
        Node: { type: 'object', properties: { id: { $ref: '#/components/schemas/Id' }, next: { $ref: '#/components/schemas/Node' } }, example: { $ref: 'not a ref' } },
      },
    },
  };

  test('local refs are inlined; recursion becomes a definition; data keywords are copied as they are', () => {
    expect(inlineRefs({ $ref: '#/components/schemas/Node' }, doc, { defsKey: 'definitions' })).toEqual({
      type: 'object',
      properties: { id: { type: 'string', minLength: 1 }, next: { $ref: '#/definitions/Node' } },
      example: { $ref: 'not a ref' },
      definitions: {
        Node: { type: 'object', properties: { id: { type: 'string', minLength: 1 }, next: { $ref: '#/definitions/Node' } }, example: { $ref: 'not a ref' } },
      },
    });
  });

  test('refs that leave the document or point at nothing are reported and become empty schemas', () => {
    const problems: unknown[] = [];
    const result = inlineRefs({ properties: { a: { $ref: 'other.yaml#/X' }, b: { $ref: '#/components/schemas/Missing' } } }, doc, { defsKey: '$defs', onProblem: (p) => problems.push(p) });
    expect(result).toEqual({ properties: { a: {}, b: {} } });
    expect(problems).toEqual([{ ref: 'other.yaml#/X', reason: 'external' }, { ref: '#/components/schemas/Missing', reason: 'unresolvable' }]);
  });

  test('a parser-dereferenced schema with an object cycle becomes plain JSON with a definition', () => {
    const node: Record<string, unknown> = { type: 'object', 'x-parser-schema-id': 'Node' };
    node.properties = { next: node };
    expect(plainSchema(node, { defsKey: 'definitions' })).toEqual({
      type: 'object',
      properties: { next: { $ref: '#/definitions/Node' } },
      definitions: { Node: { type: 'object', properties: { next: { $ref: '#/definitions/Node' } } } },
    });
  });
});

describe('OpenAPI schemas to JSON Schema', () => {
  test('2.0/3.0 keywords: nullable, x-nullable, example, boolean exclusive bounds, file', () => {
    expect(
      toJsonSchema(
        {
          type: 'object',
          properties: {
            a: { type: 'string', nullable: true, example: 'x' },
            b: { type: 'integer', minimum: 0, exclusiveMinimum: true },
            c: { type: 'string', enum: ['x'], 'x-nullable': true },
            d: { type: 'file' },
            example: { type: 'string' },
          },
        },
        true,
      ),
    ).toEqual({
      type: 'object',
      properties: {
        a: { type: ['string', 'null'], examples: ['x'] },
        b: { type: 'integer', exclusiveMinimum: 0 },
        c: { type: ['string', 'null'], enum: ['x', null] },
        d: { type: 'string', format: 'binary' },
        example: { type: 'string' },
      },
    });
  });

  test('3.1 schemas are JSON Schema already: only example moves to examples', () => {
    expect(toJsonSchema({ type: ['string', 'null'], example: 'x', exclusiveMinimum: 1 }, false)).toEqual({ type: ['string', 'null'], examples: ['x'], exclusiveMinimum: 1 });
  });
});

describe('frontmatter edits', () => {
  const text = '---\n# a comment the author wrote\nid: A\nversion: 1.0.0  # pinned\nbadges: [ { content: Core } ]\n---\n\nBody with --- and *markdown*.\n';

  test('only the named fields change; comments, other fields and the body stay', () => {
    const edited = editFrontmatter(text, { version: '2.0.0', summary: 'New', badges: undefined });
    expect(edited).toBe('---\n# a comment the author wrote\nid: A\nversion: 2.0.0 # pinned\nsummary: New\n---\n\nBody with --- and *markdown*.\n');
  });

  test('new files', () => {
    expect(markdownFile({ id: 'A', version: '1.0.0' }, '\nBody\n')).toBe('---\nid: A\nversion: 1.0.0\n---\n\nBody\n');
  });
});

describe('documents cannot choose paths', () => {
  test('unsafe pinned ids and response keys are not used as folder or file names', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { readSpecDocument } = await import('../../src/import/read-document.ts');
    const dir = await mkdtemp(path.join(tmpdir(), 'waybill-unsafe-'));
    const asyncapi = path.join(dir, 'a.yaml');
    await writeFile(asyncapi, "asyncapi: 3.0.0\ninfo: { title: A, version: 1.0.0, x-waybill-id: '../evil' }\nchannels:\n  c:\n    address: c\n    messages:\n      m: { name: m, x-waybill-id: '../../x', payload: { type: object } }\noperations:\n  o:\n    action: send\n    channel: { $ref: '#/channels/c' }\n    messages: [ { $ref: '#/channels/c/messages/m' } ]\n");
    const a = await readSpecDocument(asyncapi, 'asyncapi');
    expect(a.service?.id).toBe('A');
    expect(a.service?.messages.map((m) => m.id)).toEqual(['m']);
    const openapi = path.join(dir, 'o.yaml');
    await writeFile(openapi, "openapi: 3.0.3\ninfo: { title: O, version: 1.0.0 }\npaths:\n  /x:\n    get:\n      operationId: getX\n      x-eventcatalog-message-id: ../y\n      responses:\n        '../../z': { description: no, content: { application/json: { schema: { type: object } } } }\n        '200': { description: ok }\n");
    const o = await readSpecDocument(openapi, 'openapi');
    expect(o.service?.messages.map((m) => [m.id, m.responses?.map((r) => r.status)])).toEqual([['getX', ['200']]]);
    expect(o.diagnostics.map((d) => d.code)).toContain('import-response-skipped');
  });
});
