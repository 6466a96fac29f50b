/**
 * Diagnostics about an input document (names changed, empty payloads, references not followed), located
 * at the line of the field they are about.
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import { formatPath, ParsedSource } from '../catalog/locate.ts';
import type { RefusedReference } from '../catalog/reference-root.ts';

/** Collects diagnostics for one document; `file` is how the document is shown (as the user named it). */
export class DocumentFindings {
  readonly diagnostics: Diagnostic[] = [];
  readonly #file: string;
  readonly #text: string;
  /** The document parsed once, when the first finding needs a line (a document may have thousands). */
  #source: ParsedSource | undefined;

  constructor(file: string, text: string) {
    this.#file = file;
    this.#text = text;
  }

  /** Adds a finding about the field at `fieldPath` of the document (located to its line). */
  add(code: string, severity: Severity, message: string, fieldPath: readonly (string | number)[] = [], hint?: string): void {
    const { line, column } = fieldPath.length ? (this.#source ??= new ParsedSource(this.#text)).locate(fieldPath) : { line: 1, column: 1 };
    this.diagnostics.push({
      code,
      severity,
      message,
      file: this.#file,
      line,
      column,
      ...(hint ? { hint } : {}),
      ...(fieldPath.length ? { path: formatPath(fieldPath) } : {}),
    });
  }
}

/** Says that a reference (at `at` in the document) was not followed: a URL, or a file outside `root`. */
export function addRefusedReference(findings: DocumentFindings, refused: RefusedReference, root: string, at: readonly (string | number)[]): void {
  if (refused.reason === 'remote') findings.add('import-ref-not-followed', 'error', `Remote reference not followed: ${refused.uri}. The importer never fetches anything.`, at, 'Download the file into the folder and refer to it by a relative path.');
  else findings.add('import-ref-not-followed', 'error', `Reference not followed: ${refused.uri} is outside ${root}.`, at, 'Pass --root with a folder that holds every file the document refers to.');
}

/** Says that a file reference was followed for the import, though the document's copy in the catalog cannot. */
export function addFollowedReference(findings: DocumentFindings, ref: string, at: readonly (string | number)[]): void {
  findings.add('import-ref-not-followed', 'warning', `The reference '${ref}' leaves the document; it was followed for the import, but the copy in the catalog will not resolve it.`, at, 'Bundle the document into one file before importing.');
}

/** `a.b c` → the first line of a description, trimmed, as a one-line summary. */
export function firstLine(text: string | undefined): string | undefined {
  const line = text?.trim().split(/\n\s*\n|\n/)[0]?.trim();
  return line ? line : undefined;
}
