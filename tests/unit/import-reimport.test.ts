/**
 * Re-importing: idempotent (nothing written, files byte-identical), versioned (a changed message gets a
 * new version, the old one moves to versioned/<version>/), hand-written bodies and fields kept,
 * `--dry-run` writes nothing, and a service with an AsyncAPI and an OpenAPI document keeps both.
 */
import path from 'node:path';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Message, Service } from '../../src/catalog/model.ts';
import { importDocument } from '../../src/import/index.ts';
import { errors, FIXTURES, importInto, lint, REFERENCE, snapshot, tempDir } from '../helpers/import.ts';

describe('re-import is idempotent', () => {
  test.each([
    ['mallbots-stores.asyncapi.yaml', 'asyncapi'],
    ['streetlights-kafka.asyncapi-3.0.0.yaml', 'asyncapi'],
    ['mallbots-stores.swagger.json', 'openapi'],
  ] as const)('%s: the second import changes nothing', async (file, kind) => {
    const root = await tempDir();
    await importInto(root, path.join(REFERENCE, file), kind, { owners: ['core'], domain: 'Shop' });
    const before = await snapshot(root);
    const again = await importInto(root, path.join(REFERENCE, file), kind, { owners: ['core'], domain: 'Shop' });
    expect(again.plan.operations).toEqual([]);
    expect(again.plan.changes.every((c) => c.action === 'unchanged')).toBe(true);
    expect(await snapshot(root)).toEqual(before);
  });
});

describe('--dry-run', () => {
  test('plans the import and writes nothing', async () => {
    const root = await tempDir();
    const result = await importDocument(root, path.join(REFERENCE, 'mallbots-stores.asyncapi.yaml'), 'asyncapi', { dryRun: true });
    expect(result.plan?.changes.filter((c) => c.action === 'create' && c.kind !== 'schema')).toHaveLength(12);
    expect(result.plan?.changes.filter((c) => c.action === 'create' && c.kind === 'schema').map((c) => c.id)).toEqual(['StoreId', 'ProductId']);
    expect(await snapshot(root)).toEqual({});
  });
});

describe('a changed document', async () => {
  const root = await tempDir();
  const source = path.join(root, '..', `${path.basename(root)}-shop.asyncapi.yaml`);
  await copyFile(path.join(FIXTURES, 'shop-v1.asyncapi-3.0.yaml'), source);
  await importInto(root, source, 'asyncapi');
  // A catalog author edits OrderPlaced: a body paragraph, a frontmatter comment and a field of their own.
  const placedFile = path.join(root, 'services/Shop/events/OrderPlaced/index.md');
  const written = await readFile(placedFile, 'utf8');
  const edited = written.replace('---\n', '---\n# reviewed by the shop team\n').replace('schemaPath: schema.json', 'schemaPath: schema.json\nbadges:\n  - content: Core') + '\nHand-written: totals are in euros.\n';
  await writeFile(placedFile, edited);
  const before = await snapshot(root);
  const dry = await importInto(root, path.join(FIXTURES, 'shop-v2.asyncapi-3.0.yaml'), 'asyncapi', { dryRun: true });
  const afterDryRun = await snapshot(root);
  await copyFile(path.join(FIXTURES, 'shop-v2.asyncapi-3.0.yaml'), source);
  const result = await importInto(root, source, 'asyncapi');
  const after = await snapshot(root);
  const catalog = await loadCatalog(root);

  test('--dry-run prints the same plan and writes nothing', () => {
    expect(afterDryRun).toEqual(before);
    expect(dry.plan.changes).toEqual(result.plan.changes);
  });

  test('a breaking change makes a new major version; the old one moves to versioned/, byte for byte', () => {
    expect(catalog.versions('message', 'OrderPlaced').map((m) => m.version)).toEqual(['1.0.0', '2.0.0']);
    expect(after['services/Shop/events/OrderPlaced/versioned/1.0.0/index.md']).toBe(before['services/Shop/events/OrderPlaced/index.md']);
    expect(after['services/Shop/events/OrderPlaced/versioned/1.0.0/schema.json']).toBe(before['services/Shop/events/OrderPlaced/schema.json']);
    const current = catalog.latest('message', 'OrderPlaced') as Message;
    expect(current).toMatchObject({ version: '2.0.0', file: 'services/Shop/events/OrderPlaced/index.md', isLatest: true });
    expect(Object.keys((current.schema?.value as { properties: object }).properties)).toEqual(['id', 'total']);
    expect(after['services/Shop/events/OrderPlaced/changelog.md']).toContain('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #/properties/note');
    expect(result.diagnostics.find((d) => d.code === 'import-breaking-change')?.message).toMatch(/OrderPlaced changed incompatibly/);
  });

  test('the hand-written body, comment and field carry over to the new version', () => {
    const text = after['services/Shop/events/OrderPlaced/index.md'];
    const body = (s: string) => s.slice(s.indexOf('\n---\n', 4) + 5);
    expect(body(text)).toBe(body(edited));
    expect(text).toContain('# reviewed by the shop team');
    expect((catalog.latest('message', 'OrderPlaced') as Message).frontmatter).toMatchObject({ badges: [{ content: 'Core' }], version: '2.0.0' });
  });

  test('a compatible change makes a new minor version', () => {
    expect(catalog.versions('message', 'OrderCancelled').map((m) => m.version)).toEqual(['1.0.0', '1.1.0']);
  });

  test('a new message is created; a message gone from the document is deprecated and no longer sent', () => {
    expect((catalog.latest('message', 'OrderRefunded') as Message).version).toBe('1.0.0');
    expect((catalog.latest('message', 'OrderShipped') as Message).deprecated).toBeDefined();
    const shop = catalog.latest('service', 'Shop') as Service;
    expect(shop.sends.map((s) => s.id)).toEqual(['OrderPlaced', 'OrderCancelled', 'OrderRefunded']);
    expect(result.diagnostics.find((d) => d.code === 'import-message-removed')?.message).toMatch(/no longer has OrderShipped/);
  });

  test('unchanged resources are untouched', () => {
    for (const file of ['events/PaymentReceived/index.md', 'events/PaymentReceived/schema.json', 'channels/orders/index.md', 'channels/payments/index.md']) {
      expect(after[file]).toBe(before[file]);
    }
  });

  test('lint: no errors but the compatibility finding the breaking change deserves', async () => {
    expect(errors(await lint(root)).filter((e) => !e.startsWith('schema-compatibility'))).toEqual([]);
  });

  test('importing the same document again changes nothing', async () => {
    const again = await importInto(root, source, 'asyncapi');
    expect(again.plan.operations).toEqual([]);
  });
});

describe('a changed response', () => {
  test('a response clients can no longer read makes a new major version; the old response file moves with its version', async () => {
    const root = await tempDir();
    const source = path.join(root, '..', `${path.basename(root)}-inventory.yaml`);
    const v1 = await readFile(path.join(FIXTURES, 'inventory.openapi-3.0.yaml'), 'utf8');
    await writeFile(source, v1);
    await importInto(root, source, 'openapi');
    const before = await snapshot(root);
    await writeFile(source, v1.replace('quantity: { type: integer, minimum: 0, exclusiveMinimum: true }', 'quantity: { type: string, minLength: 1 }'));
    const result = await importInto(root, source, 'openapi');
    // Item, a component both operations share, changed: a new revision file, and both messages a new version.
    expect(result.plan.changes.filter((c) => c.action === 'new-version').map((c) => `${c.id}@${c.version}`).sort()).toEqual(['Item@v2', 'getItem@2.0.0', 'getItems@2.0.0']);
    const after = await snapshot(root);
    // The old version still means what it meant: its response refers to Item's first revision, unchanged.
    expect(JSON.parse(after['services/Inventory/queries/getItem/versioned/1.0.0/response-200.json']).$ref).toBe('../../../../schemas/Item.v1.json');
    expect(after['services/Inventory/schemas/Item.v1.json']).toBe(before['services/Inventory/schemas/Item.v1.json']);
    expect(JSON.parse(after['services/Inventory/queries/getItem/response-200.json']).$ref).toBe('../../schemas/Item.v2.json');
    expect(after['services/Inventory/schemas/Item.v2.json']).toContain('"minLength": 1');
    expect(after['services/Inventory/queries/getItem/changelog.md']).toContain('response: 200 changed');
    const catalog = await loadCatalog(root);
    expect((catalog.versions('message', 'getItem')[0] as Message).operation?.responses[0].schema?.file).toBe('services/Inventory/queries/getItem/versioned/1.0.0/response-200.json');
    expect(errors(await lint(root)).filter((e) => !e.startsWith('schema-compatibility'))).toEqual([]);
  });
});

describe('what the catalog author wrote stays', () => {
  test('hand-written sends entries and channel bindings are kept beside the document\'s', async () => {
    const root = await tempDir();
    await importInto(root, path.join(FIXTURES, 'shop-v1.asyncapi-3.0.yaml'), 'asyncapi');
    const serviceFile = path.join(root, 'services/Shop/index.md');
    const text = await readFile(serviceFile, 'utf8');
    await writeFile(serviceFile, text.replace('sends:\n', 'sends:\n  - id: StockReserved\n    group: by-hand\n'));
    await mkdir(path.join(root, 'services/Shop/events/StockReserved'), { recursive: true });
    await writeFile(path.join(root, 'services/Shop/events/StockReserved/index.md'), '---\nid: StockReserved\nversion: 1.0.0\n---\nBy hand.\n');
    const channelFile = path.join(root, 'channels/orders/index.md');
    await writeFile(channelFile, (await readFile(channelFile, 'utf8')).replace('    queue: shop-orders\n', '    queue: shop-orders\n    stream: shop\n'));
    await importInto(root, path.join(FIXTURES, 'shop-v2.asyncapi-3.0.yaml'), 'asyncapi');
    const catalog = await loadCatalog(root);
    const shop = catalog.latest('service', 'Shop') as Service;
    expect(shop.sends.map((s) => s.id)).toEqual(['StockReserved', 'OrderPlaced', 'OrderCancelled', 'OrderRefunded']);
    expect(shop.sends[0].group).toBe('by-hand');
    expect((catalog.latest('channel', 'orders')?.frontmatter as Record<string, unknown>).bindings).toEqual({ nats: { queue: 'shop-orders', stream: 'shop' } });
  });

  test('an AsyncAPI and an OpenAPI document on one service: each import keeps the other\'s entries', async () => {
    const root = await tempDir();
    const asyncapi = path.join(REFERENCE, 'mallbots-stores.asyncapi.yaml');
    const openapi = path.join(REFERENCE, 'mallbots-stores.swagger.json');
    await importInto(root, asyncapi, 'asyncapi', { serviceId: 'Stores' });
    await importInto(root, openapi, 'openapi', { serviceId: 'Stores' });
    const stores = (await loadCatalog(root)).latest('service', 'Stores') as Service;
    expect(stores.sends).toHaveLength(8);
    expect(stores.receives).toHaveLength(14);
    expect(stores.specifications.map((s) => s.type)).toEqual(['asyncapi', 'openapi']);
    const before = await snapshot(root);
    for (const [file, kind] of [[asyncapi, 'asyncapi'], [openapi, 'openapi']] as const) {
      const again = await importInto(root, file, kind, { serviceId: 'Stores' });
      expect(again.plan.operations).toEqual([]);
    }
    expect(await snapshot(root)).toEqual(before);
    expect(errors(await lint(root))).toEqual([]);
  });

  test('a higher info.version makes a new service version; the old one keeps its document', async () => {
    const root = await tempDir();
    const source = path.join(root, '..', `${path.basename(root)}-shop.yaml`);
    await copyFile(path.join(FIXTURES, 'shop-v1.asyncapi-3.0.yaml'), source);
    await importInto(root, source, 'asyncapi');
    const v1 = await snapshot(root);
    await writeFile(source, (await readFile(path.join(FIXTURES, 'shop-v2.asyncapi-3.0.yaml'), 'utf8')).replace('  version: 1.0.0', '  version: 1.1.0'));
    await importInto(root, source, 'asyncapi');
    const catalog = await loadCatalog(root);
    expect(catalog.versions('service', 'Shop').map((s) => s.version)).toEqual(['1.0.0', '1.1.0']);
    const after = await snapshot(root);
    const spec = `services/Shop/${path.basename(source)}`;
    expect(after[`services/Shop/versioned/1.0.0/${path.basename(source)}`]).toBe(v1[spec]);
    expect(after['services/Shop/versioned/1.0.0/index.md']).toBe(v1['services/Shop/index.md']);
    expect(after[spec]).toContain('version: 1.1.0');
    expect((catalog.versions('service', 'Shop')[0] as Service).specifications[0].specVersion).toBe('3.0.0');
  });
});
