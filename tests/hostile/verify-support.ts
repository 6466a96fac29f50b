/**
 * What the hostile-input tests of `waybill verify` share: the real CLI as a child process with a memory
 * cap and a time bound, and a small HTTP service on a free 127.0.0.1 port whose answers each test writes
 * (the service misbehaves on purpose). The catalog is tests/fixtures/hostile-verify.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CATALOG = path.join(ROOT, 'tests/fixtures/hostile-verify');
/** Heap cap of every CLI run: a hostile input that makes Waybill hold it all in memory fails the test. */
export const MEMORY_MB = 384;

export interface BoundedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs `waybill <args>` on this Node with `--max-old-space-size` and kills it after `timeoutMs`; the run
 * resolves either way (a killed run has `signal: 'SIGKILL'`), so a test can say what it printed.
 */
export function runBounded(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<BoundedRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${MEMORY_MB}`, path.join(ROOT, 'bin/waybill.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      setImmediate(() => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
    });
  });
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface FakeService {
  readonly url: string;
  readonly port: number;
  /** Requests seen, as `METHOD path`. */
  readonly seen: string[];
  close(): Promise<void>;
}

/** An HTTP service on a free port answering by `METHOD path` (404 for anything else). */
export async function fakeService(routes: Record<string, Handler>): Promise<FakeService> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const key = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
    seen.push(key);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const handler = routes[key];
      if (!handler) return void res.writeHead(404).end();
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers `value` as JSON (a string is sent as it is: JSON too deep to build with JSON.stringify). */
export function json(value: unknown, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof value === 'string' ? value : JSON.stringify(value));
  };
}

/** `[[[…]]]` nested `depth` levels: about 2 × depth bytes. */
export function deepArray(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}
