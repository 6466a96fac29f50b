/**
 * Checks an exported AsyncAPI document with @asyncapi/parser (its core ruleset), never reaching the network.
 */
import { Parser } from '@asyncapi/parser';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

let parser: Parser | undefined;

/** The parser's findings about `document` (errors and warnings; hints are left out). */
export async function validateAsyncapiDocument(document: Record<string, unknown>, label: string): Promise<Diagnostic[]> {
  parser ??= new Parser({
    ruleset: { core: true, recommended: false },
    __unstable: {
      resolver: {
        cache: false,
        resolvers: ['http', 'https', 'file'].map((schema) => ({ schema, order: 1, read: () => '{}' })),
      },
    },
  });
  const diagnostics = await parser.validate(JSON.stringify(document));
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
