import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { loadCatalog } from '../../catalog/load.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { UserError } from '../../diagnostics/user-error.ts';
import { verifyPact } from '../../pact/verify.ts';
import { catalogArg, catalogDir, outputArgs, parseFormat, parseSeverity, progress, report } from '../shared.ts';

export default defineCommand({
  meta: {
    name: 'verify-pact',
    description: 'Check Pact contracts against the catalog: message pacts against the schemas the provider publishes, HTTP pacts against its OpenAPI document.',
  },
  args: {
    files: { type: 'positional', description: 'Pact files (v2, v3 or v4 JSON)', required: true, valueHint: 'FILE…' },
    ...catalogArg,
    ...outputArgs,
    provider: { type: 'string', description: 'Service id of the provider, when the pact\'s provider name does not say it', valueHint: 'ID' },
  },
  async run({ args }) {
    const format = parseFormat(args.format);
    parseSeverity(args['fail-severity']);
    const files = (args._ as string[]).length ? (args._ as string[]) : [String(args.files)];
    const texts = await Promise.all(
      files.map(async (file) => {
        try {
          return await readFile(file, 'utf8');
        } catch (error) {
          throw new UserError('pact-not-found', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
        }
      }),
    );
    const status = progress('Loading the catalog');
    const catalog = await loadCatalog(catalogDir(args.catalog));
    status.done();
    const diagnostics: Diagnostic[] = [];
    const checks: { name: string; file?: string; passed: boolean }[] = [];
    const summaries: string[] = [];
    files.forEach((file, i) => {
      const result = verifyPact(catalog, path.relative(process.cwd(), path.resolve(file)) || file, texts[i], { provider: args.provider });
      diagnostics.push(...result.diagnostics);
      checks.push(...result.checks);
      summaries.push(result.summary);
    });
    process.exitCode = await report(diagnostics, args, 'waybill verify-pact', { checks, suiteName: 'waybill verify-pact' });
    if (format === 'stylish' && !args.output) process.stdout.write(`${summaries.join('\n')}\n`);
  },
});
