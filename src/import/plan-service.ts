/**
 * Planning the service of an import: its folder, its attached document, its `sends`/`receives`, and a new
 * service version when the document's `info.version` rises. A service can have both an AsyncAPI and an
 * OpenAPI document: each import owns only the entries of its own kind (HTTP operations for OpenAPI, the
 * rest for AsyncAPI), drops only entries the previous copy of its document had, and keeps every entry's
 * extra fields (`fields`, `group`, `version`).
 * Name and summary are the document's only when the service is created.
 */
import path from 'node:path';
import semver from 'semver';
import type { Message, MessageLink, Service } from '../catalog/model.ts';
import { changelogEntry, serviceBody } from './bodies.ts';
import { editFrontmatter, markdownFile, sameJson } from './frontmatter-edit.ts';
import type { ImportedFlow, ImportedReply } from './model.ts';
import { join, resourceDir, type PlanContext } from './plan-context.ts';
import { fieldChanges } from './plan-messages.ts';
import { archiveVersion, versionFolderTaken } from './versioning.ts';
import { layoutOf } from '../catalog/layout.ts';

type Entry = Record<string, unknown>;

/** Decides where the service lives (before messages are planned, which go into its folder). */
export function locateService(ctx: PlanContext): Service | undefined {
  const existing = ctx.catalog.latest('service', ctx.service.id) as Service | undefined;
  ctx.serviceDir = existing ? resourceDir(existing) : join(ctx.domainDir, layoutOf('service').folders[0], ctx.service.id);
  if (existing && ctx.domainDir && !ctx.serviceDir.startsWith(`${ctx.domainDir}/`)) {
    ctx.report('import-service-elsewhere', 'info', `${ctx.service.id} already lives in ${ctx.serviceDir}; it stays there rather than moving into ${ctx.domainDir}.`, existing.file);
  }
  return existing;
}

/** Plans the service file and its attached document (after messages, whose final ids it needs). */
export async function planService(ctx: PlanContext, existing: Service | undefined): Promise<void> {
  const { service } = ctx;
  const spec = specEntry(ctx, existing);
  // Name and summary are set when the service is created; a service can have several documents, so
  // afterwards they are the catalog's.
  const naming: Entry = existing ? {} : { name: service.name, ...(service.summary ? { summary: service.summary } : {}) };
  const wanted: Entry = {
    ...naming,
    ...(ctx.options.owners?.length ? { owners: ctx.options.owners } : {}),
    specifications: spec.specifications,
    sends: await mergeFlows(ctx, existing, 'sends', service.sends),
    receives: await mergeFlows(ctx, existing, 'receives', service.receives),
  };
  const specText = service.spec.text;
  if (!existing) {
    const version = service.version ?? '1.0.0';
    const file = join(ctx.serviceDir, 'index.md');
    const frontmatter: Entry = { id: service.id, version, ...wanted };
    for (const key of ['sends', 'receives']) if ((frontmatter[key] as unknown[]).length === 0) delete frontmatter[key];
    ctx.write(file, markdownFile(frontmatter, serviceBody(service, spec.path)));
    ctx.write(spec.file, specText);
    ctx.change({ action: 'create', kind: 'service', id: service.id, version, file });
    ctx.change({ action: 'create', kind: service.spec.type, id: service.spec.title, file: spec.file });
    return;
  }
  const attached = existing.specifications.find((s) => s.file === spec.file);
  const specChanged = !attached || !sameJson(attached.document, service.spec.document);
  const changes = fieldChanges(existing, wanted);
  for (const key of ['sends', 'receives'] as const) {
    if (key in changes && (changes[key] as unknown[]).length === 0 && !(existing.frontmatter as Entry)[key]) delete changes[key];
  }
  const newer = service.version && semver.valid(service.version) && semver.valid(existing.version) && semver.gt(service.version, existing.version);
  if (service.version && semver.valid(service.version) && semver.valid(existing.version) && semver.lt(service.version, existing.version)) {
    ctx.report('import-version-older', 'warning', `${ctx.source} has version ${service.version}, older than ${existing.id} ${existing.version} in the catalog; the catalog's version is kept.`, existing.file);
  }
  if (newer && (specChanged || Object.keys(changes).length) && !versionFolderTaken(ctx.catalog, ctx.serviceDir, existing.version)) {
    const own = new Set([path.posix.basename(existing.file), 'changelog.md']);
    ctx.plan.operations.push(...archiveVersion(ctx.catalog, ctx.serviceDir, existing.version, (name) => own.has(name)));
    ctx.write(existing.file, editFrontmatter(await ctx.text(existing.file), { ...changes, version: service.version }));
    ctx.write(join(ctx.serviceDir, 'changelog.md'), changelogEntry(service.version as string, service, [`${service.spec.title} ${service.version}`]));
    if (specChanged) ctx.write(spec.file, specText);
    ctx.change({ action: 'new-version', kind: 'service', id: existing.id, version: service.version, file: existing.file, detail: `${existing.version} moves to versioned/${existing.version}/` });
  } else if (Object.keys(changes).length) {
    ctx.write(existing.file, editFrontmatter(await ctx.text(existing.file), changes));
    ctx.change({ action: 'update', kind: 'service', id: existing.id, version: existing.version, file: existing.file, detail: Object.keys(changes).join(', ') });
  } else {
    ctx.change({ action: 'unchanged', kind: 'service', id: existing.id, version: existing.version, file: existing.file });
  }
  if (specChanged && !newer) ctx.write(spec.file, specText);
  ctx.change({ action: specChanged ? (attached ? 'update' : 'create') : 'unchanged', kind: service.spec.type, id: service.spec.title, file: spec.file });
}

/** The `specifications` value with this document attached, and where the document's copy goes. */
function specEntry(ctx: PlanContext, existing: Service | undefined): { specifications: unknown; path: string; file: string } {
  const { type, fileName } = ctx.service.spec;
  const current = (existing?.frontmatter as Entry | undefined)?.specifications;
  const dir = existing ? path.posix.dirname(existing.file) : ctx.serviceDir;
  const inside = (p: string) => !path.posix.normalize(join(dir, p)).startsWith('..');
  const result = (p: string, specifications: unknown) => ({ specifications, path: p, file: path.posix.normalize(join(dir, p)) });
  if (Array.isArray(current)) {
    const mine = current.find((s: Entry) => s?.type === type && s.path === fileName) ?? current.find((s: Entry) => s?.type === type && typeof s.path === 'string' && inside(s.path as string));
    return mine ? result(mine.path, current) : result(fileName, [...current, { type, path: fileName }]);
  }
  if (current && typeof current === 'object') {
    const key = type === 'asyncapi' ? 'asyncapiPath' : 'openapiPath';
    const written = (current as Entry)[key];
    return typeof written === 'string' && inside(written) ? result(written, current) : result(fileName, { ...(current as Entry), [key]: fileName });
  }
  return result(fileName, [{ type, path: fileName }]);
}

/**
 * The service's `sends` or `receives` after the import: entries of this document's kind follow the
 * document (in place; new ones at the end; gone ones dropped, their messages deprecated when the service
 * owned them); all other entries stay as written.
 */
async function mergeFlows(ctx: PlanContext, existing: Service | undefined, field: 'sends' | 'receives', flows: ImportedFlow[]): Promise<Entry[]> {
  const via = field === 'sends' ? 'to' : 'from';
  const idOf = (message: string) => ctx.messageIds.get(message) ?? message;
  const wanted = new Map(flows.map((f) => [idOf(f.message), f.channels]));
  const replies = new Map(flows.filter((f) => f.reply).map((f) => [idOf(f.message), replyEntry(f.reply!, idOf)]));
  const operations = new Map(flows.filter((f) => f.operation).map((f) => [idOf(f.message), f.operation!]));
  const perChannel = new Map(flows.filter((f) => f.operations).map((f) => [idOf(f.message), f.operations as unknown as Entry]));
  const http = ctx.service.spec.type === 'openapi';
  const raw = ((existing?.frontmatter as Entry | undefined)?.[field] ?? []) as unknown[];
  const links = existing?.[field] ?? [];
  const out: Entry[] = [];
  const placed = new Set<string>();
  for (const [i, item] of raw.entries()) {
    const entry: Entry = typeof item === 'string' ? { id: item } : { ...(item as Entry) };
    const link = links[i] as MessageLink | undefined;
    const id = String(entry.id);
    const channels = wanted.get(id);
    if (channels) {
      if (!placed.has(id)) out.push(withOwned(withOwned(withOwned(withChannels(entry, via, channels), 'reply', replies.get(id)), 'operation', operations.get(id)), 'operations', perChannel.get(id)));
      placed.add(id);
      continue;
    }
    const message = ctx.catalog.resolve<Message>(link);
    const imported = ctx.previousMessageIds.has(id) || ctx.previousMessageIds.has(id.replace(`${ctx.service.id}-`, ''));
    if (message && imported && Boolean(message.operation) === http) {
      await retire(ctx, message, field);
      continue;
    }
    out.push(typeof item === 'string' ? (item as unknown as Entry) : entry);
  }
  for (const [id, channels] of wanted) if (!placed.has(id)) out.push(withOwned(withOwned(withOwned(withChannels({ id }, via, channels), 'reply', replies.get(id)), 'operation', operations.get(id)), 'operations', perChannel.get(id)));
  return out;
}

/** The frontmatter form of a reply (`reply: { channel, address, messages }`), with catalog message ids. */
function replyEntry(reply: ImportedReply, idOf: (message: string) => string): Entry {
  return {
    ...(reply.channel ? { channel: { id: reply.channel } } : {}),
    ...(reply.address ? { address: reply.address } : {}),
    messages: reply.messages.map((m) => ({ id: idOf(m) })),
  };
}

/** The entry with the document's `reply` or `operation`; the document owns them, so one it lacks is removed. */
function withOwned(entry: Entry, key: 'reply' | 'operation' | 'operations', value: Entry | undefined): Entry {
  if (sameJson(entry[key], value)) return entry;
  const { [key]: _old, ...rest } = entry;
  return value ? { ...rest, [key]: value } : rest;
}

function withChannels(entry: Entry, via: 'to' | 'from', channels: string[]): Entry {
  const out: Entry = { ...entry };
  const current = Array.isArray(entry[via]) ? (entry[via] as Entry[]).map((c) => String(typeof c === 'string' ? c : c?.id)) : [];
  if (channels.length === 0) delete out[via];
  else if (!sameJson([...current].sort(), [...channels].sort())) out[via] = channels.map((id) => ({ id }));
  return out;
}

/** A message the document no longer has: deprecated when this service owns it, reported either way. */
async function retire(ctx: PlanContext, message: Message, field: 'sends' | 'receives'): Promise<void> {
  const owner = message.folderService ? ctx.catalog.get(message.folderService)?.id : undefined;
  const verb = field === 'sends' ? 'sends' : 'receives';
  ctx.report('import-message-removed', 'warning', `${ctx.source} no longer has ${message.id}; ${ctx.service.id} no longer ${verb} it.`, message.file);
  if (owner !== ctx.service.id || message.deprecated) return;
  const deprecated = { message: `No longer in ${ctx.source}: ${ctx.service.id} stopped sending or serving it.` };
  ctx.write(message.file, editFrontmatter(await ctx.text(message.file), { deprecated }));
  ctx.change({ action: 'deprecate', kind: message.kind, id: message.id, version: message.version, file: message.file });
}
