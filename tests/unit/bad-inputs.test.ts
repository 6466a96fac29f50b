/**
 * The bad-input corpus: every broken file yields its documented code at the exact file and line, and one
 * bad file never hides the others — all are reported by one run.
 */
import { cp, mkdtemp, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { lintCatalog } from '../../src/lint/engine.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/bad-inputs');

const EXPECTED = [
  { code: 'empty-file', file: 'services/Empty/index.md', line: 1 },
  { code: 'binary-file', file: 'services/Binary/index.md', line: 5 },
  { code: 'invalid-utf8', file: 'services/Latin1/index.md', line: 3 },
  { code: 'unknown-reference', file: 'services/Bom/index.md', line: 7 },
  { code: 'frontmatter-invalid', file: 'services/Crlf/index.md', line: 6 },
  { code: 'yaml-syntax', file: 'services/Tabs/index.md', line: 5 },
  { code: 'yaml-syntax', file: 'services/BadYaml/index.md', line: 5 },
  { code: 'missing-frontmatter', file: 'services/NoFrontmatter/index.md', line: 1 },
  { code: 'frontmatter-not-a-mapping', file: 'services/ListFrontmatter/index.md', line: 2 },
  { code: 'frontmatter-invalid', file: 'services/MissingId/index.md', line: 2 },
  { code: 'schema-unparsable', file: 'events/BadSchema/schema.json', line: 4 },
  { code: 'duplicate-resource', file: 'services/Other/events/Dup/index.md', line: 2 },
  { code: 'unknown-file-kind', file: 'notes.md', line: 0 },
  { code: 'unknown-file-kind', file: 'services/Crlf/notes.md', line: 0 },
  { code: 'file-too-large', file: 'services/Huge/index.md', line: 0 },
  { code: 'symlink-loop', file: 'services/Loop/again', line: 0 },
];

let diagnostics: Diagnostic[];

beforeAll(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'waybill-bad-'));
  await cp(FIXTURE, root, { recursive: true });
  // Made here rather than committed: a 50 MB file and a symlink loop.
  await mkdir(path.join(root, 'services/Huge'), { recursive: true });
  await writeFile(path.join(root, 'services/Huge/index.md'), `---\nid: Huge\nversion: 1.0.0\n---\n${'x'.repeat(50 * 1024 * 1024)}`);
  await mkdir(path.join(root, 'services/Loop'), { recursive: true });
  await symlink('..', path.join(root, 'services/Loop/again'));
  diagnostics = lintCatalog(await loadCatalog(root));
});

describe('bad inputs', () => {
  test.each(EXPECTED)('$code at $file:$line', ({ code, file, line }) => {
    const match = diagnostics.filter((d) => d.code === code && d.file === file);
    expect(match.map((d) => d.line)).toEqual([line]);
    expect(match[0].message.length).toBeGreaterThan(10);
  });

  test('every broken file is reported in the same run, and good files still load', async () => {
    const files = new Set(diagnostics.map((d) => d.file));
    for (const e of EXPECTED) expect(files).toContain(e.file);
  });

  test('no diagnostic carries a stack trace', () => {
    for (const d of diagnostics) expect(d.message).not.toMatch(/\n\s+at /);
  });
});
