/**
 * `waybill verify` against the reference services on a real nats-server (JetStream): the faithful
 * services pass clean against the fixture catalog and the default catalog; each broken variant is
 * reported with its own code; nothing hangs (a service down, slow or answering HTML, a broker that is not
 * there or goes away, Ctrl-C); secrets never reach an output or the report.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { freePort, startNats, type NatsBroker } from '../helpers/brokers.ts';
import { DEFAULT_CATALOG, FIXTURE, runCli, verifyInProcess } from '../helpers/verify.ts';
import { startReferenceServices, type ReferenceServices } from '../reference-services/main.ts';
import { Bus, CHANNELS } from '../reference-services/bus.ts';
import type { CheckKind } from '../../contracts/context.ts';

let nats: NatsBroker;
const tmp = mkdtempSync(path.join(tmpdir(), 'waybill-verify-e2e-'));

beforeAll(async () => {
  nats = await startNats({ monitor: true });
});
afterAll(async () => {
  await nats?.stop();
});

async function withServices<T>(faults: string, work: (services: ReferenceServices) => Promise<T>): Promise<T> {
  const services = await startReferenceServices({ broker: nats.url, faults });
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

const targets = (s: ReferenceServices) => ({ Stores: s.url, Baskets: s.url });

describe('the faithful reference services pass clean', () => {
  test('against the fixture catalog: HTTP (with writes and generated requests), produced and consumed messages, the flow', async () => {
    await withServices('', async (s) => {
      const result = await verifyInProcess(FIXTURE, { targets: targets(s), brokers: { nats: nats.url }, allowWrites: true, generate: 2, runs: 3 });
      expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      // 5 GET + 9 writes on Stores, 6 operations on Baskets, each with 1 + 2 generated requests; 8 + 3 produced
      // messages and as many "did it come" checks; 5 consumer outcomes; 1 flow.
      expect(result.failed).toBe(0);
      expect(result.passed).toBeGreaterThanOrEqual(60 + 11 + 11 + 5 + 1);
      const flow = result.latencies.get('flow:StoreCreatedToCaches@1.0.0');
      expect(flow).toMatchObject({ runs: 3, budgetMs: 500 });
      expect(flow!.p95).toBeLessThan(500);
    });
  });

  test('against the default catalog, through the CLI: exit 0, no problems, the closing line, a report', async () => {
    await withServices('', async (s) => {
      const report = path.join(tmp, 'default-report.json');
      const out = await runCli(['verify', '--catalog', DEFAULT_CATALOG, '--target', `Stores=${s.url}`, '--target', `Baskets=${s.url}`, '--broker', `nats=${nats.url}`, '--runs', '3', '--window', '600', '--report', report]);
      expect(out.stderr).not.toContain('internal error');
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('waybill verify: no problems');
      expect(out.stdout).toMatch(/StoreCreatedToCaches: end-to-end p50 \d+ ms, p95 \d+ ms over 3 runs \(budget 500 ms\)/);
      expect(out.stdout).toMatch(/^\d+ passed, 0 failed$/m);
      const written = JSON.parse(readFileSync(report, 'utf8'));
      expect(written.reportVersion).toBe(1);
      expect(written.services['service:Stores@1.0.0']).toMatchObject({ result: 'passed', failed: 0 });
      expect(written.services['service:Baskets@1.0.0']).toMatchObject({ result: 'passed' });
      expect(written.messages['event:StoreCreated@1.0.0']).toMatchObject({ id: 'StoreCreated', version: '1.0.0', result: 'passed' });
      expect(written.messages['event:BasketCheckedOut@1.0.0'].result).toBe('passed');
      expect(written.flows['flow:StoreCreatedToCaches@1.0.0'].latency.runs).toBe(3);
      expect(Date.parse(written.services['service:Stores@1.0.0'].checkedAt)).toBeGreaterThan(Date.now() - 120_000);
    });
  });
});

describe('each broken variant is reported with its own code', () => {
  const cases: [fault: string, code: string, only: CheckKind[]][] = [
    ['missing-field', 'payload-missing-field', ['produces']],
    ['wrong-type', 'payload-wrong-type', ['produces']],
    ['extra-field', 'payload-unknown-field', ['produces']],
    ['wrong-channel', 'message-wrong-channel', ['produces']],
    ['wrong-content-type', 'message-content-type', ['produces']],
    ['never-sent', 'message-never-sent', ['produces']],
    ['undocumented-status', 'http-status-undocumented', ['http']],
    ['bad-body', 'http-body-invalid', ['http']],
    ['not-idempotent', 'consumer-not-idempotent', ['consumes']],
    ['slow-consumer', 'flow-over-budget', ['flows']],
  ];
  test.each(cases)('%s → %s', async (fault, code, only) => {
    await withServices(fault, async (s) => {
      const result = await verifyInProcess(FIXTURE, { targets: targets(s), brokers: { nats: nats.url }, only });
      expect(result.codes).toEqual([code]);
      const d = result.errors[0];
      expect(d.file).toBeTruthy();
      expect(d.line).toBeGreaterThan(0);
      if (code.startsWith('payload-')) {
        expect(d.path).toMatch(/^\/\w+/);
        expect(d.message).toMatch(/Stores sent \w+ 1\.0\.0 on mallbots\.stores\.events\.\w+ \(nats nats:\/\/127\.0\.0\.1:\d+\): at \/\w+: expected .+, found .+/);
      }
    });
  });

  test('payload faults are also found on the default catalog (and in the flow that carries them)', async () => {
    await withServices('wrong-type,extra-field', async (s) => {
      const result = await verifyInProcess(DEFAULT_CATALOG, { services: ['Stores'], targets: targets(s), brokers: { nats: nats.url }, only: ['produces'] });
      expect(result.codes).toEqual(['payload-unknown-field', 'payload-wrong-type']);
      expect(result.errors.find((d) => d.code === 'payload-wrong-type')!.message).toContain('at /price: expected number, found string "29.99"');
    });
  });
});

describe('a consumer whose outcome is a follow-up message', () => {
  /** The fixture plus Notifier: on StoreCreated it sends StoreWelcomed (once per message id, unless faulty). */
  function catalogWithNotifier(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'waybill-verify-notifier-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const md = (fm: object) => `---\n${JSON.stringify(fm)}\n---\n`;
    mkdirSync(path.join(dir, 'channels/mallbots.notifications.events.Welcome'), { recursive: true });
    writeFileSync(path.join(dir, 'channels/mallbots.notifications.events.Welcome/index.md'), md({ id: 'mallbots.notifications.events.Welcome', version: '1.0.0', owners: ['commerce'], address: 'mallbots.notifications.events.Welcome', protocols: ['nats'], bindings: { nats: { stream: 'mallbots' } } }));
    mkdirSync(path.join(dir, 'services/Notifier/events/StoreWelcomed'), { recursive: true });
    writeFileSync(path.join(dir, 'services/Notifier/events/StoreWelcomed/schema.json'), JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: ['store_id', 'text'], additionalProperties: false, properties: { store_id: { type: 'string', minLength: 1 }, text: { type: 'string', minLength: 1 } } }));
    writeFileSync(path.join(dir, 'services/Notifier/events/StoreWelcomed/index.md'), md({ id: 'StoreWelcomed', version: '1.0.0', owners: ['commerce'], wireName: 'notificationsapi.StoreWelcomed', channels: [{ id: 'mallbots.notifications.events.Welcome' }], schemaPath: 'schema.json', contentType: 'application/json' }));
    const envelope = { name: { field: 'Name' }, id: { field: 'ID' }, payload: 'Payload' };
    const created = { id: '{{uuid}}', name: 'Bits & Bytes', location: 'Level 2' };
    writeFileSync(path.join(dir, 'services/Notifier/index.md'), md({
      id: 'Notifier', version: '1.0.0', owners: ['commerce'],
      sends: [{ id: 'StoreWelcomed', to: [{ id: 'mallbots.notifications.events.Welcome' }] }],
      receives: [{ id: 'StoreCreated', from: [{ id: 'mallbots.stores.events.Store' }], group: 'notifier-stores' }],
      verification: {
        envelope,
        triggers: [{ publish: { message: 'StoreCreated', payload: created }, produces: ['StoreWelcomed'] }],
        consumes: [{ message: 'StoreCreated', payload: created, expect: { message: 'StoreWelcomed', match: { store_id: '{{payload.id}}' } } }],
      },
    }));
    return dir;
  }

  async function settled(group: string): Promise<void> {
    const u = new URL(nats.url);
    const nc = await connect({ servers: `${u.hostname}:${u.port}` });
    try {
      const jsm = await jetstreamManager(nc);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const info = await jsm.consumers.info('mallbots', group);
        if (info.num_pending === 0 && info.num_ack_pending === 0) return;
        if (Date.now() > deadline) throw new Error(`the ${group} group still has ${info.num_pending} pending and ${info.num_ack_pending} unacked messages`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await nc.close();
    }
  }

  async function startNotifier(idempotent: boolean): Promise<() => Promise<void>> {
    const bus = await Bus.connect(nats.url, 'notifier');
    const inbox = new Set<string>();
    await bus.subscribe(CHANNELS.store, 'notifier-stores', async (m) => {
      if (m.Name !== 'storesapi.StoreCreated') return;
      if (idempotent && inbox.has(m.ID)) return;
      inbox.add(m.ID);
      await bus.publish('mallbots.notifications.events.Welcome', 'notificationsapi.StoreWelcomed', { store_id: String(m.Payload.id), text: `Welcome, ${String(m.Payload.name)}` });
    });
    // The group starts at the stream's beginning (as MallBots' groups do), so it first works through the
    // StoreCreated messages of earlier tests; its welcomes for those must be sent before verify starts
    // listening, or they land in the run and the count depends on the machine's speed.
    await settled('notifier-stores');
    return () => bus.close();
  }

  test('a publish trigger makes it send; the follow-up arrives once per message — or twice, which is reported', async () => {
    const dir = catalogWithNotifier();
    for (const [idempotent, codes] of [[true, []], [false, ['consumer-not-idempotent']]] as const) {
      const stop = await startNotifier(idempotent);
      try {
        const result = await verifyInProcess(dir, { services: ['Notifier'], targets: {}, brokers: { nats: nats.url }, only: ['produces', 'consumes'] });
        expect(result.codes).toEqual(codes);
        if (idempotent) expect(result.diagnostics).toEqual([]);
        else expect(result.errors[0].message).toMatch(/^Notifier sent StoreWelcomed 2 times when the same StoreCreated \(id [0-9a-f-]+\) was delivered twice\.$/);
        expect(result.passed + result.failed).toBe(2);
      } finally {
        await stop();
      }
    }
  });
});

describe('never hangs, never leaks', () => {
  test('a service that is down: one clear failing check per service, naming it and its address', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const result = await verifyInProcess(FIXTURE, { targets: { Stores: url, Baskets: url }, brokers: { nats: nats.url }, only: ['http', 'produces', 'consumes'] });
    expect(result.codes).toEqual(['service-unreachable']);
    expect(result.errors).toHaveLength(2);
    expect(result.errors.map((d) => d.message).join('\n')).toContain(`Stores (${url}): GET /api/stores — connection refused by ${url}`);
    expect(result.ms).toBeLessThan(5000);
  });

  test('a slow service fails with service-timeout, an HTML answer with http-not-json', async () => {
    await withServices('slow-http', async (s) => {
      const result = await verifyInProcess(FIXTURE, { services: ['Stores'], targets: targets(s), brokers: { nats: nats.url }, only: ['http'], timeoutMs: 400 });
      expect(result.codes).toEqual(['service-timeout']);
      expect(result.errors[0].message).toMatch(/^Stores \(http:\/\/127\.0\.0\.1:\d+\): GET \/api\/stores — no answer from http:\/\/127\.0\.0\.1:\d+ within 400 ms\.$/);
    });
    await withServices('not-json', async (s) => {
      const result = await verifyInProcess(FIXTURE, { services: ['Stores'], targets: targets(s), brokers: { nats: nats.url }, only: ['http'] });
      expect(result.codes).toEqual(['http-content-type', 'http-not-json']);
    });
  });

  test('a broker that is not there: broker-unreachable once, password masked, no stack trace', async () => {
    const port = await freePort();
    const out = await runCli(['verify', '--catalog', FIXTURE, '--target', 'Stores=http://127.0.0.1:1', '--target', 'Baskets=http://127.0.0.1:1', '--broker', `nats=nats://waybill:hunter22@127.0.0.1:${port}`, '--only', 'produces', '--format', 'json']);
    expect(out.code).toBe(1);
    const diagnostics = JSON.parse(out.stdout).diagnostics ?? JSON.parse(out.stdout);
    const list = Array.isArray(diagnostics) ? diagnostics : diagnostics.diagnostics;
    expect(list.map((d: { code: string }) => d.code)).toEqual(['broker-unreachable']);
    expect(out.stdout + out.stderr).not.toContain('hunter22');
    expect(out.stdout).toContain(`nats://waybill:***@127.0.0.1:${port}`);
    expect(out.stderr).not.toMatch(/at .+\.ts:\d+/);
  });

  test('a broker that goes away mid-run: broker-disconnected naming it, and the run ends at once', async () => {
    const own = await startNats();
    const services = await startReferenceServices({ broker: own.url, faults: 'never-sent' });
    try {
      let stopping: Promise<void> | undefined;
      const result = await verifyInProcess(FIXTURE, {
        services: ['Stores'],
        targets: targets(services),
        brokers: { nats: own.url },
        only: ['produces', 'consumes'],
        windowMs: 20_000,
        progress: (text) => {
          if (text.startsWith('Listening to Stores') && !stopping) stopping = new Promise((r) => setTimeout(r, 300)).then(() => own.stop());
        },
      });
      await stopping;
      expect(result.codes).toEqual(['broker-disconnected']);
      expect(result.errors[0].message).toContain(`the nats broker at ${own.url} dropped the connection`);
      expect(result.ms).toBeLessThan(10_000);
    } finally {
      await services.close();
      await own.stop();
    }
  });

  test('Ctrl-C closes the subscriptions and exits 130 with partial results', async () => {
    await withServices('never-sent', async (s) => {
      const connz = async () => (await (await fetch(`${nats.monitorUrl}/connz?subs=1`)).json()) as { connections: { name?: string; subscriptions?: number }[] };
      const ours = async () => (await connz()).connections.filter((c) => c.name === 'waybill-verify');
      const out = await runCli(['verify', '--catalog', FIXTURE, '--service', 'Stores', '--only', 'produces', '--target', `Stores=${s.url}`, '--broker', `nats=${nats.url}`, '--window', '60000'], {
        timeoutMs: 30_000,
        onSpawn: (child) => {
          void (async () => {
            const deadline = Date.now() + 20_000;
            while (Date.now() < deadline) {
              const c = await ours().catch(() => []);
              if (c.some((x) => (x.subscriptions ?? 0) > 0)) break;
              await new Promise((r) => setTimeout(r, 100));
            }
            await new Promise((r) => setTimeout(r, 300));
            child.kill('SIGINT');
          })();
        },
      });
      expect(out.code).toBe(130);
      expect(out.ms).toBeLessThan(25_000);
      expect(out.stderr).toContain('interrupted — closing subscriptions');
      expect(out.stdout).toContain('verify-interrupted');
      expect(out.stdout).toMatch(/\d+ passed, \d+ failed \(interrupted\)/);
      // The server no longer knows the client.
      const deadline = Date.now() + 5000;
      while ((await ours()).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await ours()).toEqual([]);
    });
  });
});

describe('output', () => {
  test('every format of lint, exit codes as lint, secrets redacted everywhere (outputs and report)', async () => {
    await withServices('wrong-type', async (s) => {
      const withPassword = s.url.replace('http://', 'http://admin:pw-secret-1@');
      const report = path.join(tmp, 'fault-report.json');
      const common = ['verify', '--catalog', FIXTURE, '--service', 'Stores', '--only', 'http,produces', '--target', `Stores=${withPassword}`, '--broker', `nats=${nats.url}`, '--window', '600'];
      const env = { WAYBILL_AUTH_STORES: 'Bearer tok-secret-2' };
      const outputs: Record<string, string> = {};
      for (const format of ['stylish', 'json', 'junit', 'github', 'sarif']) {
        const out = await runCli([...common, '--format', format, '--report', report], { env });
        expect(out.code, format).toBe(1);
        outputs[format] = out.stdout + out.stderr;
        expect(outputs[format]).toContain('payload-wrong-type');
        expect(outputs[format]).toMatch(/\d+ passed, 1 failed/);
      }
      expect(JSON.parse(outputs.json.slice(0, outputs.json.lastIndexOf('}') + 1))).toBeTruthy();
      expect(outputs.junit).toContain('<testcase name="Stores sent ProductAdded 1.0.0 on mallbots.stores.events.Product"');
      expect(JSON.parse(outputs.sarif.slice(0, outputs.sarif.lastIndexOf('}') + 1)).runs[0].results[0].ruleId).toBe('payload-wrong-type');
      expect(outputs.github).toMatch(/::error file=tests\/fixtures\/verify\/services\/Stores\/events\/ProductAdded\/schema\.json,line=\d+/);
      const all = Object.values(outputs).join('\n') + readFileSync(report, 'utf8');
      expect(all).not.toContain('pw-secret-1');
      expect(all).not.toContain('tok-secret-2');
      expect(JSON.parse(readFileSync(report, 'utf8')).messages['event:ProductAdded@1.0.0']).toMatchObject({ result: 'failed', problems: ['payload-wrong-type'] });
      // --fail-severity is honoured as in lint; a usage error exits 2 without a stack trace.
      const bad = await runCli(['verify', '--catalog', FIXTURE, '--only', 'nope']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("Unknown kind of check 'nope'");
    });
  });

  test('--from - reads a capture from standard input', async () => {
    const capture = path.join(tmp, 'capture.jsonl');
    const line = (payload: unknown) => JSON.stringify({ channel: 'mallbots.stores.events.Store', headers: { 'content-type': 'application/json' }, payload: { ID: '1', Name: 'storesapi.StoreCreated', Payload: payload } });
    writeFileSync(capture, `${line({ id: 's', name: 'A', location: 'L' })}\n${line({ id: 's', name: 'A', location: 'L', extra: 1 })}\n`);
    const out = await runCli(['verify', '--catalog', DEFAULT_CATALOG, '--from', '-'], { input: readFileSync(capture, 'utf8') });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('<stdin>:2: StoreCreated 1.0.0 on mallbots.stores.events.Store: at /extra: expected no other fields');
    expect(out.stdout).toContain('1 passed, 1 failed');
  });
});
