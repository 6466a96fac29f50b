import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { parse } from 'yaml';
import { buildCatalogFiles, generateCatalog, mulberry32 } from '../../scripts/generate-catalog.ts';

const addFormats = addFormatsImport as unknown as (ajv: Ajv2020) => Ajv2020;
const temp = mkdtempSync(path.join(tmpdir(), 'waybill-generate-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** sha256 over every file's relative path and bytes, in sorted order. */
function hashTree(root: string): string {
  const hash = createHash('sha256');
  const files = (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
  for (const f of files) hash.update(`${f}\0`).update(readFileSync(path.join(root, f))).update('\0');
  return hash.digest('hex');
}

const frontmatter = (text: string) => parse(text.split('---\n')[1]) as Record<string, any>;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
/** Compiles without `$id`, so one Ajv serves schemas that share an id (a schema before and after a change). */
const compile = (schema: { $id?: string }) => ajv.compile({ ...schema, $id: undefined });

describe('mulberry32', () => {
  it('is deterministic per seed and spreads over [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
});

describe('generateCatalog', () => {
  it('writes byte-identical catalogs for the same arguments', () => {
    const one = generateCatalog({ messages: 50, out: path.join(temp, 'one'), seed: 7 });
    const two = generateCatalog({ messages: 50, out: path.join(temp, 'two'), seed: 7 });
    expect(two.files).toBe(one.files);
    expect(two.bytes).toBe(one.bytes);
    expect(hashTree(path.join(temp, 'two'))).toBe(hashTree(path.join(temp, 'one')));
    generateCatalog({ messages: 50, out: path.join(temp, 'three'), seed: 8 });
    expect(hashTree(path.join(temp, 'three'))).not.toBe(hashTree(path.join(temp, 'one')));
  });

  it('overwrites its own output but refuses other non-empty folders', () => {
    const out = path.join(temp, 'one');
    expect(() => generateCatalog({ messages: 50, out, seed: 7 })).not.toThrow();
    expect(() => generateCatalog({ messages: 50, out: path.dirname(out) })).toThrow(/not empty/);
  });
});

describe('the generated catalog', () => {
  const { files, result } = buildCatalogFiles({ messages: 120, seed: 42, versions: 3 });
  const messageFiles = [...files.keys()].filter((f) => /\/(events|commands|queries)\/[^/]+\/index\.md$/.test(f) && !f.includes('/versioned/'));
  const services = [...files.keys()].filter((f) => /\/services\/[^/]+\/index\.md$/.test(f)).map((f) => frontmatter(files.get(f)!));

  it('has the documented layout', () => {
    expect(files.get('waybill.config.yaml')).toMatch(/compatibility: BACKWARD/);
    expect(messageFiles).toHaveLength(120);
    expect(result.messages).toBe(120);
    expect(services).toHaveLength(result.services);
    for (const prefix of ['teams/', 'users/', 'channels/acme.', 'domains/']) expect([...files.keys()].some((f) => f.startsWith(prefix))).toBe(true);
    expect([...files.keys()].filter((f) => /\/flows\/[^/]+\/index\.md$/.test(f)).length).toBeGreaterThanOrEqual(result.domains);
    const kinds = messageFiles.map((f) => f.split('/').at(-3));
    for (const kind of ['events', 'commands', 'queries']) expect(kinds).toContain(kind);
    expect(kinds.filter((k) => k === 'events').length).toBeGreaterThan(kinds.length / 2);
  });

  it('gives every message one producer and one to three consumers', () => {
    for (const file of messageFiles) {
      const { id } = frontmatter(files.get(file)!);
      const producers = services.filter((s) => (s.sends ?? []).some((m: { id: string }) => m.id === id));
      const consumers = services.filter((s) => (s.receives ?? []).some((m: { id: string }) => m.id === id));
      expect(producers, id).toHaveLength(1);
      expect(consumers.length, id).toBeGreaterThanOrEqual(1);
      expect(consumers.length, id).toBeLessThanOrEqual(3);
      expect(producers[0].sends.find((m: { id: string }) => m.id === id).to).toEqual([{ id: expect.stringMatching(/^acme\.[a-z0-9-]+\.events$/) }]);
    }
  });

  it('gives every message a closed draft 2020-12 schema with 3–15 properties and a valid example', () => {
    for (const file of [...files.keys()].filter((f) => f.endsWith('/schema.json'))) {
      const schema = JSON.parse(files.get(file)!);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.additionalProperties).toBe(false);
      const count = Object.keys(schema.properties).length;
      expect(count, file).toBeGreaterThanOrEqual(3);
      expect(count, file).toBeLessThanOrEqual(15);
      const validate = compile(schema);
      for (const example of schema.examples) expect(validate(example), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('keeps older versions readable by newer ones (BACKWARD)', () => {
    const versioned = [...files.keys()].filter((f) => /\/versioned\/[^/]+\/schema\.json$/.test(f));
    expect(versioned.length).toBeGreaterThan(0);
    expect(result.versionedMessages).toBeGreaterThan(0);
    for (const file of versioned) {
      const current = JSON.parse(files.get(file.replace(/versioned\/[^/]+\//, ''))!);
      const older = JSON.parse(files.get(file)!);
      expect(older.$id).not.toBe(current.$id);
      expect(compile(current)(older.examples[0]), file).toBe(true);
      const index = frontmatter(files.get(file.replace('schema.json', 'index.md'))!);
      expect(index.version).toBe(file.split('/').at(-2));
    }
  });

  it('changes only the chosen schemas with --changed-percent, deterministically', () => {
    const changed = buildCatalogFiles({ messages: 120, seed: 42, versions: 3, changedPercent: 20 });
    expect(changed.result.changes).toHaveLength(24);
    expect(buildCatalogFiles({ messages: 120, seed: 42, versions: 3, changedPercent: 20 }).result.changes).toEqual(changed.result.changes);
    const differing = [...files.keys()].filter((f) => files.get(f) !== changed.files.get(f)).sort();
    expect(differing).toEqual(changed.result.changes.map((c) => c.file).sort());
    expect(new Set(changed.result.changes.map((c) => c.compatible))).toEqual(new Set([true, false]));
    for (const c of changed.result.changes) {
      const before = JSON.parse(files.get(c.file)!);
      const after = JSON.parse(changed.files.get(c.file)!);
      expect(compile(after)(after.examples[0]), c.file).toBe(true);
      // A compatible change reads data written with the schema before it.
      if (c.compatible) expect(compile(after)(before.examples[0]), `${c.file}: ${c.change}`).toBe(true);
    }
  });
});
