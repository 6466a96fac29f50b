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
import { ComponentPlan } from './plan-components.ts';
import { DATA_KEYWORDS } from './schema-bundle.ts';
import semver from 'semver';
import { layoutOf } from '../catalog/layout.ts';

/** The title of the draft marker an import puts on a message nobody in the catalog sends. */
export const NO_PRODUCER_DRAFT = 'No producer in the catalog';
const SCHEMA_FILE = 'schema.json';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Plans every message of the document; fills `ctx.messageIds`. */
export async function planMessages(ctx: PlanContext): Promise<void> {
  ctx.components = await ComponentPlan.plan(ctx);
  for (const message of ctx.service.messages) await planMessage(ctx, message);
}

function components(ctx: PlanContext): ComponentPlan {
  if (!ctx.components) throw new Error('The shared components are planned before the messages.');
  return ctx.components;
}

/**
 * How a schema of the document compares with one of the catalog (`current`, at `file`) when written at
 * `target`: the same file content, or written differently (shared components split out, or not) but
 * saying the same, or changed.
 */
function compareSchema(ctx: PlanContext, current: unknown, file: string | undefined, wanted: unknown, target: string): 'same' | 'same-meaning' | 'changed' {
  if (sameJson(stripDialect(current), stripDialect(wanted))) return 'same';
  if (current === undefined || wanted === undefined || file === undefined || typeof current !== 'object') return 'changed';
  const plan = components(ctx);
  const before = stripDialect(plan.meaning(current, file));
  const after = stripDialect(plan.meaning(wanted, target));
  if (sameJson(before, after)) return 'same-meaning';
  // A recursive schema inlined from files nests its cycle at another depth than one written in one file:
  // the compatibility check, which follows the cycles, finding no change at all (and the same examples,
  // defaults and constants, which it does not compare) says they are the same.
  return sameJson(dataValues(before), dataValues(after)) && judgeSchemaChange(before, after, 'FULL').changes.length === 0 ? 'same-meaning' : 'changed';
}

/** Every distinct value of a data keyword (examples, default, enum, const) in a schema, sorted. */
function dataValues(schema: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (DATA_KEYWORDS.has(key)) found.add(`${key}:${JSON.stringify(value)}`);
        else visit(value);
      }
    }
  };
  visit(schema);
  return [...found].sort();
}

/** Whether the document's schema of a message says something else than the catalog's. */
function describedDifferently(ctx: PlanContext, message: ImportedMessage, existing: Message): boolean {
  if (!message.schema || !existing.schema) return false;
  const target = join(resourceDir(existing), SCHEMA_FILE);
  return compareSchema(ctx, existing.schema.value, existing.schema.file, components(ctx).render(message.schema, target), target) === 'changed';
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
      if (describedDifferently(ctx, message, existing)) {
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
  if (describedDifferently(ctx, message, existing)) {
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

/** The response files of a message written in `dir`, by name, references to shared components made paths. */
function responseFiles(ctx: PlanContext, message: ImportedMessage, dir: string): Map<string, string> {
  return new Map((message.responses ?? []).filter((r) => r.schema).map((r) => [`response-${r.status}.json`, json(components(ctx).render(r.schema, join(dir, `response-${r.status}.json`)))]));
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
  if (message.schema) ctx.write(join(dir, SCHEMA_FILE), json(components(ctx).render(message.schema, join(dir, SCHEMA_FILE))));
  for (const [name, content] of responseFiles(ctx, message, dir)) ctx.write(join(dir, name), content);
  ctx.change({ action: 'create', kind: message.kind, id, version, file, ...(message.schema ? {} : { detail: 'no schema' }) });
}

async function updateMessage(ctx: PlanContext, message: ImportedMessage, existing: Message, draft: unknown): Promise<void> {
  const { catalog } = ctx;
  const dir = resourceDir(existing);
  const schemaFile = join(dir, SCHEMA_FILE);
  const currentSchema = existing.schema?.format === 'json-schema' ? existing.schema.value : existing.schema ? `${existing.schema.format}` : undefined;
  const wantedSchema = message.schema ? components(ctx).render(message.schema, schemaFile) : undefined;
  const schemaComparison = compareSchema(ctx, currentSchema, existing.schema?.file, wantedSchema, schemaFile);
  const schemaChanged = schemaComparison === 'changed';
  const wantedResponses = responseFiles(ctx, message, dir);
  const responses = compareResponses(ctx, existing, message);
  // Saying the same, written differently (shared components now in files of their own): rewritten in place.
  const rewritten = new Map<string, string>();
  if (schemaComparison === 'same-meaning' && existing.schema?.file === schemaFile) rewritten.set(schemaFile, json(wantedSchema));
  for (const status of responses.rewritten) rewritten.set(join(dir, `response-${status}.json`), wantedResponses.get(`response-${status}.json`) as string);

  const changes = fieldChanges(existing, ownedFields(ctx, message));
  const fm = existing.frontmatter as Record<string, unknown>;
  const currentDraft = fm.draft as { title?: string } | undefined;
  if (draft && !currentDraft) changes.draft = draft;
  if (!draft && currentDraft && typeof currentDraft === 'object' && currentDraft.title === NO_PRODUCER_DRAFT) changes.draft = undefined;

  if (!schemaChanged && responses.reasons.length === 0) {
    if (Object.keys(changes).length === 0 && rewritten.size === 0) {
      ctx.change({ action: 'unchanged', kind: existing.kind, id: existing.id, version: existing.version, file: existing.file });
      return;
    }
    if (Object.keys(changes).length) ctx.write(existing.file, editFrontmatter(await ctx.text(existing.file), changes));
    for (const [file, content] of rewritten) ctx.write(file, content);
    const detail = [...Object.keys(changes), ...(rewritten.size ? ['schema files refer to shared components'] : [])].join(', ');
    ctx.change({ action: 'update', kind: existing.kind, id: existing.id, version: existing.version, file: existing.file, detail });
    return;
  }

  // A changed contract: a new version; the old one keeps its files under versioned/<version>/.
  const meaningOf = (value: unknown, file: string | undefined) => (value !== undefined && file ? stripDialect(components(ctx).meaning(value, file)) : stripDialect(value));
  const verdict = judgeSchemaChange(schemaChanged ? meaningOf(currentSchema, existing.schema?.file) : undefined, schemaChanged ? meaningOf(wantedSchema, schemaFile) : undefined, existing.compatibility);
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
  if (message.schema) ctx.write(schemaFile, json(wantedSchema));
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
function compareResponses(ctx: PlanContext, existing: Message, message: ImportedMessage): { reasons: string[]; breaking: boolean; rewritten: string[] } {
  const dir = resourceDir(existing);
  const plan = components(ctx);
  const current = existing.operation?.responses ?? [];
  const target = (status: string) => join(dir, `response-${status}.json`);
  const wanted = new Map((message.responses ?? []).filter((r) => r.schema).map((r) => [r.status, plan.render(r.schema, target(r.status))]));
  const reasons: string[] = [];
  const rewritten: string[] = [];
  let breaking = false;
  for (const response of current) {
    const next = wanted.get(response.status);
    if (next === undefined) {
      reasons.push(`${response.status} removed`);
      breaking = true;
      continue;
    }
    const comparison = compareSchema(ctx, response.schema?.value, response.schema?.file, next, target(response.status));
    if (comparison === 'same-meaning' && response.schema?.file === target(response.status)) rewritten.push(response.status);
    else if (comparison === 'changed') {
      reasons.push(`${response.status} changed`);
      const before = response.schema ? stripDialect(plan.meaning(response.schema.value, response.schema.file)) : undefined;
      breaking ||= judgeSchemaChange(before, stripDialect(plan.meaning(next, target(response.status))), 'FORWARD').breaking;
    }
  }
  for (const status of wanted.keys()) if (!current.some((r) => r.status === status)) reasons.push(`${status} added`);
  return { reasons, breaking, rewritten };
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
