/**
 * Which references a document may follow: relative files inside one folder (the catalog, or an import's
 * `--root`), never a URL. The AsyncAPI parser's resolvers and the OpenAPI importer both ask here.
 */
import path from 'node:path';

/** Why a reference was not read: a URL, or a file outside the root. */
export type RefusedReference = { uri: string; reason: 'remote' | 'outside' };

/** Whether a `$ref` (or a resolver's URI) is a URL (`https:`, `file:`, …) rather than a relative path. */
export function isUrl(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(ref);
}

/** Whether the absolute path `file` is `root` or below it. */
export function isInsideRoot(root: string, file: string): boolean {
  const rel = path.relative(path.resolve(root), file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Why the file reference `ref` (written in `fromFile`) may not be followed under `root`, or undefined when
 * it may; `uri` is the URL or the absolute file it names, without its fragment.
 */
export function refusalOf(ref: string, fromFile: string, root: string): RefusedReference | undefined {
  const target = ref.split('#')[0];
  if (isUrl(ref)) return { uri: target, reason: 'remote' };
  const file = path.resolve(path.dirname(fromFile), decodePath(target));
  return isInsideRoot(root, file) ? undefined : { uri: file, reason: 'outside' };
}

/** A reference's path with its percent-escapes (`%20`) decoded; as written when they are malformed. */
export function decodePath(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}
