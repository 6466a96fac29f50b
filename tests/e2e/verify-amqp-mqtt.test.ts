/**
 * The AMQP 0-9-1 and MQTT transports against real brokers (RabbitMQ and Mosquitto from the Debian
 * packages, each started once for this file): round trips cross-checked with the plain clients (so a bug
 * shared by both ends of Waybill's own transport cannot hide), consumer groups, and a whole
 * `waybill verify` of the reference services when the catalog's channels say amqp or mqtt.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import amqp from 'amqplib';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMosquitto, startRabbit, type Broker } from '../helpers/brokers.ts';
import { FIXTURE, verifyInProcess } from '../helpers/verify.ts';
import { startReferenceServices } from '../reference-services/main.ts';
import { connectTransport } from '../../contracts/transports/index.ts';
import type { Transport, WireMessage } from '../../contracts/transports/types.ts';

let rabbit: Broker;
let mosquitto: Broker;

beforeAll(async () => {
  [rabbit, mosquitto] = await Promise.all([startRabbit(), startMosquitto()]);
});
afterAll(async () => {
  await Promise.all([rabbit?.stop(), mosquitto?.stop()]);
});

/** The fixture catalog with its channels moved to another protocol. */
function fixtureOn(protocol: 'amqp' | 'mqtt'): string {
  const dir = mkdtempSync(path.join(tmpdir(), `waybill-verify-${protocol}-`));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const channel of readdirSync(path.join(dir, 'channels'))) {
    const file = path.join(dir, 'channels', channel, 'index.md');
    const text = readFileSync(file, 'utf8').replace('protocols: [nats]\nbindings: { nats: { stream: mallbots } }', `protocols: [${protocol}]`);
    writeFileSync(file, text);
  }
  return dir;
}

async function until<T>(get: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('AMQP 0-9-1 (RabbitMQ)', () => {
  test('messages cross between the transport and plain amqplib, headers and content type intact', async () => {
    const transport = await connectTransport('amqp', { url: rabbit.url, timeoutMs: 3000, name: 'test' });
    const connection = await amqp.connect(rabbit.url);
    try {
      const channel = await connection.createChannel();
      const seen: WireMessage[] = [];
      await transport.subscribe({ address: 'shop.orders.created' }, (m) => void seen.push(m));
      channel.publish('amq.topic', 'shop.orders.created', Buffer.from('{"a":1}'), { contentType: 'application/json', headers: { 'message-name': 'OrderCreated' } });
      const got = await until(() => seen[0]);
      expect(got).toMatchObject({ address: 'shop.orders.created', contentType: 'application/json', headers: { 'message-name': 'OrderCreated' } });
      expect(Buffer.from(got.body).toString()).toBe('{"a":1}');

      const q = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(q.queue, 'amq.topic', 'shop.orders.paid');
      const raw: amqp.ConsumeMessage[] = [];
      await channel.consume(q.queue, (m) => m && raw.push(m), { noAck: true });
      await transport.publish({ address: 'shop.orders.paid' }, { body: Buffer.from('{"b":2}'), contentType: 'application/json', headers: { 'message-id': 'm-1' } });
      const rawGot = await until(() => raw[0]);
      expect(rawGot.properties.contentType).toBe('application/json');
      expect(rawGot.properties.headers?.['message-id']).toBe('m-1');
      expect(rawGot.content.toString()).toBe('{"b":2}');
    } finally {
      await connection.close();
      await transport.close();
    }
  });

  test('a group is one durable queue: each message goes to one member, and an exchange from the bindings is used', async () => {
    const a = await connectTransport('amqp', { url: rabbit.url, timeoutMs: 3000, name: 'a' });
    const b = await connectTransport('amqp', { url: rabbit.url, timeoutMs: 3000, name: 'b' });
    try {
      const channel = { address: 'orders.placed', bindings: { exchange: { name: 'shop', type: 'topic' } } };
      const got: string[] = [];
      await a.subscribe(channel, async (m) => void got.push(`a:${Buffer.from(m.body)}`), { group: 'billing' });
      await b.subscribe(channel, async (m) => void got.push(`b:${Buffer.from(m.body)}`), { group: 'billing' });
      for (let i = 0; i < 6; i++) await a.publish(channel, { body: Buffer.from(String(i)) });
      await until(() => (got.length >= 6 ? got : undefined));
      await new Promise((r) => setTimeout(r, 200));
      expect(got.map((g) => g.slice(2)).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('waybill verify passes the faithful services and catches a broken payload over RabbitMQ', async () => {
    const catalog = fixtureOn('amqp');
    for (const [faults, codes] of [['', []], ['wrong-type', ['payload-wrong-type']]] as const) {
      const services = await startReferenceServices({ broker: rabbit.url, faults });
      try {
        const result = await verifyInProcess(catalog, { targets: { Stores: services.url, Baskets: services.url }, brokers: { amqp: rabbit.url }, only: ['produces', 'consumes', 'flows'] });
        expect(result.codes).toEqual(codes);
        if (!faults) expect(result.diagnostics).toEqual([]);
        expect(result.passed + result.failed).toBeGreaterThanOrEqual(17); // 11 messages sent, 5 consumer outcomes, 1 flow
      } finally {
        await services.close();
      }
    }
  });
});

describe('MQTT 5 (Mosquitto)', () => {
  test('messages cross between the transport and a plain mqtt client, user properties and content type intact', async () => {
    const transport: Transport = await connectTransport('mqtt', { url: mosquitto.url, timeoutMs: 3000, name: 'test' });
    const client = await mqtt.connectAsync(mosquitto.url, { protocolVersion: 5 });
    try {
      const seen: WireMessage[] = [];
      await transport.subscribe({ address: 'shop/orders/created' }, (m) => void seen.push(m));
      await client.publishAsync('shop/orders/created', '{"a":1}', { qos: 1, properties: { contentType: 'application/json', userProperties: { 'message-name': 'OrderCreated' } } });
      const got = await until(() => seen[0]);
      expect(got).toMatchObject({ address: 'shop/orders/created', contentType: 'application/json', headers: { 'message-name': 'OrderCreated' } });

      const raw: { topic: string; payload: string; contentType?: string; props?: unknown }[] = [];
      await client.subscribeAsync('shop/orders/+', { qos: 1 });
      client.on('message', (topic, payload, packet) => raw.push({ topic, payload: payload.toString(), contentType: packet.properties?.contentType, props: packet.properties?.userProperties }));
      await transport.publish({ address: 'shop/orders/paid' }, { body: Buffer.from('{"b":2}'), contentType: 'application/json', headers: { 'message-id': 'm-1' } });
      const rawGot = await until(() => raw.find((r) => r.topic === 'shop/orders/paid'));
      expect(rawGot).toMatchObject({ payload: '{"b":2}', contentType: 'application/json', props: { 'message-id': 'm-1' } });
    } finally {
      await client.endAsync();
      await transport.close();
    }
  });

  test('a group is a shared subscription: each message goes to one member', async () => {
    const a = await connectTransport('mqtt', { url: mosquitto.url, timeoutMs: 3000, name: 'a' });
    const b = await connectTransport('mqtt', { url: mosquitto.url, timeoutMs: 3000, name: 'b' });
    try {
      const got: string[] = [];
      await a.subscribe({ address: 'orders/placed' }, async (m) => void got.push(Buffer.from(m.body).toString()), { group: 'billing' });
      await b.subscribe({ address: 'orders/placed' }, async (m) => void got.push(Buffer.from(m.body).toString()), { group: 'billing' });
      for (let i = 0; i < 6; i++) await a.publish({ address: 'orders/placed' }, { body: Buffer.from(String(i)) });
      await until(() => (got.length >= 6 ? got : undefined));
      await new Promise((r) => setTimeout(r, 200));
      expect(got.sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('waybill verify passes the faithful services and catches a missing field over Mosquitto', async () => {
    const catalog = fixtureOn('mqtt');
    for (const [faults, codes] of [['', []], ['missing-field', ['payload-missing-field']]] as const) {
      const services = await startReferenceServices({ broker: mosquitto.url, faults });
      try {
        const result = await verifyInProcess(catalog, { targets: { Stores: services.url, Baskets: services.url }, brokers: { mqtt: mosquitto.url }, only: ['produces', 'consumes', 'flows'] });
        expect(result.codes).toEqual(codes);
        if (!faults) expect(result.diagnostics).toEqual([]);
        expect(result.passed + result.failed).toBeGreaterThanOrEqual(17); // 11 messages sent, 5 consumer outcomes, 1 flow
      } finally {
        await services.close();
      }
    }
  });
});
