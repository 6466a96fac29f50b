/**
 * Diagnostics about an input document (names changed, empty payloads, references not followed), located
 * at the line of the field they are about.
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import { formatPath, SourceText } from '../catalog/locate.ts';

/** Collects diagnostics for one document; `file` is how the document is shown (as the user named it). */
export class DocumentFindings {
  readonly diagnostics: Diagnostic[] = [];
  readonly #file: string;
  readonly #text: string;
  #source?: SourceText;

  constructor(file: string, text: string) {
    this.#file = file;
    this.#text = text;
  }

  /** Adds a finding about the field at `fieldPath` of the document (located to its line). */
  add(code: string, severity: Severity, message: string, fieldPath: readonly (string | number)[] = [], hint?: string): void {
    const { line, column } = fieldPath.length ? (this.#source ??= new SourceText(this.#text)).locate(fieldPath) : { line: 1, column: 1 };
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

/** `a.b c` → the first line of a description, trimmed, as a one-line summary. */
export function firstLine(text: string | undefined): string | undefined {
  const line = text?.trim().split(/\n\s*\n|\n/)[0]?.trim();
  return line ? line : undefined;
}
