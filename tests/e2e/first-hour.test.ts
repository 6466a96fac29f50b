/**
 * The first hour, for the commands that build and serve the site: a broken file in `build` and in `dev`
 * (the terminal and, in a real Chromium, an overlay naming file and line; recovery once fixed), files
 * added, removed and renamed while `dev` runs, `build --base` then `preview`, a busy port, and every
 * example of the README's command table, each run through the real CLI on a copy of the default catalog.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freePort, launchBrowser, waitForHttp } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/waybill.js');
const SMALL = path.join(ROOT, 'tests/fixtures/eventcatalog');
const STACK = /\n\s+at .+[:(]\d+|node:internal|Node\.js v\d/;
const EVENT_DIR = 'domains/Orders/subdomains/Payments/services/PaymentService/events/PaymentProcessed';

function waybill(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: userEnv(), timeout: 180_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function copyOf(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'waybill-first-hour-'));
  cpSync(source, path.join(dir, 'catalog'), { recursive: true });
  return dir;
}

function breakYaml(file: string): void {
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^name: .*$/m, (line) => `${line}\n  bad: [unclosed`));
}

/**
 * The environment of a user's shell: without what the test runner adds (VITEST and TEST make Astro's dev
 * server treat itself as under test, and it then answers 404 for every page).
 */
function userEnv(): NodeJS.ProcessEnv {
  const { VITEST: _vitest, TEST: _test, ...env } = process.env;
  return { ...env, NO_COLOR: '1' };
}

/** A long-running command (dev, preview) with its output collected; stopped by the test. */
function serve(args: string[], cwd: string): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { output: () => string };
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  child.output = () => output;
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Polls until `url` answers `status`; returns how long it took (ms), or throws after `timeoutMs`. */
async function untilStatus(url: string, status: number, timeoutMs: number): Promise<number> {
  const start = Date.now();
  let last = 0;
  while (Date.now() - start < timeoutMs) {
    last = (await fetch(url).catch(() => undefined))?.status ?? 0;
    if (last === status) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} answered ${last}, not ${status}, for ${timeoutMs} ms`);
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let browser: Browser;

/**
 * Opens `url` in `page`. The dev server reloads open pages itself after an edit (Vite's full reload); a
 * navigation the test starts while that reload is under way is aborted, so it is tried again.
 */
async function open(page: Page, url: string): Promise<Awaited<ReturnType<Page['goto']>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.goto(url);
    } catch (error) {
      if (attempt >= 5 || !/ERR_ABORTED|interrupted by another navigation/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('build', () => {
  test('--fail-severity none builds a broken catalog and prints its findings at file:line', () => {
    const dir = copyOf(SMALL);
    breakYaml(path.join(dir, 'catalog', EVENT_DIR, 'index.md'));
    const result = waybill(['build', '--catalog', 'catalog', '--out', 'dist', '--fail-severity', 'none'], dir);
    expect(result.stderr).toMatch(/PaymentProcessed\/index\.md\n\s+5:6\s+error\s+The frontmatter is not valid YAML.*yaml-syntax/);
    expect(result.stdout).toMatch(/Built the site in .*dist/);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(dir, 'dist/index.html'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'dist/.waybill-build.json'), 'utf8'))).toMatchObject({ tool: 'waybill', base: '/' });
    expect(result.stderr).not.toMatch(/chunks are larger than 500 kB/);
    expect(result.stderr + result.stdout).not.toMatch(STACK);
    // Building again into its own output is fine without --force; the previous build is replaced (set
    // aside and deleted while the site builds), and nothing of it is left beside the output.
    writeFileSync(path.join(dir, 'dist/left-from-before.html'), 'old');
    expect(waybill(['build', '--catalog', 'catalog', '--out', 'dist', '--fail-severity', 'none'], dir).code).toBe(0);
    expect(existsSync(path.join(dir, 'dist/index.html'))).toBe(true);
    expect(existsSync(path.join(dir, 'dist/left-from-before.html'))).toBe(false);
    expect(readdirSync(dir).filter((e) => e.startsWith('dist'))).toEqual(['dist']);
  });

  test('--base /catalog/ then preview (no --base): pages and assets are served; a busy port is an error', async () => {
    const dir = copyOf(SMALL);
    expect(waybill(['build', '--catalog', 'catalog', '--out', 'dist', '--base', '/catalog/'], dir).code).toBe(0);
    const html = readFileSync(path.join(dir, 'dist/index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:href|src)="(\/catalog\/_astro\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    const port = await freePort();
    const preview = serve(['preview', '--out', 'dist', '--port', String(port), '--host', '127.0.0.1'], dir);
    try {
      await waitForHttp(`http://127.0.0.1:${port}/catalog/`, 60_000);
      expect((await fetch(`http://127.0.0.1:${port}/catalog/`)).status).toBe(200);
      for (const asset of assets) expect((await fetch(`http://127.0.0.1:${port}${asset}`)).status, asset).toBe(200);
      const busy = waybill(['preview', '--out', 'dist', '--port', String(port), '--host', '127.0.0.1'], dir);
      expect(busy.stderr).toMatch(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use\\.\\n.*--port`));
      expect(busy.code).toBe(2);
    } finally {
      await stop(preview);
    }
  });
});

describe('dev', () => {
  let dir: string;
  let server: ReturnType<typeof serve> | undefined;
  let base: string;
  const eventFile = () => path.join(dir, 'catalog', EVENT_DIR, 'index.md');

  beforeAll(async () => {
    dir = copyOf(SMALL);
    breakYaml(eventFile());
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = serve(['dev', '--catalog', 'catalog', '--port', String(port), '--host', '127.0.0.1'], dir);
    await waitForHttp(`${base}/`, 90_000);
  });
  afterAll(async () => stop(server));

  test('a broken file: named at file:line in the terminal and in an overlay on the page; fixed, both go', async () => {
    // Generous bounds: this runs right after site builds on a shared 2-core machine.
    await until(() => /yaml-syntax/.test(server!.output()), 30_000, 'the finding in the terminal');
    expect(server!.output()).toMatch(/PaymentProcessed\/index\.md\n\s+5:6\s+error\s+The frontmatter is not valid YAML/);
    const page = await browser.newPage();
    try {
      const response = await open(page, `${base}/`);
      expect(response?.status()).toBe(200);
      const overlay = page.getByRole('alert', { name: 'Catalog problems' });
      await overlay.waitFor({ timeout: 30_000 });
      await expect(overlay.textContent()).resolves.toMatch(/PaymentProcessed\/index\.md:5:6.*The frontmatter is not valid YAML.*yaml-syntax/s);
    } finally {
      await page.close();
    }

    writeFileSync(eventFile(), readFileSync(eventFile(), 'utf8').replace('\n  bad: [unclosed', ''));
    await until(() => /The catalog problems are fixed/.test(server!.output()), 30_000, 'the fix in the terminal');
    // A fresh page each time: the one open during the edit is reloaded by the dev server itself.
    let overlays = -1;
    for (const start = Date.now(); Date.now() - start < 30_000; ) {
      const fresh = await browser.newPage();
      try {
        await open(fresh, `${base}/`);
        await fresh.waitForLoadState('networkidle');
        overlays = await fresh.getByRole('alert', { name: 'Catalog problems' }).count();
      } finally {
        await fresh.close();
      }
      if (overlays === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(overlays).toBe(0);
    expect(server!.output()).not.toMatch(STACK);
  }, 150_000);

  test('an invalid schema.json while dev runs: named at file:line (terminal and page), not a vanished section', async () => {
    const schema = path.join(dir, 'catalog', EVENT_DIR, 'schema.json');
    const good = readFileSync(schema, 'utf8');
    writeFileSync(schema, '{ "type": "object",\n  "properties": }\n');
    await until(() => /schema\.json\n\s+\d+:\d+\s+error\s+Not valid JSON.*schema-unparsable/.test(server!.output()), 30_000, 'the schema finding in the terminal');
    const page = await browser.newPage();
    try {
      await open(page, `${base}/events/PaymentProcessed/`);
      const overlay = page.getByRole('alert', { name: 'Catalog problems' });
      await overlay.waitFor({ timeout: 30_000 });
      await expect(overlay.textContent()).resolves.toMatch(/PaymentProcessed\/schema\.json:\d+:\d+.*Not valid JSON.*schema-unparsable/s);
    } finally {
      await page.close();
      writeFileSync(schema, good);
    }
    await until(() => (server!.output().match(/The catalog problems are fixed/g) ?? []).length >= 2, 30_000, 'the fix in the terminal');
  }, 150_000);

  test('added, renamed and removed files get and lose their pages without a restart', async () => {
    const added = waybill(['new', 'event', 'PaymentTaken', '--catalog', 'catalog', '--in', 'domains/Orders/subdomains/Payments/services/PaymentService', '--owner', 'order-management'], dir);
    expect(added.code).toBe(0);
    const shown = await untilStatus(`${base}/events/PaymentTaken/`, 200, 30_000);
    const events = path.join(dir, 'catalog/domains/Orders/subdomains/Payments/services/PaymentService/events');
    renameSync(path.join(events, 'PaymentTaken'), path.join(events, 'PaymentCaptured'));
    const file = path.join(events, 'PaymentCaptured/index.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('id: PaymentTaken', 'id: PaymentCaptured'));
    const renamed = await untilStatus(`${base}/events/PaymentCaptured/`, 200, 30_000).catch((error) => {
      throw new Error(`${error.message}\n${server!.output().split('\n').filter((l) => !/404|WARN|Possible dynamic|^\s*$/.test(l)).join('\n').slice(-4000)}`);
    });
    expect((await fetch(`${base}/events/PaymentTaken/`)).status).toBe(404);
    rmSync(path.join(events, 'PaymentCaptured'), { recursive: true });
    const removed = await untilStatus(`${base}/events/PaymentCaptured/`, 404, 30_000);
    // "Within a second" on an idle machine; the bound here leaves room for a loaded CI box.
    console.log(`dev: added page in ${shown} ms, renamed in ${renamed} ms, removed in ${removed} ms`);
    expect(server!.output()).not.toMatch(STACK);
  }, 150_000);
});

describe("the README's command examples, on a copy of the default catalog", () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const commands = readme.slice(readme.indexOf('## Commands'), readme.indexOf('### Exit codes'));
  const examples = [...commands.matchAll(/^\| `waybill [^|]*\|.*\| `(npx waybill [^`]+)` \|$/gm)].map((m) => m[1]);

  test('the table has its examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
  });

  /** What each example needs around it, and what it must do. */
  function setUp(example: string): { dir: string; command: string } {
    const dir = copyOf(path.join(ROOT, 'catalog'));
    let command = example.replace(/^npx waybill/, `"${process.execPath}" "${BIN}"`);
    for (const file of command.matchAll(/tests\/fixtures\/\S+/g)) {
      mkdirSync(path.dirname(path.join(dir, file[0])), { recursive: true });
      cpSync(path.join(ROOT, file[0]), path.join(dir, file[0]));
    }
    cpSync(path.join(ROOT, 'tests/fixtures/import/reference/mallbots-stores.asyncapi.yaml'), path.join(dir, 'stores.asyncapi.yaml'));
    cpSync(path.join(ROOT, 'tests/fixtures/import/reference/mallbots-stores.swagger.json'), path.join(dir, 'stores.swagger.json'));
    if (/--against origin\/main/.test(command)) {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
      git('init', '-q');
      git('add', 'catalog');
      git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'catalog');
      git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    }
    if (/ init catalog$/.test(command)) rmSync(path.join(dir, 'catalog'), { recursive: true });
    return { dir, command };
  }

  const run = (command: string, cwd: string) => {
    const r = spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', env: userEnv(), timeout: 180_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test.each(examples)('%s', async (example) => {
    const { dir, command } = setUp(example);
    const sub = example.split(' ')[2];
    if (sub === 'preview' || sub === 'dev') {
      // Long-running: served on a free port rather than the example's 4321 (which may be taken here).
      if (sub === 'preview') expect(run(`"${process.execPath}" "${BIN}" build --catalog ./catalog --out ./dist`, dir).code).toBe(0);
      const port = await freePort();
      const child = serve([...example.split(' ').slice(2).filter((a) => a !== '--port' && a !== '4321'), '--port', String(port)], dir);
      try {
        await waitForHttp(`http://localhost:${port}/`, 90_000);
        expect((await fetch(`http://localhost:${port}/`)).status).toBe(200);
      } finally {
        await stop(child);
      }
      expect(child.output()).not.toMatch(STACK);
      return;
    }
    if (sub === 'verify') {
      // Needs running services and a broker: usage-level here — pointed at ports where nothing listens, it
      // reports each unreachable target as a failed check (exit 1), without a stack trace. tests/e2e/verify-*.test.ts
      // run it against the reference services and real brokers.
      const closed = await new Promise<number>((resolve) => {
        const srv = createServer().listen(0, '127.0.0.1', () => {
          const { port } = srv.address() as { port: number };
          srv.close(() => resolve(port));
        });
      });
      const result = run(`${command.replace(/127\.0\.0\.1:\d+/g, `127.0.0.1:${closed}`)} --timeout 1000 --window 200`, dir);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/\d+ passed, [1-9]\d* failed/);
      expect(result.stderr + result.stdout).not.toMatch(STACK);
      return;
    }
    const result = run(command, dir);
    expect(result.stderr + result.stdout).not.toMatch(STACK);
    expect(result.stderr).not.toMatch(/internal error|Unknown option|Unexpected argument/);
    if (sub === 'report') {
      // Needs the shard reports of a sharded live run: usage-level here — without them it names the missing file.
      expect(result.stderr).toMatch(/There is no report at shard-\*\.json/);
      expect(result.code).toBe(2);
      return;
    }
    // The default catalog has warnings, and this example fails on warnings.
    const expected = / lint .*--fail-severity warning/.test(example) ? 1 : 0;
    expect(result.code, result.stderr).toBe(expected);
    if (sub === 'new') {
      expect(result.stdout).toMatch(/added OrderShipped to the sends of Stores/);
      const lint = run(`"${process.execPath}" "${BIN}" lint`, dir);
      expect(lint.code).toBe(0);
    }
    if (sub === 'build') expect(existsSync(path.join(dir, 'dist/index.html'))).toBe(true);
    if (sub === 'init') expect(run(`"${process.execPath}" "${BIN}" lint`, dir).code).toBe(0);
  });
});
