/**
 * What every formatter does first: redact secrets, put diagnostics in a stable order, and count them.
 */
import path from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../diagnostic.ts';
import { redactSecrets } from '../redact.ts';

/** Options of `formatDiagnostics`; each formatter reads the ones it needs. */
export interface FormatOptions {
  /** The command that produced the diagnostics, e.g. `waybill lint`. */
  tool: string;
  toolVersion: string;
  /** Colour the output (stylish only). */
  color: boolean;
  /** Working directory; with `root`, file paths are printed relative to it. */
  cwd?: string;
  /**
   * The catalog root the diagnostics' `file`s are relative to. When given, github, sarif and junit print
   * paths relative to `cwd` (so CI annotations land on the right file of the repository).
   */
  root?: string;
  /** Rule (or check) ids and descriptions, for SARIF's `tool.driver.rules`. */
  rules?: { id: string; description: string }[];
  /** JUnit `testsuite` name (defaults to `tool`). */
  suiteName?: string;
  /** Checks that ran (verify): each becomes a JUnit testcase, passing or failing. */
  checks?: { name: string; file?: string; passed: boolean }[];
  /** SARIF `tool.driver.informationUri`. */
  informationUri?: string;
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

/** Copies of `diagnostics` with secrets masked in every text field, sorted by file, line, column, code. */
export function prepareDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d) => {
      const copy: Diagnostic = { ...d, message: redactSecrets(d.message) };
      if (d.hint !== undefined) copy.hint = redactSecrets(d.hint);
      if (d.file !== undefined) copy.file = redactSecrets(d.file);
      if (d.path !== undefined) copy.path = redactSecrets(d.path);
      return copy;
    })
    .sort(compareDiagnostics);
}

export function summarize(diagnostics: readonly Diagnostic[]): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === 'error') summary.errors++;
    else if (d.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return summary;
}

/** True for `file`s that are URLs or labels (`nats://…`, `http://…`) rather than catalog paths. */
export function isUrl(file: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(file);
}

/** The path to print for a diagnostic's file: relative to `cwd` when `root` is known, else as given. */
export function displayPath(file: string, options: Pick<FormatOptions, 'cwd' | 'root'>): string {
  if (!options.root || isUrl(file)) return file;
  const cwd = options.cwd ?? process.cwd();
  return path.relative(cwd, path.resolve(cwd, options.root, file)).split(path.sep).join('/');
}

// C0/C1 controls other than tab and line feed: a message must not move a terminal's cursor or colour it.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Shows control characters as `\uXXXX` so text from a catalog or a broker cannot drive the terminal. */
export function showControls(text: string): string {
  return text.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `1 error`, `2 warnings`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
