/**
 * `waybill export asyncapi`: an AsyncAPI 3.0 document assembled from the catalog for one service — its
 * channels (address, parameters, bindings), one operation per channel and direction (`send` for what the
 * service sends, `receive` for what it receives), its messages and their payload schemas, and the servers
 * of its attached AsyncAPI document. Importing the result gives back the same catalog: ids, versions and
 * kinds the document format has no field for travel as `x-waybill-id`, `x-eventcatalog-message-version`
 * and `x-eventcatalog-message-type`.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { Channel, Message, MessageLink, Service } from '../catalog/model.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { UserError } from '../diagnostics/user-error.ts';
import { toSafeId } from '../import/ids.ts';
import { ComponentSchemas } from './schemas.ts';
import { serversOf } from './servers.ts';

type Json = Record<string, unknown>;

export interface AsyncapiExport {
  document: Json;
  diagnostics: Diagnostic[];
}

/** Builds the AsyncAPI 3.0 document of the latest version of service `serviceId`. */
export function exportAsyncapi(catalog: Catalog, serviceId: string): AsyncapiExport {
  const service = catalog.latest('service', serviceId) as Service | undefined;
  if (!service) {
    throw new UserError('unknown-service', `The catalog has no service '${serviceId}'.`, { hint: `Services: ${catalog.ids('service').sort().join(', ') || 'none'}.` });
  }
  const diagnostics: Diagnostic[] = [];
  const note = (code: string, message: string, file: string) => diagnostics.push({ code, severity: 'info', message, file, line: 0 });
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  const schemas = new ComponentSchemas();
  const { servers, securitySchemes } = serversOf(service.specifications);
  const serverProtocols = new Set(Object.values(servers ?? {}).map((s) => String((s as Json).protocol)));

  const addMessage = (message: Message): void => {
    if (message.id in messages) return;
    const fm = message.frontmatter as Json;
    let payload: Json | undefined;
    if (message.schema?.format === 'json-schema') payload = schemas.add(message.id, message.schema.value, { file: message.schema.file, load: (file) => catalog.documents.get(file) });
    else if (message.schema) note('export-schema-format', `The ${message.schema.format} schema of ${message.id} is not exported; AsyncAPI parsers need a plugin for it.`, message.schema.file);
    messages[message.id] = {
      name: message.wireName,
      title: message.name,
      ...(message.summary ? { summary: message.summary } : {}),
      ...(typeof fm.contentType === 'string' ? { contentType: fm.contentType } : {}),
      ...asyncapiExtras(fm.asyncapi),
      ...(payload ? { payload } : {}),
      ...(toSafeId(message.wireName) !== message.id ? { 'x-waybill-id': message.id } : {}),
      ...(message.kind !== 'event' ? { 'x-eventcatalog-message-type': message.kind } : {}),
      'x-eventcatalog-message-version': message.version,
    };
  };

  const addChannel = (channel: Channel): Json => {
    if (channel.id in channels) return channels[channel.id] as Json;
    const fm = channel.frontmatter as Json;
    const bindings = (fm.bindings && typeof fm.bindings === 'object' ? fm.bindings : undefined) as Json | undefined;
    const covered = new Set([...serverProtocols, ...Object.keys(bindings ?? {})]);
    const extra = channel.protocols.filter((p) => !covered.has(p));
    const entry: Json = {
      address: channel.address,
      ...(channel.summary ? { description: channel.summary } : {}),
      messages: {},
      ...(parametersOf(channel) ? { parameters: parametersOf(channel) } : {}),
      ...(bindings ? { bindings } : {}),
      ...(extra.length ? { 'x-waybill-protocols': extra } : {}),
    };
    channels[channel.id] = entry;
    return entry;
  };

  // Replies travel in their request's operation (`reply`), not in operations of their own.
  const answered = new Set<string>();
  for (const link of [...service.sends, ...service.receives]) {
    const replyChannel = link.reply?.channel ? catalog.resolve<Channel>(link.reply.channel)?.id : '';
    for (const m of link.reply?.messages ?? []) answered.add(`${catalog.resolve<Message>(m)?.id}@${replyChannel}`);
  }

  const replyOf = (link: MessageLink): Json | undefined => {
    if (!link.reply) return undefined;
    const channel = link.reply.channel ? catalog.resolve<Channel>(link.reply.channel) : undefined;
    const refs: Json[] = [];
    for (const m of link.reply.messages) {
      const message = catalog.resolve<Message>(m);
      if (!message) continue;
      addMessage(message);
      if (channel) {
        (addChannel(channel).messages as Json)[message.id] = { $ref: `#/components/messages/${message.id}` };
        refs.push({ $ref: `#/channels/${channel.id}/messages/${message.id}` });
      } else refs.push({ $ref: `#/components/messages/${message.id}` });
    }
    return {
      ...(channel ? { channel: { $ref: `#/channels/${channel.id}` } } : {}),
      ...(link.reply.address ? { address: { location: link.reply.address } } : {}),
      ...(refs.length ? { messages: refs } : {}),
    };
  };

  const flow = (links: readonly MessageLink[], action: 'send' | 'receive'): void => {
    for (const link of links) {
      const message = catalog.resolve<Message>(link);
      if (!message) continue;
      const linked = link.channels.map((c) => catalog.resolve<Channel>(c)).filter((c): c is Channel => Boolean(c));
      if (linked.length === 0) {
        if (!answered.has(`${message.id}@`)) note('export-no-channel', `${message.id} goes through no channel (an HTTP operation?), so it is not in the AsyncAPI document.`, service.file);
        continue;
      }
      addMessage(message);
      const reply = replyOf(link);
      for (const channel of linked) {
        const entry = addChannel(channel);
        (entry.messages as Json)[message.id] = { $ref: `#/components/messages/${message.id}` };
        if (answered.has(`${message.id}@${channel.id}`)) continue;
        // A request with a reply is an operation of its own, so the reply belongs to it alone.
        const kept = operationOf(link, channel.id);
        const own = typeof kept.id === 'string' && (linked.length === 1 || link.operations?.some((o) => o.channel === channel.id));
        const key = own ? (kept.id as string) : reply ? `${channel.id}.${action}.${message.id}` : `${channel.id}.${action}`;
        const { id: _id, ...fields } = kept;
        const operation = (operations[key] ??= { action, channel: { $ref: `#/channels/${channel.id}` }, ...fields, messages: [], ...(reply ? { reply } : {}) }) as { messages: Json[] };
        operation.messages.push({ $ref: `#/channels/${channel.id}/messages/${message.id}` });
      }
    }
  };
  flow(service.sends, 'send');
  flow(service.receives, 'receive');

  const components: Json = {
    ...(Object.keys(messages).length ? { messages } : {}),
    ...(Object.keys(schemas.schemas).length ? { schemas: schemas.schemas } : {}),
    ...(securitySchemes ? { securitySchemes } : {}),
  };
  const document: Json = {
    asyncapi: '3.0.0',
    info: {
      title: service.name,
      version: service.version,
      ...(descriptionOf(service) ? { description: descriptionOf(service) } : {}),
      ...(toSafeId(service.name) !== service.id ? { 'x-waybill-id': service.id } : {}),
    },
    ...(servers ? { servers } : {}),
    channels,
    operations,
    ...(Object.keys(components).length ? { components } : {}),
  };
  return { document, diagnostics };
}

/**
 * What the import kept of the operation a sends/receives entry travels in through `channel`: the entry's
 * `operations` item for that channel, else its `operation`.
 */
function operationOf(link: MessageLink, channel: string): Json {
  const kept = link.operations?.find((o) => o.channel === channel) ?? link.operation;
  if (!kept || typeof kept !== 'object' || Array.isArray(kept)) return {};
  const out: Json = {};
  for (const key of ['id', 'title', 'summary', 'description', 'bindings', 'traits']) if (kept[key] !== undefined) out[key] = kept[key];
  return out;
}

/** The full description of the attached AsyncAPI document (the import kept it there), else the summary. */
function descriptionOf(service: Service): string | undefined {
  const info = service.specifications.find((s) => s.type === 'asyncapi')?.document?.info as Json | undefined;
  return typeof info?.description === 'string' && info.description.trim() ? info.description : service.summary;
}

/** The message's headers, correlation id, bindings and traits kept by the import (frontmatter `asyncapi`). */
function asyncapiExtras(value: unknown): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Json = {};
  for (const key of ['headers', 'correlationId', 'bindings', 'traits']) if ((value as Json)[key] !== undefined) out[key] = (value as Json)[key];
  return out;
}

/** Channel parameters in 3.0 form; every `{name}` of the address has one (the format requires it). */
function parametersOf(channel: Channel): Json | undefined {
  const declared = ((channel.frontmatter as Json).parameters ?? {}) as Json;
  const out: Json = {};
  for (const [name, value] of Object.entries(declared)) out[name] = { ...(value as Json) };
  for (const match of channel.address.matchAll(/\{([^}]+)\}/g)) out[match[1]] ??= {};
  return Object.keys(out).length ? out : undefined;
}
