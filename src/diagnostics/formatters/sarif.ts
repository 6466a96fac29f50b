/**
 * SARIF 2.1.0, for GitHub code scanning and IDE viewers: one run, the tool's rules, one result per
 * diagnostic with its rule, level and (when known) file and position.
 */
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from '../diagnostic.ts';
import { displayPath, isUrl, prepareDiagnostics, type FormatOptions } from './prepare.ts';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function pathToUri(file: string): string {
  if (isUrl(file)) return file;
  return file.split('/').map(encodeURIComponent).join('/');
}

export function formatSarif(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const diags = prepareDiagnostics(diagnostics);

  // Rules: the ones the command declared, then any code seen that it did not declare.
  const rules: { id: string; shortDescription?: { text: string } }[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (id: string, description?: string) => {
    if (ruleIndex.has(id)) return;
    ruleIndex.set(id, rules.length);
    rules.push(description ? { id, shortDescription: { text: description } } : { id });
  };
  for (const r of options.rules ?? []) addRule(r.id, r.description);
  for (const d of diags) addRule(d.code);

  const results = diags.map((d) => {
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: LEVEL[d.severity],
      message: { text: d.hint ? `${d.message}\n${d.hint}` : d.message },
    };
    if (d.file !== undefined) {
      const physicalLocation: Record<string, unknown> = {
        artifactLocation: { uri: pathToUri(displayPath(d.file, options)) },
      };
      if (d.line) physicalLocation.region = { startLine: d.line, ...(d.column ? { startColumn: d.column } : {}) };
      result.locations = [{ physicalLocation }];
    }
    if (d.path !== undefined) result.properties = { path: d.path };
    return result;
  });

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: options.tool,
        version: options.toolVersion,
        // Waybill has no public home page yet; SARIF makes the link optional, so none rather than a dead one.
        ...(options.informationUri ? { informationUri: options.informationUri } : {}),
        rules,
      },
    },
    results,
    columnKind: 'utf16CodeUnits',
  };
  if (options.cwd) {
    run.invocations = [
      { executionSuccessful: true, workingDirectory: { uri: pathToFileURL(`${options.cwd.replace(/\/?$/, '/')}`).href } },
    ];
  }
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}
