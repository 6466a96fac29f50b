/**
 * Issue 8: the dev loop. `waybill dev` on a synthetic catalog (a copy, edited during the run): start-up
 * (process start to the first message page served) and edit-to-update (saving a message's index.md or
 * schema.json to its page serving the change, polled every 20 ms — what a browser reloaded by the dev
 * server would get), beside the floor: a bare Astro dev server with a glob content collection over the
 * same Markdown files, rendering an entry's body. Target: an edit shows within 1 s at 10,000 messages.
 * `waybill dev` is started twice: the second start finds the load cache the first one wrote (issue 16).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_DIR, table } from './measure.ts';
import type { BenchContext } from '../bench.ts';

const ROOT = path.resolve(BENCH_DIR, '../..');
const EDITS = 3;

export async function benchDev(ctx: BenchContext): Promise<void> {
  const rows: (string | number)[][] = [['messages', 'server', 'start-up ms', 'first page ms', 'index.md edit ms (median of 3)', 'schema.json edit ms (median of 3)', 'notes']];
  for (const size of ctx.sizes) {
    const work = mkdtempSync(path.join(tmpdir(), 'waybill-bench-dev-'));
    try {
      const catalog = path.join(work, 'catalog');
      cpSync(await ctx.catalogOf(size), catalog, { recursive: true });
      const message = firstMessageWithSchema(catalog);
      const floor = await measureFloor(work, catalog, message);
      rows.push([size, 'floor: bare Astro dev, glob collection', floor.startup, floor.firstPage, floor.index, '—', 'same .md files; no schemas in a bare collection']);
      const waybill = await measureWaybill(work, catalog, message);
      rows.push([size, 'waybill dev', waybill.startup, waybill.firstPage, waybill.index, waybill.schema, `${message.id}'s page`]);
      // Issue 16: the next start, with the load cache (and Astro's) the first one left.
      const again = await measureWaybill(work, catalog, message);
      rows.push([size, 'waybill dev, second start', again.startup, again.firstPage, again.index, again.schema, 'warm load cache']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  ctx.print('Dev loop (issue 8)', table(rows));
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
    return { startup: Math.round(startup - start), firstPage: Math.round(firstPage - start), index, schema };
  } finally {
    stop(server);
  }
}

async function measureFloor(work: string, catalog: string, message: Message) {
  const project = path.join(work, 'floor');
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
    stop(server);
  }
}

/** Median time from writing an edit to the page showing it, over EDITS edits (each undone after). */
async function editTimes(url: string, file: string, edit: (text: string, mark: string) => string): Promise<number> {
  const original = readFileSync(file, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const mark = `benchmark${Date.now()}x${i}`;
    const edited = edit(original, mark);
    if (edited === original) throw new Error(`Could not edit ${file}`);
    const start = performance.now();
    writeFileSync(file, edited);
    times.push((await until(url, (html) => html.includes(mark), false, 30_000)) - start);
    writeFileSync(file, original);
    await until(url, (html) => !html.includes(mark), false, 30_000);
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
