/**
 * Issue 8: the dev loop. `waybill dev` on a synthetic catalog (a copy, edited during the run): start-up
 * (process start to the first message page served) and edit-to-update (saving a message's index.md or
 * schema.json to its page serving the change, polled every 20 ms — what a browser reloaded by the dev
 * server would get), beside the floor: a bare Astro dev server with a glob content collection over the
 * same Markdown files, rendering an entry's body. Target: an edit shows within 1 s at 10,000 messages.
 * Each is started twice, cold then warm: the second start finds what the first left (Astro's content-layer
 * store; Waybill's load cache and dev snapshot). Issue 16's targets: warm first page ≤ 5 s, cold ≤ the floor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_DIR, table } from './measure.ts';
import { PROBLEMS_PATH } from '../../src/site/build/problems-overlay.ts';
import type { BenchContext } from '../bench.ts';

const ROOT = path.resolve(BENCH_DIR, '../..');
const EDITS = 3;
const EDIT_TIMEOUT_MS = 120_000;

export async function benchDev(ctx: BenchContext): Promise<void> {
  const rows: (string | number)[][] = [['messages', 'server', 'start', 'start-up ms', 'first page ms', 'index.md edit ms (median of 3)', 'schema.json edit ms (median of 3)', 'notes']];
  for (const size of ctx.sizes) {
    const work = mkdtempSync(path.join(tmpdir(), 'waybill-bench-dev-'));
    try {
      const catalog = path.join(work, 'catalog');
      cpSync(await ctx.catalogOf(size), catalog, { recursive: true });
      const message = firstMessageWithSchema(catalog);
      // Each server is started twice: first with nothing cached (cold), then with what the first start
      // left (warm) — Astro's content-layer store for the floor, Waybill's load cache and dev snapshot.
      const floor = await measureFloor(work, catalog, message);
      const floorWarm = await measureFloor(work, catalog, message);
      const cold = await measureWaybill(work, catalog, message);
      const warm = await measureWaybill(work, catalog, message);
      for (const [start, run] of [['cold', cold], ['warm', warm]] as const) {
        structuralRows.push([size, start, ...STRUCTURAL.map((kind) => run.structural[kind]), STRUCTURAL_NOTE]);
      }
      const floorNote = 'bare Astro dev, glob collection over the same .md files';
      rows.push([size, 'floor', 'cold', floor.startup, floor.firstPage, floor.index, '—', `${floorNote}; no schemas in a bare collection`]);
      rows.push([size, 'waybill dev', 'cold', cold.startup, cold.firstPage, cold.index, cold.schema, `${message.id}'s page; ${ratio(cold.firstPage, floor.firstPage)} the floor's first page, ${ratio(cold.index, floor.index)} its index.md edit; target ≤ 1.00× the first page`]);
      rows.push([size, 'floor', 'warm', floorWarm.startup, floorWarm.firstPage, floorWarm.index, '—', floorNote]);
      rows.push([size, 'waybill dev', 'warm', warm.startup, warm.firstPage, warm.index, warm.schema, `${ratio(warm.firstPage, floorWarm.firstPage)} the floor's first page, ${ratio(warm.index, floorWarm.index)} its index.md edit; targets: first page ≤ 5,000 ms, edits < 1,000 ms`]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  ctx.print('Dev loop (issues 8, 16)', table(rows));
  ctx.print('Dev loop: structural edits (issue 16)', table(structuralRows));
}

/** Rows of {@link structuralEdits}, one per server start; printed after the dev loop's table. */
const structuralRows: (string | number)[][] = [['messages', 'start', 'service receives the message ms', 'message version bumped ms', 'message added ms', 'message removed ms', 'version added ms', 'notes']];

/** `a` as a multiple of `b`, or a dash when either did not show in time. */
function ratio(a: number | string, b: number | string): string {
  return typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}×` : '—';
}

interface Message { id: string; dir: string; relative: string }

function firstMessageWithSchema(catalog: string): Message {
  const domains = path.join(catalog, 'domains');
  for (const entry of readdirSync(domains, { recursive: true, withFileTypes: true })) {
    if (entry.name !== 'schema.json' || !entry.parentPath.includes(`${path.sep}events${path.sep}`)) continue;
    const index = readFileSync(path.join(entry.parentPath, 'index.md'), 'utf8');
    const id = /^id: (.+)$/m.exec(index)![1].trim();
    return { id, dir: entry.parentPath, relative: path.relative(catalog, path.join(entry.parentPath, 'index.md')) };
  }
  throw new Error(`No event with a schema in ${catalog}`);
}

async function measureWaybill(work: string, catalog: string, message: Message) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/events/${message.id}/`;
  const start = performance.now();
  const server = spawn(process.execPath, [path.join(ROOT, 'bin/waybill.js'), 'dev', '--catalog', catalog, '--port', String(port), '--host', '127.0.0.1'], { cwd: work, stdio: 'ignore', detached: true });
  try {
    const startup = await until(`http://127.0.0.1:${port}/favicon.svg`, () => true);
    const firstPage = await until(url, (html) => html.includes(message.id));
    const index = await editTimes(url, path.join(message.dir, 'index.md'), (text, mark) => text.replace(/\n---\n/, `\n---\n\nEdited ${mark}.\n`));
    const schema = await editTimes(url, path.join(message.dir, 'schema.json'), (text, mark) => text.replace('"properties": {', `"properties": {\n    "${mark}": { "type": "string" },`));
    const structural = await structuralEdits(`http://127.0.0.1:${port}`, catalog, message);
    return { startup: Math.round(startup - start), firstPage: Math.round(firstPage - start), index, schema, structural };
  } finally {
    // Stopped as a user stops it (SIGTERM, like Ctrl-C), and waited for: it writes its snapshot on the way out.
    await stopAndWait(server);
  }
}

async function measureFloor(work: string, catalog: string, message: Message) {
  const project = path.join(work, 'floor');
  if (!existsSync(project)) makeFloorProject(project, catalog);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/${path.dirname(message.relative).split(path.sep).join('/')}/`;
  const start = performance.now();
  const server = spawn(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: project, stdio: 'ignore', detached: true, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  try {
    const startup = await until(`http://127.0.0.1:${port}/favicon.ico`, () => true, true);
    const firstPage = await until(url, (html) => html.includes(message.id));
    const index = await editTimes(url, path.join(message.dir, 'index.md'), (text, mark) => text.replace(/\n---\n/, `\n---\n\nEdited ${mark}.\n`));
    return { startup: Math.round(startup - start), firstPage: Math.round(firstPage - start), index };
  } finally {
    await stopAndWait(server);
  }
}

/** The floor: a bare Astro project with one page per Markdown file of `catalog`, from a glob collection. */
function makeFloorProject(project: string, catalog: string): void {
  mkdirSync(path.join(project, 'src/pages'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  writeFileSync(path.join(project, 'package.json'), '{ "name": "floor", "type": "module", "private": true }\n');
  writeFileSync(path.join(project, 'astro.config.mjs'), 'export default { devToolbar: { enabled: false } };\n');
  writeFileSync(path.join(project, 'src/content.config.ts'), `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
export const collections = { pages: defineCollection({ loader: glob({ pattern: ['**/*.md'], base: ${JSON.stringify(catalog)} }) }) };
`);
  // One page per Markdown file, at the file's folder (the catalog copy is named catalog/).
  writeFileSync(path.join(project, 'src/pages/[...slug].astro'), `---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  return (await getCollection('pages')).map((entry) => ({ params: { slug: entry.filePath!.replace(/^(?:\\.\\.\\/)*catalog\\//, '').replace(/\\/index\\.md$/, '') }, props: { entry } }));
}
const { entry } = Astro.props;
const { Content } = await render(entry);
const title = String(entry.data.name ?? entry.data.id);
---
<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>{title}</title></head><body><h1>{title}</h1><Content /></body></html>
`);
}

const STRUCTURAL = ['receives', 'version', 'added', 'removed', 'newVersion'] as const;
const STRUCTURAL_NOTE = "median of 3 (the first in brackets: after a start from the snapshot, it loads the catalog; later ones read only the changed files); each from the write to the page showing it: the message's page lists the new consumer / shows the new version; the new message's page is served; the removed one's is a 404";

/**
 * Issue 16's edits the dev server cannot patch in place (src/catalog/load-memo.ts reloads the catalog from
 * what it read before): a service's `receives` gains the message, the message's version is bumped, a
 * message folder (index.md + schema.json) is added, the message's folder is removed, and a new version of
 * it is written with the old one moved to versioned/. Each is timed from the write to the page showing it,
 * EDITS times, each undone (and the page seen back as it was) before the next.
 */
async function structuralEdits(base: string, catalog: string, message: Message): Promise<Record<(typeof STRUCTURAL)[number], string>> {
  const page = `${base}/events/${message.id}/`;
  const index = path.join(message.dir, 'index.md');
  const original = readFileSync(index, 'utf8');
  const version = /^version: (.+)$/m.exec(original)![1].trim();
  const consumer = serviceNotOn(catalog, await pageText(page));
  const consumerText = readFileSync(consumer.file, 'utf8');
  const shows = (url: string, ok: (status: number, html: string) => boolean) => untilPage(url, ok);
  const has = (mark: string) => (status: number, html: string) => status === 200 && html.includes(mark);
  const hasNot = (mark: string) => (status: number, html: string) => status === 200 && !html.includes(mark);
  // Each edit starts once the lint of the last one is done (the problems overlay's request waits for it):
  // a lint holds the server's thread for seconds at 10,000 messages, and is not what these rows time.
  // A connection the server drops (seen once at load 9) only ends the wait early.
  const idle = () => fetch(`${base}/${PROBLEMS_PATH}`).then((res) => res.text()).catch(() => '');
  const timed = (apply: (i: number) => void, shown: (i: number) => Promise<number>, undo: (i: number) => void, undone: (i: number) => Promise<number>) =>
    timedEdits(apply, shown, undo, async (i) => {
      const at = await undone(i);
      await idle();
      return at;
    });
  await idle();
  const out = {} as Record<(typeof STRUCTURAL)[number], string>;
  out.receives = await timed(
    () => writeFileSync(consumer.file, consumerText.replace(/^receives:\n/m, `receives:\n  - id: ${message.id}\n`)),
    () => shows(page, has(`/services/${consumer.id}/`)),
    () => writeFileSync(consumer.file, consumerText),
    () => shows(page, hasNot(`/services/${consumer.id}/`)),
  );
  out.version = await timed(
    (i) => writeFileSync(index, original.replace(/^version: .+$/m, `version: 7.7.${i}`)),
    (i) => shows(page, has(`7.7.${i}`)),
    () => writeFileSync(index, original),
    (i) => shows(page, hasNot(`7.7.${i}`)),
  );
  const added = (i: number) => path.join(path.dirname(message.dir), `BenchAdded${i}`);
  out.added = await timed(
    (i) => {
      mkdirSync(added(i));
      writeFileSync(path.join(added(i), 'schema.json'), readFileSync(path.join(message.dir, 'schema.json')));
      writeFileSync(path.join(added(i), 'index.md'), original.replace(/^id: .+$/m, `id: BenchAdded${i}`).replace(/^name: .+$/m, `name: BenchAdded${i}`));
    },
    (i) => shows(`${base}/events/BenchAdded${i}/`, has(`BenchAdded${i}`)),
    (i) => rmSync(added(i), { recursive: true }),
    (i) => shows(`${base}/events/BenchAdded${i}/`, (status) => status === 404),
  );
  const aside = path.join(path.dirname(catalog), 'removed-message');
  out.removed = await timed(
    () => renameSync(message.dir, aside),
    () => shows(page, (status) => status === 404),
    () => renameSync(aside, message.dir),
    () => shows(page, has(message.id)),
  );
  const versioned = path.join(message.dir, 'versioned');
  const schemaFile = path.join(message.dir, 'schema.json');
  const schemaText = readFileSync(schemaFile, 'utf8');
  out.newVersion = await timed(
    (i) => {
      mkdirSync(path.join(versioned, version), { recursive: true });
      renameSync(index, path.join(versioned, version, 'index.md'));
      renameSync(schemaFile, path.join(versioned, version, 'schema.json'));
      writeFileSync(schemaFile, schemaText.replace('"properties": {', '"properties": {\n    "addedInNewVersion": { "type": "string" },'));
      writeFileSync(index, original.replace(/^version: .+$/m, `version: 8.8.${i}`));
    },
    (i) => shows(page, has(`8.8.${i}`)),
    () => {
      rmSync(versioned, { recursive: true });
      writeFileSync(index, original);
      writeFileSync(schemaFile, schemaText);
    },
    (i) => shows(page, hasNot(`8.8.${i}`)),
  );
  return out;
}

/** Median of EDITS runs of: `apply`, time until `shown`, then `undo` and wait for `undone`; with the first run's time. */
async function timedEdits(apply: (i: number) => void, shown: (i: number) => Promise<number>, undo: (i: number) => void, undone: (i: number) => Promise<unknown>): Promise<string> {
  const times: number[] = [];
  try {
    for (let i = 0; i < EDITS; i++) {
      const start = performance.now();
      apply(i);
      try {
        times.push(Math.round((await shown(i)) - start));
      } finally {
        undo(i);
      }
      await undone(i);
    }
  } catch {
    return `> ${EDIT_TIMEOUT_MS} (did not show)`;
  }
  return `${[...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]} (${times[0]})`;
}

/** The time at which `url` answers so that `ok` accepts its status and text. */
async function untilPage(url: string, ok: (status: number, html: string) => boolean): Promise<number> {
  const deadline = performance.now() + EDIT_TIMEOUT_MS;
  while (performance.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (ok(res.status, await res.text())) return performance.now();
    } catch {
      // between two servers' states
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not show the change within ${EDIT_TIMEOUT_MS} ms`);
}

async function pageText(url: string): Promise<string> {
  return (await fetch(url)).text();
}

/** A service with a `receives` list whose page link is not on `html` (the message's page): it becomes a consumer. */
function serviceNotOn(catalog: string, html: string): { id: string; file: string } {
  for (const entry of readdirSync(path.join(catalog, 'domains'), { recursive: true, withFileTypes: true })) {
    if (entry.name !== 'index.md' || path.basename(path.dirname(entry.parentPath)) !== 'services') continue;
    const file = path.join(entry.parentPath, 'index.md');
    const text = readFileSync(file, 'utf8');
    const id = /^id: (.+)$/m.exec(text)![1].trim();
    if (/^receives:\n/m.test(text) && !html.includes(`/services/${id}/`)) return { id, file };
  }
  throw new Error(`No service with receives that is not on the message's page in ${catalog}`);
}

/** Median time from writing an edit to the page showing it, over EDITS edits (each undone after); a note when one never showed. */
async function editTimes(url: string, file: string, edit: (text: string, mark: string) => string): Promise<number | string> {
  try {
    return await medianEditTime(url, file, edit);
  } catch {
    // On a loaded machine the floor's content layer has taken longer than this to show an edit.
    return `> ${EDIT_TIMEOUT_MS} (did not show)`;
  }
}

async function medianEditTime(url: string, file: string, edit: (text: string, mark: string) => string): Promise<number> {
  const original = readFileSync(file, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const mark = `benchmark${Date.now()}x${i}`;
    const edited = edit(original, mark);
    if (edited === original) throw new Error(`Could not edit ${file}`);
    const start = performance.now();
    writeFileSync(file, edited);
    try {
      times.push((await until(url, (html) => html.includes(mark), false, EDIT_TIMEOUT_MS)) - start);
    } finally {
      writeFileSync(file, original);
    }
    await until(url, (html) => !html.includes(mark), false, EDIT_TIMEOUT_MS);
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]);
}

/** The time at which `url` first answers with a page that `ok` accepts (any status if `anyStatus`). */
async function until(url: string, ok: (html: string) => boolean, anyStatus = false, timeoutMs = 300_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      const html = await res.text();
      if ((anyStatus || res.ok) && ok(html)) return performance.now();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not show the expected page within ${timeoutMs} ms`);
}

/** Stops `server` and resolves when it has exited (killed after 60 s). */
async function stopAndWait(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  stop(server);
  const timer = setTimeout(() => server.pid && process.kill(-server.pid, 'SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}

function stop(server: ChildProcess): void {
  if (server.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
