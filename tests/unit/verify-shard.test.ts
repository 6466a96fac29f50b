/**
 * `waybill verify --shard i/n` and `waybill report merge`: the split of a plan's units across shards
 * (each unit in exactly one shard, the same split on every machine, balanced by weight) and the merge of
 * shard reports (same plan required, a missing shard warned about, checks back in plan order).
 */
import { describe, expect, test } from 'vitest';
import { parseShard, splitPlan, unitsOfShard, type PlanUnit } from '../../contracts/shard.ts';
import { buildReport, type ReportCheck, type VerificationReport } from '../../contracts/report.ts';
import { mergeShardReports } from '../../contracts/report-merge.ts';
import { runCli } from '../helpers/verify.ts';

/** A seeded list of units: services and flows with uneven weights. */
function units(n: number, seed = 7): PlanUnit[] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, i) => ({ key: `${i % 4 === 0 ? 'flow' : 'service'}:U${String(i).padStart(3, '0')}`, weight: 1 + Math.floor(next() * 20) }));
}

describe('splitPlan', () => {
  test.each([1, 2, 3, 5, 8])('every unit lands in exactly one of %i shards', (count) => {
    const plan = units(97);
    const shards = splitPlan(plan, count);
    expect(shards).toHaveLength(count);
    const all = shards.flat();
    expect(all).toHaveLength(plan.length);
    expect(new Set(all)).toEqual(new Set(plan.map((u) => u.key)));
  });

  test('the split does not depend on the order the units come in, nor on the run', () => {
    const plan = units(60);
    const reversed = [...plan].reverse();
    const shuffled = [...plan].sort((a, b) => (a.key.split('').reverse().join('') < b.key.split('').reverse().join('') ? -1 : 1));
    const expected = splitPlan(plan, 4).map((s) => [...s].sort());
    expect(splitPlan(reversed, 4).map((s) => [...s].sort())).toEqual(expected);
    expect(splitPlan(shuffled, 4).map((s) => [...s].sort())).toEqual(expected);
    expect([...unitsOfShard(plan, { index: 2, count: 4 })].sort()).toEqual(expected[1]);
  });

  test.each([2, 3, 4, 6])('%i shards are balanced: the heaviest and lightest differ by at most one unit', (count) => {
    const plan = units(120, count);
    const weight = new Map(plan.map((u) => [u.key, u.weight]));
    const loads = splitPlan(plan, count).map((keys) => keys.reduce((sum, k) => sum + weight.get(k)!, 0));
    const heaviestUnit = Math.max(...plan.map((u) => u.weight));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(heaviestUnit);
    // Greedy on 120 units does far better than that bound: within 5 % of the mean.
    const mean = loads.reduce((a, b) => a + b, 0) / count;
    expect(Math.max(...loads)).toBeLessThanOrEqual(mean * 1.05);
  });

  test('more shards than units: the extra shards are empty, none is run twice', () => {
    const shards = splitPlan(units(3), 5);
    expect(shards.map((s) => s.length).sort()).toEqual([0, 0, 1, 1, 1]);
  });
});

describe('parseShard', () => {
  test.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/3', { index: 2, count: 3 }],
    [' 3 / 3 ', { index: 3, count: 3 }],
  ])('%s', (text, shard) => expect(parseShard(text)).toEqual(shard));
  test.each(['0/3', '4/3', '1/0', '2', 'a/b', '1/2/3'])('%s is refused with a message', (text) => {
    expect(parseShard(text)).toMatch(/--shard/);
  });
  test('the CLI refuses a bad --shard as a usage error, and --shard with a capture', async () => {
    const bad = await runCli(['verify', '--shard', '4/3']);
    expect([bad.code, bad.stderr]).toEqual([2, 'waybill: --shard 4/3: the index must be between 1 and the count (3).\n']);
    const capture = await runCli(['verify', '--shard', '1/2', '--from', 'capture.jsonl']);
    expect([capture.code, capture.stderr]).toEqual([2, 'waybill: --shard splits the checks of live services; a capture (--from) is read whole.\n']);
  });
});

describe('mergeShardReports', () => {
  const planUnits = ['service:A', 'service:B', 'flow:F'];
  const check = (unit: string, name: string, passed: boolean, subjects: string[]): ReportCheck => ({
    name, kind: unit.startsWith('flow') ? 'flows' : 'produces', unit, passed, subjects, at: '2026-01-01T00:00:00.000Z',
    problems: passed ? [] : ['payload-wrong-type'], details: passed ? [] : [{ code: 'payload-wrong-type', severity: 'error', message: `${name} failed` }],
  });
  const all = [
    check('service:A', 'A sends E', true, ['service:A@1', 'event:E@1']),
    check('service:A', 'A sends E again', false, ['service:A@1', 'event:E@1']),
    check('service:B', 'B receives E', true, ['service:B@1', 'event:E@1']),
    check('flow:F', 'F runs', true, ['flow:F@1']),
  ];
  const reportOf = (checks: ReportCheck[], shard?: { index: number; count: number }, plan = { id: 'p1', units: planUnits }): VerificationReport =>
    buildReport({ catalogDir: 'catalog', toolVersion: '0', startedAt: new Date(0), finishedAt: new Date(1000), mode: 'services', checks, latencies: new Map(), interrupted: false, plan, shard });

  test('three shards merge into the unsharded report (same checks in plan order, same subjects)', () => {
    const whole = reportOf(all);
    const merged = mergeShardReports([
      { file: '3.json', report: reportOf([all[3]], { index: 3, count: 3 }) },
      { file: '1.json', report: reportOf([all[2]], { index: 1, count: 3 }) },
      { file: '2.json', report: reportOf([all[0], all[1]], { index: 2, count: 3 }) },
    ], '0');
    expect(merged.diagnostics).toEqual([]);
    expect(merged.report!.checks).toEqual(whole.checks);
    expect(merged.report!.services).toEqual(whole.services);
    expect(merged.report!.messages).toEqual(whole.messages);
    expect(merged.report!.flows).toEqual(whole.flows);
    expect(merged.report!.lastRun).toMatchObject({ passed: 3, failed: 1, plan: whole.lastRun.plan });
    expect(merged.report!.lastRun.shards!.map((s) => s.index)).toEqual([1, 2, 3]);
  });

  test('a shard of another plan is refused', () => {
    const merged = mergeShardReports([
      { file: '1.json', report: reportOf([all[0]], { index: 1, count: 2 }) },
      { file: '2.json', report: reportOf([all[2]], { index: 2, count: 2 }, { id: 'p2', units: planUnits }) },
    ], '0');
    expect(merged.report).toBeUndefined();
    expect(merged.diagnostics).toMatchObject([{ code: 'merge-plan-mismatch', severity: 'error', file: '2.json' }]);
  });

  test('a missing shard is a warning; the same shard twice is an error', () => {
    const missing = mergeShardReports([{ file: '1.json', report: reportOf([all[0]], { index: 1, count: 3 }) }], '0');
    expect(missing.report?.lastRun.passed).toBe(1);
    expect(missing.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['merge-shard-missing', 'warning', 'Shard 2/3 is missing: the merged report lacks its checks.'],
      ['merge-shard-missing', 'warning', 'Shard 3/3 is missing: the merged report lacks its checks.'],
    ]);
    const twice = mergeShardReports([
      { file: 'a.json', report: reportOf([all[0]], { index: 1, count: 2 }) },
      { file: 'b.json', report: reportOf([all[0]], { index: 1, count: 2 }) },
    ], '0');
    expect(twice.diagnostics).toMatchObject([{ code: 'merge-duplicate-shard' }]);
  });

  test('a report without a plan (an older report, a capture) is refused', () => {
    const old = buildReport({ catalogDir: 'catalog', toolVersion: '0', startedAt: new Date(0), finishedAt: new Date(1), mode: 'capture', checks: [], latencies: new Map(), interrupted: false });
    expect(mergeShardReports([{ file: 'old.json', report: old }], '0').diagnostics).toMatchObject([{ code: 'merge-not-a-shard' }]);
  });
});
