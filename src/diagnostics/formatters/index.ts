/**
 * One entry point for printing diagnostics from any command (lint, compat, verify) in any format.
 */
import type { Diagnostic } from '../diagnostic.ts';
import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import type { FormatOptions } from './prepare.ts';
import { formatSarif } from './sarif.ts';
import { formatStylish } from './stylish.ts';

export type { FormatOptions, Summary } from './prepare.ts';
export { summarize } from './prepare.ts';

/** The output formats, the first being the default. */
export const FORMAT_NAMES = ['stylish', 'json', 'junit', 'github', 'sarif'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

const FORMATTERS: Record<FormatName, (diagnostics: readonly Diagnostic[], options: FormatOptions) => string> = {
  stylish: formatStylish,
  json: formatJson,
  junit: formatJunit,
  github: formatGithub,
  sarif: formatSarif,
};

/**
 * Renders `diagnostics` in `format`. Every format masks secrets (see `redactSecrets`) and orders
 * diagnostics by file, line, column and code. The text ends with a newline unless it is empty.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], format: FormatName, options: FormatOptions): string {
  const formatter = FORMATTERS[format];
  if (!formatter) throw new Error(`Unknown diagnostic format '${format}'; expected one of ${FORMAT_NAMES.join(', ')}.`);
  return formatter(diagnostics, options);
}
