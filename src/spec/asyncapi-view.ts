/**
 * The typed view of an AsyncAPI document (2.x or 3.x), read once per document from the application's
 * point of view: its servers (protocol, host, pathname, variables, security, bindings), its channels (by
 * address, with their messages), and its operations — `send` (2.x `subscribe`: the application
 * publishes, others subscribe) or `receive` (2.x `publish`) — each with its messages, payloads, headers,
 * bindings and (3.x) reply, and the JSON pointer of every part. Local `$ref`s are followed.
 */
import { followLocal, localPointer, type Pointer } from './local-ref.ts';

type Json = Record<string, unknown>;

export interface AsyncMessage {
  /** Identity across versions: messageId, name, component name, title or position. */
  readonly key: string;
  readonly name?: string;
  readonly payload?: { readonly value: unknown; readonly pointer: Pointer };
  readonly headers?: { readonly value: unknown; readonly pointer: Pointer };
  readonly schemaFormat?: string;
  /** The message's content type, else the document's `defaultContentType`. */
  readonly contentType?: string;
  readonly correlationId?: unknown;
  readonly bindings?: unknown;
  /** The message object as written (after its `$ref`). */
  readonly object: Json;
  readonly pointer: Pointer;
}

export interface AsyncChannel {
  /** The channel's key in `channels`. */
  readonly id: string;
  /** The address (2.x: the channel key; 3.x: `address`, else the channel id). */
  readonly address: string;
  /** Its messages (3.x: `messages`; 2.x: those of its operations). */
  readonly messages: ReadonlyMap<string, AsyncMessage>;
  /** Names of the servers it is on (empty: all). */
  readonly servers: readonly string[];
  readonly bindings?: unknown;
  readonly pointer: Pointer;
}

export interface AsyncReply {
  /** The reply channel's address, else the runtime expression of `address.location`. */
  readonly address?: string;
  readonly channelId?: string;
  readonly messages: ReadonlyMap<string, AsyncMessage>;
  readonly pointer: Pointer;
}

export interface AsyncOperation {
  /** 3.x: its key in `operations`; 2.x: its `operationId`, else `<verb> <address>`. */
  readonly id: string;
  readonly action: 'send' | 'receive';
  readonly channelId: string;
  readonly address: string;
  readonly messages: ReadonlyMap<string, AsyncMessage>;
  readonly reply?: AsyncReply;
  readonly summary?: string;
  readonly description?: string;
  readonly bindings?: unknown;
  /** The operation object as written (after its `$ref`). */
  readonly object: Json;
  readonly pointer: Pointer;
}

export interface AsyncServer {
  readonly name: string;
  /** url (2.x) or protocol://host/pathname (3.x), for people. */
  readonly url: string;
  readonly protocol?: string;
  readonly protocolVersion?: string;
  /** Host (and port), variables unexpanded: 3.x `host`, or 2.x `url` without its scheme and path. */
  readonly host: string;
  /** 3.x `pathname`, or the path of a 2.x `url`. */
  readonly pathname?: string;
  /** Variable name → its default (undefined when it has none). */
  readonly variables: ReadonlyMap<string, string | undefined>;
  /**
   * The URL a client connects to: variables replaced by their defaults, the protocol as scheme when the
   * URL has none. Undefined when a variable has no default.
   */
  readonly connectUrl?: string;
  /** Names of the security schemes it uses (2.x requirement keys; 3.x the schemes referred to). */
  readonly security: readonly string[];
  readonly bindings?: unknown;
  /** The server object as written (after its `$ref`). */
  readonly object: Json;
  readonly pointer: Pointer;
}

export interface AsyncApiView {
  /** `2.6.0`, `3.0.0`, … */
  readonly version: string;
  readonly servers: readonly AsyncServer[];
  readonly channels: readonly AsyncChannel[];
  readonly operations: readonly AsyncOperation[];
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

class Reader {
  readonly doc: Json;

  constructor(doc: Json) {
    this.doc = doc;
  }

  message(raw: unknown, pointer: Pointer, fallback: string): AsyncMessage | undefined {
    const { value, pointer: at, name } = followLocal(this.doc, raw, pointer);
    if (!isRecord(value)) return undefined;
    const key = [value.messageId, value.name, name, value.title].find((k): k is string => typeof k === 'string') ?? fallback;
    const part = (field: 'payload' | 'headers') => (field in value ? { value: value[field], pointer: [...at, field] } : undefined);
    const payload = part('payload');
    const headers = part('headers');
    const contentType = text(value.contentType) ?? text(this.doc.defaultContentType);
    return {
      key,
      ...(text(value.name) ? { name: text(value.name) } : {}),
      ...(payload ? { payload } : {}),
      ...(headers ? { headers } : {}),
      ...(text(value.schemaFormat) ? { schemaFormat: text(value.schemaFormat) } : {}),
      ...(contentType ? { contentType } : {}),
      ...(value.correlationId !== undefined ? { correlationId: followLocal(this.doc, value.correlationId, [...at, 'correlationId']).value } : {}),
      ...(value.bindings !== undefined ? { bindings: value.bindings } : {}),
      object: value,
      pointer: at,
    };
  }

  /** 2.x `message` (one, or `oneOf`), or a 3.x list of references. */
  messages(raw: unknown, pointer: Pointer): Map<string, AsyncMessage> {
    const out = new Map<string, AsyncMessage>();
    const { value, pointer: at } = followLocal(this.doc, raw, pointer);
    const list: [unknown, Pointer][] = isRecord(value) && Array.isArray(value.oneOf)
      ? value.oneOf.map((m, i) => [m, [...at, 'oneOf', i]])
      : Array.isArray(value) ? value.map((m, i) => [m, [...at, i]]) : value === undefined ? [] : [[raw, pointer]];
    list.forEach(([m, p], i) => {
      const found = this.message(m, p, String(i));
      if (found) out.set(found.key, found);
    });
    return out;
  }

  /** A 3.x channel's `messages` map. */
  channelMessages(channel: Json, at: Pointer): Map<string, AsyncMessage> {
    const out = new Map<string, AsyncMessage>();
    if (!isRecord(channel.messages)) return out;
    for (const [key, m] of Object.entries(channel.messages)) {
      const found = this.message(m, [...at, 'messages', key], key);
      if (found) out.set(found.key, found);
    }
    return out;
  }

  servers(version3: boolean): AsyncServer[] {
    if (!isRecord(this.doc.servers)) return [];
    return Object.entries(this.doc.servers).flatMap(([name, raw]) => {
      const { value: s, pointer } = followLocal(this.doc, raw, ['servers', name]);
      return isRecord(s) ? [this.server(name, s, pointer, version3)] : [];
    });
  }

  server(name: string, s: Json, pointer: Pointer, version3: boolean): AsyncServer {
    const protocol = text(s.protocol);
    let host: string;
    let pathname: string | undefined;
    let written: string;
    if (version3) {
      host = text(s.host) ?? '';
      pathname = text(s.pathname);
      written = `${protocol ?? ''}://${host}${pathname ?? ''}`;
    } else {
      written = text(s.url) ?? '';
      const withoutScheme = written.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
      const slash = withoutScheme.indexOf('/');
      host = slash === -1 ? withoutScheme : withoutScheme.slice(0, slash);
      pathname = slash === -1 ? undefined : withoutScheme.slice(slash);
    }
    const variables = new Map<string, string | undefined>();
    if (isRecord(s.variables)) {
      for (const [key, rawVariable] of Object.entries(s.variables)) {
        const variable = followLocal(this.doc, rawVariable, [...pointer, 'variables', key]).value;
        variables.set(key, isRecord(variable) && variable.default !== undefined ? String(variable.default) : undefined);
      }
    }
    const base = version3 ? `${host}${pathname ?? ''}` : written;
    let unresolved = false;
    const expanded = base.replace(/\{([^}]+)\}/g, (_m, key: string) => {
      const value = variables.get(key);
      if (value === undefined) unresolved = true;
      return value ?? '';
    });
    const connectUrl = unresolved || !expanded ? undefined : /^[a-z][a-z0-9+.-]*:\/\//i.test(expanded) ? expanded : protocol ? `${protocol}://${expanded}` : undefined;
    const security = Array.isArray(s.security)
      ? s.security.flatMap((requirement) => {
        if (version3) {
          const ref = isRecord(requirement) && typeof requirement.$ref === 'string' ? localPointer(requirement.$ref) : undefined;
          return ref?.length ? [String(ref[ref.length - 1])] : [];
        }
        return isRecord(requirement) ? Object.keys(requirement) : [];
      })
      : [];
    return {
      name,
      url: written,
      ...(protocol ? { protocol } : {}),
      ...(text(s.protocolVersion) ? { protocolVersion: text(s.protocolVersion) } : {}),
      host,
      ...(pathname !== undefined ? { pathname } : {}),
      variables,
      ...(connectUrl ? { connectUrl } : {}),
      security,
      ...(s.bindings !== undefined ? { bindings: s.bindings } : {}),
      object: s,
      pointer,
    };
  }
}

/** Names of the servers a channel lists (3.x: by reference, or the server itself in a dereferenced document). */
function serverNames(doc: Json, value: unknown, version3: boolean): string[] {
  if (!Array.isArray(value)) return [];
  const servers = isRecord(doc.servers) ? Object.entries(doc.servers) : [];
  return value.flatMap((s) => {
    if (!version3) return typeof s === 'string' ? [s] : [];
    if (isRecord(s) && typeof s.$ref === 'string') {
      const ref = localPointer(s.$ref);
      return ref?.length ? [String(ref[ref.length - 1])] : [];
    }
    const same = servers.find(([, server]) => server === s);
    return same ? [same[0]] : [];
  });
}

function version2(reader: Reader, doc: Json): AsyncApiView {
  const channels: AsyncChannel[] = [];
  const operations: AsyncOperation[] = [];
  if (isRecord(doc.channels)) {
    for (const [address, raw] of Object.entries(doc.channels)) {
      const { value: c, pointer } = followLocal(doc, raw, ['channels', address]);
      if (!isRecord(c)) continue;
      const messages = new Map<string, AsyncMessage>();
      for (const [verb, action] of [['subscribe', 'send'], ['publish', 'receive']] as const) {
        const op = c[verb];
        if (!isRecord(op)) continue;
        const own = reader.messages(op.message, [...pointer, verb, 'message']);
        for (const [key, m] of own) if (!messages.has(key)) messages.set(key, m);
        operations.push({
          id: text(op.operationId) ?? `${verb} ${address}`,
          action,
          channelId: address,
          address,
          messages: own,
          ...(text(op.summary) ? { summary: text(op.summary) } : {}),
          ...(text(op.description) ? { description: text(op.description) } : {}),
          ...(op.bindings !== undefined ? { bindings: op.bindings } : {}),
          object: op,
          pointer: [...pointer, verb],
        });
      }
      channels.push({ id: address, address, messages, servers: serverNames(doc, c.servers, false), ...(c.bindings !== undefined ? { bindings: c.bindings } : {}), pointer });
    }
  }
  return { version: String(doc.asyncapi ?? ''), servers: reader.servers(false), channels, operations };
}

function channelIdOf(ref: unknown): string {
  const pointer = isRecord(ref) && typeof ref.$ref === 'string' ? localPointer(ref.$ref) : undefined;
  return pointer?.length === 2 && pointer[0] === 'channels' ? String(pointer[1]) : '';
}

function version3(reader: Reader, doc: Json): AsyncApiView {
  const channels: AsyncChannel[] = [];
  const byId = new Map<string, AsyncChannel>();
  if (isRecord(doc.channels)) {
    for (const [id, raw] of Object.entries(doc.channels)) {
      const { value: c, pointer } = followLocal(doc, raw, ['channels', id]);
      if (!isRecord(c)) continue;
      const channel: AsyncChannel = {
        id,
        address: typeof c.address === 'string' ? c.address : id,
        messages: reader.channelMessages(c, pointer),
        servers: serverNames(doc, c.servers, true),
        ...(c.bindings !== undefined ? { bindings: c.bindings } : {}),
        pointer,
      };
      channels.push(channel);
      byId.set(id, channel);
    }
  }
  const operations: AsyncOperation[] = [];
  if (isRecord(doc.operations)) {
    for (const [id, raw] of Object.entries(doc.operations)) {
      const { value: op, pointer } = followLocal(doc, raw, ['operations', id]);
      if (!isRecord(op) || (op.action !== 'send' && op.action !== 'receive')) continue;
      const channelId = channelIdOf(op.channel);
      const channel = byId.get(channelId);
      const messages = Array.isArray(op.messages) ? reader.messages(op.messages, [...pointer, 'messages']) : channel?.messages ?? new Map();
      let reply: AsyncReply | undefined;
      if (op.reply !== undefined) {
        const { value: r, pointer: replyAt } = followLocal(doc, op.reply, [...pointer, 'reply']);
        if (isRecord(r)) {
          const replyChannelId = channelIdOf(r.channel);
          const replyChannel = byId.get(replyChannelId);
          const location = isRecord(r.address) ? followLocal(doc, r.address, [...replyAt, 'address']).value : undefined;
          const address = replyChannel?.address ?? (isRecord(location) ? text(location.location) : undefined);
          reply = {
            ...(address !== undefined ? { address } : {}),
            ...(replyChannelId ? { channelId: replyChannelId } : {}),
            messages: Array.isArray(r.messages) ? reader.messages(r.messages, [...replyAt, 'messages']) : replyChannel?.messages ?? new Map(),
            pointer: replyAt,
          };
        }
      }
      operations.push({
        id,
        action: op.action,
        channelId,
        address: channel?.address ?? channelId,
        messages,
        ...(reply ? { reply } : {}),
        ...(text(op.summary) ? { summary: text(op.summary) } : {}),
        ...(text(op.description) ? { description: text(op.description) } : {}),
        ...(op.bindings !== undefined ? { bindings: op.bindings } : {}),
        object: op,
        pointer,
      });
    }
  }
  return { version: String(doc.asyncapi ?? ''), servers: reader.servers(true), channels, operations };
}

/** Reads an AsyncAPI document into its view; prefer {@link asyncApiView}, which reads each document once. */
export function readAsyncApiView(doc: Json): AsyncApiView {
  const reader = new Reader(doc);
  return String(doc.asyncapi ?? '').startsWith('3') ? version3(reader, doc) : version2(reader, doc);
}
