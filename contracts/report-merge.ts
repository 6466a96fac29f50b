/**
 * `waybill report merge`: the JSON reports of the shards of one verify plan (`--shard i/n`) combined
 * into the report one unsharded run would have written — the same checks in plan order, the same
 * per-subject results and counts — with each shard's timing kept. Shards of different plans are refused;
 * a missing shard is a warning (the merged report then lacks its checks).
 */
import type { Diagnostic } from '../src/diagnostics/diagnostic.ts';
import { buildReport, type FlowResult, type ReportCheck, type RunSummary, type VerificationReport } from './report.ts';

export interface ShardReport {
  /** Where it was read from, for messages. */
  readonly file: string;
  readonly report: VerificationReport;
}

export interface MergeResult {
  /** Absent when the inputs cannot be merged (an error diagnostic says why). */
  readonly report?: VerificationReport;
  readonly diagnostics: Diagnostic[];
}

export function mergeShardReports(inputs: readonly ShardReport[], toolVersion: string): MergeResult {
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, message: string, file?: string, hint?: string): MergeResult => {
    diagnostics.push({ code, severity: 'error', message, ...(file ? { file } : {}), ...(hint ? { hint } : {}) });
    return { diagnostics };
  };
  if (!inputs.length) return error('merge-no-reports', 'There are no reports to merge.');
  for (const { file, report } of inputs) {
    if (!report.lastRun.plan || !report.checks) {
      return error('merge-not-a-shard', `${file} has no plan or checks; it was not written by waybill verify --report of this version.`, file, 'Run waybill verify --shard i/n --report FILE in each job, each to its own file.');
    }
  }
  const first = inputs[0];
  const plan = first.report.lastRun.plan!;
  const count = first.report.lastRun.shard?.count ?? 1;
  const byIndex = new Map<number, ShardReport>();
  for (const input of inputs) {
    const run = input.report.lastRun;
    if (run.plan!.id !== plan.id) {
      return error('merge-plan-mismatch', `${input.file} is of plan ${run.plan!.id}, but ${first.file} is of plan ${plan.id}: they checked different catalogs or options.`, input.file, 'Merge only the shards of one CI run, which all load the same catalog with the same options.');
    }
    const shardCount = run.shard?.count ?? 1;
    if (shardCount !== count) return error('merge-shard-count-mismatch', `${input.file} is a shard of ${shardCount}, but ${first.file} is a shard of ${count}.`, input.file);
    const index = run.shard?.index ?? 1;
    const other = byIndex.get(index);
    if (other) return error('merge-duplicate-shard', `${input.file} and ${other.file} are both shard ${index}/${count}.`, input.file);
    byIndex.set(index, input);
  }
  for (let i = 1; i <= count; i++) {
    if (!byIndex.has(i)) diagnostics.push({ code: 'merge-shard-missing', severity: 'warning', message: `Shard ${i}/${count} is missing: the merged report lacks its checks.` });
  }

  const order = new Map(plan.units.map((key, i) => [key, i]));
  const shards = [...byIndex.entries()].sort((a, b) => a[0] - b[0]);
  const checks: { check: ReportCheck; unit: number; at: number }[] = [];
  const latencies = new Map<string, NonNullable<FlowResult['latency']>>();
  for (const [, { report }] of shards) {
    report.checks!.forEach((check, i) => checks.push({ check, unit: order.get(check.unit ?? '') ?? plan.units.length, at: i }));
    // A flow runs whole in one shard: its latency comes from the shard that ran it.
    const ran = new Set(report.checks!.flatMap((c) => (c.kind === 'flows' ? c.subjects : [])));
    for (const [key, flow] of Object.entries(report.flows)) if (flow.latency && ran.has(key)) latencies.set(key, flow.latency);
  }
  // Plan order, each shard's own order within a unit: the order one unsharded run records them in.
  checks.sort((a, b) => a.unit - b.unit || a.at - b.at);
  const runs = shards.map(([, s]) => s.report.lastRun);
  const startedAt = runs.map((r) => r.startedAt).sort()[0];
  const finishedAt = runs.map((r) => r.finishedAt).sort().at(-1)!;
  const built = buildReport({
    catalogDir: first.report.lastRun.catalog,
    toolVersion,
    startedAt: new Date(startedAt),
    finishedAt: new Date(finishedAt),
    mode: first.report.lastRun.mode,
    checks: checks.map((c) => c.check),
    latencies,
    interrupted: runs.some((r) => r.interrupted),
    plan,
  });
  const shardTimes: RunSummary['shards'] = shards.map(([index, s]) => ({
    index,
    startedAt: s.report.lastRun.startedAt,
    finishedAt: s.report.lastRun.finishedAt,
    passed: s.report.lastRun.passed,
    failed: s.report.lastRun.failed,
  }));
  return { report: { ...built, lastRun: { ...built.lastRun, shards: shardTimes } }, diagnostics };
}
