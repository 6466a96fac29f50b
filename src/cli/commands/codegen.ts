import path from 'node:path';
import { defineCommand } from 'citty';
import { catalogArg, catalogDir, progress, report } from '../shared.ts';

const typescript = defineCommand({
  meta: { name: 'typescript', description: 'TypeScript types of every message version, a union per channel, and optional standalone validators.' },
  args: {
    ...catalogArg,
    out: { type: 'string', description: 'Output folder', required: true, valueHint: 'DIR' },
    validators: { type: 'boolean', description: 'Also write standalone ajv validators (validators.mjs, validators.d.mts)' },
    service: { type: 'string', description: 'Only the messages this service sends and receives', valueHint: 'ID' },
  },
  async run({ args }) {
    const { loadCatalog } = await import('../../catalog/load.ts');
    const { generateTypescript } = await import('../../codegen/typescript.ts');
    const { writeGenerated } = await import('../../codegen/write.ts');
    const status = progress('Loading the catalog');
    const catalog = await loadCatalog(catalogDir(args.catalog));
    status.update('Generating TypeScript');
    const result = await generateTypescript(catalog, { validators: args.validators, service: args.service });
    const { written, removed } = await writeGenerated(String(args.out), result.files);
    status.done();
    const { types, channels, validators } = result.counts;
    process.stdout.write(
      `${types} message type${types === 1 ? '' : 's'}, ${channels} channel union${channels === 1 ? '' : 's'}${args.validators ? `, ${validators} validator${validators === 1 ? '' : 's'}` : ''} in ${path.relative(process.cwd(), path.resolve(String(args.out))) || '.'} (${written} file${written === 1 ? '' : 's'} written, ${removed} removed).\n`,
    );
    if (args.validators && validators) process.stdout.write('The validators import ajv (runtime helpers) and ajv-formats: add both to the service that uses them.\n');
    if (result.diagnostics.length) process.exitCode = await report(result.diagnostics, { format: 'stylish', 'fail-severity': 'error' }, 'waybill codegen typescript', { stream: process.stderr });
  },
});

export default defineCommand({
  meta: { name: 'codegen', description: 'Generate code from the catalog.' },
  subCommands: { typescript },
});
