/**
 * The dev server's fast path for the two edits people make most: a resource's Markdown body, and a
 * message's JSON Schema. The edited file alone is read and the catalog is rebuilt from the resources
 * already loaded (reading 10,000 files again takes seconds). Anything else — frontmatter, files added or
 * removed, schemas with $refs, the config — is not patched (undefined), and the caller loads the catalog.
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Catalog } from './catalog.ts';
import { LOADER_SEVERITY } from './load.ts';
import { parseMarkdown } from './frontmatter.ts';
import type { Resource } from './model.ts';
import { MAX_MARKDOWN_BYTES, readTextFile } from './read-file.ts';
import { parseSchemaFile, type DocumentProblem } from './schema-files.ts';
import { staysInside } from './scan.ts';

/** `catalog` with the edit of `file` (relative to the catalog root) applied, or undefined when it cannot be patched. */
export async function patchCatalog(catalog: Catalog, file: string): Promise<Catalog | undefined> {
  const rel = file.split(path.sep).join('/');
  if (!catalog.files.includes(rel)) return undefined;
  // A file replaced by a link out of the catalog since the load: the full load reports (and skips) it.
  if (!staysInside(catalog.root, path.join(catalog.root, rel))) return undefined;
  if (/\.mdx?$/i.test(rel)) return patchBody(catalog, rel);
  if (/\.json$/i.test(rel)) return patchSchema(catalog, rel);
  return undefined;
}

async function patchBody(catalog: Catalog, file: string): Promise<Catalog | undefined> {
  const target = catalog.resources.find((r) => r.file === file);
  if (!target) return undefined;
  const read = await readTextFile(path.join(catalog.root, file), MAX_MARKDOWN_BYTES);
  if (!read.ok) return undefined;
  const parsed = parseMarkdown(read.text);
  if (!parsed.ok || parsed.value.problems.length || !isDeepStrictEqual(parsed.value.data, target.frontmatter)) return undefined;
  return rebuild(catalog, target, { body: parsed.value.body, bodyLine: parsed.value.bodyLine }, file, []);
}

async function patchSchema(catalog: Catalog, file: string): Promise<Catalog | undefined> {
  const target = catalog.resources.find((r) => 'schema' in r && r.schema?.file === file);
  if (!target || (target as { schema?: { format: string } }).schema?.format !== 'json-schema') return undefined;
  // A schema another one refers to changes that one too: only a schema nothing else depends on is patched.
  const problems: DocumentProblem[] = [];
  const { doc, dependencies } = await parseSchemaFile(file, { root: catalog.root, exists: (f) => catalog.hasFile(f), load: async () => undefined }, problems);
  if (!doc || dependencies.length || catalog.referenced.has(file)) return undefined;
  return rebuild(catalog, target, { schema: doc }, file, problems);
}

function rebuild(catalog: Catalog, target: Resource, change: Partial<Resource>, file: string, problems: DocumentProblem[]): Catalog {
  const documents = new Map(catalog.documents);
  if ('schema' in change && change.schema) documents.set(file, (change.schema as { value: unknown }).value);
  return catalog.withEdit(file, {
    resources: catalog.resources.map((r) => (r === target ? ({ ...r, ...change } as Resource) : r)),
    documents,
    // The loader's findings about this file are replaced; lint findings are not part of the catalog.
    diagnostics: problems.map((p) => ({ code: p.code, severity: p.severity ?? LOADER_SEVERITY[p.code] ?? 'error', message: p.message, file: p.file, line: p.line, column: p.column, hint: p.hint })),
  });
}
