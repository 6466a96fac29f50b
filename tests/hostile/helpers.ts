/**
 * Hostile catalogs run through the real CLI: `node bin/waybill.js …` in a child process (the Node that
 * runs the tests, Node 22), with a heap cap and a time limit, so a case that blows up memory, the stack or
 * the clock fails its test instead of the test runner. Catalogs are written to temporary folders by each
 * test (symbolic links cannot be committed portably).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { baseCatalog, md, writeCatalog, type Files } from '../helpers/catalog.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin/waybill.js');

/** Heap a hostile run may use: far above a small catalog's needs, far below what the attacks took (4.3 GB). */
export const HEAP_MB = 384;
/** Wall-clock limit of one run: a guard against hangs on a busy shared machine, not a performance figure. */
export const TIME_LIMIT_MS = 90_000;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd` with a heap cap; a run past the time limit is killed (and reported as such). */
export function waybill(args: string[], options: { cwd?: string; input?: string; heapMb?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${options.heapMb ?? HEAP_MB}`, BIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** `waybill lint --format json` on `catalog`: the exit code and the diagnostics. */
export async function lintJson(catalog: string): Promise<{ run: Run; diagnostics: JsonDiagnostic[] }> {
  const run = await waybill(['lint', '--catalog', catalog, '--format', 'json']);
  expectCompleted(run);
  return { run, diagnostics: (JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics };
}

/** The run ended by itself (not killed), without an internal error (exit 70) or a stack trace. */
export function expectCompleted(run: Run): void {
  expect(run.signal, `killed: ${run.stderr.slice(-2000)}`).toBeNull();
  expect(run.code, run.stderr.slice(-2000)).not.toBe(70);
  expect([0, 1, 2]).toContain(run.code);
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
}

/** The unrelated finding every hostile catalog also holds: a service receiving a message nobody defines. */
export const UNRELATED = { code: 'unknown-reference', file: 'services/Ghost/index.md', line: 7 };

/** The base catalog of the rule tests, plus the unrelated finding and `extra` files. */
export async function hostileCatalog(extra: Files = {}): Promise<string> {
  return writeCatalog({
    ...baseCatalog(),
    'services/Ghost/index.md': md({ id: 'Ghost', version: '1.0.0', owners: ['core'], receives: [{ id: 'NoSuchMessage' }] }),
    ...extra,
  });
}

/** Asserts one diagnostic with `code` at `file` (and `line` when given). */
export function expectFinding(diagnostics: JsonDiagnostic[], code: string, file: string, line?: number): JsonDiagnostic {
  const found = diagnostics.filter((d) => d.code === code && d.file === file);
  expect(found, `${code} at ${file} among ${JSON.stringify(diagnostics.map((d) => [d.code, d.file, d.line]))}`).toHaveLength(1);
  if (line !== undefined) expect(found[0].line ?? 0).toBe(line);
  return found[0];
}

/** The unrelated finding is still reported. */
export function expectUnrelated(diagnostics: JsonDiagnostic[]): void {
  expectFinding(diagnostics, UNRELATED.code, UNRELATED.file, UNRELATED.line);
}

/**
 * A git repository (to include in a catalog) whose one commit holds `docs/shared.md` and a symbolic link
 * `docs/passwd.md` to `target`, outside it.
 */
export async function repositoryLinkingTo(target: string): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), 'waybill-included-'));
  await mkdir(path.join(repo, 'docs'), { recursive: true });
  await writeFile(path.join(repo, 'docs/shared.md'), '# Shared guide\n');
  await symlink(target, path.join(repo, 'docs/passwd.md'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'a link out');
  return repo;
}
