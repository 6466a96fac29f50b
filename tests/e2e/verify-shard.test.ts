/**
 * `waybill verify --shard i/n` + `waybill report merge` against the reference services on a real
 * nats-server: three shards, merged, give the report one unsharded run gives — the same checks in the
 * same order with the same outcomes, the same per-subject results and counts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startNats, type NatsBroker } from '../helpers/brokers.ts';
import { FIXTURE, runCli } from '../helpers/verify.ts';
import { startReferenceServices, type ReferenceServices } from '../reference-services/main.ts';
import type { VerificationReport } from '../../contracts/report.ts';

let nats: NatsBroker;
let services: ReferenceServices;
const tmp = mkdtempSync(path.join(tmpdir(), 'waybill-shard-e2e-'));

beforeAll(async () => {
  nats = await startNats();
  services = await startReferenceServices({ broker: nats.url, faults: '' });
});
afterAll(async () => {
  await services?.close();
  await nats?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const read = (file: string): VerificationReport => JSON.parse(readFileSync(file, 'utf8'));
/** What must match between the merged and the unsharded report: every check and every subject's result. */
function outcome(report: VerificationReport) {
  const subjects = (group: Record<string, { result: string; passed: number; failed: number; problems: readonly string[] }>) =>
    Object.fromEntries(Object.entries(group).map(([key, s]) => [key, { result: s.result, passed: s.passed, failed: s.failed, problems: s.problems }]));
  return {
    checks: report.checks!.map((c) => `${c.unit} | ${c.name} | ${c.passed ? 'passed' : 'failed'} | ${c.subjects.join(',')}`),
    passed: report.lastRun.passed,
    failed: report.lastRun.failed,
    services: subjects(report.services),
    messages: subjects(report.messages),
    flows: subjects(report.flows),
  };
}

test('three shards merged give the same checks and outcomes as one unsharded run', async () => {
  const common = ['verify', '--catalog', FIXTURE, '--target', `Stores=${services.url}`, '--target', `Baskets=${services.url}`, '--broker', `nats=${nats.url}`, '--runs', '2', '--window', '600'];
  const whole = path.join(tmp, 'whole.json');
  const one = await runCli([...common, '--report', whole]);
  expect(one.stderr).not.toContain('internal error');
  const shardFiles: string[] = [];
  for (const i of [1, 2, 3]) {
    const file = path.join(tmp, `shard-${i}.json`);
    const out = await runCli([...common, '--shard', `${i}/3`, '--report', file]);
    expect(out.stderr).not.toContain('internal error');
    expect(out.stdout).toMatch(new RegExp(`shard ${i}/3: \\d+ of 3 units`));
    shardFiles.push(file);
  }
  const shards = shardFiles.map(read);
  expect(shards.map((s) => s.lastRun.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
  expect(new Set(shards.map((s) => s.lastRun.plan!.id)).size).toBe(1);
  // Each unit (Stores, Baskets, the flow) ran in exactly one shard.
  const ranIn = shards.map((s) => [...new Set(s.checks!.map((c) => c.unit))]);
  expect(ranIn.flat().sort()).toEqual([...read(whole).lastRun.plan!.units].sort());

  const merged = path.join(tmp, 'merged.json');
  const out = await runCli(['report', 'merge', ...[...shardFiles].reverse(), '-o', merged]);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  expect(out.stdout).toMatch(/^Merged 3 shard reports into .*merged\.json in \d+ ms: \d+ passed, \d+ failed\.$/m);

  const expected = outcome(read(whole));
  expect(expected.checks.length).toBeGreaterThan(20);
  expect(outcome(read(merged))).toEqual(expected);
  expect(read(merged).lastRun.shards).toHaveLength(3);
  expect(read(merged).flows['flow:StoreCreatedToCaches@1.0.0'].latency?.runs).toBe(2);

  // A shard of a different plan (other options) is refused.
  const other = path.join(tmp, 'other.json');
  await runCli([...common, '--only', 'http', '--shard', '1/3', '--report', other]);
  const refused = await runCli(['report', 'merge', shardFiles[0], other, '-o', path.join(tmp, 'refused.json')]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('merge-plan-mismatch');
}, 240_000);
