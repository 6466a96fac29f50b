/**
 * What the hostile-input tests of `waybill verify` share: the real CLI as a child process with a memory
 * cap and a time bound, and a small HTTP service on a free 127.0.0.1 port whose answers each test writes
 * (the service misbehaves on purpose). The catalog is tests/fixtures/hostile-verify.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT, runCli, type CliResult } from '../helpers/verify.ts';

export { ROOT };
export const CATALOG = path.join(ROOT, 'tests/fixtures/hostile-verify');
/** Heap cap of every CLI run: a hostile input that makes Waybill hold it all in memory fails the test. */
export const MEMORY_MB = 384;

export type BoundedRun = CliResult;

/**
 * Runs `waybill <args>` on this Node with `--max-old-space-size` and kills it after `timeoutMs`; the run
 * resolves either way (a killed run has `signal: 'SIGKILL'`), so a test can say what it printed.
 */
export function runBounded(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<BoundedRun> {
  return runCli(args, { ...options, input: options.input ?? '', nodeArgs: [`--max-old-space-size=${MEMORY_MB}`], timeout: 'resolve' });
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
