/**
 * A small catalog in EventCatalog's own format (v2–v4 layout, MDX bodies, versions, every kind) loads
 * with no errors into the expected graph.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { lintCatalog } from '../../src/lint/engine.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Domain, Flow, Message, Service, User } from '../../src/catalog/model.ts';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(path.resolve(import.meta.dirname, '../fixtures/eventcatalog'));
});

describe('EventCatalog fixture', () => {
  test('loads with no errors', () => {
    const errors = lintCatalog(catalog).filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
  });

  test('every kind is there, in every version', () => {
    const count = (kind: string) => catalog.resources.filter((r) => r.kind === kind).length;
    expect({
      domain: count('domain'), service: count('service'), event: count('event'), command: count('command'), query: count('query'),
      channel: count('channel'), flow: count('flow'), entity: count('entity'), team: count('team'), user: count('user'),
    }).toEqual({ domain: 2, service: 4, event: 3, command: 1, query: 1, channel: 1, flow: 1, entity: 1, team: 2, user: 1 });
    const versions = catalog.versions('message', 'InventoryAdjusted').map((v) => v.version);
    expect(versions).toEqual(['0.0.1', '1.0.0']);
    expect(catalog.latest('message', 'InventoryAdjusted')?.isLatest).toBe(true);
    expect(catalog.get('event:InventoryAdjusted@1.0.0')?.changelog?.body).toContain('warehouse');
  });

  test('domains, subdomains and folder membership', () => {
    const orders = catalog.latest('domain', 'Orders') as Domain;
    const payments = catalog.latest('domain', 'Payments') as Domain;
    expect(payments.parent).toBe(orders.key);
    expect(orders.format).toBe('mdx');
    expect(orders.ubiquitousLanguage?.file).toBe('domains/Orders/ubiquitous-language.mdx');
    expect(catalog.latest('service', 'InventoryService')?.domain).toBe(orders.key);
    expect(catalog.latest('service', 'PaymentService')?.domain).toBe(payments.key);
    // listed in the domain's `services` though it lives at the top level
    expect(catalog.latest('service', 'NotificationService')?.domain).toBe(orders.key);
    expect(catalog.latest('message', 'PlaceOrder')?.folderService).toBe('service:OrdersService@0.0.3');
    expect(catalog.inDomain(orders, true).map((r) => r.id)).toContain('PaymentProcessed');
  });

  test('references resolve to concrete versions: latest, exact and ranges', () => {
    const inventory = catalog.latest('service', 'InventoryService') as Service;
    expect(inventory.receives.map((l) => l.target)).toEqual(['command:PlaceOrder@0.0.1', 'event:PaymentProcessed@1.2.0']); // exact, ^1
    expect(inventory.sends[0].target).toBe('event:InventoryAdjusted@1.0.0');
    expect(inventory.sends[0].channels.map((c) => c.target)).toEqual(['channel:inventory.events@1.0.0']);
    const payments = catalog.latest('service', 'PaymentService') as Service;
    expect(payments.sends[0].target).toBe('event:PaymentProcessed@1.2.0'); // 1.x
  });

  test('producers and consumers are derived per message version', () => {
    const adjusted = catalog.get('event:InventoryAdjusted@1.0.0') as Message;
    expect(catalog.producersOf(adjusted).map((p) => p.service)).toEqual(['service:InventoryService@0.0.2']);
    expect(catalog.consumersOf(adjusted).map((p) => p.service).sort()).toEqual(['service:NotificationService@0.0.1', 'service:OrdersService@0.0.3']);
    const old = catalog.get('event:InventoryAdjusted@0.0.1') as Message;
    expect(catalog.consumersOf(old)).toEqual([]);
    const channel = catalog.latest('channel', 'inventory.events');
    expect(catalog.messagesOn(channel as never).map((m) => m.key)).toEqual(['event:InventoryAdjusted@1.0.0']);
  });

  test('schemas of every format are parsed', () => {
    expect((catalog.get('event:InventoryAdjusted@1.0.0') as Message).schema).toMatchObject({
      format: 'avro',
      fields: [
        { name: 'productId', type: 'string', required: true },
        { name: 'quantity', type: 'int', required: true },
        { name: 'warehouse', type: 'null | string', required: false },
      ],
    });
    expect((catalog.latest('message', 'GetOrder') as Message).schema).toMatchObject({ format: 'protobuf', fields: [{ name: 'order_id', type: 'string' }, { name: 'fields', repeated: true }] });
    expect((catalog.latest('message', 'PlaceOrder') as Message).schema).toMatchObject({ format: 'json-schema', dialect: 'http://json-schema.org/draft-07/schema#' });
  });

  test('specifications in both shapes are attached and parsed', () => {
    const inventory = catalog.latest('service', 'InventoryService') as Service;
    expect(inventory.specifications.map((s) => [s.type, s.specVersion, s.title])).toEqual([['asyncapi', '3.0.0', 'Inventory Service']]);
    const orders = catalog.latest('service', 'OrdersService') as Service;
    expect(orders.specifications.map((s) => [s.type, s.specVersion, s.name])).toEqual([['openapi', '3.0.0', 'Orders API']]);
  });

  test('flows, teams and users', () => {
    const flow = catalog.latest('flow', 'PlaceOrderFlow') as Flow;
    expect(flow.steps.map((s) => [s.id, s.type, s.next.map((n) => n.id)])).toEqual([
      ['customer', 'actor', ['place_order']],
      ['place_order', 'message', ['inventory']],
      ['inventory', 'service', ['adjusted', 'stripe']],
      ['adjusted', 'message', []],
      ['stripe', 'externalSystem', []],
    ]);
    expect(flow.steps[3].ref?.target).toBe('event:InventoryAdjusted@1.0.0');
    const user = catalog.users()[0] as User;
    expect(user.teams.map((t) => t.target)).toEqual(['team:full-stack']);
    expect(catalog.ownedBy(user).length).toBeGreaterThan(3);
  });

  test('the graph is immutable', () => {
    const service = catalog.services()[0];
    expect(() => {
      (service as { name: string }).name = 'changed';
    }).toThrow();
    expect(Object.isFrozen(service.sends)).toBe(true);
  });
});
