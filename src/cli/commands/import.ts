import { defineCommand, type ArgsDef } from 'citty';
import { catalogArg, catalogDir, outputArgs, parseFormat, parseSeverity, progress, report } from '../shared.ts';
import type { SpecKind } from '../../import/index.ts';

const importArgs = {
  file: { type: 'positional', description: 'The document (YAML or JSON)', required: true },
  ...catalogArg,
  ...outputArgs,
  domain: { type: 'string', description: 'Domain to put a new service in (created when missing)', valueHint: 'ID' },
  service: { type: 'string', description: "Service id (default: from the document's title)", valueHint: 'ID' },
  owner: { type: 'string', description: 'Owners of what is imported (comma-separated team or user ids)', valueHint: 'IDS' },
  'dry-run': { type: 'boolean', description: 'Print what would change and write nothing' },
  root: { type: 'string', description: 'Folder the document\'s relative $refs may reach (default: the nearest folder with .git); URLs are never fetched', valueHint: 'DIR' },
} as const satisfies ArgsDef;

function importCommand(kind: SpecKind, description: string) {
  return defineCommand({
    meta: { name: kind, description },
    args: importArgs,
    async run({ args }) {
      parseFormat(args.format);
      parseSeverity(args['fail-severity']);
      const { importDocument } = await import('../../import/index.ts');
      const { formatPlan } = await import('../../import/write-catalog.ts');
      const file = String(args.file);
      const status = progress(`Reading ${file}`);
      const owners = args.owner ? args.owner.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const result = await importDocument(catalogDir(args.catalog), file, kind, {
        serviceId: args.service,
        domain: args.domain,
        owners,
        dryRun: args['dry-run'],
        root: args.root,
        onProgress: status.update,
      });
      status.done();
      // The plan is the command's output; with a machine-readable format it goes to standard error.
      const out = args.format === 'stylish' ? process.stdout : process.stderr;
      if (result.plan) out.write(formatPlan(result.plan, { dryRun: args['dry-run'] }));
      else process.stderr.write(`${file} is not a valid ${kind === 'asyncapi' ? 'AsyncAPI' : 'OpenAPI'} document; nothing was imported.\n`);
      const code = await report(result.diagnostics, args, `waybill import ${kind}`);
      process.exitCode = result.plan ? code : Math.max(code, 1);
    },
  });
}

export default defineCommand({
  meta: { name: 'import', description: 'Import an AsyncAPI or OpenAPI document into the catalog: a service, its messages, schemas and channels.' },
  subCommands: {
    asyncapi: importCommand('asyncapi', 'Import an AsyncAPI 2.x or 3.x document: waybill import asyncapi FILE.'),
    openapi: importCommand('openapi', 'Import an OpenAPI 3.0/3.1 or Swagger 2.0 document: waybill import openapi FILE.'),
  },
});
