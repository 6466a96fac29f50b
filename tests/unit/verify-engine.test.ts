/**
 * The pieces of `waybill verify` that need no broker: templates and subset matching, envelopes, seeded
 * generation, schema violations with pointers and lines, OpenAPI operations, the report, and the
 * streamed capture check.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Message, Service } from '../../src/catalog/model.ts';
import { VerifyRun, tally, type VerifyOptions } from '../../contracts/context.ts';
import { compileEnvelope, parseBody, unwrap, wrap } from '../../contracts/envelope.ts';
import { generate, random } from '../../contracts/generate.ts';
import { operationsOf, responseFor, buildPath } from '../../contracts/openapi.ts';
import { mismatch, render, sameJson, TemplateError } from '../../contracts/template.ts';
import { describeViolation, SchemaValidators, truncate, violationsOf } from '../../contracts/validate.ts';
import { buildReport, mergeReports } from '../../contracts/report.ts';
import { verifyCapture } from '../../contracts/checks/capture.ts';
import { generatedPayloads } from '../../contracts/checks/consumes.ts';
import { verifyOptions } from '../helpers/verify.ts';
import { percentile } from '../../contracts/checks/flows.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/verify');

const options = (extra: Partial<VerifyOptions> = {}) => verifyOptions({ timeoutMs: 1000, windowMs: 500, runs: 1, ...extra });

describe('templates', () => {
  test('a whole-string template keeps the value type; embedded ones are stringified', () => {
    const scope = { store: { body: { id: 's-1', count: 3 } }, runId: 'r' };
    expect(render({ id: '{{store.body.id}}', n: '{{ store.body.count }}', name: 'Store {{runId}} #{{store.body.count}}' }, scope)).toEqual({ id: 's-1', n: 3, name: 'Store r #3' });
  });
  test('uuid is fresh at each occurrence', () => {
    const out = render(['{{uuid}}', '{{uuid}}'], {});
    expect(out[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(out[0]).not.toBe(out[1]);
  });
  test('an unknown name is a TemplateError that says what is known', () => {
    expect(() => render('{{store.body.id}}', { runId: 'x' })).toThrow(TemplateError);
    expect(() => render('{{store.body.id}}', { runId: 'x' })).toThrow(/'store' is not known here \(known: runId, uuid\)/);
  });
  test('subset match reports the first mismatch with its pointer', () => {
    expect(mismatch({ store: { name: 'A' } }, { store: { name: 'A', id: 1 } })).toBeUndefined();
    expect(mismatch({ store: { name: 'A' } }, { store: { name: 'B' } })).toEqual({ pointer: '/store/name', expected: 'A', actual: 'B' });
    expect(mismatch({ items: [1, 2] }, { items: [1] })).toMatchObject({ pointer: '/items' });
    expect(mismatch({ price: 34.99 }, { price: 29.99 + 5 })).toBeUndefined();
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe('envelopes', () => {
  const envelope = { name: { field: 'Name' }, id: { field: '/ID' }, payload: 'Payload', version: { header: 'message-version' } };
  test('wrap puts name, id and payload where the envelope says; unwrap reads them back', () => {
    const out = wrap(envelope, { payload: { id: 's' }, name: 'storesapi.StoreCreated', version: '1.0.0', id: 'm-1', contentType: 'application/json' });
    expect(out.headers).toEqual({ 'message-version': '1.0.0' });
    const body = JSON.parse(Buffer.from(out.body).toString());
    expect(body).toEqual({ Payload: { id: 's' }, Name: 'storesapi.StoreCreated', ID: 'm-1' });
    expect(unwrap(envelope, { 'Message-Version': '1.0.0' }, body)).toEqual({ payload: { id: 's' }, name: 'storesapi.StoreCreated', version: '1.0.0', id: 'm-1', missingPayload: false });
    const compiled = compileEnvelope(envelope);
    expect(compiled.payload(body)).toEqual({ id: 's' });
    expect(compiled.name?.({}, body)).toBe('storesapi.StoreCreated');
  });
  test('a missing payload field is flagged; no envelope means the body is the payload', () => {
    expect(unwrap(envelope, {}, { Name: 'x' }).missingPayload).toBe(true);
    expect(unwrap(undefined, {}, { a: 1 })).toEqual({ payload: { a: 1 } });
  });
  test('a body that is not JSON says why, with a short preview', () => {
    const parsed = parseBody('<html>'.repeat(30));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.preview.length).toBeLessThan(70);
  });
});

describe('generation and validation against the catalog', async () => {
  const catalog = await loadCatalog(FIXTURE);
  const run = new VerifyRun(catalog, options({ seed: 7 }));
  const message = catalog.latest('message', 'BasketCheckedOut') as Message;

  test('generated payloads are schema-valid and reproducible for a seed', () => {
    const a = generatedPayloads(run, message, 5);
    const b = generatedPayloads(new VerifyRun(catalog, options({ seed: 7 })), message, 5);
    const c = generatedPayloads(new VerifyRun(catalog, options({ seed: 8 })), message, 5);
    expect(a).toHaveLength(5);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  test('the generator honours ranges, formats and enums', () => {
    const rng = random(3);
    for (let i = 0; i < 50; i++) {
      const v = generate({ type: 'object', required: ['n', 'e', 'u'], properties: { n: { type: 'integer', minimum: 5, maximum: 6 }, e: { enum: ['a', 'b'] }, u: { type: 'string', format: 'uuid' } } }, { rng, root: {} }) as Record<string, unknown>;
      expect([5, 6]).toContain(v.n);
      expect(['a', 'b']).toContain(v.e);
      expect(v.u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  test('each violation has its kind, JSON pointer, expected vs found, a truncated value and the keyword line', () => {
    const validators = new SchemaValidators(catalog);
    const schema = validators.forMessage(message);
    if (!schema || schema instanceof Error) throw new Error('no schema');
    expect(validators.forMessage(message)).toBe(schema); // compiled once
    const data = { id: 'b', customer_id: 7, payment_id: 'p', items: [], note: 'x'.repeat(200) };
    expect(schema.validate(data)).toBe(false);
    const violations = violationsOf(schema, data);
    expect(violations.map((v) => [v.kind, v.pointer])).toEqual([
      ['unknown-field', '/note'],
      ['wrong-type', '/customer_id'],
    ]);
    expect(describeViolation(violations[1])).toBe('at /customer_id: expected string, found integer 7');
    expect(violations[0].value!.length).toBeLessThanOrEqual(80);
    expect(violations[1].schemaPath).toEqual(['properties', 'customer_id', 'type']);
    expect(catalog.locate(violations[1].schemaFile, violations[1].schemaPath).line).toBeGreaterThan(1);
    const missing = violationsOf(schema, { id: 'b' }, (schema.validate({ id: 'b' }), schema.validate.errors ?? []));
    expect(missing.filter((v) => v.kind === 'missing-field').map((v) => v.pointer)).toEqual(['/customer_id', '/payment_id', '/items']);
    expect(truncate('y'.repeat(500))).toHaveLength(80);
  });

  test('OpenAPI 3 and Swagger 2.0 operations, their responses and paths', () => {
    const stores = catalog.latest('service', 'Stores') as Service;
    const ops = operationsOf(stores.specifications[0]);
    const getStore = ops.find((o) => o.operationId === 'getStore')!;
    expect(getStore.method).toBe('GET');
    expect(getStore.parameters.map((p) => [p.name, p.in, p.required])).toEqual([['id', 'path', true]]);
    expect(responseFor(getStore, 404)?.status).toBe('404');
    expect(responseFor(getStore, 206)).toBeUndefined();
    expect(buildPath(getStore, { id: 'a b' }, { q: 1 })).toBe('/api/stores/a%20b?q=1');
    const createStore = ops.find((o) => o.operationId === 'createStore')!;
    expect(createStore.body?.examples).toEqual([{ name: 'Bits & Bytes Electronics', location: 'Level 2, East Wing' }]);
    const baskets = catalog.latest('service', 'Baskets') as Service;
    const swagger = operationsOf(baskets.specifications[0]);
    const getBasket = swagger.find((o) => o.operationId === 'getBasket')!;
    expect(responseFor(getBasket, 418)?.status).toBe('default');
    expect(getBasket.responses.find((r) => r.status === '200')?.schemaAt).toEqual(['paths', '/api/baskets/{id}', 'get', 'responses', '200', 'schema']);
  });

  test('percentiles are nearest-rank', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([4], 95)).toBe(4);
  });
});

describe('redaction', async () => {
  const catalog = await loadCatalog(FIXTURE);
  test('URL passwords, tokens in the user part and configured secrets are masked', () => {
    const run = new VerifyRun(catalog, options({ secrets: ['Bearer sekrit-token-1', 'sekrit-token-1'] }));
    expect(run.showUrl('nats://user:pass@127.0.0.1:4222')).toBe('nats://user:***@127.0.0.1:4222');
    expect(run.showUrl('nats://tok123@127.0.0.1:4222')).toBe('nats://***@127.0.0.1:4222');
    expect(run.redact('sent sekrit-token-1 to amqp://a:b@h')).toBe('sent *** to amqp://a:***@h');
    const d = run.diagnostic({ code: 'x', message: 'auth sekrit-token-1', hint: 'password=hunter2' });
    expect(d.message).toBe('auth ***');
    expect(d.hint).toBe('password=***');
  });
});

describe('capture', async () => {
  const catalog = await loadCatalog(FIXTURE);
  const line = (channel: string, name: string, payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => JSON.stringify({ channel, headers, payload: { ID: 'x', Name: name, Payload: payload } });

  test('counts valid and invalid messages per version, reports lines it cannot read, streams CRLF and a last line without newline', async () => {
    const run = new VerifyRun(catalog, options());
    const good = line('mallbots.stores.events.Store', 'storesapi.StoreCreated', { id: 's', name: 'A', location: 'L' });
    const text = [
      good,
      line('mallbots.stores.events.Store', 'storesapi.StoreCreated', { id: 's', name: 'A' }),
      line('mallbots.stores.events.Product', 'storesapi.ProductRemoved', { id: 'p' }, { 'Content-Type': 'text/plain' }),
      '{"channel": "mallbots.stores.events.Store", ',
      JSON.stringify({ channel: 'elsewhere', payload: {} }),
      '',
      good,
    ].join('\r\n');
    await verifyCapture(run, { label: 'capture.jsonl', file: '/tmp/capture.jsonl', stream: Readable.from([Buffer.from(text.slice(0, 37)), Buffer.from(text.slice(37))]) });
    expect(tally(run.checks)).toEqual({ passed: 2, failed: 3 });
    const codes = run.diagnostics.map((d) => d.code).sort();
    expect(codes).toEqual(['capture-line-invalid', 'capture-unknown-channel', 'message-content-type', 'payload-missing-field']);
    const bad = run.diagnostics.find((d) => d.code === 'capture-line-invalid')!;
    expect(bad).toMatchObject({ file: '/tmp/capture.jsonl', line: 4 });
    expect(run.diagnostics.find((d) => d.code === 'payload-missing-field')!.message).toContain('capture.jsonl:2: StoreCreated 1.0.0');
  });

  test('beyond ten problems of a kind they are counted, not listed', async () => {
    const run = new VerifyRun(catalog, options());
    const lines = Array.from({ length: 25 }, () => line('mallbots.stores.events.Product', 'storesapi.ProductRemoved', { id: 5 }));
    await verifyCapture(run, { label: 'c', stream: Readable.from([lines.join('\n')]) });
    expect(tally(run.checks)).toEqual({ passed: 0, failed: 25 });
    expect(run.diagnostics.filter((d) => d.code === 'payload-wrong-type')).toHaveLength(11);
    expect(run.diagnostics.at(-1)!.message).toBe('c: 15 more ProductRemoved 1.0.0 messages with payload-wrong-type, not listed one by one.');
  });
});

describe('report', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const check = (subjects: string[], passed: boolean) => ({ name: 'c', kind: 'produces' as const, passed, subjects, at, problems: passed ? [] : ['payload-wrong-type'], details: [] });
  test('per service, message version and flow; a later run keeps the subjects it did not check', () => {
    const first = buildReport({ catalogDir: 'catalog', toolVersion: '0', startedAt: new Date(at), finishedAt: new Date(at), mode: 'services', checks: [check(['service:Stores@1.0.0', 'event:StoreCreated@1.0.0'], false), check(['flow:F@1.0.0'], true)], latencies: new Map([['flow:F@1.0.0', { p50: 3, p95: 5, runs: 5, budgetMs: 500 }]]), interrupted: false });
    expect(first.services['service:Stores@1.0.0']).toMatchObject({ id: 'Stores', version: '1.0.0', result: 'failed', failed: 1, problems: ['payload-wrong-type'] });
    expect(first.flows['flow:F@1.0.0'].latency).toEqual({ p50: 3, p95: 5, runs: 5, budgetMs: 500 });
    const second = buildReport({ catalogDir: 'catalog', toolVersion: '0', startedAt: new Date(), finishedAt: new Date(), mode: 'services', checks: [check(['service:Baskets@1.0.0'], true)], latencies: new Map(), interrupted: false });
    const merged = mergeReports(first, second);
    expect(Object.keys(merged.services).sort()).toEqual(['service:Baskets@1.0.0', 'service:Stores@1.0.0']);
    expect(merged.lastRun.passed).toBe(1);
  });
});
