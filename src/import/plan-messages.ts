/**
 * Planning the messages of an import: create the new ones, leave unchanged ones alone, give a changed one a
 * new version (the old one moves to `versioned/<version>/`), update frontmatter fields the importer owns in
 * place otherwise. Messages the service sends (and the HTTP operations it serves) live in its folder; a
 * message it only receives belongs to its producer, so it is only referenced when the catalog has one, and
 * is kept outside the service's folder, as a draft, when it does not.
 */
import path from 'node:path';
import type { Message } from '../catalog/model.ts';
import { changelogEntry, messageBody } from './bodies.ts';
import { editFrontmatter, markdownFile, sameJson } from './frontmatter-edit.ts';
import type { ImportedMessage } from './model.ts';
import { join, resourceDir, type PlanContext } from './plan-context.ts';
import { archiveVersion, judgeSchemaChange, nextVersion, versionFolderTaken } from './versioning.ts';
import semver from 'semver';
import { layoutOf } from '../catalog/layout.ts';

/** The title of the draft marker an import puts on a message nobody in the catalog sends. */
export const NO_PRODUCER_DRAFT = 'No producer in the catalog';
const SCHEMA_FILE = 'schema.json';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Plans every message of the document; fills `ctx.messageIds`. */
export async function planMessages(ctx: PlanContext): Promise<void> {
  for (const message of ctx.service.messages) await planMessage(ctx, message);
}

function sentHere(ctx: PlanContext, message: ImportedMessage): boolean {
  return ctx.service.sends.some((f) => f.message === message.id);
}

/** The service whose folder holds the message, else the services that send it; empty when neither. */
function ownersOf(ctx: PlanContext, message: Message): string[] {
  const { catalog } = ctx;
  if (message.folderService) return [catalog.get(message.folderService)?.id ?? ''];
  const senders = catalog.versionsOf(message).flatMap((v) => catalog.producersOf(v).map((p) => catalog.get(p.service)?.id ?? ''));
  return [...new Set(senders)];
}

async function planMessage(ctx: PlanContext, message: ImportedMessage): Promise<void> {
  const { catalog, service } = ctx;
  let id = message.id;
  let existing = catalog.latest('message', id) as Message | undefined;
  const owners = existing ? ownersOf(ctx, existing) : [];
  if (existing && owners.length && !owners.includes(service.id)) {
    if (!sentHere(ctx, message) && !message.operation) {
      // Received here, produced elsewhere: the producer's definition stands.
      ctx.messageIds.set(message.id, id);
      ctx.change({ action: 'reference', kind: existing.kind, id, version: existing.version, file: existing.file, detail: `received from ${owners.join(', ')}` });
      if (message.schema && existing.schema && !sameJson(stripDialect(existing.schema.value), stripDialect(message.schema))) {
        ctx.report('import-schema-differs', 'warning', `${service.spec.fileName} describes ${id} differently from the catalog, where ${owners.join(', ')} defines it; the catalog's definition is kept.`, existing.file, 'Align the consumer document with the producer, or record the fields it reads with `fields` on its receives entry.');
      }
      return;
    }
    id = `${service.id}-${message.id}`;
    ctx.report('import-id-changed', 'warning', `The message id '${message.id}' belongs to ${owners.join(', ')} in the catalog; ${service.id}'s message is imported as '${id}'.`, existing.file);
    existing = catalog.latest('message', id) as Message | undefined;
  }
  ctx.messageIds.set(message.id, id);
  const draft = draftFor(ctx, message, existing);
  if (!existing) return createMessage(ctx, message, id, draft);
  if (!sentHere(ctx, message) && !message.operation && !owners.includes(service.id)) return joinReceived(ctx, message, existing);
  return updateMessage(ctx, message, existing, draft);
}

/**
 * A message this service only receives, already in the catalog with no producer there (another
 * consumer's import wrote it): the catalog's definition stands, and only the channels this document
 * receives it from are added, so no import drops what another service declared and each stays idempotent.
 */
async function joinReceived(ctx: PlanContext, message: ImportedMessage, existing: Message): Promise<void> {
  const fm = existing.frontmatter as Record<string, unknown>;
  const current = Array.isArray(fm.channels) ? (fm.channels as unknown[]) : [];
  const known = new Set(current.map((c) => String(typeof c === 'string' ? c : (c as { id?: unknown })?.id)));
  const added = message.channels.filter((c) => !known.has(c));
  if (message.schema && existing.schema && !sameJson(stripDialect(existing.schema.value), stripDialect(message.schema))) {
    ctx.report('import-schema-differs', 'warning', `${ctx.source} describes ${existing.id} differently from the catalog, where another consumer's import wrote it; the catalog's definition is kept.`, existing.file, 'Align the consumer documents, or record the fields each reads with `fields` on its receives entry.');
  }
  if (added.length === 0) {
    ctx.change({ action: 'unchanged', kind: existing.kind, id: existing.id, version: existing.version, file: existing.file });
    return;
  }
  ctx.write(existing.file, editFrontmatter(await ctx.text(existing.file), { channels: [...current, ...added.map((id) => ({ id }))] }));
  ctx.change({ action: 'update', kind: existing.kind, id: existing.id, version: existing.version, file: existing.file, detail: `channels (+${added.join(', ')})` });
}

/** The draft marker for a message only received here whose producer the catalog does not know. */
function draftFor(ctx: PlanContext, message: ImportedMessage, existing: Message | undefined): unknown {
  const unproduced = !sentHere(ctx, message) && !message.operation && (!existing || ctx.catalog.versionsOf(existing).every((v) => ctx.catalog.producersOf(v).length === 0));
  if (unproduced) return { title: NO_PRODUCER_DRAFT, message: `${ctx.service.id} receives it, but no service in the catalog sends it yet.` };
  return undefined;
}

function stripDialect(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return schema;
  const { $schema: _s, ...rest } = schema as Record<string, unknown>;
  return rest;
}

/** The frontmatter fields the importer owns, as the document says them. */
function ownedFields(ctx: PlanContext, message: ImportedMessage): Record<string, unknown> {
  return {
    name: message.name,
    ...(message.summary ? { summary: message.summary } : {}),
    ...(ctx.options.owners?.length ? { owners: ctx.options.owners } : {}),
    ...(message.channels.length ? { channels: message.channels.map((c) => ({ id: c })) } : {}),
    ...(message.wireName ? { wireName: message.wireName } : {}),
    ...(message.contentType ? { contentType: message.contentType } : {}),
    ...(message.asyncapi ? { asyncapi: message.asyncapi } : {}),
    ...(message.operation ? { operation: message.operation } : {}),
  };
}

function responseFiles(message: ImportedMessage): Map<string, string> {
  return new Map((message.responses ?? []).filter((r) => r.schema).map((r) => [`response-${r.status}.json`, json(r.schema)]));
}

function createMessage(ctx: PlanContext, message: ImportedMessage, id: string, draft: unknown): void {
  const { service } = ctx;
  // Received-only messages go beside the domain (or at the top), not into the consumer's folder.
  const base = sentHere(ctx, message) || message.operation ? ctx.serviceDir : ctx.domainDir;
  const dir = join(base, layoutOf(message.kind).folders[0], id);
  const version = message.version ?? '1.0.0';
  const frontmatter = {
    id,
    version,
    ...ownedFields(ctx, message),
    ...(message.schema ? { schemaPath: SCHEMA_FILE } : {}),
    ...(draft ? { draft } : {}),
  };
  const file = join(dir, 'index.md');
  ctx.write(file, markdownFile(frontmatter, messageBody({ ...message, id }, service)));
  if (message.schema) ctx.write(join(dir, SCHEMA_FILE), json(message.schema));
  for (const [name, content] of responseFiles(message)) ctx.write(join(dir, name), content);
  ctx.change({ action: 'create', kind: message.kind, id, version, file, ...(message.schema ? {} : { detail: 'no schema' }) });
}

async function updateMessage(ctx: PlanContext, message: ImportedMessage, existing: Message, draft: unknown): Promise<void> {
  const { catalog } = ctx;
  const dir = resourceDir(existing);
  const currentSchema = existing.schema?.format === 'json-schema' ? existing.schema.value : existing.schema ? `${existing.schema.format}` : undefined;
  const schemaChanged = !sameJson(stripDialect(currentSchema), stripDialect(message.schema));
  const wantedResponses = responseFiles(message);
  const responses = compareResponses(existing, message);

  const changes = fieldChanges(existing, ownedFields(ctx, message));
  const fm = existing.frontmatter as Record<string, unknown>;
  const currentDraft = fm.draft as { title?: string } | undefined;
  if (draft && !currentDraft) changes.draft = draft;
  if (!draft && currentDraft && typeof currentDraft === 'object' && currentDraft.title === NO_PRODUCER_DRAFT) changes.draft = undefined;

  if (!schemaChanged && responses.reasons.length === 0) {
    if (Object.keys(changes).length === 0) {
      ctx.change({ action: 'unchanged', kind: existing.kind, id: existing.id, version: existing.version, file: existing.file });
      return;
    }
    ctx.write(existing.file, editFrontmatter(await ctx.text(existing.file), changes));
    ctx.change({ action: 'update', kind: existing.kind, id: existing.id, version: existing.version, file: existing.file, detail: Object.keys(changes).join(', ') });
    return;
  }

  // A changed contract: a new version; the old one keeps its files under versioned/<version>/.
  const verdict = judgeSchemaChange(schemaChanged ? stripDialect(currentSchema) : undefined, schemaChanged ? stripDialect(message.schema) : undefined, existing.compatibility);
  const breaking = (schemaChanged && verdict.breaking) || responses.breaking;
  let version = nextVersion(existing.version, breaking);
  if (message.version && semver.valid(message.version) && semver.valid(existing.version) && semver.gt(message.version, existing.version)) version = message.version;
  else if (message.version === existing.version) {
    ctx.report('import-version-reused', 'warning', `${ctx.source} gives ${existing.id} the version ${existing.version} the catalog already has, with a different contract; it is imported as ${version}.`, existing.file, 'Raise x-eventcatalog-message-version when the message changes.');
  }
  if (versionFolderTaken(catalog, dir, existing.version)) {
    ctx.report('import-version-exists', 'error', `${dir}/versioned/${existing.version}/ already exists, so the current version of ${existing.id} cannot be moved there; ${existing.id} was not updated.`, existing.file);
    return;
  }
  const schemaName = existing.schema ? path.posix.basename(existing.schema.file) : SCHEMA_FILE;
  const ownedNames = new Set([path.posix.basename(existing.file), 'changelog.md', schemaName]);
  ctx.plan.operations.push(...archiveVersion(catalog, dir, existing.version, (name) => ownedNames.has(name) || /^response-.+\.json$/.test(name)));
  const text = await ctx.text(existing.file);
  ctx.write(existing.file, editFrontmatter(text, { ...changes, version, schemaPath: message.schema ? SCHEMA_FILE : undefined }));
  if (message.schema) ctx.write(join(dir, SCHEMA_FILE), json(message.schema));
  for (const [name, content] of wantedResponses) ctx.write(join(dir, name), content);
  const reasons = [...(schemaChanged ? verdict.changes.map((c) => `schema: ${c}`) : []), ...responses.reasons.map((r) => `response: ${r}`)];
  ctx.write(join(dir, 'changelog.md'), changelogEntry(version, ctx.service, reasons.length ? reasons : ['schema changed']));
  ctx.change({
    action: 'new-version',
    kind: existing.kind,
    id: existing.id,
    version,
    file: existing.file,
    detail: `${breaking ? 'breaking' : 'compatible'} change from ${existing.version}; ${existing.version} moves to versioned/${existing.version}/`,
  });
  if (breaking) {
    ctx.report('import-breaking-change', 'warning', `${existing.id} changed incompatibly (${reasons.slice(0, 3).join('; ')}); it becomes ${version}.`, existing.file, 'Consumers pinned to the old version keep it; tell them about the new one.');
  }
}

/**
 * How the response schemas changed, from the catalog's model (`operation.responses`). Clients read
 * responses, so a change breaks them when the old schema cannot read what the new one allows (FORWARD).
 */
function compareResponses(existing: Message, message: ImportedMessage): { reasons: string[]; breaking: boolean } {
  const current = existing.operation?.responses ?? [];
  const wanted = new Map((message.responses ?? []).filter((r) => r.schema).map((r) => [r.status, stripDialect(r.schema)]));
  const reasons: string[] = [];
  let breaking = false;
  for (const response of current) {
    const next = wanted.get(response.status);
    const before = stripDialect(response.schema?.value);
    if (next === undefined) {
      reasons.push(`${response.status} removed`);
      breaking = true;
    } else if (!sameJson(before, next)) {
      reasons.push(`${response.status} changed`);
      breaking ||= judgeSchemaChange(before, next, 'FORWARD').breaking;
    }
  }
  for (const status of wanted.keys()) if (!current.some((r) => r.status === status)) reasons.push(`${status} added`);
  return { reasons, breaking };
}

/** The owned fields whose value in the catalog differs from the document's. Channel lists compare by id. */
export function fieldChanges(existing: { frontmatter: unknown }, wanted: Record<string, unknown>): Record<string, unknown> {
  const fm = existing.frontmatter as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const current = fm[key];
    if (key === 'channels' || key === 'owners') {
      const ids = (list: unknown) => (Array.isArray(list) ? list.map((x) => String(typeof x === 'string' ? x : (x as { id?: unknown })?.id)).sort() : []);
      if (sameJson(ids(current), ids(value))) continue;
    } else if (sameJson(current, value)) continue;
    changes[key] = value;
  }
  return changes;
}
