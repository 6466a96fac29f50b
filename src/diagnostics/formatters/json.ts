/**
 * Machine output: one JSON document with a stable shape and key order —
 * `{ version, tool: { name, version }, summary: { errors, warnings, infos }, diagnostics: [...] }`.
 * `version` is the version of this document's shape; it changes only when the shape does.
 */
import type { Diagnostic } from '../diagnostic.ts';
import { prepareDiagnostics, summarize, type FormatOptions } from './prepare.ts';

/** Version of the JSON report's shape. */
export const JSON_REPORT_VERSION = 1;

export function formatJson(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const diags = prepareDiagnostics(diagnostics);
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: options.tool, version: options.toolVersion },
    summary: summarize(diags),
    // Fixed key order, absent fields left out, so the output diffs cleanly between runs.
    diagnostics: diags.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      ...(d.file !== undefined && { file: d.file }),
      ...(d.line ? { line: d.line } : {}),
      ...(d.line && d.column ? { column: d.column } : {}),
      ...(d.path !== undefined && { path: d.path }),
      ...(d.hint !== undefined && { hint: d.hint }),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
