/**
 * `waybill dev`'s answer to edits it cannot patch in place (src/site/catalog.ts applyEdits, with
 * src/catalog/load-memo.ts): files and folders added or removed, and frontmatter that changes relations or
 * versions. After each, the served catalog and its problems are what a cold load and lint give, and the
 * snapshot the server leaves is keyed by the files' true stamps (the next start reads it and gets the same).
 */
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSnapshot, stampCatalog } from '../../src/site/dev-snapshot.ts';
import { applyEdits, getCatalog, getProblems, prepareForEdits, saveDevSnapshot, startDevCatalog } from '../../src/site/catalog.ts';
import { catalogView, coldLoad, copyServedCatalog, newProcess, useDevServerEnv } from '../helpers/dev-server.ts';

const SERVICE = 'services/Baskets/index.md';
const EVENTS = 'services/Baskets/events';
useDevServerEnv('waybill-dev-edits');
const copy = () => copyServedCatalog('waybill-dev-edits');

const edit = (dir: string, file: string, change: (text: string) => string) => writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), 'utf8')));

/** Each edit, and the paths the folder watcher reports for it. */
const edits: [string, (dir: string) => string[]][] = [
  ['a service receives one more message, and one that does not exist', (dir) => {
    edit(dir, SERVICE, (t) => t.replace('owners: [commerce]', 'owners: [commerce]\nreceives:\n  - id: ProductAdded\n  - id: NoSuchMessage'));
    return [SERVICE];
  }],
  ["a message's version", (dir) => {
    edit(dir, `${EVENTS}/BasketStarted/index.md`, (t) => t.replace(/^version: .*$/m, 'version: 3.0.0'));
    return [`${EVENTS}/BasketStarted/index.md`];
  }],
  ['a message added, with a schema', (dir) => {
    mkdirSync(path.join(dir, `${EVENTS}/BasketRestored`));
    writeFileSync(path.join(dir, `${EVENTS}/BasketRestored/index.md`), '---\nid: BasketRestored\nname: Basket restored\nversion: 1.0.0\nschemaPath: schema.json\n---\nA basket came back.\n');
    writeFileSync(path.join(dir, `${EVENTS}/BasketRestored/schema.json`), '{ "type": "object", "properties": { "id": { "type": 12 } } }');
    return [`${EVENTS}/BasketRestored`, `${EVENTS}/BasketRestored/index.md`, `${EVENTS}/BasketRestored/schema.json`];
  }],
  ['a message removed', (dir) => {
    rmSync(path.join(dir, `${EVENTS}/BasketCanceled`), { recursive: true });
    return [`${EVENTS}/BasketCanceled`];
  }],
  ['a new version, the old one moved to versioned/', (dir) => {
    const at = (f: string) => path.join(dir, `${EVENTS}/BasketStarted`, f);
    mkdirSync(at('versioned/1.0.0'), { recursive: true });
    renameSync(at('index.md'), at('versioned/1.0.0/index.md'));
    cpSync(at('schema.json'), at('versioned/1.0.0/schema.json'));
    writeFileSync(at('index.md'), readFileSync(at('versioned/1.0.0/index.md'), 'utf8').replace(/^version: .*$/m, 'version: 2.0.0'));
    return [`${EVENTS}/BasketStarted/versioned`, `${EVENTS}/BasketStarted/index.md`];
  }],
];

/** A server started on a fresh copy and its snapshot written, then a new process's server started from it. */
async function startedFromSnapshot() {
  const dir = copy();
  newProcess();
  await startDevCatalog();
  await getProblems();
  await saveDevSnapshot();
  newProcess();
  return { dir, fromSnapshot: await startDevCatalog() };
}

describe('waybill dev: an edit that needs a load', () => {
  test.each(edits)('%s: the served catalog and problems are a cold load and lint', async (_, change) => {
    const dir = copy();
    newProcess();
    await startDevCatalog();
    await getProblems();
    applyEdits(change(dir));
    const expected = await coldLoad(dir);
    expect(catalogView(await getCatalog())).toStrictEqual(expected.catalog);
    expect(await getProblems()).toStrictEqual(expected.problems);
  });

  test('edits one after another, then the snapshot the server leaves is read by the next start', async () => {
    const dir = copy();
    newProcess();
    await startDevCatalog();
    for (const [, change] of edits) {
      applyEdits(change(dir));
      await getProblems();
    }
    await saveDevSnapshot();
    const expected = await coldLoad(dir);
    expect(catalogView(await getCatalog())).toStrictEqual(expected.catalog);
    // The stamps the memo's walk took for the added files are the files' own: the snapshot is found.
    const found = readSnapshot(dir, (await stampCatalog(dir))!);
    expect(found).toBeDefined();
    expect(catalogView(found!.catalog)).toStrictEqual(expected.catalog);
    expect(found!.problems).toStrictEqual(expected.problems);
  });

  test('a server started from the snapshot readies itself, then an added message is a cold load', async () => {
    const { dir, fromSnapshot } = await startedFromSnapshot();
    const problems = await getProblems();
    await prepareForEdits();
    // The snapshot's catalog is replaced by an equal one the memo read, with the same problems.
    expect(await getCatalog()).not.toBe(fromSnapshot);
    expect(catalogView(await getCatalog())).toStrictEqual(catalogView(fromSnapshot));
    expect(await getProblems()).toStrictEqual(problems);
    applyEdits(edits[2][1](dir));
    const expected = await coldLoad(dir);
    expect(catalogView(await getCatalog())).toStrictEqual(expected.catalog);
    expect(await getProblems()).toStrictEqual(expected.problems);
  });

  test('a server started from the snapshot and patched before it readies itself keeps the patched catalog, and later edits match a cold load', async () => {
    const { dir } = await startedFromSnapshot();
    edit(dir, `${EVENTS}/BasketStarted/index.md`, (t) => `${t}\nA new paragraph.\n`);
    applyEdits([`${EVENTS}/BasketStarted/index.md`]);
    const patched = await getCatalog();
    await prepareForEdits();
    expect(await getCatalog()).toBe(patched);
    applyEdits(edits[3][1](dir));
    const expected = await coldLoad(dir);
    expect(catalogView(await getCatalog())).toStrictEqual(expected.catalog);
    expect(await getProblems()).toStrictEqual(expected.problems);
  });
});
