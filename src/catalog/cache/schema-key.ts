/**
 * Content keys of schema files for the lint's cached results: a digest of a schema file's path, format and
 * content, and of every catalog file its `$ref`s reach (transitively). A result computed from a schema with
 * the files it refers to can be cached under this key: any edit to any file it could read changes it.
 */
import path from 'node:path';
import type { SchemaDocument } from '../model.ts';
import { cacheOf } from './load-cache.ts';
import { digest } from './signed-file.ts';

/** `"$ref":"…"` as JSON.stringify writes it, anywhere in a document (values included: over-reaching is safe). */
const REF = /"\$ref":("(?:[^"\\]|\\.)*")/g;

interface Documents {
  readonly documents: ReadonlyMap<string, unknown>;
  pathOf(file: string): string;
}

interface FileContent {
  /** The file's text digest, or its value as JSON when it was not loaded through the cache. */
  content: string;
  /** Catalog files its `$ref`s name. */
  refs: string[];
}

const perCatalog = new WeakMap<object, { keys: Map<string, string>; files: Map<string, FileContent> }>();

/** The content key of a schema file: its own content and the content of every catalog file its `$ref`s reach. */
export function schemaKey(catalog: Documents, doc: SchemaDocument): string {
  let memo = perCatalog.get(catalog);
  if (!memo) perCatalog.set(catalog, (memo = { keys: new Map(), files: new Map() }));
  const id = `${doc.format}\u0000${doc.file}`;
  let key = memo.keys.get(id);
  if (key === undefined) {
    const own = fileContent(catalog, memo.files, doc.file, () => doc.value);
    const parts = [doc.format, doc.file, own.content];
    const seen = new Set([doc.file]);
    const queue = [...own.refs];
    for (let i = 0; i < queue.length; i++) {
      const file = queue[i];
      if (seen.has(file)) continue;
      seen.add(file);
      if (!catalog.documents.has(file)) {
        parts.push(file, '\u0000missing');
        continue;
      }
      const reached = fileContent(catalog, memo.files, file, () => catalog.documents.get(file));
      parts.push(file, reached.content);
      queue.push(...reached.refs);
    }
    key = digest(parts.join('\u0000'));
    memo.keys.set(id, key);
  }
  return key;
}

/**
 * A file's content (by the digest of its text when the load cache read it) with the catalog files its `$ref`s
 * name; `valueOf` is called only when the text's digest is not known or its `$ref`s are not cached.
 */
function fileContent(catalog: Documents, files: Map<string, FileContent>, file: string, valueOf: () => unknown): FileContent {
  let known = files.get(file);
  if (!known) {
    const cache = cacheOf(catalog);
    const textDigest = cache?.textDigestOf(catalog.pathOf(file));
    // The `$ref`s a text holds are pure in it: kept in the cache by its digest, so a warm run does not serialise the value.
    const refs = textDigest === undefined ? refsIn(JSON.stringify(valueOf()) ?? '') : cache!.lintMemo('refs', textDigest, () => refsIn(JSON.stringify(valueOf()) ?? ''));
    known = {
      content: textDigest === undefined ? `v:${JSON.stringify(valueOf()) ?? 'undefined'}` : `d:${textDigest}`,
      refs: refs.map((ref) => path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.split('#')[0]))),
    };
    files.set(file, known);
  }
  return known;
}

/** The `$ref`s in a JSON text that name another file (neither local nor a URL). */
function refsIn(text: string): string[] {
  const refs: string[] = [];
  for (const match of text.matchAll(REF)) {
    const ref = JSON.parse(match[1]) as string;
    if (!ref.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(ref)) refs.push(ref);
  }
  return refs;
}
