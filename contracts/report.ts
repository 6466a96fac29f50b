/**
 * The JSON report `waybill verify --report FILE` writes, which the site reads to show — per service, per
 * message version and per flow — the last verification result and when it ran. A new run updates the
 * entries it checked and keeps the others, so the file always holds each subject's last result.
 * Everything in it is redacted (no URL passwords, tokens or configured secrets).
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../src/diagnostics/diagnostic.ts';
import { tally, type CheckRecord } from './context.ts';

/** `verification-report.json`, version 1. */
export interface VerificationReport {
  readonly reportVersion: 1;
  readonly tool: 'waybill verify';
  readonly toolVersion: string;
  /** When this file was last written (ISO 8601). */
  readonly updatedAt: string;
  /** The last run that wrote to this file. */
  readonly lastRun: RunSummary;
  /** By service key, e.g. `service:Stores@1.0.0`. */
  readonly services: Readonly<Record<string, SubjectResult>>;
  /** By message key, e.g. `event:StoreCreated@1.0.0` — one entry per message version. */
  readonly messages: Readonly<Record<string, SubjectResult>>;
  /** By flow key, e.g. `flow:StoreCreatedToCaches@1.0.0`. */
  readonly flows: Readonly<Record<string, FlowResult>>;
  /** The checks of the last run, in the order they ran (what `waybill report merge` combines). */
  readonly checks?: readonly ReportCheck[];
}

/** A check of the last run as the report keeps it (its details redacted like the rest). */
export interface ReportCheck {
  readonly name: string;
  readonly kind: CheckRecord['kind'];
  /** The plan unit it ran under, e.g. `service:Stores`. */
  readonly unit?: string;
  readonly passed: boolean;
  readonly subjects: readonly string[];
  readonly at: string;
  readonly problems: readonly string[];
  readonly details: readonly Pick<Diagnostic, 'code' | 'severity' | 'message' | 'file' | 'line'>[];
  readonly count?: { readonly passed: number; readonly failed: number };
}

export interface RunSummary {
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Catalog folder, as given. */
  readonly catalog: string;
  /** What was checked: `services` (HTTP, produced and consumed messages, flows) or `capture` (--from). */
  readonly mode: 'services' | 'capture';
  readonly passed: number;
  readonly failed: number;
  /** True when the run was interrupted (Ctrl-C) before it finished. */
  readonly interrupted: boolean;
  /** The whole plan: its id (equal in every shard of one plan) and how many units it has. */
  readonly plan?: { readonly id: string; readonly units: readonly string[] };
  /** Set when the run checked one shard of the plan (`--shard index/count`). */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Set on a merged report: each shard's index and timing. */
  readonly shards?: readonly { readonly index: number; readonly startedAt: string; readonly finishedAt: string; readonly passed: number; readonly failed: number }[];
}

export interface SubjectResult {
  readonly id: string;
  /** Empty for subjects without a version. */
  readonly version: string;
  readonly result: 'passed' | 'failed';
  /** When the last check of this subject ran (ISO 8601). */
  readonly checkedAt: string;
  readonly passed: number;
  readonly failed: number;
  /** Codes of the problems found, most frequent first (at most 10). */
  readonly problems: readonly string[];
  /** The first few diagnostics about it (at most 5), redacted. */
  readonly details: readonly Pick<Diagnostic, 'code' | 'severity' | 'message' | 'file' | 'line'>[];
}

export interface FlowResult extends SubjectResult {
  /** End-to-end latency of the runs that completed, in milliseconds. */
  readonly latency?: { readonly p50: number; readonly p95: number; readonly runs: number; readonly budgetMs?: number };
}

function keyParts(key: string): { kind: string; id: string; version: string } {
  const m = /^([a-z]+):(.*?)(?:@([^@]*))?$/.exec(key);
  return { kind: m?.[1] ?? '', id: m?.[2] ?? key, version: m?.[3] ?? '' };
}

/** Builds this run's part of the report from its checks and diagnostics. */
export function buildReport(input: {
  catalogDir: string;
  toolVersion: string;
  startedAt: Date;
  finishedAt: Date;
  mode: RunSummary['mode'];
  checks: readonly (CheckRecord | ReportCheck)[];
  latencies: ReadonlyMap<string, NonNullable<FlowResult['latency']>>;
  interrupted: boolean;
  plan?: RunSummary['plan'];
  shard?: RunSummary['shard'];
}): VerificationReport {
  const subjects = new Map<string, { passed: number; failed: number; checkedAt: string; codes: Map<string, number>; details: ReportCheck['details'][number][] }>();
  for (const check of input.checks) {
    const { passed, failed } = tally([check]);
    for (const key of check.subjects) {
      const s = subjects.get(key) ?? { passed: 0, failed: 0, checkedAt: check.at, codes: new Map<string, number>(), details: [] };
      s.passed += passed;
      s.failed += failed;
      if (check.at > s.checkedAt) s.checkedAt = check.at;
      for (const code of check.problems) s.codes.set(code, (s.codes.get(code) ?? 0) + 1);
      for (const d of check.details) if (s.details.length < 5) s.details.push(d);
      subjects.set(key, s);
    }
  }
  const services: Record<string, SubjectResult> = {};
  const messages: Record<string, SubjectResult> = {};
  const flows: Record<string, FlowResult> = {};
  for (const [key, s] of subjects) {
    const { kind, id, version } = keyParts(key);
    const details = s.details.map((d) => ({ code: d.code, severity: d.severity, message: d.message, file: d.file, line: d.line }));
    const result: SubjectResult = {
      id,
      version,
      result: s.failed ? 'failed' : 'passed',
      checkedAt: s.checkedAt,
      passed: s.passed,
      failed: s.failed,
      problems: [...s.codes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([code]) => code),
      details,
    };
    if (kind === 'service') services[key] = result;
    else if (kind === 'flow') flows[key] = { ...result, latency: input.latencies.get(key) };
    else messages[key] = result;
  }
  const { passed, failed } = tally(input.checks);
  return {
    reportVersion: 1,
    tool: 'waybill verify',
    toolVersion: input.toolVersion,
    updatedAt: input.finishedAt.toISOString(),
    lastRun: {
      startedAt: input.startedAt.toISOString(),
      finishedAt: input.finishedAt.toISOString(),
      catalog: input.catalogDir,
      mode: input.mode,
      passed,
      failed,
      interrupted: input.interrupted,
      ...(input.plan ? { plan: input.plan } : {}),
      ...(input.shard ? { shard: input.shard } : {}),
    },
    services,
    messages,
    flows,
    ...(input.plan ? { checks: input.checks.map(reportCheck) } : {}),
  };
}

function reportCheck(c: CheckRecord | ReportCheck): ReportCheck {
  return {
    name: c.name,
    kind: c.kind,
    ...(c.unit ? { unit: c.unit } : {}),
    passed: c.passed,
    subjects: c.subjects,
    at: c.at,
    problems: c.problems,
    details: c.details.map((d) => ({ code: d.code, severity: d.severity, message: d.message, file: d.file, line: d.line })),
    ...(c.count ? { count: c.count } : {}),
  };
}

/** The previous report at `file`, if it is one. */
export async function readReport(file: string): Promise<VerificationReport | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<VerificationReport>;
    return value.reportVersion === 1 && value.services && value.messages && value.flows ? (value as VerificationReport) : undefined;
  } catch {
    return undefined;
  }
}

/** This run's results over the previous report's: each subject keeps its last result. */
export function mergeReports(previous: VerificationReport | undefined, next: VerificationReport): VerificationReport {
  if (!previous) return next;
  return {
    ...next,
    services: { ...previous.services, ...next.services },
    messages: { ...previous.messages, ...next.messages },
    flows: { ...previous.flows, ...next.flows },
  };
}

export async function writeReport(file: string, report: VerificationReport, redact: (text: string) => string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const merged = mergeReports(await readReport(file), report);
  await writeFile(file, `${redact(JSON.stringify(merged, null, 2))}\n`);
}
