/**
 * Reads an AsyncAPI 2.x or 3.x document into an {@link ImportedService}. @asyncapi/parser validates the
 * document and resolves its references (other files under the root too, schema formats it knows); the
 * resolved document is then read through the spec view (src/spec/asyncapi-view.ts) — its channels,
 * operations, messages (traits applied, unnamed ones named after their operation) and replies — as every
 * other reader of the catalog reads it.
 *
 * Direction is the application's: in 2.x a channel's `subscribe` operation means the application
 * *publishes* (consumers subscribe to it), so its messages are the service's `sends`; `publish` means the
 * application *receives*. The view's `action` (`send` / `receive`) encodes exactly that for 2.x and is
 * 3.x's `action` directly.
 */
import path from 'node:path';
import semver from 'semver';
import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { offlineAsyncapiParser, type RefusedReference } from '../catalog/asyncapi-parser.ts';
import { collectRefs, resolvePointer } from '../catalog/schema-files.ts';
import { isMessageKind, type MessageKind } from '../catalog/model.ts';
import { addFollowedReference, addRefusedReference, DocumentFindings, firstLine } from './findings.ts';
import { IdAllocator, isSafeId, toSafeChannelId, toSafeId } from './ids.ts';
import type { ImportedChannel, ImportedFlow, ImportedMessage, ImportedReply, ImportReading, ImportedService } from './model.ts';
import { DATA_KEYWORDS, plainSchema } from './schema-bundle.ts';
import { COMPONENT_REF, sharedComponents } from './shared-components.ts';
import { asyncApiView, followLocal, type AsyncApiView, type AsyncChannel, type AsyncMessage, type AsyncOperation, type Pointer } from '../spec/index.ts';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ReadOptions {
  /** Service id to use instead of one derived from `info.title`. */
  serviceId?: string;
  /** How the document is named in diagnostics (default: its path). */
  displayName?: string;
  /**
   * The folder relative file references may reach (`--root`); default: the nearest folder above the
   * document holding `.git`, else the document's own folder. Nothing outside it, and no URL, is read.
   */
  root?: string;
}

/**
 * Parses and reads an AsyncAPI document. Returns no service when the document is invalid (the parser's
 * errors are the diagnostics).
 */
export async function readAsyncapi(file: string, text: string, raw: Record<string, unknown>, options: ReadOptions = {}): Promise<{ service?: ImportedService; diagnostics: ImportReading['diagnostics'] }> {
  const findings = new DocumentFindings(options.displayName ?? file, text);
  const root = options.root ?? path.dirname(path.resolve(file));
  const refused: RefusedReference[] = [];
  // Files under the root may be read; nothing is fetched.
  const { document, diagnostics } = await offlineAsyncapiParser(root, (r) => refused.push(r)).parse(text, { source: path.resolve(file) });
  const refs = collectRefs(raw);
  for (const r of refused) {
    // Located at the document's own $ref when the reference is written there.
    const target = (ref: string) => (/^https?:/i.test(ref) ? ref.split('#')[0] : path.resolve(path.dirname(path.resolve(file)), ref.split('#')[0]));
    const at = refs.find((x) => !x.ref.startsWith('#') && target(x.ref) === r.uri.split('#')[0])?.path ?? [];
    addRefusedReference(findings, r, root, at);
  }
  for (const d of diagnostics) {
    if (d.severity !== 0) continue;
    // What an unfollowed reference left empty is not a problem of its own: the reference was said above.
    if (refused.length && (d.code === 'invalid-ref' || d.code === 'asyncapi-document-resolved' || d.code === 'asyncapi-schemas-v2' || d.code === 'asyncapi-payload')) continue;
    findings.add('spec-invalid', 'error', `AsyncAPI ${d.code}: ${d.message}`, d.path);
  }
  if (!document || refused.length) return { diagnostics: findings.diagnostics };
  for (const { ref, path: at } of refs) {
    if (!ref.startsWith('#')) addFollowedReference(findings, ref, at);
  }
  return { service: readDocument(document, file, text, raw, findings, options), diagnostics: findings.diagnostics };
}

function readDocument(document: AsyncAPIDocumentInterface, file: string, text: string, raw: Record<string, unknown>, findings: DocumentFindings, options: ReadOptions): ImportedService {
  // The document as the parser resolved it (other files' parts in, traits applied), read through the spec
  // view as every reader of the catalog reads it.
  const resolved = document.json() as Record<string, unknown>;
  const view = asyncApiView(resolved);
  const info = (resolved.info ?? {}) as Record<string, unknown>;
  const title = String(info.title ?? '');
  const declared = (raw.info as Record<string, unknown> | undefined)?.['x-waybill-id'];
  const pinned = typeof declared === 'string' && isSafeId(declared) ? declared : undefined;
  const serviceId = options.serviceId ?? pinned ?? toSafeId(title);
  if (!options.serviceId && !pinned && serviceId !== title) {
    findings.add('import-id-changed', 'warning', `The title '${title}' is not safe as a service id ($, spaces, dots); the service is imported as '${serviceId}'.`, ['info', 'title'], 'Pass --service ID to choose the id.');
  }
  const channelById = new Map(view.channels.map((c) => [c.id, c]));
  const channelIds = new IdAllocator();
  const channels = new Map<string, ImportedChannel>();
  const channelOf = (source: string): string[] => {
    const channel = channelById.get(source);
    if (!channel) return [];
    const id = channelIds.allocate(source, toSafeChannelId);
    if (!channels.has(id)) {
      if (id !== source) findings.add('import-id-changed', 'warning', `The channel name '${source}' is not safe as an id; it is imported as '${id}'.`, ['channels', source]);
      channels.set(id, readChannel(channel, id, view, resolved));
    }
    return [id];
  };

  const reader = new MessageReader(raw, findings, sharedPayloadComponents(view, raw));
  const components: Record<string, Record<string, unknown>> = {};
  // The parser may have copied a component (traits): its first copy is the component's content.
  for (const [node, name] of reader.shared) components[name] ??= { $schema: DRAFT_07, ...(plainSchema(node, { defsKey: 'definitions', external: (n) => referTo(reader.shared, n) }) as object) };
  const sends = new Map<string, Set<string>>();
  const receives = new Map<string, Set<string>>();
  const replies = new Map<Map<string, Set<string>>, Map<string, ImportedReply>>([[sends, new Map()], [receives, new Map()]]);
  const operationsOf = new Map<Map<string, Set<string>>, Map<string, Map<string, Record<string, unknown>>>>([[sends, new Map()], [receives, new Map()]]);
  const addFlow = (flows: Map<string, Set<string>>, id: string, flowChannels: string[]) => {
    const entry = reader.messages.get(id) as ImportedMessage;
    for (const c of flowChannels) if (!entry.channels.includes(c)) entry.channels.push(c);
    const set = flows.get(id) ?? new Set<string>();
    for (const c of flowChannels) set.add(c);
    flows.set(id, set);
  };
  for (const operation of view.operations) {
    const opChannels = operation.channelId ? channelOf(operation.channelId) : [];
    const flows = operation.action === 'send' ? sends : receives;
    const described = operationFields(operation, opChannels);
    for (const message of operation.messages.values()) {
      const id = reader.read(message);
      addFlow(flows, id, opChannels);
      // Per channel: the same message sent (or received) through several channels by several operations keeps each.
      if (described) {
        const byChannel = operationsOf.get(flows)!.get(id) ?? new Map<string, Record<string, unknown>>();
        for (const c of opChannels.length ? opChannels : ['']) if (!byChannel.has(c)) byChannel.set(c, described);
        operationsOf.get(flows)!.set(id, byChannel);
      }
    }
    const reply = operation.reply;
    if (reply) {
      // The other party answers: a service that receives the request sends the reply, and the reverse.
      const replyFlows = operation.action === 'send' ? receives : sends;
      const replyChannelId = reply.channelId ? channelOf(reply.channelId)[0] : undefined;
      const ids = [...reply.messages.values()].map((message) => {
        const id = reader.read(message);
        addFlow(replyFlows, id, replyChannelId ? [replyChannelId] : []);
        return id;
      });
      const answer: ImportedReply = { ...(replyChannelId ? { channel: replyChannelId } : {}), ...(reply.location ? { address: reply.location } : {}), messages: ids };
      for (const message of operation.messages.values()) replies.get(flows)!.set(reader.read(message), answer);
    }
  }
  const flowList = (map: Map<string, Set<string>>): ImportedFlow[] =>
    [...map].map(([message, set]) => {
      const reply = replies.get(map)!.get(message);
      // One channel: its operation is the entry's `operation`; several: `operations`, one per channel.
      const byChannel = operationsOf.get(map)!.get(message);
      const operation = set.size <= 1 ? byChannel?.values().next().value : undefined;
      const operations = set.size > 1 && byChannel ? [...set].filter((c) => byChannel.has(c)).map((c) => ({ channel: c, ...byChannel.get(c) })) : [];
      return { message, channels: [...set], ...(reply ? { reply } : {}), ...(operation ? { operation } : {}), ...(operations.length ? { operations } : {}) };
    });
  const version = typeof info.version === 'string' ? info.version : '';
  const description = typeof info.description === 'string' ? info.description : undefined;
  return {
    id: serviceId,
    sourceName: title,
    name: title,
    ...(semver.valid(version) ? { version } : {}),
    ...(firstLine(description) ? { summary: firstLine(description) } : {}),
    ...(description ? { description } : {}),
    sends: flowList(sends),
    receives: flowList(receives),
    messages: [...reader.messages.values()],
    channels: [...channels.values()],
    ...(reader.shared.size ? { components } : {}),
    spec: { type: 'asyncapi', specVersion: view.version, title, fileName: path.basename(file), text, document: raw },
  };
}

/** The protocols of the servers a channel is on (a channel that names none is on all of them). */
function serverProtocols(view: AsyncApiView, channel: AsyncChannel): string[] {
  return view.servers.filter((s) => s.protocol && (channel.servers.length === 0 || channel.servers.includes(s.name))).map((s) => s.protocol as string);
}

function readChannel(channel: AsyncChannel, id: string, view: AsyncApiView, resolved: Record<string, unknown>): ImportedChannel {
  const json = channel.object;
  const protocols = new Set<string>(serverProtocols(view, channel));
  // Protocols a catalog channel has without a server or binding to show them (written by `waybill export`).
  const declared = json['x-waybill-protocols'];
  if (Array.isArray(declared)) for (const p of declared) if (typeof p === 'string') protocols.add(p);
  const bindings: Record<string, unknown> = {};
  if (isRecord(channel.bindings)) {
    for (const [protocol, binding] of Object.entries(channel.bindings)) {
      if (protocol.startsWith('$')) continue;
      protocols.add(protocol);
      bindings[protocol] = plainSchema(binding, { defsKey: 'definitions' });
    }
  }
  const parameters: NonNullable<ImportedChannel['parameters']> = {};
  if (isRecord(json.parameters)) {
    for (const [name, rawParameter] of Object.entries(json.parameters)) {
      const parameter = followLocal(resolved, rawParameter, [...channel.pointer, 'parameters', name]).value;
      if (!isRecord(parameter)) continue;
      // 2.x keeps enum/default/examples in a schema; 3.x on the parameter itself.
      const source = isRecord(parameter.schema) ? { ...parameter.schema, ...parameter } : parameter;
      const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
      parameters[name] = {
        ...(strings(source.enum) ? { enum: strings(source.enum) } : {}),
        ...(source.default !== undefined ? { default: String(source.default) } : {}),
        ...(typeof parameter.description === 'string' ? { description: parameter.description } : {}),
        ...(strings(source.examples) ? { examples: strings(source.examples) } : {}),
      };
    }
  }
  const said = (key: 'summary' | 'description') => (typeof json[key] === 'string' ? (json[key] as string) : undefined);
  const summary = firstLine(said('summary') ?? said('description'));
  return {
    id,
    sourceName: channel.id,
    address: channel.address,
    protocols: [...protocols].sort(),
    ...(summary ? { summary } : {}),
    ...(Object.keys(parameters).length ? { parameters } : {}),
    ...(Object.keys(bindings).length ? { bindings } : {}),
  };
}

/** Reads each message of the view into an {@link ImportedMessage} the first time it is seen, and gives its id. */
class MessageReader {
  readonly messages = new Map<string, ImportedMessage>();
  readonly #ids = new IdAllocator();
  /** An unnamed message's allocator key: one unnamed message used twice is one message. */
  readonly #unnamed = new Map<object, string>();
  readonly #raw: Record<string, unknown>;
  readonly #findings: DocumentFindings;
  readonly shared: Map<object, string>;

  constructor(raw: Record<string, unknown>, findings: DocumentFindings, shared: Map<object, string>) {
    this.#raw = raw;
    this.#findings = findings;
    this.shared = shared;
  }

  /** The id of a message, reading it into `messages` the first time it is seen. */
  read(message: AsyncMessage): string {
    const json = message.object;
    const components = ((this.#raw.components as Record<string, unknown> | undefined)?.messages ?? {}) as Record<string, unknown>;
    // Point at the definition in components when there is one, not at the operation that uses it.
    const at = message.componentName !== undefined && Object.hasOwn(components, message.componentName) ? ['components', 'messages', message.componentName] : message.pointer;
    // An id the document pins (written by `waybill export`) is used only when it is safe as a folder name.
    const pinned = typeof json['x-waybill-id'] === 'string' && isSafeId(json['x-waybill-id']) ? json['x-waybill-id'] : undefined;
    const named = pinned ?? message.name ?? message.messageId ?? message.componentName ?? message.title;
    // An unnamed message is named after its operation or channel (the view's key).
    const source = named ?? message.key;
    let id: string;
    if (named) id = this.#ids.allocate(named, pinned ? (s) => s : toSafeId);
    else {
      // The parser names each unnamed message (`<anonymous-message-N>`) once, however often it is copied.
      const parserName = json['x-parser-message-name'];
      const key = typeof parserName === 'string' ? parserName : this.#unnamed.get(json) ?? `<unnamed ${this.#unnamed.size}>`;
      this.#unnamed.set(json, key);
      id = this.#ids.allocate(key, () => toSafeId(source));
    }
    if (this.messages.has(id)) return id;
    if (!named) {
      this.#findings.add('import-message-unnamed', 'info', `A message has no name, messageId or title; it is imported as '${id}', after ${message.anonymous && !/^\d+$/.test(message.key) ? 'its operation or channel' : 'its place in the document'}.`, at, 'Give the message a `name` (or `messageId`) to choose its id.');
    }
    if (!pinned && named && id !== source) {
      this.#findings.add('import-id-changed', 'warning', `The message name '${source}' is not safe as an id ($, spaces, dots); it is imported as '${id}'.`, at, 'Give the message a `name` of letters, digits, - and _ to choose the id.');
    }
    const declaredKind = json['x-eventcatalog-message-type'];
    const kind: MessageKind = typeof declaredKind === 'string' && isMessageKind(declaredKind) ? declaredKind : 'event';
    const declaredVersion = json['x-eventcatalog-message-version'];
    const schema = payloadSchema(message, source, at, this.#findings, this.shared);
    const extras = asyncapiExtras(message);
    const summary = firstLine(message.summary ?? message.description);
    this.messages.set(id, {
      id,
      sourceName: source,
      kind,
      name: message.title ?? source,
      ...(summary ? { summary } : {}),
      ...(message.description ? { description: message.description } : {}),
      ...(typeof declaredVersion === 'string' && semver.valid(declaredVersion) ? { version: declaredVersion } : {}),
      ...(message.name && message.name !== id ? { wireName: message.name } : {}),
      ...(message.contentType ? { contentType: message.contentType } : {}),
      ...(schema ? { schema } : {}),
      channels: [],
      ...(extras ? { asyncapi: extras } : {}),
    });
    return id;
  }
}

/**
 * What an operation says beyond its channel and messages: its id, title, summary, description, bindings
 * and traits. An id of the form `<channel>.<send|receive>[.<message>]` is the one `waybill export` makes
 * up for an operation that had none, so it is not kept.
 */
function operationFields(operation: AsyncOperation, channels: string[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const id = operation.operationId;
  const madeUp = (c: string) => ['send', 'receive'].some((action) => id === `${c}.${action}` || id?.startsWith(`${c}.${action}.`));
  if (id && !channels.some(madeUp)) out.id = id;
  for (const key of ['title', 'summary', 'description'] as const) if (operation[key]) out[key] = operation[key];
  for (const [key, value] of Object.entries({ bindings: operation.bindings, traits: operation.object.traits })) {
    if (value && typeof value === 'object' && Object.keys(value).length) out[key] = plainSchema(value, { defsKey: 'definitions' });
  }
  return Object.keys(out).length ? out : undefined;
}

/** Headers, correlation id, bindings and traits of a message, as plain JSON (parser annotations removed). */
function asyncapiExtras(message: AsyncMessage): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const parts = { headers: message.headers?.value, correlationId: message.correlationId, bindings: message.bindings, traits: message.object.traits };
  for (const [key, value] of Object.entries(parts)) {
    if (value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0)) continue;
    out[key] = plainSchema(value, { defsKey: 'definitions' });
  }
  return Object.keys(out).length ? out : undefined;
}

/** A shared component as the reference a reader writes for it (shared-components.ts); undefined for any other node. */
function referTo(shared: Map<object, string>, node: object): string | undefined {
  const name = shared.get(node);
  return name === undefined ? undefined : `${COMPONENT_REF}${name}`;
}

/**
 * The component schemas (`components.schemas`) two or more messages' payloads use, as the resolved
 * document's schema objects (each named by the file name the component gets). Which component is shared
 * is read from the document as written: the parser copies a message's schemas when it applies traits, so
 * object identity and `x-parser-schema-id` do not tell. Each resolved payload is then walked beside its
 * written form, and the objects a written `$ref` to a shared component became are marked.
 */
function sharedPayloadComponents(view: AsyncApiView, raw: Record<string, unknown>): Map<object, string> {
  // One use per message as written (an operation's message and the channel's it refers to are one), but
  // every resolved copy of its payload is walked: each is what some reader of the view reads.
  const written = new Map<unknown, unknown>();
  const pairs: { parsed: unknown; raw: unknown }[] = [];
  const all = [...view.channels.flatMap((c) => [...c.messages.values()]), ...view.operations.flatMap((o) => [...o.messages.values(), ...(o.reply?.messages.values() ?? [])])];
  for (const message of all) {
    if (!message.payload) continue;
    const schema = rawAt(raw, message.payload.pointer);
    if (schema === undefined) continue;
    const where = rawAt(raw, message.pointer) ?? message.pointer.join('/');
    if (!written.has(where)) written.set(where, schema);
    pairs.push({ parsed: message.payload.value, raw: schema });
  }
  const uses = [...written.values()];
  const shared = sharedComponents(raw, uses, (ref) => /^#\/components\/schemas\/[^/]+$/.test(ref));
  const marked = new Map<object, string>();
  if (shared.size === 0) return marked;
  const seen = new Set<object>();
  const walk = (writtenNode: unknown, parsed: unknown): void => {
    if (!parsed || typeof parsed !== 'object') return;
    let node = writtenNode;
    for (let hops = 0; hops < 32 && node && typeof node === 'object' && typeof (node as Record<string, unknown>).$ref === 'string'; hops++) {
      const ref = (node as Record<string, string>).$ref;
      if (!ref.startsWith('#')) break;
      if (shared.has(ref) && !marked.has(parsed)) marked.set(parsed, shared.get(ref) as string);
      node = resolvePointer(raw, ref);
    }
    if (seen.has(parsed)) return;
    seen.add(parsed);
    const record = (node && typeof node === 'object' ? node : {}) as Record<string, unknown>;
    for (const [key, child] of Object.entries(parsed)) {
      if (!DATA_KEYWORDS.has(key) && !key.startsWith('x-parser-')) walk(record[key], child);
    }
  };
  for (const { parsed, raw: schema } of pairs) walk(schema, parsed);
  return marked;
}

/** The node of the written document at a pointer of the resolved one, following local `$ref`s on the way. */
function rawAt(raw: Record<string, unknown>, pointer: Pointer): unknown {
  let node: unknown = raw;
  for (const segment of pointer) {
    node = followLocal(raw, node, []).value;
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return followLocal(raw, node, []).value;
}

function payloadSchema(message: AsyncMessage, name: string, at: (string | number)[], findings: DocumentFindings, shared: Map<object, string>): Record<string, unknown> | undefined {
  const json = message.payload?.value ?? undefined;
  const format = message.schemaFormat ?? '';
  if (json !== undefined && !/^application\/(vnd\.aai\.asyncapi|schema\+json|schema\+yaml)/.test(format)) {
    findings.add('import-schema-format', 'warning', `The payload of '${name}' is in ${format}, which the importer does not convert; the message is imported without a schema.`, [...at, 'payload']);
    return undefined;
  }
  const whole = json && typeof json === 'object' ? referTo(shared, json) : undefined;
  const value = whole ? { $ref: whole } : json !== undefined ? plainSchema(json, { defsKey: 'definitions', external: (n) => referTo(shared, n) }) : undefined;
  if (!value || typeof value !== 'object' || Object.keys(value).length === 0) {
    findings.add('import-empty-payload', 'warning', `The message '${name}' has no payload schema; it is imported without one.`, at, 'Describe the payload, so consumers and code generators know its shape.');
    return undefined;
  }
  const schema: Record<string, unknown> = { $schema: DRAFT_07, ...(value as Record<string, unknown>) };
  if (message.examples.length) {
    const known = Array.isArray(schema.examples) ? [...(schema.examples as unknown[])] : [];
    for (const example of message.examples) if (!known.some((k) => JSON.stringify(k) === JSON.stringify(example))) known.push(example);
    schema.examples = known;
  }
  return schema;
}
