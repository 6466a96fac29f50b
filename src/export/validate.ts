/**
 * Checks an exported AsyncAPI document with @asyncapi/parser (its core ruleset), never reaching the network.
 */
import { offlineAsyncapiParser } from '../catalog/asyncapi-parser.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

/** The parser's findings about `document` (errors and warnings; hints are left out). */
export async function validateAsyncapiDocument(document: Record<string, unknown>, label: string): Promise<Diagnostic[]> {
  const diagnostics = await offlineAsyncapiParser().validate(JSON.stringify(document));
  return diagnostics
    .filter((d) => d.severity <= 1)
    .map((d) => ({
      code: 'export-invalid',
      severity: d.severity === 0 ? 'error' : 'warning',
      message: `AsyncAPI ${d.code}: ${d.message}${d.path.length ? ` (at ${d.path.join('.')})` : ''}`,
      file: label,
      line: 0,
    }));
}
