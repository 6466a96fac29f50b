/**
 * Issue 14 items 8 (verify part), 9 and 10: services and brokers that flood, never finish or never speak.
 * Each run is the real CLI in a child process with a heap cap (verify-support.ts) and a time bound well
 * under what the misbehaviour would cost, and each asserts that the run's other findings are still there.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { connectTransport, type Transport } from '../../contracts/transports/index.ts';
import { freePort, startMosquitto, startNats, type Broker, type NatsBroker } from '../helpers/brokers.ts';
import { MAX_ARRIVALS } from '../../contracts/observe.ts';
import { CATALOG, fakeService, json, runBounded, type FakeService } from './verify-support.ts';

interface Json {
  diagnostics: { code: string; severity: string; message: string }[];
}

describe('item 8: a NATS producer sending 200,000 bad messages', () => {
  let nats: NatsBroker;
  let producer: NatsConnection;
  let service: FakeService;
  const FLOOD = 200_000;
  beforeAll(async () => {
    nats = await startNats();
    producer = await connect({ servers: nats.url.replace('nats://', '') });
    const bad = Buffer.from('{"name":5}');
    const hdrs = headers();
    hdrs.set('Content-Type', 'application/json');
    service = await fakeService({
      'POST /items': async (req, res) => {
        for (let i = 0; i < FLOOD; i++) producer.publish('items.events', bad, { headers: hdrs });
        await producer.flush();
        json({ name: 'widget' })(req, res, '');
      },
      'GET /items': json([]),
      'GET /items/first': json({ name: 5 }),
    });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await producer?.close();
    await nats?.stop();
  });

  test('gives a bounded list of findings with a count, in bounded time and memory', async () => {
    const run = await runBounded(
      ['verify', '--catalog', CATALOG, '--target', `Items=${service.url}`, '--broker', `nats=${nats.url}`, '--only', 'http,produces', '--window', '4000', '--format', 'json'],
      { timeoutMs: 90_000 },
    );
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as Json;
    expect(diagnostics.length, diagnostics.map((d) => d.message).join('\n')).toBeLessThan(40);
    const wrong = diagnostics.filter((d) => d.code === 'payload-wrong-type');
    expect(wrong.length).toBe(11);
    const summary = wrong.find((d) => d.message.includes('more like this'))!;
    expect(summary.message).toMatch(/^Items sent ItemAdded 1\.0\.0 on items\.events: and [\d,]+ more like this \(payload-wrong-type at \/name\), not listed one by one\.$/);
    const counted = Number(/and ([\d,]+) more/.exec(summary.message)![1].replace(/,/g, ''));
    const flood = diagnostics.find((d) => d.code === 'message-flood');
    const flooded = flood ? Number(/sent ([\d,]+) more/.exec(flood.message)![1].replace(/,/g, '')) : 0;
    // Each message that arrived is listed, counted as "more like this", or counted past the cap (NATS may
    // drop some for a slow subscriber, so the sum is at most FLOOD; at least the cap were checked).
    expect(counted).toBe(MAX_ARRIVALS - 10);
    expect(10 + counted + flooded, `${run.ms} ms\n${run.stderr}`).toBeLessThanOrEqual(FLOOD);
    expect(flooded).toBeGreaterThan(0);
    // The run's other findings.
    expect(diagnostics.some((d) => d.code === 'http-body-invalid' && d.message.includes('/items/first'))).toBe(true);
    expect(run.stderr).toMatch(/\d+ passed, \d+ failed/);
  }, 120_000);
});

describe('item 9: an HTTP answer that never ends', () => {
  let service: FakeService;
  beforeAll(async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    service = await fakeService({
      'GET /items': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const more = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', more);
        };
        res.on('close', () => res.removeAllListeners('drain'));
        more();
      },
      'GET /items/first': json({ name: 5 }),
    });
  });
  afterAll(() => service.close());

  test('is read up to 8 MB, reported as such, and the run goes on', async () => {
    const run = await runBounded(['verify', '--catalog', CATALOG, '--target', `Items=${service.url}`, '--only', 'http', '--timeout', '60000'], { timeoutMs: 50_000 });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/Items \(http:\/\/127\.0\.0\.1:\d+\): GET \/items — http:\/\/127\.0\.0\.1:\d+ answered 200 with a body over 8 MB, more than Waybill reads; it stopped reading there\.\s+service-error/);
    expect(run.stdout).toMatch(/GET \/items\/first \(firstItem\) answered 200 .*found integer 5/);
    // Far sooner than --timeout: the cap ended the read, not the clock.
    expect(run.ms).toBeLessThan(30_000);
  }, 60_000);
});

describe('item 10: a NATS address that accepts the connection and never speaks', () => {
  let silent: Server;
  let silentPort: number;
  const sockets = new Set<Socket>();
  let mosquitto: Broker;
  let pinger: Transport;
  let service: FakeService;
  beforeAll(async () => {
    silentPort = await freePort();
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
    mosquitto = await startMosquitto();
    pinger = await connectTransport('mqtt', { url: mosquitto.url, timeoutMs: 5000, name: 'pinger' });
    service = await fakeService({
      'POST /items': async (req, res) => {
        await pinger.publish({ address: 'items/pings' }, { contentType: 'application/json', body: Buffer.from('{"name":"widget","size":"big"}') });
        json({ name: 'widget' })(req, res, '');
      },
    });
  }, 30_000);
  afterAll(async () => {
    await service?.close();
    await pinger?.close();
    await mosquitto?.stop();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  test('fails within --timeout, exits, and the service\'s MQTT channel is still checked', async () => {
    const run = await runBounded(
      ['verify', '--catalog', CATALOG, '--target', `Items=${service.url}`, '--only', 'produces', '--broker', `nats=nats://127.0.0.1:${silentPort}`, '--broker', `mqtt=${mosquitto.url}`, '--timeout', '2000', '--window', '1500'],
      { timeoutMs: 40_000 },
    );
    expect(run.signal, `still running after 40 s\n${run.stdout}\n${run.stderr}`).toBeNull();
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(`Cannot connect to the nats broker at nats://127.0.0.1:${silentPort}: the server accepted the connection but sent no NATS greeting (INFO) within 2000 ms.`);
    expect(run.stdout).toMatch(/Items: its messages on items\.events \(nats\) were not checked, because the broker is unreachable; those on items\/pings \(mqtt\) were\./);
    // The other broker's message was checked, and its own problem found.
    expect(run.stdout).toMatch(/Items sent ItemPinged 1\.0\.0 on items\/pings \(mqtt .*\): at \/size: expected number, found string "big"/);
    expect(run.stdout).not.toContain('message-never-sent');
    // It used to stay alive for good after printing everything; now it exits within seconds of --timeout.
    expect(run.ms).toBeLessThan(20_000);
  }, 60_000);
});
