/**
 * An AsyncAPI document (2.x or 3.x) read into one shape, from the application's point of view: its
 * servers, its channels (by address), and its operations — `send` (2.x `subscribe`: the application
 * publishes, others subscribe) or `receive` (2.x `publish`) — each with its messages, payloads,
 * headers and bindings, and the JSON pointer of every part. Local `$ref`s are followed.
 */
import { isObject, type JsonObject as Json } from '../json-schema/json-value.ts';
import { followLocal as follow, type Pointer } from './local-ref.ts';

export interface AsyncMessage {
  /** Identity across versions: messageId, name, title, component name or position. */
  key: string;
  payload?: { value: unknown; pointer: Pointer };
  headers?: { value: unknown; pointer: Pointer };
  schemaFormat?: string;
  contentType?: string;
  bindings?: unknown;
  pointer: Pointer;
}

export interface AsyncChannel {
  /** The address (2.x: the channel key; 3.x: `address`, else the channel id). */
  address: string;
  bindings?: unknown;
  pointer: Pointer;
}

export interface AsyncOperation {
  action: 'send' | 'receive';
  address: string;
  messages: Map<string, AsyncMessage>;
  bindings?: unknown;
  pointer: Pointer;
}

export interface AsyncServer {
  name: string;
  /** url (2.x) or protocol://host/pathname (3.x), for people. */
  url: string;
  protocol?: string;
  protocolVersion?: string;
  bindings?: unknown;
  pointer: Pointer;
}

export interface AsyncApiModel {
  servers: AsyncServer[];
  channels: AsyncChannel[];
  operations: AsyncOperation[];
}

function message(doc: Json, raw: unknown, pointer: Pointer, fallback: string): AsyncMessage | undefined {
  const { value, pointer: at, name } = follow(doc, raw, pointer);
  if (!isObject(value)) return undefined;
  const key = [value.messageId, value.name, name, value.title].find((k): k is string => typeof k === 'string') ?? fallback;
  const part = (field: 'payload' | 'headers') => (field in value ? { value: value[field], pointer: [...at, field] } : undefined);
  return {
    key,
    payload: part('payload'),
    headers: part('headers'),
    schemaFormat: typeof value.schemaFormat === 'string' ? value.schemaFormat : undefined,
    contentType: typeof value.contentType === 'string' ? value.contentType : typeof doc.defaultContentType === 'string' ? doc.defaultContentType : undefined,
    bindings: value.bindings,
    pointer: at,
  };
}

function messagesOf(doc: Json, raw: unknown, pointer: Pointer): Map<string, AsyncMessage> {
  const out = new Map<string, AsyncMessage>();
  const { value, pointer: at } = follow(doc, raw, pointer);
  const list: [unknown, Pointer][] = isObject(value) && Array.isArray(value.oneOf)
    ? value.oneOf.map((m, i) => [m, [...at, 'oneOf', i]])
    : Array.isArray(value) ? value.map((m, i) => [m, [...at, i]]) : value === undefined ? [] : [[raw, pointer]];
  list.forEach(([m, p], i) => {
    const found = message(doc, m, p, String(i));
    if (found) out.set(found.key, found);
  });
  return out;
}

/** The servers of either version; `url` makes the address people read (2.x `url`, 3.x protocol://host/pathname). */
function servers(doc: Json, url: (server: Json) => string): AsyncServer[] {
  if (!isObject(doc.servers)) return [];
  return Object.entries(doc.servers).flatMap(([name, raw]) => {
    const { value: s, pointer } = follow(doc, raw, ['servers', name]);
    return isObject(s) ? [{ name, url: url(s), protocol: s.protocol as string, protocolVersion: s.protocolVersion as string, bindings: s.bindings, pointer }] : [];
  });
}

function version2(doc: Json): AsyncApiModel {
  const model: AsyncApiModel = { servers: servers(doc, (s) => String(s.url ?? '')), channels: [], operations: [] };
  if (isObject(doc.channels)) {
    for (const [address, raw] of Object.entries(doc.channels)) {
      const { value: c, pointer } = follow(doc, raw, ['channels', address]);
      if (!isObject(c)) continue;
      model.channels.push({ address, bindings: c.bindings, pointer });
      for (const [verb, action] of [['subscribe', 'send'], ['publish', 'receive']] as const) {
        const op = c[verb];
        if (!isObject(op)) continue;
        model.operations.push({ action, address, messages: messagesOf(doc, op.message, [...pointer, verb, 'message']), bindings: op.bindings, pointer: [...pointer, verb] });
      }
    }
  }
  return model;
}

function version3(doc: Json): AsyncApiModel {
  const model: AsyncApiModel = { servers: servers(doc, (s) => `${s.protocol ?? ''}://${s.host ?? ''}${s.pathname ?? ''}`), channels: [], operations: [] };
  const addressOf = new Map<string, string>();
  if (isObject(doc.channels)) {
    for (const [id, raw] of Object.entries(doc.channels)) {
      const { value: c, pointer } = follow(doc, raw, ['channels', id]);
      if (!isObject(c)) continue;
      const address = typeof c.address === 'string' ? c.address : id;
      addressOf.set(id, address);
      model.channels.push({ address, bindings: c.bindings, pointer });
    }
  }
  if (isObject(doc.operations)) {
    for (const [id, raw] of Object.entries(doc.operations)) {
      const { value: op, pointer } = follow(doc, raw, ['operations', id]);
      if (!isObject(op) || (op.action !== 'send' && op.action !== 'receive')) continue;
      const channelRef = isObject(op.channel) && typeof op.channel.$ref === 'string' ? op.channel.$ref : '';
      const channelId = channelRef.startsWith('#/channels/') ? decodeURIComponent(channelRef.slice('#/channels/'.length)).replace(/~1/g, '/').replace(/~0/g, '~') : '';
      const address = addressOf.get(channelId) ?? channelId;
      let messages = Array.isArray(op.messages) ? messagesOf(doc, op.messages, [...pointer, 'messages']) : undefined;
      if (!messages) {
        const channel = follow(doc, op.channel, [...pointer, 'channel']);
        messages = new Map();
        const listed = isObject(channel.value) && isObject(channel.value.messages) ? channel.value.messages : {};
        for (const [key, m] of Object.entries(listed)) {
          const found = message(doc, m, [...channel.pointer, 'messages', key], key);
          if (found) messages.set(found.key, found);
        }
      }
      model.operations.push({ action: op.action, address, messages, bindings: op.bindings, pointer });
    }
  }
  return model;
}

/** Reads an AsyncAPI 2.x or 3.x document. */
export function asyncApiModel(doc: Json): AsyncApiModel {
  return String(doc.asyncapi ?? '').startsWith('3') ? version3(doc) : version2(doc);
}
