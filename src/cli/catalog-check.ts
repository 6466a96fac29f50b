/**
 * One rule for every command that reads the catalog: before anything else happens, its problems are
 * found by the same lint run `waybill lint` does and printed the same way (file:line, code, hint). `build`
 * and `dev` print them and decide by `--fail-severity`; `verify`, `diff` and `export` print the errors on
 * standard error (their standard output may carry a document) and exit 1 at the end.
 */
import { atLeast, type Diagnostic, type Severity } from '../diagnostics/diagnostic.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { lintCatalog } from '../lint/engine.ts';
import { UserError } from '../diagnostics/user-error.ts';
import { useColor, VERSION } from './shared.ts';

/** `--fail-severity` of the site commands: a severity, or `none` to build whatever the catalog holds. */
export type Threshold = Severity | 'none';

export function parseThreshold(value: string | undefined): Threshold {
  if (value === 'none' || value === 'error' || value === 'warning' || value === 'info') return value;
  throw new UserError('bad-severity', `Unknown severity '${value}'.`, { hint: 'Use error, warning, info or none.' });
}

/** The catalog's findings at or above `shown` (errors when the threshold is `none`). */
export function catalogFindings(catalog: Catalog, threshold: Threshold): Diagnostic[] {
  const shown: Severity = threshold === 'none' ? 'error' : threshold;
  return lintCatalog(catalog).filter((d) => atLeast(d, shown));
}

/** The findings as `waybill lint` prints them (stylish), with a closing line naming the command. */
export async function printFindings(findings: readonly Diagnostic[], catalog: Catalog, tool: string, stream: NodeJS.WriteStream = process.stderr): Promise<void> {
  if (!findings.length) return;
  const { formatDiagnostics } = await import('../diagnostics/formatters/index.ts');
  const text = formatDiagnostics([...findings], 'stylish', { tool, toolVersion: VERSION, color: useColor(stream), cwd: process.cwd(), root: catalog.root });
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * For `verify`, `diff` and `export`: prints the catalog's errors on standard error before the command
 * does its work, and says whether there were any (the command then exits 1).
 */
export async function reportCatalogErrors(catalog: Catalog, tool: string): Promise<boolean> {
  const errors = catalogFindings(catalog, 'error');
  if (!errors.length) return false;
  process.stderr.write(`${tool}: the catalog has problems (fix them, see \`waybill lint\`); they are reported first:\n`);
  await printFindings(errors, catalog, tool);
  return true;
}
