/**
 * Breaking changes between two versions of an AsyncAPI document (2.x or 3.x, also across the two): a
 * channel, operation or message removed; a payload or headers schema changed so that its readers fail —
 * what the application sends is read by its consumers (FORWARD), what it receives is read by the
 * application itself (BACKWARD); a content type changed; a server or a binding changed.
 */
import { checkAvroCompatibility } from '../avro.ts';
import { canonicalJson } from '../json-schema/json-value.ts';
import { asyncApiView, type AsyncMessage, type AsyncOperation, type Pointer } from '../../spec/index.ts';
import { diffSpecSchemas } from './schema-bridge.ts';
import { change, type SpecChange } from './types.ts';

type Json = Record<string, unknown>;

const isAvro = (format: string | undefined) => Boolean(format && /avro/i.test(format));

function bindingChanges(before: unknown, after: unknown, where: string, pointer: Pointer, oldPointer: Pointer): SpecChange[] {
  const was = (before && typeof before === 'object' ? before : {}) as Json;
  const now = (after && typeof after === 'object' ? after : {}) as Json;
  const out: SpecChange[] = [];
  for (const protocol of new Set([...Object.keys(was), ...Object.keys(now)])) {
    const here = `${where} ${protocol} binding`;
    if (!(protocol in now)) out.push(change('BINDING_REMOVED', 'breaking', here, `${here} was removed.`, [...oldPointer, 'bindings', protocol], 'old'));
    else if (!(protocol in was)) out.push(change('BINDING_ADDED', 'warning', here, `${here} was added.`, [...pointer, 'bindings', protocol]));
    else if (canonicalJson(was[protocol]) !== canonicalJson(now[protocol])) out.push(change('BINDING_CHANGED', 'breaking', here, `${here} changed.`, [...pointer, 'bindings', protocol]));
  }
  return out;
}

function payloadChanges(oldDoc: Json, newDoc: Json, was: AsyncMessage, now: AsyncMessage, action: AsyncOperation['action'], where: string): SpecChange[] {
  const out: SpecChange[] = [];
  const reader = action === 'send' ? 'old' : 'new';
  const explain = action === 'send' ? 'consumers built on the old schema may not read it' : 'the application no longer reads every message it read';
  for (const part of ['payload', 'headers'] as const) {
    const before = was[part];
    const after = now[part];
    if (!before || !after) {
      if (before && !after) out.push(change(`${part.toUpperCase()}_REMOVED`, action === 'send' ? 'breaking' : 'info', `${where} ${part}`, `${where} no longer has a ${part} schema.`, now.pointer));
      continue;
    }
    if (isAvro(was.schemaFormat) && isAvro(now.schemaFormat)) {
      const [readerSchema, writerSchema] = reader === 'new' ? [after.value, before.value] : [before.value, after.value];
      try {
        for (const c of checkAvroCompatibility(readerSchema, writerSchema).changes) {
          out.push(change(c.code, 'breaking', `${where} ${part}`, `${where} ${part}: ${c.code} at ${c.path} (${c.message}) — ${explain}.`, after.pointer, 'new', c.path));
        }
      } catch {
        // An unreadable Avro schema is reported by the loader's spec checks.
      }
      continue;
    }
    if (was.schemaFormat !== now.schemaFormat && (isAvro(was.schemaFormat) || isAvro(now.schemaFormat))) {
      out.push(change('SCHEMA_FORMAT_CHANGED', 'breaking', `${where} ${part}`, `${where} ${part} changed format (${was.schemaFormat ?? 'JSON Schema'} → ${now.schemaFormat ?? 'JSON Schema'}).`, after.pointer));
      continue;
    }
    for (const c of diffSpecSchemas(oldDoc, before.value, newDoc, after.value, reader)) {
      out.push(change(c.code, c.compatible ? 'info' : 'breaking', `${where} ${part}`, `${where} ${part}: ${c.code} at ${c.path}${c.compatible ? '' : ` — ${explain}`}.`, after.pointer, 'new', c.path));
    }
  }
  if ((was.contentType ?? '') !== (now.contentType ?? '')) {
    out.push(change('MESSAGE_CONTENT_TYPE_CHANGED', 'breaking', where, `${where} content type ${was.contentType ?? '(none)'} → ${now.contentType ?? '(none)'}.`, now.pointer));
  }
  out.push(...bindingChanges(was.bindings, now.bindings, where, now.pointer, was.pointer));
  return out;
}

function operationChanges(oldDoc: Json, newDoc: Json, was: AsyncOperation, now: AsyncOperation): SpecChange[] {
  const label = `${now.action} ${now.address}`;
  const out: SpecChange[] = [...bindingChanges(was.bindings, now.bindings, label, now.pointer, was.pointer)];
  for (const [key, message] of was.messages) {
    const where = `${label} message ${key}`;
    const next = now.messages.get(key);
    if (!next) out.push(change('MESSAGE_REMOVED', 'breaking', where, `${where} was removed${now.action === 'send' ? ': consumers no longer get it' : ': senders of it are no longer read'}.`, message.pointer, 'old'));
    else out.push(...payloadChanges(oldDoc, newDoc, message, next, now.action, where));
  }
  for (const [key, message] of now.messages) {
    if (!was.messages.has(key)) {
      const where = `${label} message ${key}`;
      out.push(change('MESSAGE_ADDED', now.action === 'send' ? 'warning' : 'info', where, `${where} is new${now.action === 'send' ? ': consumers of the channel may not expect it' : ''}.`, message.pointer));
    }
  }
  return out;
}

/** Every change from `oldDoc` to `newDoc`, both parsed AsyncAPI documents (2.x or 3.x). */
export function diffAsyncApi(oldDoc: Json, newDoc: Json): SpecChange[] {
  const before = asyncApiView(oldDoc);
  const after = asyncApiView(newDoc);
  const out: SpecChange[] = [];
  for (const s of before.servers) {
    const now = after.servers.find((x) => x.name === s.name);
    if (!now) out.push(change('SERVER_REMOVED', 'breaking', `server ${s.name}`, `Server ${s.name} (${s.url}) was removed.`, s.pointer, 'old'));
    else {
      // Compared by where clients connect (variables at their defaults), as verify connects.
      const was = s.connectUrl ?? s.url;
      const is = now.connectUrl ?? now.url;
      if (is !== was || (now.protocol ?? '') !== (s.protocol ?? '') || (now.protocolVersion ?? '') !== (s.protocolVersion ?? '')) {
        out.push(change('SERVER_CHANGED', 'breaking', `server ${s.name}`, `Server ${s.name} changed: ${s.protocol ?? ''} ${was} → ${now.protocol ?? ''} ${is}.`, now.pointer));
      }
      out.push(...bindingChanges(s.bindings, now.bindings, `server ${s.name}`, now.pointer, s.pointer));
    }
  }
  for (const s of after.servers) if (!before.servers.some((x) => x.name === s.name)) out.push(change('SERVER_ADDED', 'info', `server ${s.name}`, `Server ${s.name} (${s.url}) was added.`, s.pointer));
  for (const c of before.channels) {
    const now = after.channels.find((x) => x.address === c.address);
    if (!now) out.push(change('CHANNEL_REMOVED', 'breaking', `channel ${c.address}`, `Channel ${c.address} was removed.`, c.pointer, 'old'));
    else out.push(...bindingChanges(c.bindings, now.bindings, `channel ${c.address}`, now.pointer, c.pointer));
  }
  for (const c of after.channels) if (!before.channels.some((x) => x.address === c.address)) out.push(change('CHANNEL_ADDED', 'info', `channel ${c.address}`, `Channel ${c.address} was added.`, c.pointer));
  const key = (op: AsyncOperation) => `${op.action} ${op.address}`;
  for (const op of before.operations) {
    const now = after.operations.find((x) => key(x) === key(op));
    if (!now) {
      const channelGone = !after.channels.some((c) => c.address === op.address);
      if (!channelGone) out.push(change('OPERATION_REMOVED', 'breaking', key(op), `The application no longer ${op.action === 'send' ? 'sends to' : 'receives from'} ${op.address}.`, op.pointer, 'old'));
    } else out.push(...operationChanges(oldDoc, newDoc, op, now));
  }
  for (const op of after.operations) if (!before.operations.some((x) => key(x) === key(op))) out.push(change('OPERATION_ADDED', 'info', key(op), `The application now ${op.action === 'send' ? 'sends to' : 'receives from'} ${op.address}.`, op.pointer));
  return out;
}
