/**
 * `waybill dev`'s answer to edits it cannot patch in place (src/site/catalog.ts applyEdits, with
 * src/catalog/load-memo.ts): files and folders added or removed, and frontmatter that changes relations or
 * versions. After each, the served catalog and its problems are what a cold load and lint give, and the
 * snapshot the server leaves is keyed by the files' true stamps (the next start reads it and gets the same).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { lintCatalog } from '../../src/lint/engine.ts';
import { readSnapshot, stampCatalog } from '../../src/site/dev-snapshot.ts';
import { applyEdits, getCatalog, getProblems, prepareForEdits, saveDevSnapshot, startDevCatalog } from '../../src/site/catalog.ts';

const SERVICE = 'services/Baskets/index.md';
const EVENTS = 'services/Baskets/events';
const saved = { dir: process.env.WAYBILL_CATALOG_DIR, xdg: process.env.XDG_CACHE_HOME };
let home: string;

beforeAll(() => {
  // The snapshot's signing key lives in the user's cache folder: a test's own.
  home = mkdtempSync(path.join(tmpdir(), 'waybill-dev-edits-home-'));
  process.env.XDG_CACHE_HOME = home;
});
afterAll(() => {
  for (const [name, value] of [['WAYBILL_CATALOG_DIR', saved.dir], ['XDG_CACHE_HOME', saved.xdg]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  newProcess();
  rmSync(home, { recursive: true, force: true });
});

function copy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'waybill-dev-edits-'));
  cpSync(path.resolve(import.meta.dirname, '../fixtures/verify'), dir, { recursive: true });
  process.env.WAYBILL_CATALOG_DIR = dir;
  return dir;
}

/** What a dev server of a new process starts from: no catalog loaded, no dev loader. */
function newProcess(): void {
  const global = globalThis as unknown as Record<symbol, unknown>;
  global[Symbol.for('waybill.site.catalog')] = undefined;
  global[Symbol.for('waybill.site.dev')] = undefined;
}

function view(catalog: Catalog) {
  return {
    config: catalog.config,
    resources: catalog.resources,
    guides: catalog.guides,
    pages: catalog.pages,
    diagnostics: catalog.diagnostics,
    documents: [...catalog.documents].sort(([a], [b]) => a.localeCompare(b)),
    files: [...catalog.files],
    referenced: [...catalog.referenced].sort(),
  };
}

async function cold(dir: string) {
  const catalog = await loadCatalog(dir, { cache: false });
  return { catalog: view(catalog), problems: lintCatalog(catalog).filter((d) => d.severity === 'error') };
}

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

describe('waybill dev: an edit that needs a load', () => {
  test.each(edits)('%s: the served catalog and problems are a cold load and lint', async (_, change) => {
    const dir = copy();
    newProcess();
    await startDevCatalog();
    await getProblems();
    applyEdits(change(dir));
    const expected = await cold(dir);
    expect(view(await getCatalog())).toStrictEqual(expected.catalog);
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
    const expected = await cold(dir);
    expect(view(await getCatalog())).toStrictEqual(expected.catalog);
    // The stamps the memo's walk took for the added files are the files' own: the snapshot is found.
    const found = readSnapshot(dir, (await stampCatalog(dir))!);
    expect(found).toBeDefined();
    expect(view(found!.catalog)).toStrictEqual(expected.catalog);
    expect(found!.problems).toStrictEqual(expected.problems);
  });

  test('a server started from the snapshot readies itself, then an added message is a cold load', async () => {
    const dir = copy();
    newProcess();
    await startDevCatalog();
    await getProblems();
    await saveDevSnapshot();
    newProcess();
    const fromSnapshot = await startDevCatalog();
    const problems = await getProblems();
    await prepareForEdits();
    // The snapshot's catalog is replaced by an equal one the memo read, with the same problems.
    expect(await getCatalog()).not.toBe(fromSnapshot);
    expect(view(await getCatalog())).toStrictEqual(view(fromSnapshot));
    expect(await getProblems()).toStrictEqual(problems);
    applyEdits(edits[2][1](dir));
    const expected = await cold(dir);
    expect(view(await getCatalog())).toStrictEqual(expected.catalog);
    expect(await getProblems()).toStrictEqual(expected.problems);
  });

  test('a server started from the snapshot and patched before it readies itself keeps the patched catalog, and later edits match a cold load', async () => {
    const dir = copy();
    newProcess();
    await startDevCatalog();
    await getProblems();
    await saveDevSnapshot();
    newProcess();
    await startDevCatalog();
    edit(dir, `${EVENTS}/BasketStarted/index.md`, (t) => `${t}\nA new paragraph.\n`);
    applyEdits([`${EVENTS}/BasketStarted/index.md`]);
    const patched = await getCatalog();
    await prepareForEdits();
    expect(await getCatalog()).toBe(patched);
    applyEdits(edits[3][1](dir));
    const expected = await cold(dir);
    expect(view(await getCatalog())).toStrictEqual(expected.catalog);
    expect(await getProblems()).toStrictEqual(expected.problems);
  });
});
