/**
 * What the `waybill verify` tests share: running verify in-process (fast, for many variants) and through
 * the real CLI (for output, exit codes, signals), with every wait bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { tally, type CheckKind, type VerifyOptions } from '../../contracts/context.ts';
import { verifyServices } from '../../contracts/runner.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURE = path.join(ROOT, 'tests/fixtures/verify');
export const DEFAULT_CATALOG = path.join(ROOT, 'catalog');

const catalogs = new Map<string, Promise<Catalog>>();
export function catalogAt(dir: string): Promise<Catalog> {
  let pending = catalogs.get(dir);
  if (!pending) catalogs.set(dir, (pending = loadCatalog(dir)));
  return pending;
}

/** Options of a verify run for tests: short waits, no writes, nothing generated; `extra` wins. */
export function verifyOptions(extra: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    only: new Set(['http', 'produces', 'consumes', 'flows']),
    targets: {},
    brokers: {},
    timeoutMs: 3000,
    windowMs: 600,
    runs: 2,
    generate: 0,
    seed: 1,
    allowWrites: false,
    headersFor: () => ({}),
    secrets: [],
    signal: new AbortController().signal,
    ...extra,
  };
}

export interface InProcessResult {
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
  /** Sorted, distinct codes of the error diagnostics. */
  codes: string[];
  passed: number;
  failed: number;
  latencies: Map<string, { p50: number; p95: number; runs: number; budgetMs?: number }>;
  ms: number;
}

export async function verifyInProcess(
  dir: string,
  options: { targets: Record<string, string>; brokers: VerifyOptions['brokers']; only?: CheckKind[]; services?: string[]; flows?: string[] } & Partial<Omit<VerifyOptions, 'only' | 'targets' | 'brokers' | 'services' | 'flows'>>,
): Promise<InProcessResult> {
  const catalog = await catalogAt(dir);
  const started = performance.now();
  const { only, ...rest } = options;
  const result = await verifyServices(catalog, verifyOptions({ ...rest, only: new Set(only ?? ['http', 'produces', 'consumes', 'flows']) }));
  const diagnostics = result.run.diagnostics;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return {
    diagnostics,
    errors,
    codes: [...new Set(errors.map((d) => d.code))].sort(),
    ...tally(result.run.checks),
    latencies: result.run.latencies,
    ms: performance.now() - started,
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `waybill <args>` on Node 22 (with `nodeArgs`, e.g. a heap cap); kills it after `timeoutMs` and fails,
 * or with `timeout: 'resolve'` resolves with `signal: 'SIGKILL'` so a test can say what it printed.
 * `onSpawn` may poke the child.
 */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void; input?: string; nodeArgs?: string[]; timeout?: 'reject' | 'resolve' } = {},
): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(ROOT, 'bin/waybill.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      if (options.timeout === 'resolve') return;
      reject(new Error(`waybill ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // let the pipes drain
      setImmediate(() => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
    });
    options.onSpawn?.(child);
  });
}
