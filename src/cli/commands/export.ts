import { writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { UserError } from '../../diagnostics/user-error.ts';
import { catalogArg, catalogDir, progress, report } from '../shared.ts';
import { reportCatalogErrors } from '../catalog-check.ts';

const asyncapi = defineCommand({
  meta: { name: 'asyncapi', description: 'Write an AsyncAPI 3.0 document of a service, assembled from the catalog.' },
  args: {
    ...catalogArg,
    service: { type: 'string', description: 'Id of the service', required: true, valueHint: 'ID' },
    format: { type: 'string', alias: 'f', description: 'Document format: yaml or json', default: 'yaml', valueHint: 'FORMAT' },
    output: { type: 'string', alias: 'o', description: 'Write the document to this file instead of standard output', valueHint: 'FILE' },
  },
  async run({ args }) {
    if (args.format !== 'yaml' && args.format !== 'json') throw new UserError('bad-format', `Unknown format '${args.format}'.`, { hint: 'Use yaml or json.' });
    const { loadCatalog } = await import('../../catalog/load.ts');
    const { exportAsyncapi } = await import('../../export/asyncapi.ts');
    const { validateAsyncapiDocument } = await import('../../export/validate.ts');
    const status = progress('Loading the catalog');
    const catalog = await loadCatalog(catalogDir(args.catalog));
    status.done();
    const broken = await reportCatalogErrors(catalog, 'waybill export asyncapi');
    status.update('Assembling the document');
    const { document, diagnostics } = exportAsyncapi(catalog, String(args.service));
    status.update('Checking the document');
    diagnostics.push(...(await validateAsyncapiDocument(document, args.output ?? `${args.service} (AsyncAPI 3.0)`)));
    status.done();
    // Findings first (on standard error: standard output carries the document), then the document.
    const code = diagnostics.length ? await report(diagnostics, { format: 'stylish', 'fail-severity': 'error' }, 'waybill export asyncapi', { stream: process.stderr, root: catalog.root }) : 0;
    const { stringify } = await import('yaml');
    const text = args.format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
    if (args.output) await writeFile(args.output, text);
    else process.stdout.write(text);
    process.exitCode = broken ? Math.max(code, 1) : code;
  },
});

export default defineCommand({
  meta: { name: 'export', description: 'Write specification documents from the catalog.' },
  subCommands: { asyncapi },
});
