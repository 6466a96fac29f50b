/**
 * Builds the default catalog's site once with the real CLI and serves it with `waybill preview` on a
 * free port, as `npm start` does; the tests get its URL.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, waitForHttp } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let server: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  const out = mkdtempSync(path.join(tmpdir(), 'waybill-site-'));
  execFileSync(process.execPath, ['bin/waybill.js', 'build', '--catalog', 'catalog', '--out', out], { cwd: ROOT, stdio: 'inherit' });
  const port = await freePort();
  server = spawn(process.execPath, ['bin/waybill.js', 'preview', '--out', out, '--port', String(port), '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, 30_000);
  project.provide('siteUrl', url);
  project.provide('siteDir', out);
  return async () => {
    server?.kill('SIGTERM');
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    siteDir: string;
  }
}
