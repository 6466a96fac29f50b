/**
 * Content keys of schema files for the lint's cached results: a digest of a schema file's path, format and
 * parsed value, and of every catalog file its `$ref`s reach (transitively). A result computed from a schema
 * with the files it refers to can be cached under this key: any edit to any file it could read changes it.
 */
import path from 'node:path';
import type { SchemaDocument } from '../model.ts';
import { digest } from './signed-file.ts';

/** `"$ref":"…"` as JSON.stringify writes it, anywhere in a document (values included: over-reaching is safe). */
const REF = /"\$ref":("(?:[^"\\]|\\.)*")/g;

interface Documents {
  readonly documents: ReadonlyMap<string, unknown>;
}

const perCatalog = new WeakMap<object, { keys: Map<string, string>; files: Map<string, { text: string; refs: string[] }> }>();

/** The content key of a schema file: its own content and the content of every catalog file its `$ref`s reach. */
export function schemaKey(catalog: Documents, doc: SchemaDocument): string {
  let memo = perCatalog.get(catalog);
  if (!memo) perCatalog.set(catalog, (memo = { keys: new Map(), files: new Map() }));
  const id = `${doc.format}\u0000${doc.file}`;
  let key = memo.keys.get(id);
  if (key === undefined) {
    const own = fileText(memo.files, doc.file, doc.value);
    const parts = [doc.format, doc.file, own.text];
    const seen = new Set([doc.file]);
    const queue = [...own.refs];
    for (let i = 0; i < queue.length; i++) {
      const file = queue[i];
      if (seen.has(file)) continue;
      seen.add(file);
      const value = catalog.documents.get(file);
      if (value === undefined) {
        parts.push(file, '\u0000missing');
        continue;
      }
      const reached = fileText(memo.files, file, value);
      parts.push(file, reached.text);
      queue.push(...reached.refs);
    }
    key = digest(parts.join('\u0000'));
    memo.keys.set(id, key);
  }
  return key;
}

/** A file's value as JSON text, with the catalog files its `$ref`s name. */
function fileText(files: Map<string, { text: string; refs: string[] }>, file: string, value: unknown): { text: string; refs: string[] } {
  let known = files.get(file);
  if (!known) {
    const text = JSON.stringify(value) ?? 'undefined';
    const refs: string[] = [];
    for (const match of text.matchAll(REF)) {
      const ref = JSON.parse(match[1]) as string;
      if (ref.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(ref)) continue;
      const base = ref.split('#')[0];
      refs.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), base)));
    }
    known = { text, refs };
    files.set(file, known);
  }
  return known;
}
