/**
 * The Kafka transport. No Kafka broker can be installed on the machines Waybill is built on, so the round
 * trip and the whole-verify tests are registered only when KAFKA_BROKERS (e.g. `127.0.0.1:9092`) names a
 * broker to use; without it only the failure path runs (a broker that is not there is reported, quickly,
 * naming its address). The README says so.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { freePort } from '../helpers/brokers.ts';
import { FIXTURE, verifyInProcess } from '../helpers/verify.ts';
import { startReferenceServices } from '../reference-services/main.ts';
import { connectTransport } from '../../contracts/transports/index.ts';
import type { WireMessage } from '../../contracts/transports/types.ts';

function fixtureOnKafka(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'waybill-verify-kafka-'));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const channel of readdirSync(path.join(dir, 'channels'))) {
    const file = path.join(dir, 'channels', channel, 'index.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('protocols: [nats]\nbindings: { nats: { stream: mallbots } }', 'protocols: [kafka]'));
  }
  return dir;
}

describe('Kafka', () => {
  test('a Kafka broker that is not there is a clear failing check naming it, within the timeout', async () => {
    const port = await freePort();
    const result = await verifyInProcess(fixtureOnKafka(), {
      services: ['Stores'],
      targets: { Stores: 'http://127.0.0.1:1' },
      brokers: { kafka: `kafka://127.0.0.1:${port}` },
      only: ['produces'],
      timeoutMs: 1500,
    });
    expect(result.codes).toEqual(['broker-unreachable']);
    expect(result.errors[0].message).toContain(`Cannot connect to the kafka broker at kafka://127.0.0.1:${port}`);
    expect(result.ms).toBeLessThan(10_000);
  });

  const brokers = process.env.KAFKA_BROKERS;
  if (brokers) {
    const url = `kafka://${brokers}`;
    test('messages round-trip with headers and content type', async () => {
      const transport = await connectTransport('kafka', { url, timeoutMs: 10_000, name: 'waybill-test' });
      try {
        const topic = `waybill-test-${Date.now()}`;
        const seen: WireMessage[] = [];
        await transport.subscribe({ address: topic }, (m) => void seen.push(m));
        await transport.publish({ address: topic }, { body: Buffer.from('{"a":1}'), contentType: 'application/json', headers: { 'message-name': 'X' }, key: 'k' });
        const deadline = Date.now() + 20_000;
        while (!seen.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(seen[0]).toMatchObject({ address: topic, contentType: 'application/json', headers: { 'message-name': 'X' } });
      } finally {
        await transport.close();
      }
    }, 60_000);

    test('waybill verify passes the faithful services over Kafka', async () => {
      const services = await startReferenceServices({ broker: url });
      try {
        const result = await verifyInProcess(fixtureOnKafka(), { targets: { Stores: services.url, Baskets: services.url }, brokers: { kafka: url }, only: ['produces', 'consumes'], timeoutMs: 15_000, windowMs: 5000 });
        expect(result.diagnostics).toEqual([]);
      } finally {
        await services.close();
      }
    }, 180_000);
  }
});
