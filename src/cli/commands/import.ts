import { mkdir } from 'node:fs/promises';
import { defineCommand, type ArgsDef } from 'citty';
import { catalogArg, catalogDir, outputArgs, parseFormat, parseSeverity, progress, report } from '../shared.ts';
import type { SpecKind } from '../../import/read-document.ts';

const importArgs = {
  file: { type: 'positional', description: 'The document (YAML or JSON)', required: true },
  ...catalogArg,
  ...outputArgs,
  domain: { type: 'string', description: 'Domain to put a new service in (created when missing)', valueHint: 'ID' },
  service: { type: 'string', description: "Service id (default: from the document's title)", valueHint: 'ID' },
  owner: { type: 'string', description: 'Owners of what is imported (comma-separated team or user ids)', valueHint: 'IDS' },
  'dry-run': { type: 'boolean', description: 'Print what would change and write nothing' },
} as const satisfies ArgsDef;

function importCommand(kind: SpecKind, description: string) {
  return defineCommand({
    meta: { name: kind, description },
    args: importArgs,
    async run({ args }) {
      parseFormat(args.format);
      parseSeverity(args['fail-severity']);
      const { readSpecDocument } = await import('../../import/read-document.ts');
      const { planImport } = await import('../../import/plan.ts');
      const { applyPlan, formatPlan } = await import('../../import/write-catalog.ts');
      const { loadCatalog } = await import('../../catalog/load.ts');
      const file = String(args.file);
      const status = progress(`Reading ${file}`);
      const reading = await readSpecDocument(file, kind, { serviceId: args.service });
      const diagnostics = [...reading.diagnostics];
      if (reading.service) {
        const root = catalogDir(args.catalog);
        await mkdir(root, { recursive: true });
        status.update('Loading the catalog');
        const catalog = await loadCatalog(root);
        const owners = args.owner ? args.owner.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
        const plan = await planImport(catalog, reading.service, { domain: args.domain, owners });
        if (!args['dry-run']) await applyPlan(root, plan);
        status.done();
        const text = formatPlan(plan, { dryRun: args['dry-run'] });
        (args.format === 'stylish' ? process.stdout : process.stderr).write(text);
        diagnostics.push(...plan.diagnostics);
      } else {
        status.done();
        process.stderr.write(`${file} is not a valid ${kind === 'asyncapi' ? 'AsyncAPI' : 'OpenAPI'} document; nothing was imported.\n`);
      }
      const code = await report(diagnostics, args, `waybill import ${kind}`);
      process.exitCode = reading.service ? code : Math.max(code, 1);
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
