/**
 * Breaking changes between two versions of an OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1): an
 * operation removed; a request made stricter (a new required parameter or body, a parameter or body
 * schema that no longer accepts what it did — narrowed enum, tighter bound, changed type); a response
 * made looser (its schema no longer readable by clients built on the old one, a success status or media
 * type removed); servers changed. Request schemas are judged as the service reads them (BACKWARD),
 * response schemas as clients read them (FORWARD), with the JSON Schema diff's change codes.
 */
import { openApiView, type Content, type OpenApiOperation, type OpenApiParameter } from '../../spec/index.ts';
import { diffSpecSchemas } from './schema-bridge.ts';
import { change, type SpecChange } from './types.ts';

type Json = Record<string, unknown>;

/** An operation's identity across versions: method and path, path parameter names ignored. */
function operationKey(op: OpenApiOperation): string {
  return `${op.method} ${op.path.replace(/\{[^}]+\}/g, '{}')}`;
}

/** The operations clients call (webhooks and callbacks are the API calling out). */
const pathOperations = (doc: Json) => openApiView(doc).operations.filter((op) => op.kind === 'path');

const label = (op: OpenApiOperation) => `${op.method.toUpperCase()} ${op.path}`;

function schemaChanges(
  oldDoc: Json, oldSchema: unknown, newDoc: Json, newSchema: unknown, reader: 'new' | 'old', where: string, pointer: (string | number)[],
): SpecChange[] {
  return diffSpecSchemas(oldDoc, oldSchema, newDoc, newSchema, reader).map((c) =>
    change(
      c.code,
      c.compatible ? 'info' : 'breaking',
      where,
      reader === 'new'
        ? `${where}: ${c.code} at ${c.path}${c.compatible ? '' : ' — the service no longer accepts every request it accepted'}.`
        : `${where}: ${c.code} at ${c.path}${c.compatible ? '' : ' — clients built on the old schema may not read the new response'}.`,
      pointer,
      'new',
      c.path,
    ),
  );
}

function parameterChanges(oldDoc: Json, newDoc: Json, before: OpenApiOperation, after: OpenApiOperation): SpecChange[] {
  const out: SpecChange[] = [];
  // Path parameters are matched by their place in the path: renaming one changes nothing for clients.
  const key = (op: OpenApiOperation, p: OpenApiParameter) =>
    p.in === 'path' ? `path:${op.path.split('/').indexOf(`{${p.name}}`)}` : `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
  const old = new Map(before.parameters.map((p) => [key(before, p), p]));
  const now = new Map(after.parameters.map((p) => [key(after, p), p]));
  for (const [k, p] of now) {
    const where = `${label(after)} ${p.in} parameter ${p.name}`;
    const was = old.get(k);
    if (!was) {
      out.push(p.required
        ? change('REQUIRED_PARAMETER_ADDED', 'breaking', where, `${where} is new and required: requests without it are rejected.`, p.pointer)
        : change('OPTIONAL_PARAMETER_ADDED', 'info', where, `${where} is new and optional.`, p.pointer));
      continue;
    }
    if (p.required && !was.required) out.push(change('PARAMETER_BECAME_REQUIRED', 'breaking', where, `${where} became required.`, p.pointer));
    if (!p.required && was.required) out.push(change('PARAMETER_BECAME_OPTIONAL', 'info', where, `${where} became optional.`, p.pointer));
    out.push(...schemaChanges(oldDoc, was.schema.value, newDoc, p.schema.value, 'new', where, p.schema.pointer));
  }
  for (const [k, p] of old) {
    if (!now.has(k)) {
      const where = `${label(before)} ${p.in} parameter ${p.name}`;
      out.push(change('PARAMETER_REMOVED', p.in === 'path' ? 'info' : 'warning', where, `${where} was removed: clients that send it may see it ignored or rejected.`, p.pointer, 'old'));
    }
  }
  return out;
}

function contentChanges(
  oldDoc: Json, newDoc: Json, before: Content, after: Content, reader: 'new' | 'old', where: string, pointer: (string | number)[],
): SpecChange[] {
  const out: SpecChange[] = [];
  for (const [media, { schema }] of before) {
    const next = after.get(media)?.schema;
    if (!next) {
      out.push(change(reader === 'new' ? 'REQUEST_MEDIA_TYPE_REMOVED' : 'RESPONSE_MEDIA_TYPE_REMOVED', 'breaking', `${where} ${media}`, `${where} no longer has ${media}.`, pointer));
      continue;
    }
    out.push(...schemaChanges(oldDoc, schema.value, newDoc, next.value, reader, `${where} ${media}`, next.pointer));
  }
  for (const [media, { schema }] of after) {
    if (!before.has(media)) out.push(change(reader === 'new' ? 'REQUEST_MEDIA_TYPE_ADDED' : 'RESPONSE_MEDIA_TYPE_ADDED', 'info', `${where} ${media}`, `${where} now also has ${media}.`, schema.pointer));
  }
  return out;
}

function bodyChanges(oldDoc: Json, newDoc: Json, before: OpenApiOperation, after: OpenApiOperation): SpecChange[] {
  const where = `${label(after)} request body`;
  const was = before.requestBody;
  const now = after.requestBody;
  if (!was && !now) return [];
  if (!was && now) {
    return [now.required
      ? change('REQUEST_BODY_ADDED_REQUIRED', 'breaking', where, `${where} is new and required.`, now.pointer)
      : change('REQUEST_BODY_ADDED', 'info', where, `${where} is new and optional.`, now.pointer)];
  }
  if (was && !now) return [change('REQUEST_BODY_REMOVED', 'warning', where, `${where} was removed: clients that send one may see it ignored or rejected.`, before.pointer, 'old')];
  const out: SpecChange[] = [];
  if (now!.required && !was!.required) out.push(change('REQUEST_BODY_BECAME_REQUIRED', 'breaking', where, `${where} became required.`, now!.pointer));
  out.push(...contentChanges(oldDoc, newDoc, was!.content, now!.content, 'new', where, now!.pointer));
  return out;
}

function responseChanges(oldDoc: Json, newDoc: Json, before: OpenApiOperation, after: OpenApiOperation): SpecChange[] {
  const out: SpecChange[] = [];
  for (const [status, was] of before.responses) {
    const where = `${label(after)} response ${status}`;
    const now = after.responses.get(status);
    if (!now) {
      const success = /^2/.test(status);
      out.push(change('RESPONSE_STATUS_REMOVED', success ? 'breaking' : 'warning', where, `${where} was removed.`, after.pointer));
      continue;
    }
    out.push(...contentChanges(oldDoc, newDoc, was.content, now.content, 'old', where, now.pointer));
  }
  for (const [status, now] of after.responses) {
    if (!before.responses.has(status)) {
      const where = `${label(after)} response ${status}`;
      out.push(change('RESPONSE_STATUS_ADDED', /^2/.test(status) || status === 'default' ? 'info' : 'warning', where, `${where} is new: clients may not handle it.`, now.pointer));
    }
  }
  return out;
}

/** Servers compared by where clients go: each URL with its variables at their defaults. */
function serverChanges(oldDoc: Json, newDoc: Json): SpecChange[] {
  const before = openApiView(oldDoc).servers;
  const after = openApiView(newDoc).servers;
  const out: SpecChange[] = [];
  const urls = new Set(after.map((s) => s.expanded));
  const removed = before.filter((s) => !urls.has(s.expanded));
  const added = after.filter((s) => !before.some((b) => b.expanded === s.expanded));
  removed.forEach((s, i) => {
    const replacement = added[i];
    out.push(replacement
      ? change('SERVER_CHANGED', 'breaking', 'servers', `Server ${s.expanded} is now ${replacement.expanded}.`, replacement.pointer)
      : change('SERVER_REMOVED', 'breaking', 'servers', `Server ${s.expanded} was removed.`, s.pointer, 'old'));
  });
  for (const s of added.slice(removed.length)) out.push(change('SERVER_ADDED', 'info', 'servers', `Server ${s.expanded} was added.`, s.pointer));
  return out;
}

/** Every change from `oldDoc` to `newDoc`, both parsed OpenAPI documents (any of 2.0, 3.0, 3.1). */
export function diffOpenApi(oldDoc: Json, newDoc: Json): SpecChange[] {
  const out: SpecChange[] = [...serverChanges(oldDoc, newDoc)];
  const before = new Map(pathOperations(oldDoc).map((op) => [operationKey(op), op]));
  const after = new Map(pathOperations(newDoc).map((op) => [operationKey(op), op]));
  for (const [key, was] of before) {
    const now = after.get(key);
    if (!now) {
      out.push(change('OPERATION_REMOVED', 'breaking', label(was), `${label(was)}${was.operationId ? ` (${was.operationId})` : ''} was removed.`, was.pointer, 'old'));
      continue;
    }
    if (now.deprecated && !was.deprecated) out.push(change('OPERATION_DEPRECATED', 'warning', label(now), `${label(now)} is deprecated.`, now.pointer));
    out.push(...parameterChanges(oldDoc, newDoc, was, now), ...bodyChanges(oldDoc, newDoc, was, now), ...responseChanges(oldDoc, newDoc, was, now));
  }
  for (const [key, now] of after) {
    if (!before.has(key)) out.push(change('OPERATION_ADDED', 'info', label(now), `${label(now)} was added.`, now.pointer));
  }
  return out;
}
