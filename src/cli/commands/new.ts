import path from 'node:path';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { UserError } from '../../diagnostics/user-error.ts';
import { catalogArg, catalogDir, PACKAGE_ROOT } from '../shared.ts';
import { LAYOUT } from '../../catalog/layout.ts';
import type { ResourceKind } from '../../catalog/model.ts';

/** Every kind of the layout table (src/catalog/layout.ts): its folder and schema. */
const KINDS: Record<string, { folder: string; schema: string }> = Object.fromEntries(
  LAYOUT.map((l) => [l.kind, { folder: l.folders[0], schema: l.schema }]),
);
type Kind = ResourceKind;

export default defineCommand({
  meta: { name: 'new', description: 'Scaffold a valid resource: waybill new <kind> <id>.' },
  args: {
    kind: { type: 'positional', description: `One of ${Object.keys(KINDS).join(', ')}`, required: true },
    id: { type: 'positional', description: 'Id of the new resource, e.g. StoreCreated', required: true },
    ...catalogArg,
    in: { type: 'string', description: 'Folder inside the catalog to create it under, e.g. domains/Shop/services/Cart', valueHint: 'DIR' },
    owner: { type: 'string', description: 'Owner id (team or user)', valueHint: 'ID' },
  },
  async run({ args }) {
    const kind = args.kind as Kind;
    if (!(kind in KINDS)) throw new UserError('unknown-kind', `Unknown kind '${args.kind}'.`, { hint: `Use one of: ${Object.keys(KINDS).join(', ')}.` });
    const id = String(args.id);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
      throw new UserError('bad-id', `'${id}' is not a usable id.`, { hint: 'Use letters, digits, dots, dashes and underscores, e.g. StoreCreated or orders.events.' });
    }
    const root = catalogDir(args.catalog);
    const base = args.in ? path.resolve(root, args.in) : root;
    if (path.relative(root, base).startsWith('..')) throw new UserError('bad-folder', `--in ${args.in} is outside the catalog.`);
    const { folder, schema } = KINDS[kind];
    const personal = kind === 'team' || kind === 'user';
    const file = personal ? path.join(root, folder, `${id}.md`) : path.join(base, folder, id, 'index.md');
    if (existsSync(file)) throw new UserError('exists', `${path.relative(process.cwd(), file)} already exists.`);
    const schemaRef = path.relative(path.dirname(file), path.join(PACKAGE_ROOT, 'src/schemas', `${schema}.schema.json`)).split(path.sep).join('/');
    const owner = args.owner ?? 'TODO-owner';
    const lines = [`# yaml-language-server: $schema=${schemaRef}`, `id: ${id}`, `name: ${humanize(id)}`];
    if (!personal) lines.push('version: 0.0.1', `summary: ${summaryFor(kind, id)}`, 'owners:', `  - ${owner}`);
    const isMessage = kind === 'event' || kind === 'command' || kind === 'query';
    if (isMessage) lines.push('schemaPath: schema.json');
    if (kind === 'channel') lines.push(`address: ${id}`, 'protocols:', '  - nats');
    if (kind === 'flow') lines.push('steps:', '  - id: start', '    title: Start', '    actor:', '      name: User');
    if (kind === 'team') lines.push('summary: What this team does', 'members: []');
    if (kind === 'user') lines.push('role: Engineer');
    if (kind === 'container') lines.push('container_type: database');
    if (kind === 'adr') lines.push('status: proposed', `date: ${new Date().toISOString().slice(0, 10)}`);
    const body = `\n## Overview\n\nDescribe ${humanize(id)} here: what it is, why it exists, who should care.\n`;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `---\n${lines.join('\n')}\n---\n${body}`);
    const written = [file];
    if (isMessage) {
      const schemaFile = path.join(path.dirname(file), 'schema.json');
      await writeFile(schemaFile, `${JSON.stringify(exampleSchema(id), null, 2)}\n`);
      written.push(schemaFile);
    }
    for (const f of written) process.stdout.write(`created ${path.relative(process.cwd(), f)}\n`);
    if (!args.owner && !personal) process.stdout.write('Set its owners (a team or user id), then run `waybill lint`.\n');
  },
});

function humanize(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[._-]+/g, ' ').trim();
}

function summaryFor(kind: Kind, id: string): string {
  return `One line on what ${humanize(id)} ${kind === 'event' ? 'records' : kind === 'command' ? 'asks for' : 'is'}.`;
}

function exampleSchema(id: string): object {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: id,
    type: 'object',
    properties: { id: { type: 'string', minLength: 1, description: 'Identifier of the subject.' } },
    required: ['id'],
    additionalProperties: false,
    examples: [{ id: 'example-1' }],
  };
}
