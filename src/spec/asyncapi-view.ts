/**
 * The typed view of an AsyncAPI document (2.x or 3.x), read once per document from the application's
 * point of view: its servers (protocol, host, pathname, variables, security, bindings), its channels (by
 * address, with their messages), and its operations — `send` (2.x `subscribe`: the application
 * publishes, others subscribe) or `receive` (2.x `publish`) — each with its messages, payloads, headers,
 * bindings and (3.x) reply, and the JSON pointer of every part. Local `$ref`s are followed.
 *
 * Message and operation traits are applied as the specification says (JSON Merge Patch, in the order
 * listed): in 2.x each trait is merged into the object in turn; in 3.x the object's own fields win over its
 * traits. Components are recognised by `$ref`, by object identity, or — in a document @asyncapi/parser
 * has resolved, where every `$ref` became a copy — by the names the parser leaves on each copy
 * (`x-parser-unique-object-id`: a 3.x channel's or message's key; `x-parser-message-name`: the component
 * name of a message without a `name`), so the view reads the same from a written and a resolved document.
 */
import { followLocal, localPointer, type Pointer } from './local-ref.ts';

type Json = Record<string, unknown>;

export interface AsyncMessage {
  /**
   * Identity across versions: messageId, name, component name, title, else (an unnamed message) named
   * after its operation or channel: `<operationId or channel>`, `-<n>` when the operation has several,
   * `Reply` for a reply's messages.
   */
  readonly key: string;
  /** Whether {@link key} was made up because the message has no messageId, name, component name or title. */
  readonly anonymous: boolean;
  readonly name?: string;
  /** 2.x `messageId`. */
  readonly messageId?: string;
  readonly title?: string;
  readonly summary?: string;
  readonly description?: string;
  /** Its key in `components.messages`, else (3.x) in its channel's `messages`. */
  readonly componentName?: string;
  /** The payload schema (of a 3.x multi-format schema object: its `schema`). */
  readonly payload?: { readonly value: unknown; readonly pointer: Pointer };
  readonly headers?: { readonly value: unknown; readonly pointer: Pointer };
  /** The payload's schema format: as written, else the default, AsyncAPI's own schema of that version. */
  readonly schemaFormat?: string;
  /** `payload` of each example (3.x and 2.x `examples[].payload`). */
  readonly examples: readonly unknown[];
  /** The message's content type, else the document's `defaultContentType`. */
  readonly contentType?: string;
  readonly correlationId?: unknown;
  readonly bindings?: unknown;
  /** The message object as written (after its `$ref`), its traits applied. */
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
  /** The channel object as written (after its `$ref`). */
  readonly object: Json;
  readonly pointer: Pointer;
}

export interface AsyncReply {
  /** The reply channel's address, else the runtime expression of `address.location`. */
  readonly address?: string;
  /** The runtime expression of the reply's `address.location`, when it has one. */
  readonly location?: string;
  readonly channelId?: string;
  readonly messages: ReadonlyMap<string, AsyncMessage>;
  readonly pointer: Pointer;
}

export interface AsyncOperation {
  /** 3.x: its key in `operations`; 2.x: its `operationId`, else `<verb> <address>`. */
  readonly id: string;
  /** 3.x: its key in `operations`; 2.x: its `operationId` when it has one. */
  readonly operationId?: string;
  readonly title?: string;
  readonly action: 'send' | 'receive';
  readonly channelId: string;
  readonly address: string;
  readonly messages: ReadonlyMap<string, AsyncMessage>;
  readonly reply?: AsyncReply;
  readonly summary?: string;
  readonly description?: string;
  readonly bindings?: unknown;
  /** The operation object as written (after its `$ref`), its traits applied. */
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
  /**
   * Every message of the document once (by where it is defined): those of `components.messages` first,
   * then those written inline in channels, operations and replies.
   */
  readonly messages: readonly AsyncMessage[];
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** RFC 7396 JSON Merge Patch of `patch` onto `target`, as a new value (neither is changed). */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const out: Json = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Where an unnamed message is named from: its operation (or channel), its place, how many there are. */
interface Naming {
  readonly after?: string;
  readonly suffix?: string;
  readonly index: number;
  readonly count: number;
}

class Reader {
  readonly doc: Json;
  readonly version3: boolean;
  /** Message objects of `components.messages` → their key. */
  readonly components = new Map<object, string>();
  /** 3.x: message objects of a channel's `messages` → their key there. */
  readonly channelKeys = new Map<object, string>();

  constructor(doc: Json) {
    this.doc = doc;
    this.version3 = String(doc.asyncapi ?? '').startsWith('3');
    const components = isRecord(doc.components) ? doc.components.messages : undefined;
    if (isRecord(components)) {
      for (const [key, raw] of Object.entries(components)) {
        const value = followLocal(doc, raw, ['components', 'messages', key]).value;
        if (isRecord(value) && !this.components.has(value)) this.components.set(value, key);
      }
    }
  }

  /** An object with its traits applied (2.x: each trait over the object in turn; 3.x: the object over its traits). */
  withTraits(value: Json, at: Pointer): Json {
    if (!Array.isArray(value.traits) || value.traits.length === 0) return value;
    const traits = value.traits.map((t, i) => followLocal(this.doc, t, [...at, 'traits', i]).value).filter(isRecord);
    if (this.version3) {
      let merged: Json = {};
      for (const trait of [...traits, value]) for (const key of Object.keys(trait)) merged = { ...merged, [key]: mergePatch(merged[key], trait[key]) };
      return merged;
    }
    let merged: Json = value;
    for (const trait of traits) for (const key of Object.keys(trait)) merged = { ...merged, [key]: mergePatch(merged[key], trait[key]) };
    return merged;
  }

  message(raw: unknown, pointer: Pointer, naming: Naming): AsyncMessage | undefined {
    const { value: written, pointer: at, name: followed } = followLocal(this.doc, raw, pointer);
    if (!isRecord(written)) return undefined;
    const value = this.withTraits(written, at);
    const parserName = text(written['x-parser-message-name']);
    const componentName = this.components.get(written) ?? this.channelKeys.get(written) ?? followed
      ?? (parserName && !parserName.startsWith('<') ? parserName : undefined) ?? (this.version3 ? text(written['x-parser-unique-object-id']) : undefined);
    const own = [value.messageId, value.name, componentName, value.title].find((k): k is string => typeof k === 'string' && k !== '');
    const named = naming.after === undefined ? undefined : `${naming.after}${naming.suffix ?? ''}${naming.count > 1 ? `-${naming.index + 1}` : ''}`;
    const key = own ?? named ?? String(naming.index);
    const payloadAt = 'payload' in value ? followLocal(this.doc, value.payload, [...at, 'payload']) : undefined;
    // A 3.x multi-format schema object holds the schema under `schema` and its format beside it.
    const multiFormat = this.version3 && payloadAt && isRecord(payloadAt.value) && 'schema' in payloadAt.value && 'schemaFormat' in payloadAt.value ? payloadAt.value : undefined;
    const payload = payloadAt ? (multiFormat ? { value: multiFormat.schema, pointer: [...payloadAt.pointer, 'schema'] } : { value: payloadAt.value, pointer: [...at, 'payload'] }) : undefined;
    const schemaFormat = payload ? text(multiFormat?.schemaFormat) ?? text(value.schemaFormat) ?? `application/vnd.aai.asyncapi;version=${String(this.doc.asyncapi ?? '')}` : text(value.schemaFormat);
    const headers = 'headers' in value ? { value: value.headers, pointer: [...at, 'headers'] } : undefined;
    const contentType = text(value.contentType) ?? text(this.doc.defaultContentType);
    const examples = Array.isArray(value.examples) ? value.examples.flatMap((e) => (isRecord(e) && e.payload !== undefined ? [e.payload] : [])) : [];
    const field = (name: 'name' | 'messageId' | 'title' | 'summary' | 'description') => (text(value[name]) ? { [name]: text(value[name]) } : {});
    return {
      key,
      anonymous: own === undefined,
      ...field('name'),
      ...field('messageId'),
      ...field('title'),
      ...field('summary'),
      ...field('description'),
      ...(componentName !== undefined ? { componentName } : {}),
      ...(payload ? { payload } : {}),
      ...(headers ? { headers } : {}),
      ...(schemaFormat ? { schemaFormat } : {}),
      examples,
      ...(contentType ? { contentType } : {}),
      ...(value.correlationId !== undefined ? { correlationId: followLocal(this.doc, value.correlationId, [...at, 'correlationId']).value } : {}),
      ...(value.bindings !== undefined ? { bindings: value.bindings } : {}),
      object: value,
      pointer: at,
    };
  }

  /** 2.x `message` (one, or `oneOf`), or a 3.x list of references; unnamed ones named after `after`. */
  messages(raw: unknown, pointer: Pointer, after?: string, suffix?: string): Map<string, AsyncMessage> {
    const out = new Map<string, AsyncMessage>();
    const { value, pointer: at } = followLocal(this.doc, raw, pointer);
    const list: [unknown, Pointer][] = isRecord(value) && Array.isArray(value.oneOf)
      ? value.oneOf.map((m, i) => [m, [...at, 'oneOf', i]])
      : Array.isArray(value) ? value.map((m, i) => [m, [...at, i]]) : value === undefined ? [] : [[raw, pointer]];
    list.forEach(([m, p], index) => {
      const found = this.message(m, p, { ...(after !== undefined ? { after } : {}), ...(suffix ? { suffix } : {}), index, count: list.length });
      if (found && !out.has(found.key)) out.set(found.key, found);
    });
    return out;
  }

  /** A 3.x channel's `messages` map. */
  channelMessages(channel: Json, at: Pointer): Map<string, AsyncMessage> {
    const out = new Map<string, AsyncMessage>();
    if (!isRecord(channel.messages)) return out;
    const entries = Object.entries(channel.messages);
    for (const [key, m] of entries) {
      const value = followLocal(this.doc, m, [...at, 'messages', key]).value;
      if (isRecord(value) && !this.channelKeys.has(value)) this.channelKeys.set(value, key);
    }
    entries.forEach(([key, m], index) => {
      const found = this.message(m, [...at, 'messages', key], { after: key, index, count: 1 });
      if (found) out.set(found.key, found);
    });
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

/** The parts of an operation (its traits applied) every version shares. */
function operationFields(op: Json): Pick<AsyncOperation, 'title' | 'summary' | 'description' | 'bindings'> {
  return {
    ...(text(op.title) ? { title: text(op.title) } : {}),
    ...(text(op.summary) ? { summary: text(op.summary) } : {}),
    ...(text(op.description) ? { description: text(op.description) } : {}),
    ...(op.bindings !== undefined ? { bindings: op.bindings } : {}),
  };
}

function version2(reader: Reader, doc: Json): Omit<AsyncApiView, 'messages'> {
  const channels: AsyncChannel[] = [];
  const operations: AsyncOperation[] = [];
  if (isRecord(doc.channels)) {
    for (const [address, raw] of Object.entries(doc.channels)) {
      const { value: c, pointer } = followLocal(doc, raw, ['channels', address]);
      if (!isRecord(c)) continue;
      const messages = new Map<string, AsyncMessage>();
      // `publish` before `subscribe`, as the parser and the specification's own field order list them.
      for (const [verb, action] of [['publish', 'receive'], ['subscribe', 'send']] as const) {
        if (!isRecord(c[verb])) continue;
        const op = reader.withTraits(c[verb], [...pointer, verb]);
        const operationId = text(op.operationId);
        const own = reader.messages(op.message, [...pointer, verb, 'message'], operationId ?? address);
        for (const [key, m] of own) if (!messages.has(key)) messages.set(key, m);
        operations.push({
          id: operationId ?? `${verb} ${address}`,
          ...(operationId ? { operationId } : {}),
          action,
          channelId: address,
          address,
          messages: own,
          ...operationFields(op),
          object: op,
          pointer: [...pointer, verb],
        });
      }
      channels.push({ id: address, address, messages, servers: serverNames(doc, c.servers, false), ...(c.bindings !== undefined ? { bindings: c.bindings } : {}), object: c, pointer });
    }
  }
  return { version: String(doc.asyncapi ?? ''), servers: reader.servers(false), channels, operations };
}

/** The id of the channel an operation or reply names: by `$ref`, else (a resolved document) by identity or the parser's id. */
function channelIdOf(ref: unknown, ids: ReadonlyMap<object, string>): string {
  const pointer = isRecord(ref) && typeof ref.$ref === 'string' ? localPointer(ref.$ref) : undefined;
  if (pointer) return pointer.length === 2 && pointer[0] === 'channels' ? String(pointer[1]) : '';
  return isRecord(ref) ? ids.get(ref) ?? text(ref['x-parser-unique-object-id']) ?? '' : '';
}

function version3(reader: Reader, doc: Json): Omit<AsyncApiView, 'messages'> {
  const channels: AsyncChannel[] = [];
  const byId = new Map<string, AsyncChannel>();
  const ids = new Map<object, string>();
  if (isRecord(doc.channels)) {
    for (const [id, raw] of Object.entries(doc.channels)) {
      const { value: c, pointer } = followLocal(doc, raw, ['channels', id]);
      if (!isRecord(c)) continue;
      if (!ids.has(c)) ids.set(c, id);
      const channel: AsyncChannel = {
        id,
        address: typeof c.address === 'string' ? c.address : id,
        messages: reader.channelMessages(c, pointer),
        servers: serverNames(doc, c.servers, true),
        ...(c.bindings !== undefined ? { bindings: c.bindings } : {}),
        object: c,
        pointer,
      };
      channels.push(channel);
      byId.set(id, channel);
    }
  }
  const operations: AsyncOperation[] = [];
  if (isRecord(doc.operations)) {
    for (const [id, raw] of Object.entries(doc.operations)) {
      const { value: written, pointer } = followLocal(doc, raw, ['operations', id]);
      if (!isRecord(written)) continue;
      const op = reader.withTraits(written, pointer);
      if (op.action !== 'send' && op.action !== 'receive') continue;
      const channelId = channelIdOf(op.channel, ids);
      const channel = byId.get(channelId);
      const messages = Array.isArray(op.messages) ? reader.messages(op.messages, [...pointer, 'messages'], id) : channel?.messages ?? new Map();
      let reply: AsyncReply | undefined;
      if (op.reply !== undefined) {
        const { value: r, pointer: replyAt } = followLocal(doc, op.reply, [...pointer, 'reply']);
        if (isRecord(r)) {
          const replyChannelId = channelIdOf(r.channel, ids);
          const replyChannel = byId.get(replyChannelId);
          const where = isRecord(r.address) ? followLocal(doc, r.address, [...replyAt, 'address']).value : undefined;
          const location = isRecord(where) ? text(where.location) : undefined;
          const address = replyChannel?.address ?? location;
          const listed = Array.isArray(r.messages) && r.messages.length > 0;
          reply = {
            ...(address !== undefined ? { address } : {}),
            ...(location !== undefined ? { location } : {}),
            ...(replyChannelId ? { channelId: replyChannelId } : {}),
            messages: listed ? reader.messages(r.messages, [...replyAt, 'messages'], id, 'Reply') : replyChannel?.messages ?? new Map(),
            pointer: replyAt,
          };
        }
      }
      operations.push({
        id,
        operationId: id,
        action: op.action,
        channelId,
        address: channel?.address ?? channelId,
        messages,
        ...(reply ? { reply } : {}),
        ...operationFields(op),
        object: op,
        pointer,
      });
    }
  }
  return { version: String(doc.asyncapi ?? ''), servers: reader.servers(true), channels, operations };
}

/** The document's messages, each once: `components.messages` first, then the inline ones. */
function allMessages(reader: Reader, doc: Json, view: Omit<AsyncApiView, 'messages'>): AsyncMessage[] {
  const out = new Map<string, AsyncMessage>();
  const add = (m: AsyncMessage) => {
    const where = JSON.stringify(m.pointer);
    if (!out.has(where)) out.set(where, m);
  };
  const components = isRecord(doc.components) ? doc.components.messages : undefined;
  if (isRecord(components)) {
    Object.entries(components).forEach(([key, raw], index) => {
      const found = reader.message(raw, ['components', 'messages', key], { after: key, index, count: 1 });
      if (found) add(found);
    });
  }
  for (const c of view.channels) for (const m of c.messages.values()) add(m);
  for (const o of view.operations) for (const m of [...o.messages.values(), ...(o.reply?.messages.values() ?? [])]) add(m);
  return [...out.values()];
}

/** Reads an AsyncAPI document into its view; prefer {@link asyncApiView}, which reads each document once. */
export function readAsyncApiView(doc: Json): AsyncApiView {
  const reader = new Reader(doc);
  const view = reader.version3 ? version3(reader, doc) : version2(reader, doc);
  return { ...view, messages: allMessages(reader, doc, view) };
}
