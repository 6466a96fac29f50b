/**
 * Waybill as a user installs it: `npm pack`, `npm install -D <tarball>` into a fresh project (from the npm
 * cache), then `npx waybill init / lint / build / preview / dev` there. Nothing is copied into the
 * project but the catalog, and nothing is written into node_modules/waybill.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort, waitForHttp } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
// npm and npx run on the Node that runs the tests (22), as they would on a user's machine.
// Not vitest's own variables (NODE_ENV=test, VITEST…): Astro and Vite change behaviour under them.
const USER_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && k !== 'TEST' && !k.startsWith('VITEST')));
const ENV = { ...USER_ENV, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', npm_config_update_notifier: 'false' };

const work = mkdtempSync(path.join(tmpdir(), 'waybill-package-'));
const project = path.join(work, 'project');
const installed = path.join(project, 'node_modules/waybill');
const servers: ChildProcess[] = [];
let before: Map<string, number>;

function run(command: string, args: string[], cwd = project): string {
  return execFileSync(command, args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
}

function waybill(args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    return { code: 0, stdout: run('npx', ['--no-install', 'waybill', ...args]), stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every file under a folder with its modification time. */
function snapshot(dir: string): Map<string, number> {
  const files = new Map<string, number>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), statSync(file).mtimeMs);
  }
  return files;
}

async function serve(args: string[]): Promise<string> {
  const port = await freePort();
  const child = spawn('npx', ['--no-install', 'waybill', ...args, '--port', String(port), '--host', '127.0.0.1'], { cwd: project, env: ENV, stdio: 'ignore', detached: true });
  servers.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, 60_000);
  return url;
}

beforeAll(() => {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT).replace(/^[^[]*/, ''));
  const tarball = path.join(work, packed[0].filename);
  const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
  expect(files).toContain('dist-cli/src/cli/main.js');
  expect(files.some((f) => f.startsWith('tests/') || f.startsWith('catalog/'))).toBe(false);
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-catalog', private: true, type: 'module' }));
  run('npm', ['install', '-D', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
  before = snapshot(installed);
}, 300_000);

afterAll(() => {
  for (const child of servers) if (child.pid) process.kill(-child.pid, 'SIGTERM');
});

describe('the packed package, installed into another project', () => {
  test('init writes a catalog that lints clean', () => {
    expect(waybill(['init', 'catalog']).stdout).toContain('Created a catalog in catalog');
    const lint = waybill(['lint', '--catalog', './catalog', '--format', 'json', '--fail-severity', 'info']);
    expect(lint.code, lint.stderr).toBe(0);
    expect(JSON.parse(lint.stdout).diagnostics).toEqual([]);
  });

  test('build writes the site where the user says, and preview serves it', async () => {
    const build = waybill(['build', '--catalog', './catalog', '--out', './site']);
    expect(build.code, build.stderr).toBe(0);
    expect(readFileSync(path.join(project, 'site/events/OrderPlaced/index.html'), 'utf8')).toContain('A customer placed an order.');
    expect(existsSync(path.join(project, 'site/pagefind'))).toBe(true);
    const url = await serve(['preview', '--out', './site', '--catalog', './catalog']);
    const page = await fetch(`${url}/services/Orders/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Takes orders and tells the rest of the shop about them.');
  }, 180_000);

  test('dev serves the catalog from the installed package', async () => {
    const url = await serve(['dev', '--catalog', './catalog']);
    // The dev server may answer before its routes are ready.
    let page = await fetch(`${url}/events/OrderPlaced/`);
    for (let tries = 0; page.status !== 200 && tries < 40; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      page = await fetch(`${url}/events/OrderPlaced/`);
    }
    const html = await page.text();
    expect(page.status, html.slice(0, 300)).toBe(200);
    expect(html).toContain('A customer placed an order.');
    const style = /src="(\/src\/styles\/[^"]+\.css)"/.exec(html)?.[1];
    expect(style).toBeDefined();
    expect((await fetch(`${url}${style}`)).status).toBe(200);
  }, 120_000);

  test('nothing was written into node_modules/waybill, and no Astro app was copied into the project', () => {
    expect([...snapshot(installed)]).toEqual([...before]);
    expect(existsSync(path.join(project, 'src'))).toBe(false);
    expect(existsSync(path.join(project, 'astro.config.mjs'))).toBe(false);
  });
});
