/**
 * `waybill import asyncapi` on real documents (MallBots stores 2.3.0, Streetlights 2.6.0 MQTT and Kafka,
 * Streetlights 3.0.0) and on a fixture of edge cases: the service, its sends/receives (2.x subscribe means
 * the application sends), messages with schemas, channels, reported id changes, and a clean lint.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Channel, Message, Service } from '../../src/catalog/model.ts';
import { errors, FIXTURES, importInto, lint, REFERENCE, tempDir } from '../helpers/import.ts';

const ids = (links: readonly { id: string }[]) => links.map((l) => l.id).sort();

describe('import asyncapi: MallBots stores (AsyncAPI 2.3.0)', async () => {
  const root = await tempDir();
  const result = await importInto(root, path.join(REFERENCE, 'mallbots-stores.asyncapi.yaml'), 'asyncapi', { serviceId: 'Stores', domain: 'MallBots', owners: ['stores-team'] });
  const catalog = await loadCatalog(root);
  const service = catalog.latest('service', 'Stores') as Service;

  test('subscribe operations are what the application sends, on their channels', () => {
    expect(service.file).toBe('domains/MallBots/services/Stores/index.md');
    expect(service.receives).toEqual([]);
    expect(service.sends.map((s) => [s.id, s.channels.map((c) => c.id)])).toEqual([
      ['storesapiStoreCreatedEvent', ['mallbots.stores.events.Store']],
      ['storesapiStoreParticipationToggledEvent', ['mallbots.stores.events.Store']],
      ['storesapiStoreRebrandedEvent', ['mallbots.stores.events.Store']],
      ['storesapiProductAddedEvent', ['mallbots.stores.events.Product']],
      ['storesapiProductRebrandedEvent', ['mallbots.stores.events.Product']],
      ['storesapiProductPriceIncreasedEvent', ['mallbots.stores.events.Product']],
      ['storesapiProductPriceDecreasedEvent', ['mallbots.stores.events.Product']],
      ['storesapiProductRemovedEvent', ['mallbots.stores.events.Product']],
    ]);
    expect(service.sends.every((s) => s.target && s.channels.every((c) => c.target))).toBe(true);
    expect(service.specifications.map((s) => [s.file, s.type, s.specVersion])).toEqual([['domains/MallBots/services/Stores/mallbots-stores.asyncapi.yaml', 'asyncapi', '2.3.0']]);
  });

  test('each message has its payload as a JSON Schema: local $refs inlined, components several messages share in files of their own', () => {
    const created = catalog.latest('message', 'storesapiStoreCreatedEvent') as Message;
    expect(created).toMatchObject({ kind: 'event', name: 'StoreCreated', version: '1.0.0', folderService: service.key });
    expect(created.schema?.value).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: {
        Id: { $ref: '../../schemas/StoreId.v1.json' },
        Name: { type: 'string', description: 'Name of the new store' },
        Location: { type: 'string', description: 'Description of the store location in the mall' },
      },
    });
    expect(catalog.documents.get('domains/MallBots/services/Stores/schemas/StoreId.v1.json')).toEqual({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', description: 'Identity of the store' });
    expect((created.frontmatter as Record<string, unknown>).contentType).toBe('application/octet-stream');
    expect(created.owners.map((o) => o.target)).toEqual(['team:stores-team']);
  });

  test('channels carry address, protocol and bindings', () => {
    const channel = catalog.latest('channel', 'mallbots.stores.events.Store') as Channel;
    expect(channel).toMatchObject({ address: 'mallbots.stores.events.Store', protocols: ['nats'] });
    expect((channel.frontmatter as Record<string, unknown>).bindings).toEqual({ nats: { queue: 'mallbots.stores.events.Store', 'x-queue-constant': 'storespb.StoreAggregateChannel' } });
  });

  test('names that are not safe as ids are imported under safe ids and reported', () => {
    const changed = result.diagnostics.filter((d) => d.code === 'import-id-changed');
    expect(changed).toHaveLength(8);
    expect(changed[0]).toMatchObject({ severity: 'warning', line: 51, message: expect.stringContaining("'storesapi.StoreCreatedEvent'") });
  });

  test('lint: no errors; the document flaws are warnings', async () => {
    const findings = await lint(root);
    expect(errors(findings)).toEqual([]);
    // The document gives storesapi.ProductRebrandedEvent the title of ProductAdded.
    expect(findings.find((d) => d.code === 'asyncapi-duplicate-message-name')).toMatchObject({ severity: 'warning', message: expect.stringContaining("'ProductAdded'") });
    expect(findings.filter((d) => d.code === 'schema-empty-string').length).toBeGreaterThan(8);
    // The shared StoreId and ProductId are files of their own: reported there, once each.
    expect(findings.filter((d) => d.code === 'schema-empty-string' && /schemas\/(Store|Product)Id\.v1\.json$/.test(d.file ?? '')).map((d) => path.posix.basename(d.file ?? '')).sort()).toEqual(['ProductId.v1.json', 'StoreId.v1.json']);
  });
});

describe.each([
  ['streetlights-mqtt.asyncapi-2.6.0.yaml', 'StreetlightsMQTTAPI', ['mqtt']],
  ['streetlights-kafka.asyncapi-2.6.0.yaml', 'StreetlightsKafkaAPI', ['kafka-secure']],
  ['streetlights-kafka.asyncapi-3.0.0.yaml', 'StreetlightsKafkaAPI', ['kafka-secure']],
])('import asyncapi: %s', async (file, serviceId, protocols) => {
  const root = await tempDir();
  await importInto(root, path.join(REFERENCE, file), 'asyncapi');
  const catalog = await loadCatalog(root);
  const service = catalog.latest('service', serviceId) as Service;

  test('the application receives lightMeasured and sends turnOnOff and dimLight', () => {
    expect(ids(service.receives)).toEqual(['lightMeasured']);
    expect(ids(service.sends)).toEqual(['dimLight', 'turnOnOff']);
    const turn = service.sends.find((s) => s.id === 'turnOnOff');
    expect(turn?.channels).toHaveLength(2);
  });

  test('channels have the address with its parameter and the servers\' protocol', () => {
    const measured = catalog.resolve<Channel>(service.receives[0].channels[0]) as Channel;
    expect(measured.address).toMatch(/smartylighting.streetlights.1.0.event.\{streetlightId\}.lighting.measured/);
    expect(measured.protocols).toEqual(protocols);
    expect((measured.frontmatter as Record<string, unknown>).parameters).toEqual({ streetlightId: { description: 'The ID of the streetlight.' } });
  });

  test('a received message with no producer in the catalog is a draft outside the service folder', () => {
    const measured = catalog.latest('message', 'lightMeasured') as Message;
    expect(measured.file).toBe('events/lightMeasured/index.md');
    expect(measured.draft).toBe(true);
    // sentAt is a component all three messages use: one file in the service's folder.
    expect(measured.schema?.value).toMatchObject({ properties: { lumens: { type: 'integer', minimum: 0 }, sentAt: { $ref: `../../services/${service.id}/schemas/sentAt.v1.json` } } });
    expect(catalog.documents.get(`services/${service.id}/schemas/sentAt.v1.json`)).toMatchObject({ type: 'string', format: 'date-time' });
  });

  test('lint: no errors', async () => {
    expect(errors(await lint(root))).toEqual([]);
  });
});

describe('import asyncapi: edge cases', async () => {
  const root = await tempDir();
  const result = await importInto(root, path.join(FIXTURES, 'edge.asyncapi-2.6.yaml'), 'asyncapi');
  const catalog = await loadCatalog(root);
  const messages = Object.fromEntries(catalog.messages().map((m) => [m.id, m]));

  test('$, spaces and dots in names become safe ids, each reported; the wire name is kept', () => {
    expect(Object.keys(messages).sort()).toEqual(['Heartbeat', 'OrderShipped', 'orderPlaced', 'ordersCancelOrder']);
    expect(messages.OrderShipped.wireName).toBe('Order shipped');
    expect(messages.orderPlaced.wireName).toBe('$orderPlaced');
    const reported = result.diagnostics.filter((d) => d.code === 'import-id-changed').map((d) => d.message);
    for (const name of ["'$orderPlaced'", "'Order shipped'", "'orders.CancelOrder'", "'shop/orders/{region}/placed'", "'Order Desk'"]) expect(reported.join('\n')).toContain(name);
  });

  test('an empty payload imports as a message without a schema, reported, and lint warns', async () => {
    expect(messages.Heartbeat.schema).toBeUndefined();
    expect((messages.Heartbeat.frontmatter as Record<string, unknown>).schemaPath).toBeUndefined();
    expect(result.diagnostics.find((d) => d.code === 'import-empty-payload')).toMatchObject({ severity: 'warning', message: expect.stringContaining('Heartbeat') });
    const findings = await lint(root);
    expect(findings.find((d) => d.code === 'message-without-schema')).toMatchObject({ file: messages.Heartbeat.file, severity: 'warning' });
    expect(errors(findings)).toEqual([]);
  });

  test('a recursive schema keeps its cycle in definitions; message examples join the schema', () => {
    const schema = messages.orderPlaced.schema?.value as Record<string, any>;
    expect(schema.properties.category.properties.children.items).toEqual({ $ref: '#/definitions/Category' });
    expect(schema.definitions.Category.properties.children.items).toEqual({ $ref: '#/definitions/Category' });
    expect(schema.examples).toEqual([{ id: 'o-1', total: 12.5, category: { name: 'books', children: [] } }]);
  });

  test('x-eventcatalog-message-type makes a command; 2.x publish is received; parameters keep their enum', () => {
    expect(messages.ordersCancelOrder.kind).toBe('command');
    const service = catalog.latest('service', 'OrderDesk') as Service;
    expect(ids(service.receives)).toEqual(['ordersCancelOrder']);
    expect(ids(service.sends)).toEqual(['Heartbeat', 'OrderShipped', 'orderPlaced']);
    expect(service.version).toBe('1.2.0');
    const placed = catalog.latest('channel', 'shop.orders.region.placed') as Channel;
    expect((placed.frontmatter as Record<string, unknown>).parameters).toEqual({ region: { enum: ['eu', 'us'], description: 'Sales region.' } });
  });
});
