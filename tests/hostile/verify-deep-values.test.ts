/**
 * Issue 14 item 5: a value nested 5,000+ levels deep (`[[[…]]]`, about 10 KB) in a capture line, an HTTP
 * answer or a broker message used to overflow the stack when Waybill quoted it (exit 70, no report). Now it
 * is one finding like any other, quoted cut short, and every other finding of the run is still reported.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNats, type NatsBroker } from '../helpers/brokers.ts';
import { CATALOG, deepArray, fakeService, json, runBounded, type FakeService } from './verify-support.ts';

const DEEP = deepArray(6000);

describe('a value nested 6,000 levels deep', () => {
  test('in a capture line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'waybill-deep-'));
    const capture = path.join(dir, 'capture.jsonl');
    const line = (payload: string) => `{"channel":"items.events","headers":{"content-type":"application/json"},"payload":${payload}}`;
    writeFileSync(capture, [line('{"name":"ok"}'), line(`{"name":${DEEP}}`), line('{"name":"ok","size":"big"}'), line(DEEP)].join('\n'));
    const run = await runBounded(['verify', '--catalog', CATALOG, '--from', capture, '--format', 'json'], { timeoutMs: 30_000 });
    expect(run.stderr).not.toContain('internal error');
    expect(run.code, run.stderr).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: { code: string; message: string }[] };
    const messages = diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^payload-wrong-type .*:2: ItemAdded 1\.0\.0 on items\.events: at \/name: expected string, found array \[\[\[\[.*…\.$/));
    // The other findings of the same run.
    expect(messages).toContainEqual(expect.stringMatching(/:3: .*at \/size: expected number, found string "big"/));
    expect(messages).toContainEqual(expect.stringMatching(/:4: .*expected object, found array \[\[\[/));
    expect(run.stderr + run.stdout).toContain('1 passed, 3 failed');
  });

  describe('from a service', () => {
    let service: FakeService;
    beforeAll(async () => {
      service = await fakeService({ 'GET /items': json(`[{"name":${DEEP}}]`), 'GET /items/first': json({ name: 5 }) });
    });
    afterAll(() => service.close());

    test('in an HTTP answer', async () => {
      const run = await runBounded(['verify', '--catalog', CATALOG, '--only', 'http', '--target', `Items=${service.url}`], { timeoutMs: 30_000 });
      expect(run.stderr).not.toContain('internal error');
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toMatch(/Items GET \/items \(listItems\) answered 200 with a body that does not match services\/Items\/openapi\.yaml: at \/0\/name: expected string, found array \[\[\[\[.*…/);
      expect(run.stdout).toMatch(/GET \/items\/first \(firstItem\) answered 200 .*at \/name: expected string, found integer 5/);
      expect(run.stdout).toContain('0 passed, 2 failed');
    });
  });

  describe('in a broker message', () => {
    let nats: NatsBroker;
    let nc: NatsConnection;
    let service: FakeService;
    beforeAll(async () => {
      nats = await startNats();
      nc = await connect({ servers: nats.url.replace('nats://', '') });
      service = await fakeService({
        'POST /items': (_req, res) => {
          // The service's event: one nested 6,000 levels, one merely wrong.
          nc.publish('items.events', `{"name":${DEEP}}`);
          nc.publish('items.events', '{"name":"ok","size":"big"}');
          void nc.flush().then(() => json({ name: 'widget' })(_req, res, ''));
        },
      });
    });
    afterAll(async () => {
      await service?.close();
      await nc?.close();
      await nats?.stop();
    });

    test('is one finding, and the run goes on', async () => {
      const run = await runBounded(
        ['verify', '--catalog', CATALOG, '--only', 'produces', '--target', `Items=${service.url}`, '--broker', `nats=${nats.url}`, '--window', '1500', '--format', 'json'],
        { timeoutMs: 30_000 },
      );
      expect(run.stderr).not.toContain('internal error');
      expect(run.code, run.stderr).toBe(1);
      const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: { code: string; message: string }[] };
      const messages = diagnostics.map((d) => `${d.code} ${d.message}`);
      expect(messages).toContainEqual(expect.stringMatching(/^payload-wrong-type Items sent ItemAdded 1\.0\.0 on items\.events \(nats .*\): at \/name: expected string, found array \[\[\[.*…\.$/));
      expect(messages).toContainEqual(expect.stringMatching(/at \/size: expected number, found string "big"/));
      // The MQTT channel has no broker: said too, in the same run.
      expect(messages).toContainEqual(expect.stringMatching(/^verify-config .*no mqtt broker URL/));
    });
  });
});
