/**
 * Multi-file OpenAPI documents: the relative file `$ref`s of a document (and of the files it names, and
 * theirs) are followed under a root folder, and every file reached is placed under one key of a copy of
 * the document, its references rewritten to local pointers — so the reader, which inlines local `$ref`s
 * only, sees one document. Each file is read once, through the loader's size limits and YAML/JSON reader,
 * so references between files that form a cycle end (a recursive schema stays a `$ref` when inlined).
 * A URL or a file outside the root is not followed: a diagnostic at the referencing line, the `$ref` kept
 * as written, and the schema there is empty.
 */
import path from 'node:path';
import { MAX_DOCUMENT_BYTES, readTextFile } from '../catalog/read-file.ts';
import { decodePath, refusalOf } from '../catalog/reference-root.ts';
import { collectRefs, parseStructured } from '../catalog/schema-files.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { addRefusedReference, DocumentFindings } from './findings.ts';
import { DATA_KEYWORDS } from './schema-bundle.ts';

/**
 * The key of the followed document under which the files it refers to are kept, each by a name from its
 * file name (`pet`, `pet-2`), which is what a recursive schema's definition is then called.
 */
export const REFERENCED_FILES_KEY = 'x-waybill-referenced-files';

type Json = Record<string, unknown>;

export interface FollowedDocument {
  /** The document with every followed file under {@link REFERENCED_FILES_KEY} and only local `$ref`s. */
  doc: Json;
  /**
   * What was not followed (or could not be read), at the referencing line of the file holding it; such a
   * `$ref` stays as written in `doc`.
   */
  diagnostics: Diagnostic[];
}

/**
 * Whether a member holds data (a schema's `examples`, `enum`, …) whose `$ref` keys are not references. An
 * `examples` map (not an array) is OpenAPI's Example Objects, which may be references.
 */
function isData(key: string, value: unknown): boolean {
  return DATA_KEYWORDS.has(key) && !(key === 'examples' && value !== null && typeof value === 'object' && !Array.isArray(value));
}

interface Source {
  /** Absolute path. */
  file: string;
  /** How the file is named in diagnostics. */
  shown: string;
  /** The pointer prefix of its content in the followed document (`''` for the document itself). */
  prefix: string;
  findings: DocumentFindings;
}

/**
 * Follows the file references of the OpenAPI document `doc` (read from `file`, shown as `shown`) under
 * `root`. The document itself is not changed.
 */
export async function followFileReferences(file: string, shown: string, text: string, doc: Json, root: string): Promise<FollowedDocument> {
  if (!collectRefs(doc).some(({ ref }) => !ref.startsWith('#'))) return { doc, diagnostics: [] };
  const main: Source = { file: path.resolve(file), shown, prefix: '', findings: new DocumentFindings(shown, text) };
  const sources: Source[] = [main];
  // No prototype: a file named `__proto__.yaml` or `constructor.yaml` is a name like any other.
  const files = Object.create(null) as Json;
  const names = new Map<string, string>();

  /** The pointer prefix of `target`'s content, reading it the first time; undefined when it cannot be read. */
  const prefixOf = async (target: string, from: Source, at: (string | number)[]): Promise<string | undefined> => {
    if (target === main.file) return '';
    const known = names.get(target);
    if (known !== undefined) return `/${REFERENCED_FILES_KEY}/${known}`;
    const targetShown = path.join(path.dirname(shown), path.relative(path.dirname(main.file), target));
    const read = await readTextFile(target, MAX_DOCUMENT_BYTES);
    const parsed = read.ok ? parseStructured(read.text, target) : undefined;
    if (!read.ok || !parsed?.ok) {
      const problem = !read.ok ? read.problem.message : parsed && !parsed.ok ? `line ${parsed.problem.line}: ${parsed.problem.message}` : '';
      from.findings.add('import-ref-unreadable', 'error', `The reference to ${targetShown} was not followed: ${problem}`, at, 'Check that the file exists and is valid YAML or JSON.');
      return undefined;
    }
    const stem = path.basename(target).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-') || 'file';
    let name = stem;
    for (let n = 2; Object.hasOwn(files, name); n++) name = `${stem}-${n}`;
    names.set(target, name);
    files[name] = null;
    const source: Source = { file: target, shown: targetShown, prefix: `/${REFERENCED_FILES_KEY}/${name}`, findings: new DocumentFindings(targetShown, read.text) };
    sources.push(source);
    files[name] = await rewrite(parsed.value, source, []);
    return source.prefix;
  };

  /** The local pointer for `ref`; a reference not followed stays as written (the reader makes it an empty schema). */
  const rewriteRef = async (ref: string, from: Source, at: (string | number)[]): Promise<string> => {
    if (ref.startsWith('#/') || ref === '#') return `#${from.prefix}${ref.slice(1)}`;
    if (ref.startsWith('#')) return ref;
    const refused = refusalOf(ref, from.file, root);
    if (refused) {
      addRefusedReference(from.findings, refused, root, at);
      return ref;
    }
    const [target, fragment = ''] = ref.split('#');
    const prefix = await prefixOf(path.resolve(path.dirname(from.file), decodePath(target)), from, at);
    return prefix === undefined ? ref : `#${prefix}${fragment}`;
  };

  const rewrite = async (node: unknown, from: Source, at: (string | number)[]): Promise<unknown> => {
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      for (const [i, item] of node.entries()) out.push(item !== null && typeof item === 'object' ? await rewrite(item, from, [...at, i]) : item);
      return out;
    }
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node as Json)) {
      const copy = key === '$ref' && typeof value === 'string' ? await rewriteRef(value, from, [...at, key]) : value === null || typeof value !== 'object' || isData(key, value) ? value : await rewrite(value, from, [...at, key]);
      // Defined, not assigned: a `__proto__` key of the document is a member like any other.
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };

  const followed = (await rewrite(doc, main, [])) as Json;
  if (names.size) {
    const count = names.size === 1 ? 'The file it refers to is' : `The ${names.size} files it refers to are`;
    main.findings.add('import-refs-bundled', 'info', `${count} kept in the catalog's copy of the document, under ${REFERENCED_FILES_KEY}, so that copy stands alone.`);
  }
  return {
    // Nothing followed: the document as written (its text is what the catalog keeps).
    doc: names.size ? { ...followed, [REFERENCED_FILES_KEY]: files } : doc,
    diagnostics: sources.flatMap((s) => s.findings.diagnostics),
  };
}
