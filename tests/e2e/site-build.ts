/**
 * Builds a catalog's site with the real CLI (`waybill build`) into a temp folder and serves it with
 * `waybill preview` on a free port — for site tests that need a catalog other than the default one.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForHttp } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServedSite {
  url: string;
  dir: string;
  close(): Promise<void>;
}

/**
 * Builds `catalog` (optionally under a base path) and serves it; `close()` stops and cleans up. A catalog
 * with errors on purpose (a hostile fixture) passes `failSeverity: 'none'`, as a user would, to build anyway.
 */
export async function buildAndServe(catalog: string, options: { base?: string; failSeverity?: 'none' } = {}): Promise<ServedSite> {
  const dir = mkdtempSync(path.join(tmpdir(), 'waybill-site-test-'));
  const baseArgs = options.base ? ['--base', options.base] : [];
  const severityArgs = options.failSeverity ? ['--fail-severity', options.failSeverity] : [];
  await promisify(execFile)(process.execPath, ['bin/waybill.js', 'build', '--catalog', catalog, '--out', dir, ...baseArgs, ...severityArgs], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const port = await freePort();
  const server = spawn(process.execPath, ['bin/waybill.js', 'preview', '--out', dir, '--port', String(port), '--host', '127.0.0.1', ...baseArgs], { cwd: ROOT, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}${(options.base ?? '/').replace(/\/$/, '')}`;
  await waitForHttp(`${url}/`, 30_000);
  return {
    url,
    dir,
    async close() {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
