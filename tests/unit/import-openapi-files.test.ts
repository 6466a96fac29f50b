/**
 * Multi-file OpenAPI documents (issue 17, item 5): relative file `$ref`s are followed under `--root` (default:
 * the nearest folder holding `.git`), in OpenAPI 3.0, 3.1 and Swagger 2.0, including a file that refers
 * to a sibling and two files that refer to each other; URLs and files outside the root are refused at
 * the referencing line and the import goes on. The documents are in
 * tests/fixtures/import/lossless/multi-file-openapi/ (written for this test).
 */
import path from 'node:path';
import { cp, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Message } from '../../src/catalog/model.ts';
import { errors, FIXTURES, importInto, lint, ROOT, tempDir } from '../helpers/import.ts';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/waybill.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });

/** What pet.yaml holds, with tag.yaml and common/components.yaml#/Text inlined and the pet ↔ tag cycle kept as a `$ref`. */
const pet = (defs: string) => ({
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    tag: { type: 'object', properties: { label: { type: 'string', maxLength: 200 }, pets: { type: 'array', items: { $ref: `#/${defs}/pet` } } } },
  },
});

describe('multi-file OpenAPI documents', async () => {
  // A repository: .git at its top, shared pieces in common/, the documents in services/pets/.
  const repo = await tempDir('waybill-repo-');
  await cp(path.join(FIXTURES, 'lossless/multi-file-openapi'), repo, { recursive: true });
  await mkdir(path.join(repo, '.git'));
  const pets = path.join(repo, 'services/pets');
  const main = path.join(pets, 'pets.openapi-3.0.yaml');

  test('OpenAPI 3.0: request and response schemas hold the referenced files, nested and cyclic ones included', { timeout: 120_000 }, async () => {
    const result = await importInto(await tempDir(), main, 'openapi');
    const [listPets, addPet] = result.service!.messages;
    expect(addPet.id).toBe('addPet');
    expect(addPet.schema).toMatchObject(pet('definitions'));
    expect((addPet.schema!.definitions as Record<string, unknown>).pet).toMatchObject(pet('definitions'));
    expect(addPet.responses?.find((r) => r.status === '201')?.schema).toMatchObject(pet('definitions'));
    expect(addPet.responses?.find((r) => r.status === '400')?.schema).toMatchObject({ required: ['code'], properties: { code: { type: 'integer' }, message: { type: 'string', maxLength: 200 } } });
    // A parameter from another file, by pointer.
    expect(listPets.schema?.properties).toEqual({ limit: { type: 'integer', minimum: 1 } });
    // The URL is not fetched: said at its line, and the items are an empty schema.
    expect(listPets.responses?.[0].schema).toMatchObject({ type: 'array', items: {} });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${path.relative(repo, d.file ?? '')}:${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      'services/pets/pets.openapi-3.0.yaml:39:19 import-ref-not-followed Remote reference not followed: https://example.com/schemas/pet.json. The importer never fetches anything.',
    ]);
  });

  test('the written catalog holds the referenced content; the URL makes the exit code 1, and the import is still made', { timeout: 120_000 }, async () => {
    const catalogDir = await tempDir();
    const run = cli('import', 'openapi', main, '--catalog', catalogDir);
    expect(run.stdout).toMatch(/39:19\s+error\s+Remote reference not followed: https:\/\/example\.com\/schemas\/pet\.json\. The importer never fetches anything\.\s+import-ref-not-followed/);
    expect(run.stdout).not.toContain('does not exist');
    expect(run.status).toBe(1);
    const catalog = await loadCatalog(catalogDir);
    const addPet = catalog.messages().find((m: Message) => m.id === 'addPet');
    expect(addPet?.schema?.value).toMatchObject(pet('definitions'));
    expect(catalog.messages().map((m: Message) => m.id).sort()).toEqual(['addPet', 'listPets']);
    // The catalog's copy of the document holds the files it refers to, so it resolves on its own.
    expect(run.stdout).toMatch(/info\s+The 3 files it refers to are kept in the catalog's copy of the document, under x-waybill-referenced-files, so that copy stands alone\.\s+import-refs-bundled/);
    // The URL stays in it as written (lint says so too); every file reference resolves.
    expect(errors(await lint(catalogDir))).toEqual([
      "ref-remote services/Pets/pets.openapi-3.0.yaml:39: The $ref 'https://example.com/schemas/pet.json' is a URL; Waybill never fetches from the network, so it was not followed.",
    ]);
  });

  test('re-importing a multi-file document changes nothing', { timeout: 120_000 }, async () => {
    const catalogDir = await tempDir();
    await importInto(catalogDir, main, 'openapi');
    const again = await importInto(catalogDir, main, 'openapi');
    expect(again.plan.operations).toEqual([]);
  });

  test('OpenAPI 3.1: a path item from another file (its example by a reference into that file), a webhook body from another file, its cycle in $defs', { timeout: 120_000 }, async () => {
    const result = await importInto(await tempDir(), path.join(pets, 'pets.openapi-3.1.yaml'), 'openapi');
    const [addOwner, petAdopted] = result.service!.messages;
    expect(addOwner).toMatchObject({ id: 'addOwner', kind: 'command', operation: { method: 'POST', path: '/owners' } });
    expect(addOwner.schema).toMatchObject({ properties: { name: { type: 'string' } }, examples: [{ name: 'Ada' }] });
    expect(petAdopted.schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...pet('$defs') });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('Swagger 2.0 (JSON): a body parameter and a response from other files', { timeout: 120_000 }, async () => {
    const result = await importInto(await tempDir(), path.join(pets, 'pets.swagger-2.0.json'), 'openapi');
    const [updatePet] = result.service!.messages;
    expect(updatePet.schema).toMatchObject({ required: ['id', 'name'], properties: { id: { type: 'string' }, ...pet('definitions').properties } });
    expect(updatePet.responses?.[0].schema).toMatchObject({ properties: { message: { type: 'string', maxLength: 200 } } });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('--root below common/: refused at the referencing line, in the document and in a referenced file; the rest is imported (exit 1)', { timeout: 120_000 }, async () => {
    const catalogDir = await tempDir();
    const services = path.join(repo, 'services');
    const components = path.join(repo, 'common/components.yaml');
    const run = cli('import', 'openapi', main, '--catalog', catalogDir, '--root', services);
    expect(run.status).toBe(1);
    // In the document: the 400 response and the limit parameter.
    const refused = (at: string) => new RegExp(`${at}\\s+error\\s+${escape(`Reference not followed: ${components} is outside ${services}.`)}\\s+import-ref-not-followed`);
    expect(run.stdout).toMatch(refused('26:17'));
    expect(run.stdout).toMatch(refused('30:11'));
    // In tag.yaml, which pet.yaml refers to: named by its own path and line.
    expect(run.stdout).toMatch(/schemas\/tag\.yaml\n\s+5:5\s+error\s+Reference not followed: .*common\/components\.yaml is outside /);
    const catalog = await loadCatalog(catalogDir);
    const addPet = catalog.messages().find((m: Message) => m.id === 'addPet');
    expect(addPet?.schema?.value).toMatchObject({ properties: { name: { type: 'string', minLength: 1 }, tag: { properties: { label: {} } } } });
    expect(existsSync(path.join(catalogDir, 'services'))).toBe(true);
  });

  test('a missing file and a file with an alias cycle are diagnostics at the referencing line; the import goes on', { timeout: 120_000 }, async () => {
    const result = await importInto(await tempDir(), path.join(pets, 'broken.openapi-3.0.yaml'), 'openapi');
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      expect.stringMatching(/^13:15 import-ref-unreadable The reference to .*schemas\/missing\.yaml was not followed: The file could not be read \(ENOENT\)\.$/),
      expect.stringMatching(/^20:17 import-ref-unreadable The reference to .*schemas\/cycle\.yaml was not followed: line 3: An alias here refers to a node that contains it/),
    ]);
    const listKennels = result.service!.messages.find((m) => m.id === 'listKennels');
    expect(listKennels?.responses?.[0].schema).toMatchObject(pet('definitions'));
  });
});
