/**
 * Helpers for import, export and codegen tests: real documents imported into temporary catalogs, files
 * read back for byte comparisons, and the catalog linted through the same code as `waybill lint`.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { importDocument, type ImportOptions, type SpecKind } from '../../src/import/index.ts';
import { lintCatalog } from '../../src/lint/engine.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'tests/fixtures/import');
/** The real documents (copied from public repositories; sources and licences in reference/README.md). */
export const REFERENCE = path.join(FIXTURES, 'reference');

export async function tempDir(prefix = 'waybill-import-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Imports a document into `root`, failing the test when the document is rejected. */
export async function importInto(root: string, file: string, kind: SpecKind, options: ImportOptions = {}) {
  const result = await importDocument(root, file, kind, options);
  if (!result.plan) throw new Error(`import of ${file} failed: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return { ...result, plan: result.plan };
}

/** Every file below `root` with its content (relative posix paths). */
export async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    out[path.relative(root, absolute).split(path.sep).join('/')] = await readFile(absolute, 'utf8');
  }
  return out;
}

/** Lint findings of the catalog at `root`. */
export async function lint(root: string): Promise<Diagnostic[]> {
  return lintCatalog(await loadCatalog(root));
}

/** Errors among the findings, as `code file: message` lines (empty when clean). */
export function errors(diagnostics: Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.file}:${d.line}: ${d.message}`);
}
