import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { closest } from 'fastest-levenshtein';
import { UserError } from '../../diagnostics/user-error.ts';
import { catalogArg, catalogDir, PACKAGE_ROOT } from '../shared.ts';
import { LAYOUT } from '../../catalog/layout.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { ResourceKind, Service } from '../../catalog/model.ts';
import { withMessageLink } from '../message-link.ts';

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
    in: { type: 'string', description: 'Existing folder inside the catalog to create it under, e.g. domains/MallBots/subdomains/StoreManagement/services/Stores', valueHint: 'DIR' },
    owner: { type: 'string', description: 'Owner id (a team or user of the catalog); required but for teams and users', valueHint: 'ID' },
    sender: { type: 'string', description: "Service that sends the new message (added to its sends; default: the service whose folder --in is)", valueHint: 'ID' },
    receiver: { type: 'string', description: 'Service that receives the new message (added to its receives)', valueHint: 'ID' },
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
    const isMessage = kind === 'event' || kind === 'command' || kind === 'query';
    const { loadCatalog } = await import('../../catalog/load.ts');
    const catalog = await loadCatalog(root);
    const links = checkPlacement(catalog, { kind, personal, isMessage, base, in: args.in, owner: args.owner, sender: args.sender, receiver: args.receiver });
    const file = personal ? path.join(root, folder, `${id}.md`) : path.join(base, folder, id, 'index.md');
    if (existsSync(file)) throw new UserError('exists', `${path.relative(process.cwd(), file)} already exists.`);
    const schemaRef = path.relative(path.dirname(file), path.join(PACKAGE_ROOT, 'src/schemas', `${schema}.schema.json`)).split(path.sep).join('/');
    const owner = args.owner;
    const lines = [`# yaml-language-server: $schema=${schemaRef}`, `id: ${id}`, `name: ${humanize(id)}`];
    if (!personal) lines.push('version: 0.0.1', `summary: ${summaryFor(kind, id)}`, 'owners:', `  - ${owner}`);
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
    for (const { service, field } of links) {
      const file = catalog.pathOf(service.file);
      await writeFile(file, withMessageLink(await readFile(file, 'utf8'), field, id));
      process.stdout.write(`added ${id} to the ${field} of ${service.id} (${path.relative(process.cwd(), file)})\n`);
    }
  },
});

/** A service that will send or receive the new message. */
interface Link {
  service: Service;
  field: 'sends' | 'receives';
}

/**
 * What makes the new resource lint clean, checked before anything is written: the --in folder exists,
 * the owner is a team or user of the catalog, and a message has a service that sends it.
 */
function checkPlacement(
  catalog: Catalog,
  o: { kind: string; personal: boolean; isMessage: boolean; base: string; in?: string; owner?: string; sender?: string; receiver?: string },
): Link[] {
  if (o.in !== undefined && !isFolder(o.base)) {
    throw new UserError('folder-missing', `--in ${o.in}: there is no such folder in the catalog.`, { hint: 'Create the service or domain first (waybill new service …), or name an existing folder.' });
  }
  if (!o.personal) {
    const owners = [...catalog.teams(), ...catalog.users()].map((r) => r.id);
    if (!o.owner) throw new UserError('owner-required', `A ${o.kind} needs an owner: pass --owner ID.`, { hint: owners.length ? `Teams and users: ${owners.join(', ')}.` : 'Create a team first: waybill new team ID.' });
    if (!owners.includes(o.owner)) {
      const near = closest(o.owner, owners);
      throw new UserError('owner-unknown', `--owner ${o.owner} is not a team or user of the catalog.`, { hint: owners.length ? `Did you mean '${near}'? Teams and users: ${owners.join(', ')}.` : 'Create it first: waybill new team ID.' });
    }
  }
  if (!o.isMessage) {
    if (o.sender || o.receiver) throw new UserError('not-a-message', `--sender and --receiver are for events, commands and queries, not a ${o.kind}.`);
    return [];
  }
  const services = catalog.services();
  const byId = (id: string, flag: string): Service => {
    const found = services.find((s) => s.id === id);
    if (found) return found;
    const ids = services.map((s) => s.id);
    throw new UserError('unknown-service', `--${flag} ${id} is not a service of the catalog.`, { hint: ids.length ? `Did you mean '${closest(id, ids)}'?` : 'Create it first: waybill new service ID.' });
  };
  const home = services.find((s) => path.dirname(catalog.pathOf(s.file)) === o.base);
  const sender = o.sender ? byId(o.sender, 'sender') : home;
  if (!sender) {
    throw new UserError('sender-required', `Which service sends the new ${o.kind}? A message nothing sends fails lint (message-without-producer).`, {
      hint: 'Create it under a service folder (--in domains/…/services/NAME) or pass --sender SERVICE.',
    });
  }
  return [{ service: sender, field: 'sends' }, ...(o.receiver ? [{ service: byId(o.receiver, 'receiver'), field: 'receives' as const }] : [])];
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

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
