/**
 * `waybill dev`'s reload after an edit the patch cannot apply (src/catalog/load-memo.ts): a load that takes
 * every unchanged file from what the last load read must give exactly what a fresh load gives — resources,
 * documents, the loader's findings and the lint's — after every kind of edit: frontmatter that changes
 * relations or versions, files and folders added, removed or renamed, a new version, a broken file, the
 * config, and a schema another one `$ref`s. Run on a copy of the default catalog.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { LoadMemo } from '../../src/catalog/load-memo.ts';
import { lintCatalog } from '../../src/lint/engine.ts';

const BUILDER = 'domains/GridQL/services/MicroblogEventBuilder/index.md';
const EVENT = 'domains/GridQL/events/EntityDocumentChanged';
const COMMAND = 'domains/GridQL/commands/ApplyDocumentChange';
const NEW = 'domains/GridQL/events/PostArchived';

async function memoLoaded() {
  const dir = mkdtempSync(path.join(tmpdir(), 'waybill-memo-'));
  cpSync(path.resolve(import.meta.dirname, '../../catalog'), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.waybill`) });
  const memo = new LoadMemo();
  memo.restart(undefined);
  const first = await loadCatalog(dir, { memo });
  return { dir, memo, first };
}

const at = (dir: string, file: string) => path.join(dir, file);
const edit = (dir: string, file: string, change: (text: string) => string) => {
  const text = readFileSync(at(dir, file), 'utf8');
  const changed = change(text);
  if (changed === text) throw new Error(`The edit of ${file} changed nothing`);
  writeFileSync(at(dir, file), changed);
};

/** Everything a reader of the catalog sees, as plain data. */
function view(catalog: Catalog) {
  return {
    files: [...catalog.files],
    resources: catalog.resources,
    guides: catalog.guides,
    pages: catalog.pages,
    diagnostics: catalog.diagnostics,
    documents: [...catalog.documents].sort(([a], [b]) => a.localeCompare(b)),
    referenced: [...catalog.referenced].sort(),
    config: catalog.config,
    lint: lintCatalog(catalog),
  };
}

/** Loads `dir` from the memo, told of `touched`, and checks it against a fresh load; returns both. */
async function expectFreshLoad(dir: string, memo: LoadMemo, touched: string[]) {
  memo.forget(touched);
  const hitsBefore = memo.hits;
  const fromMemo = await loadCatalog(dir, { memo });
  const fresh = await loadCatalog(dir, { cache: false });
  expect(view(fromMemo)).toStrictEqual(view(fresh));
  // It did take the unchanged files from the memo.
  expect(memo.hits - hitsBefore).toBeGreaterThan(100);
  return { fromMemo, fresh };
}

const newEvent = (version = '1.0.0', extra = '') => `---
id: PostArchived
name: PostArchived
version: ${version}
summary: A post was archived.
owners:
  - gridql-microblog
schemaPath: schema.json
channels:
  - id: microblog.post.events
${extra}---

A post was archived.
`;
const newSchema = (field = 'id') => JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { [field]: { type: 'string' } }, required: [field] }, null, 2);

describe('a load from the memo gives what a fresh load gives', () => {
  test.each<[string, (dir: string) => string[]]>([
    ['a service sends another message (a relation)', (dir) => {
      edit(dir, BUILDER, (t) => t.replace('sends:\n  - id: EntityDocumentChanged', 'sends:\n  - id: ApplyDocumentChange\n  - id: EntityDocumentChanged'));
      return [BUILDER];
    }],
    ['a service sends a message that does not exist', (dir) => {
      edit(dir, BUILDER, (t) => t.replace('sends:\n  - id: EntityDocumentChanged', 'sends:\n  - id: NoSuchMessage\n  - id: EntityDocumentChanged'));
      return [BUILDER];
    }],
    ["a message's version", (dir) => {
      edit(dir, `${EVENT}/index.md`, (t) => t.replace('version: 2.0.0', 'version: 2.1.0'));
      return [`${EVENT}/index.md`];
    }],
    ["a message's owners and channels", (dir) => {
      edit(dir, `${EVENT}/index.md`, (t) => t.replace('channels:\n', 'channels:\n  - id: no.such.channel\n').replace('owners:\n  - gridql-microblog', 'owners:\n  - gridql-microblog\n  - nobody'));
      return [`${EVENT}/index.md`];
    }],
    ['a message added (a folder with index.md and schema.json)', (dir) => {
      mkdirSync(at(dir, NEW));
      writeFileSync(at(dir, `${NEW}/index.md`), newEvent());
      writeFileSync(at(dir, `${NEW}/schema.json`), newSchema());
      return [NEW, `${NEW}/index.md`, `${NEW}/schema.json`];
    }],
    ['a message added whose frontmatter does not parse, and one that is invalid', (dir) => {
      mkdirSync(at(dir, NEW));
      writeFileSync(at(dir, `${NEW}/index.md`), '---\nid: PostArchived\nversion: [1.0.0\n---\nBroken.\n');
      mkdirSync(at(dir, `${NEW}2`));
      writeFileSync(at(dir, `${NEW}2/index.md`), newEvent('1.0.0', 'badges: 12\nrecieves: []\n').replace('PostArchived', 'PostArchived2'));
      return [NEW, `${NEW}2`];
    }],
    ['a message removed that services refer to', (dir) => {
      rmSync(at(dir, COMMAND), { recursive: true });
      return [COMMAND];
    }],
    ['a new version (the old one moved to versioned/)', (dir) => {
      const old = `${COMMAND}/versioned/1.0.0`;
      mkdirSync(at(dir, old), { recursive: true });
      renameSync(at(dir, `${COMMAND}/index.md`), at(dir, `${old}/index.md`));
      renameSync(at(dir, `${COMMAND}/schema.json`), at(dir, `${old}/schema.json`));
      writeFileSync(at(dir, `${COMMAND}/index.md`), readFileSync(at(dir, `${old}/index.md`), 'utf8').replace(/^version: .*$/m, 'version: 9.0.0'));
      writeFileSync(at(dir, `${COMMAND}/schema.json`), newSchema('operation'));
      return [`${COMMAND}/versioned`, `${COMMAND}/index.md`, `${COMMAND}/schema.json`];
    }],
    ['a schema deleted', (dir) => {
      rmSync(at(dir, `${EVENT}/schema.json`));
      return [`${EVENT}/schema.json`];
    }],
    ['a folder renamed', (dir) => {
      renameSync(at(dir, COMMAND), at(dir, `${COMMAND}Renamed`));
      return [COMMAND, `${COMMAND}Renamed`];
    }],
    ['a guide added and a changelog removed', (dir) => {
      writeFileSync(at(dir, 'docs/new-guide.md'), '---\ntitle: A new guide\n---\n\n# A new guide\n');
      rmSync(at(dir, `${EVENT}/changelog.md`));
      return ['docs/new-guide.md', `${EVENT}/changelog.md`];
    }],
    ['the config', (dir) => {
      edit(dir, 'waybill.config.yaml', (t) => t.replace(/^compatibility: BACKWARD/m, 'compatibility: FORWARD'));
      return ['waybill.config.yaml'];
    }],
    ['a file added where the walk does not look (a dot folder, node_modules)', (dir) => {
      mkdirSync(at(dir, `${NEW}/node_modules/x`), { recursive: true });
      writeFileSync(at(dir, `${NEW}/node_modules/x/index.md`), newEvent());
      mkdirSync(at(dir, '.hidden'));
      writeFileSync(at(dir, '.hidden/index.md'), newEvent());
      return [NEW, '.hidden'];
    }],
  ])('%s', async (_, change) => {
    const { dir, memo } = await memoLoaded();
    await expectFreshLoad(dir, memo, change(dir));
  });

  test('a schema another one $refs: the referring schema is checked again', async () => {
    const { dir, memo } = await memoLoaded();
    edit(dir, `${COMMAND}/schema.json`, (t) => {
      const schema = JSON.parse(t);
      schema.properties.changed = { $ref: '../../events/EntityDocumentChanged/schema.json#/properties/id' };
      return JSON.stringify(schema, null, 2);
    });
    const { fromMemo } = await expectFreshLoad(dir, memo, [`${COMMAND}/schema.json`]);
    expect(fromMemo.referenced.has(`${EVENT}/schema.json`)).toBe(true);
    edit(dir, `${EVENT}/schema.json`, (t) => {
      const schema = JSON.parse(t);
      delete schema.properties.id;
      return JSON.stringify(schema, null, 2);
    });
    const { fromMemo: broken } = await expectFreshLoad(dir, memo, [`${EVENT}/schema.json`]);
    expect(broken.diagnostics.some((d) => d.code === 'ref-unresolvable' && d.file === `${COMMAND}/schema.json`)).toBe(true);
  });

  test('edits one after another, each told to the memo, keep matching a fresh load', async () => {
    const { dir, memo } = await memoLoaded();
    mkdirSync(at(dir, NEW));
    writeFileSync(at(dir, `${NEW}/index.md`), newEvent());
    writeFileSync(at(dir, `${NEW}/schema.json`), newSchema());
    await expectFreshLoad(dir, memo, [NEW]);
    edit(dir, `${NEW}/index.md`, (t) => t.replace('version: 1.0.0', 'version: 1.1.0'));
    await expectFreshLoad(dir, memo, [`${NEW}/index.md`]);
    rmSync(at(dir, NEW), { recursive: true });
    await expectFreshLoad(dir, memo, [NEW]);
  });

  test('a symbolic link added makes the next load walk the whole folder, and still match', async () => {
    const { dir, memo } = await memoLoaded();
    symlinkSync(at(dir, `${EVENT}/schema.json`), at(dir, `${COMMAND}/linked.json`));
    await expectFreshLoad(dir, memo, [`${COMMAND}/linked.json`]);
    expect(memo.walked).toBe(true);
  });

  test('a change the memo is not told of is not seen (the dev server tells it of every event)', async () => {
    const { dir, memo, first } = await memoLoaded();
    edit(dir, `${EVENT}/index.md`, (t) => t.replace('version: 2.0.0', 'version: 2.1.0'));
    const again = await loadCatalog(dir, { memo });
    expect(again.resources).toStrictEqual(first.resources);
    memo.forget([`${EVENT}/index.md`]);
    expect((await loadCatalog(dir, { memo })).resources).not.toStrictEqual(first.resources);
  });
});

describe('the memo brings its walk of the folder up to date', () => {
  test('only the changed paths are walked again, and the list is what a full walk lists', async () => {
    const { scanCatalog } = await import('../../src/catalog/scan.ts');
    const { dir, memo } = await memoLoaded();
    mkdirSync(at(dir, NEW));
    writeFileSync(at(dir, `${NEW}/index.md`), newEvent());
    rmSync(at(dir, COMMAND), { recursive: true });
    writeFileSync(at(dir, 'dist-like.md'), 'not a resource\n');
    memo.forget([NEW, COMMAND, 'dist-like.md']);
    const walked = await memo.scan(dir, () => Promise.reject(new Error('walked the whole folder')));
    expect(walked).toStrictEqual(await scanCatalog(dir));
  });
});
