/**
 * The parts of the transports that need no broker: the HTTP (webhook) transport end to end on loopback,
 * MQTT topic filters, Kafka broker lists, and protocol names from catalogs and AsyncAPI documents.
 */
import { createServer } from 'node:http';
import { describe, expect, test } from 'vitest';
import { connectTransport, protocolOf } from '../../contracts/transports/index.ts';
import { topicMatches } from '../../contracts/transports/mqtt.ts';
import { kafkaBrokers } from '../../contracts/transports/kafka.ts';
import type { WireMessage } from '../../contracts/transports/types.ts';
import { freePort } from '../helpers/brokers.ts';

describe('HTTP transport (webhooks)', () => {
  test('subscribing listens for POSTs to the channel path; publishing POSTs to URL + path', async () => {
    const port = await freePort();
    const listener = await connectTransport('http', { url: `http://127.0.0.1:${port}`, timeoutMs: 2000, name: 't' });
    const seen: WireMessage[] = [];
    try {
      await listener.subscribe({ address: 'hooks/order-paid' }, (m) => void seen.push(m));
      const sender = await connectTransport('http', { url: `http://127.0.0.1:${port}`, timeoutMs: 2000, name: 's' });
      await sender.publish({ address: 'hooks/order-paid' }, { body: Buffer.from('{"id":"o-1"}'), contentType: 'application/json', headers: { 'x-message-name': 'OrderPaid' } });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ address: '/hooks/order-paid', contentType: 'application/json', headers: { 'x-message-name': 'OrderPaid' } });
      expect(Buffer.from(seen[0].body).toString()).toBe('{"id":"o-1"}');
      await expect(sender.publish({ address: 'hooks/unknown' }, { body: Buffer.from('{}') })).rejects.toThrow('/hooks/unknown answered 404');
      await sender.close();
    } finally {
      await listener.close();
    }
  });

  test('publishing to a consumer that is slow fails within the timeout', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    const sender = await connectTransport('http', { url: `http://127.0.0.1:${port}`, timeoutMs: 300, name: 's' });
    const started = performance.now();
    await expect(sender.publish({ address: '/in' }, { body: Buffer.from('{}') })).rejects.toThrow(/no answer from http:\/\/127\.0\.0\.1:\d+ within 300 ms/);
    expect(performance.now() - started).toBeLessThan(2000);
    server.closeAllConnections();
    server.close();
  });
});

describe('names and addresses', () => {
  test('MQTT topic filters', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/b', 'a/b/c')).toBe(false);
    expect(topicMatches('a/+', 'a')).toBe(false);
  });
  test('Kafka broker lists', () => {
    expect(kafkaBrokers('kafka://k1:9092,k2:9093')).toEqual(['k1:9092', 'k2:9093']);
    expect(kafkaBrokers('127.0.0.1:9092')).toEqual(['127.0.0.1:9092']);
  });
  test('protocols as catalogs and AsyncAPI documents name them', () => {
    expect(['nats', 'jetstream', 'amqp', 'amqps', 'mqtt', 'secure-mqtt', 'kafka', 'kafka-secure', 'https', 'ws'].map(protocolOf)).toEqual(['nats', 'nats', 'amqp', 'amqp', 'mqtt', 'mqtt', 'kafka', 'kafka', 'http', undefined]);
  });
});
