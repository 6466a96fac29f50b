/**
 * The dev server's fast path for the edits people make most: a resource's Markdown body, its name or
 * summary, and a message's JSON Schema. The edited file alone is read and the catalog is rebuilt from the
 * resources already loaded (reading 10,000 files again takes seconds). Anything else — other frontmatter,
 * files added or removed, schemas with $refs, the config — is not patched (undefined), and the caller
 * loads the catalog.
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Catalog } from './catalog.ts';
import { LOADER_SEVERITY } from './load.ts';
import { parseMarkdown } from './frontmatter.ts';
import type { Resource } from './model.ts';
import { MAX_MARKDOWN_BYTES, readTextFile } from './read-file.ts';
import { parseSchemaFile, type DocumentProblem } from './schema-files.ts';
import { DocumentMap } from './lazy-document.ts';
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
  if (!parsed.ok || parsed.value.problems.length) return undefined;
  const { data, body, bodyLine } = parsed.value;
  if (isDeepStrictEqual(data, target.frontmatter)) return rebuild(catalog, target, { body, bodyLine }, file, []);
  const text = textEdit(catalog, target, data);
  return text && rebuild(catalog, target, { ...text, frontmatter: data, body, bodyLine } as Partial<Resource>, file, []);
}

/** Frontmatter fields only shown as text: the loader copies them onto their own resource and nowhere else. */
const TEXT_FIELDS = new Set(['name', 'summary']);

/**
 * The resource's new `name` and `summary` when the frontmatter changed in those alone, each a string (or
 * absent) before and after — their one constraint in every kind's schema — and the file had no loader
 * findings (whose lines could move). Teams and users are made another way, and are left to a full load.
 */
function textEdit(catalog: Catalog, target: Resource, data: Record<string, unknown>): Pick<Resource, 'name' | 'summary'> | undefined {
  if (target.kind === 'team' || target.kind === 'user') return undefined;
  if (catalog.diagnostics.some((d) => d.file === target.file)) return undefined;
  const before = target.frontmatter as Record<string, unknown>;
  for (const key of new Set([...Object.keys(before), ...Object.keys(data)])) {
    if (TEXT_FIELDS.has(key)) {
      if (!['string', 'undefined'].includes(typeof data[key]) || !['string', 'undefined'].includes(typeof before[key])) return undefined;
    } else if (!isDeepStrictEqual(before[key], data[key])) return undefined;
  }
  // As the loader makes them (src/catalog/load.ts, draft resources).
  return { name: typeof data.name === 'string' && data.name ? data.name : (data.id as string), summary: typeof data.summary === 'string' ? data.summary.trim() : '' };
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
  const documents = new DocumentMap(catalog.documents);
  if ('schema' in change && change.schema) documents.set(file, (change.schema as { value: unknown }).value);
  return catalog.withEdit(file, {
    resources: catalog.resources.map((r) => (r === target ? ({ ...r, ...change } as Resource) : r)),
    documents,
    // The loader's findings about this file are replaced; lint findings are not part of the catalog.
    diagnostics: problems.map((p) => ({ code: p.code, severity: p.severity ?? LOADER_SEVERITY[p.code] ?? 'error', message: p.message, file: p.file, line: p.line, column: p.column, hint: p.hint })),
  });
}
