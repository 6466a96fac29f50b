/**
 * The dev server's fast path (src/catalog/patch.ts): an edited body, name or summary, or schema is
 * applied to the loaded catalog and gives what loading it again gives; any other edit is left to a full load.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { patchCatalog } from '../../src/catalog/patch.ts';
import type { Message } from '../../src/catalog/model.ts';
import { lintCatalog } from '../../src/lint/engine.ts';

const EVENT = 'services/Baskets/events/BasketCheckedOut';

async function copy() {
  const dir = mkdtempSync(path.join(tmpdir(), 'waybill-patch-'));
  cpSync(path.resolve(import.meta.dirname, '../fixtures/verify'), dir, { recursive: true });
  return { dir, catalog: await loadCatalog(dir) };
}

const edit = (dir: string, file: string, change: (text: string) => string) => writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), 'utf8')));
const message = (catalog: { latest(family: 'message', id: string): unknown }) => catalog.latest('message', 'BasketCheckedOut') as Message;

describe('patchCatalog', () => {
  test('a new body of a resource', async () => {
    const { dir, catalog } = await copy();
    edit(dir, `${EVENT}/index.md`, (t) => `${t}\nA new paragraph.\n`);
    const patched = await patchCatalog(catalog, `${EVENT}/index.md`);
    expect(message(patched!).body).toContain('A new paragraph.');
    expect(message(patched!).body).toBe(message(await loadCatalog(dir)).body);
    expect(patched!.resources.length).toBe(catalog.resources.length);
    expect(message(catalog).body).not.toContain('A new paragraph.');
  });

  test('a changed JSON Schema, with its problems replacing the old ones', async () => {
    const { dir, catalog } = await copy();
    edit(dir, `${EVENT}/schema.json`, (t) => t.replace('"properties": {', '"properties": {\n    "addedField": { "type": "string" },'));
    const patched = await patchCatalog(catalog, `${EVENT}/schema.json`);
    expect(Object.keys((message(patched!).schema!.value as { properties: object }).properties)).toContain('addedField');
    expect(message(patched!).schema).toEqual(message(await loadCatalog(dir)).schema);
    edit(dir, `${EVENT}/schema.json`, (t) => t.replace('"type": "object"', '"type": 12'));
    const broken = await patchCatalog(patched!, `${EVENT}/schema.json`);
    expect(broken?.diagnostics.filter((d) => d.file === `${EVENT}/schema.json`).map((d) => d.code)).toEqual(
      (await loadCatalog(dir)).diagnostics.filter((d) => d.file === `${EVENT}/schema.json`).map((d) => d.code),
    );
  });

  test('a schema another schema refers to is left to a full load, as the other one changes with it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'waybill-patch-'));
    cpSync(path.resolve(import.meta.dirname, '../fixtures/verify'), dir, { recursive: true });
    const other = 'services/Baskets/events/BasketCanceled/schema.json';
    const schema = JSON.parse(readFileSync(path.join(dir, other), 'utf8'));
    schema.properties.checkedOut = { $ref: '../BasketCheckedOut/schema.json' };
    writeFileSync(path.join(dir, other), JSON.stringify(schema, null, 2));
    const catalog = await loadCatalog(dir);
    expect(catalog.referenced.has(`${EVENT}/schema.json`)).toBe(true);
    edit(dir, `${EVENT}/schema.json`, (t) => t.replace('"properties": {', '"properties": {\n    "addedField": { "type": "string" },'));
    expect(await patchCatalog(catalog, `${EVENT}/schema.json`)).toBeUndefined();
    // The schema that refers to nothing and is referred to by nothing is still patched.
    const plain = 'services/Baskets/events/BasketStarted/schema.json';
    expect(catalog.referenced.has(plain)).toBe(false);
    edit(dir, plain, (t) => t.replace('"properties": {', '"properties": {\n    "addedField": { "type": "string" },'));
    expect(await patchCatalog(catalog, plain)).toBeDefined();
  });

  test.each([
    ['a summary added', (t: string) => t.replace('version: 1.0.0', 'version: 1.0.0\nsummary: "  Changed: with a colon.  "')],
    ['a name added and a new body', (t: string) => `${t.replace('version: 1.0.0', 'version: 1.0.0\nname: Basket checked out, renamed')}\nAnd a new paragraph.\n`],
    ['an empty name (the id stands in)', (t: string) => t.replace('version: 1.0.0', "version: 1.0.0\nname: ''")],
  ])('%s: the frontmatter text is patched and gives what a full load gives', async (_, change) => {
    const { dir, catalog } = await copy();
    edit(dir, `${EVENT}/index.md`, change);
    const patched = await patchCatalog(catalog, `${EVENT}/index.md`);
    expect(patched).toBeDefined();
    const full = await loadCatalog(dir);
    expect(patched!.resources).toStrictEqual(full.resources);
    expect(patched!.diagnostics).toStrictEqual(full.diagnostics);
    expect(lintCatalog(patched!)).toStrictEqual(lintCatalog(full));
  });

  test('a text field that stops being text, or sits in a file with findings, is left to a full load', async () => {
    const { dir, catalog } = await copy();
    edit(dir, `${EVENT}/index.md`, (t) => t.replace('version: 1.0.0', 'version: 1.0.0\nsummary: [not, text]'));
    expect(await patchCatalog(catalog, `${EVENT}/index.md`)).toBeUndefined();
    edit(dir, `${EVENT}/index.md`, (t) => t.replace('summary: [not, text]', 'summary: Text.\nbadges: 12'));
    const invalid = await loadCatalog(dir);
    expect(invalid.diagnostics.some((d) => d.file === `${EVENT}/index.md`)).toBe(true);
    edit(dir, `${EVENT}/index.md`, (t) => t.replace('summary: Text.', 'summary: Other text.'));
    expect(await patchCatalog(invalid, `${EVENT}/index.md`)).toBeUndefined();
  });

  test('other frontmatter edits and unknown files are left to a full load', async () => {
    const { dir, catalog } = await copy();
    edit(dir, `${EVENT}/index.md`, (t) => t.replace('owners: [commerce]', 'owners: [commerce, nobody]'));
    expect(await patchCatalog(catalog, `${EVENT}/index.md`)).toBeUndefined();
    expect(await patchCatalog(catalog, 'waybill.config.yaml')).toBeUndefined();
    expect(await patchCatalog(catalog, 'services/Nowhere/index.md')).toBeUndefined();
  });
});
