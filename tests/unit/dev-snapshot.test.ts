/**
 * `waybill dev`'s snapshot (src/site/dev-snapshot.ts, src/site/catalog.ts): a dev server started from it
 * has the catalog and problems a cold start has, and after any edit made while no server ran, the
 * snapshot is not used. Edits the dev server applies itself are snapshotted too.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { DocumentMap } from '../../src/catalog/lazy-document.ts';
import { lookUpSnapshot, readSnapshot, snapshotFile, stampCatalog } from '../../src/site/dev-snapshot.ts';
import { applyEdits, getCatalog, getProblems, saveDevSnapshot, startDevCatalog } from '../../src/site/catalog.ts';
import { catalogView, coldLoad, copyServedCatalog, newProcess, useDevServerEnv } from '../helpers/dev-server.ts';

const EVENT = 'services/Baskets/events/BasketCheckedOut';
useDevServerEnv('waybill-snapshot');
const copy = () => copyServedCatalog('waybill-snapshot');

/** Waits until the dev server has written a snapshot newer than `after` (ms since the epoch). */
async function snapshotWritten(dir: string, after: number): Promise<void> {
  const file = snapshotFile(dir)!;
  for (let i = 0; i < 200; i++) {
    if (existsSync(file) && statSync(file).mtimeMs > after) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no snapshot was written');
}

/** A dev server's start, then the snapshot it leaves. */
async function runDevServer(dir: string): Promise<void> {
  newProcess();
  const before = Date.now() - 1;
  await startDevCatalog();
  await getProblems();
  await snapshotWritten(dir, before);
}

const edit = (dir: string, file: string, change: (text: string) => string) => writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), 'utf8')));

describe('the dev server snapshot', () => {
  test('a start from it gives the catalog and problems of a cold start', async () => {
    const dir = copy();
    // A problem, so the snapshot has one to keep.
    edit(dir, `${EVENT}/index.md`, (t) => t.replace('owners: [commerce]', 'owners: [nobody-at-all]'));
    await runDevServer(dir);
    const found = readSnapshot(dir, (await stampCatalog(dir))!);
    expect(found).toBeDefined();
    const expected = await coldLoad(dir);
    expect(expected.problems.length).toBeGreaterThan(0);
    expect(catalogView(found!.catalog)).toStrictEqual(expected.catalog);
    expect(found!.problems).toStrictEqual(expected.problems);
    // The dev server's look-up (stamps and snapshot read in a worker thread) finds the same.
    const looked = await lookUpSnapshot(dir);
    expect(looked.stamps).toStrictEqual(await stampCatalog(dir));
    // A JSON schema is kept as its text and parsed when first read (as a page reads it).
    const documents = looked.snapshot!.catalog.documents as DocumentMap;
    expect(documents.has(`${EVENT}/schema.json`)).toBe(true);
    expect(documents.isRead(`${EVENT}/schema.json`)).toBe(false);
    expect(catalogView(looked.snapshot!.catalog)).toStrictEqual(expected.catalog);
    expect(documents.isRead(`${EVENT}/schema.json`)).toBe(true);
    expect(looked.snapshot!.problems).toStrictEqual(expected.problems);
    // And the dev server started again shows the same.
    newProcess();
    expect(catalogView(await startDevCatalog())).toStrictEqual(expected.catalog);
    expect(await getProblems()).toStrictEqual(expected.problems);
  });

  test('while it starts beside the server, the site reads that catalog (not a second load); a missing folder is refused at once', async () => {
    const dir = copy();
    await runDevServer(dir);
    newProcess();
    const starting = startDevCatalog();
    // As a page would, before the snapshot has been read.
    const during = getCatalog();
    expect(await during).toBe(await starting);
    newProcess();
    process.env.WAYBILL_CATALOG_DIR = path.join(dir, 'missing');
    expect(() => startDevCatalog()).toThrow(/The catalog folder .*missing does not exist/);
  });

  const edits: [string, (dir: string) => void][] = [
    ['a body', (dir) => edit(dir, `${EVENT}/index.md`, (t) => `${t}\nA new paragraph.\n`)],
    ['frontmatter', (dir) => edit(dir, `${EVENT}/index.md`, (t) => t.replace(/^version: .*$/m, 'version: 1.0.0\nsummary: Changed while stopped.'))],
    ['a schema', (dir) => edit(dir, `${EVENT}/schema.json`, (t) => t.replace('"properties": {', '"properties": {\n    "addedField": { "type": "string" },'))],
    ['an added message', (dir) => {
      mkdirSync(path.join(dir, 'services/Baskets/events/BasketRestored'));
      writeFileSync(path.join(dir, 'services/Baskets/events/BasketRestored/index.md'), '---\nid: BasketRestored\nname: Basket restored\nversion: 1.0.0\n---\nA basket came back.\n');
    }],
    ['a removed message', (dir) => rmSync(path.join(dir, 'services/Baskets/events/BasketCanceled'), { recursive: true })],
    ['the config', (dir) => edit(dir, 'waybill.config.yaml', (t) => t.replace(/^title: .*$/m, 'title: Renamed while stopped'))],
    ['the same size and modification time', (dir) => {
      const file = path.join(dir, `${EVENT}/index.md`);
      const before = statSync(file);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/Basket/, 'Backet'));
      utimesSync(file, before.atime, before.mtime);
      expect(statSync(file).size).toBe(before.size);
    }],
  ];
  test.each(edits)('after an edit of %s made while stopped, the next start is a cold one', async (_, change) => {
    const dir = copy();
    await runDevServer(dir);
    change(dir);
    expect(readSnapshot(dir, (await stampCatalog(dir))!)).toBeUndefined();
    const looked = await lookUpSnapshot(dir);
    expect(looked.stamps).toStrictEqual(await stampCatalog(dir));
    expect(looked.snapshot).toBeUndefined();
    newProcess();
    const expected = await coldLoad(dir);
    expect(catalogView(await startDevCatalog())).toStrictEqual(expected.catalog);
    expect(await getProblems()).toStrictEqual(expected.problems);
  });

  test.each([
    ['a body (patched)', (t: string) => `${t}\nEdited while serving.\n`],
    ['frontmatter (loaded again)', (t: string) => t.replace('owners: [commerce]', 'owners: [nobody-at-all]')],
  ])('an edit of %s the dev server applies is snapshotted when it stops, and the next start shows it', async (_, change) => {
    const dir = copy();
    await runDevServer(dir);
    const before = Date.now() - 1;
    edit(dir, `${EVENT}/index.md`, change);
    applyEdits([`${EVENT}/index.md`]);
    await getProblems();
    await saveDevSnapshot();
    await snapshotWritten(dir, before);
    const found = readSnapshot(dir, (await stampCatalog(dir))!);
    expect(found).toBeDefined();
    const expected = await coldLoad(dir);
    expect(catalogView(found!.catalog)).toStrictEqual(expected.catalog);
    expect(found!.problems).toStrictEqual(expected.problems);
  });

  test("an older Waybill's snapshot of the same catalog is deleted; another catalog's is kept", async () => {
    const dir = copy();
    const file = snapshotFile(dir)!;
    const name = path.basename(file);
    const older = path.join(path.dirname(file), `dev-${'A'.repeat(16)}${name.slice(20)}`);
    const otherCatalog = path.join(path.dirname(file), `dev-${'A'.repeat(16)}-${'B'.repeat(12)}.bin`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(older, 'old');
    writeFileSync(otherCatalog, 'other');
    await runDevServer(dir);
    expect(existsSync(older)).toBe(false);
    expect(existsSync(otherCatalog)).toBe(true);
  });

  test('a snapshot altered on disk is ignored', async () => {
    const dir = copy();
    await runDevServer(dir);
    const file = snapshotFile(dir)!;
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] ^= 1;
    writeFileSync(file, bytes);
    expect(readSnapshot(dir, (await stampCatalog(dir))!)).toBeUndefined();
    expect((await lookUpSnapshot(dir)).snapshot).toBeUndefined();
  });
});
