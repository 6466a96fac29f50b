/**
 * A produces check over an HTTP (webhook) channel, end to end on loopback: Waybill listens where the
 * producer POSTs, a trigger makes the producer send, and the name and version travel in headers — a
 * message of a version the service does not declare, and one the catalog does not know, are each reported.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { md, writeCatalog } from '../helpers/catalog.ts';
import { freePort } from '../helpers/brokers.ts';
import { verifyInProcess } from '../helpers/verify.ts';

let server: Server;
let serviceUrl: string;
let listenerUrl: string;
let mode: 'good' | 'bad' = 'good';

const schema = (required: string[]) => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required, additionalProperties: false, properties: { id: { type: 'string', minLength: 1 }, amount: { type: 'number' } } });

beforeAll(async () => {
  listenerUrl = `http://127.0.0.1:${await freePort()}`;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const post = (headers: Record<string, string>, body: unknown) =>
        fetch(`${listenerUrl}/hooks/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      if (mode === 'good') await post({ 'x-message-name': 'orders.paid', 'x-message-version': '2.0.0' }, { id: 'o-1', amount: 12.5 });
      else {
        await post({ 'x-message-name': 'orders.paid', 'x-message-version': '1.0.0' }, { id: 'o-1' });
        await post({ 'x-message-name': 'orders.refunded' }, { id: 'o-1' });
      }
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  serviceUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function catalog(): Promise<string> {
  return writeCatalog({
    'teams/core.md': md({ id: 'core', name: 'Core' }),
    'channels/hooks.orders/index.md': md({ id: 'hooks.orders', version: '1.0.0', owners: ['core'], address: '/hooks/orders', protocols: ['http'] }),
    'services/Hooks/events/OrderPaid/index.md': md({ id: 'OrderPaid', version: '2.0.0', owners: ['core'], wireName: 'orders.paid', schemaPath: 'schema.json', channels: [{ id: 'hooks.orders' }], contentType: 'application/json' }),
    'services/Hooks/events/OrderPaid/schema.json': schema(['id', 'amount']),
    'services/Hooks/events/OrderPaid/versioned/1.0.0/index.md': md({ id: 'OrderPaid', version: '1.0.0', owners: ['core'], wireName: 'orders.paid', schemaPath: 'schema.json', channels: [{ id: 'hooks.orders' }], contentType: 'application/json' }),
    'services/Hooks/events/OrderPaid/versioned/1.0.0/schema.json': schema(['id']),
    'services/Hooks/index.md': md({
      id: 'Hooks',
      version: '1.0.0',
      owners: ['core'],
      sends: [{ id: 'OrderPaid', version: '2.0.0', to: [{ id: 'hooks.orders' }] }],
      verification: {
        baseUrl: serviceUrl,
        envelope: { name: { header: 'x-message-name' }, version: { header: 'x-message-version' } },
        triggers: [{ method: 'POST', path: '/emit', produces: ['OrderPaid'] }],
      },
    }),
  });
}

test('the declared version passes; another version and an unknown name are reported, each with its code', async () => {
  const dir = await catalog();
  mode = 'good';
  const good = await verifyInProcess(dir, { targets: {}, brokers: { http: listenerUrl }, only: ['produces'] });
  expect(good.diagnostics).toEqual([]);
  expect(good.passed).toBe(1);

  mode = 'bad';
  const bad = await verifyInProcess(dir, { targets: {}, brokers: { http: listenerUrl }, only: ['produces'] });
  expect(bad.codes).toEqual(['message-undeclared', 'message-wrong-version']);
  expect(bad.errors.find((d) => d.code === 'message-wrong-version')!.message).toBe(
    `Hooks sent OrderPaid marked as version 1.0.0 on /hooks/orders (http ${listenerUrl}), but declares that it sends version 2.0.0.`,
  );
  expect(bad.errors.find((d) => d.code === 'message-undeclared')!.message).toContain("a message named 'orders.refunded'");
});
