/**
 * Checks the messages of a Pact message contract against the catalog: the provider really sends a message
 * of that name, on that channel, and the schema of the version it publishes allows the example the
 * consumer expects (under its matching rules). The consumer's own catalog entry is cross-checked too.
 */
import { closest } from 'fastest-levenshtein';
import type { Catalog } from '../catalog/catalog.ts';
import type { Channel, Message, MessageLink, Service } from '../catalog/model.ts';
import { catalogRefs } from '../compat/catalog-refs.ts';
import { isObject, type JsonObject as Json } from '../compat/json-schema/json-value.ts';
import { jsonSchemaView } from '../compat/schema-view.ts';
import { checkContents, type ContentProblem } from './check-contents.ts';
import { rulesAt } from './matching-rules.ts';
import type { PactFile, PactMessage } from './pact-file.ts';
import type { Finding } from './verify.ts';

/** Metadata keys that name the channel a message travels on, by protocol habit. */
export const CHANNEL_KEYS = ['subject', 'topic', 'channel', 'queue', 'routingKey', 'routing_key', 'destination', 'address'];
/** Metadata keys that name the message, when there is no envelope. */
export const NAME_KEYS = ['name', 'messageName', 'message_name', 'messageType', 'message_type', 'eventType', 'event_type', 'type', 'ce-type', 'ce_type'];

interface Sent {
  message: Message;
  link: MessageLink;
}

/** What the provider sends: each `sends` entry resolved to the message version it publishes. */
function sentBy(catalog: Catalog, provider: Service): Sent[] {
  return provider.sends.flatMap((link) => {
    const message = catalog.resolve<Message>(link);
    return message ? [{ message, link }] : [];
  });
}

function channelsOf(catalog: Catalog, sent: Sent): Channel[] {
  const links = sent.link.channels.length ? sent.link.channels : sent.message.channels;
  return links.flatMap((l) => catalog.resolve<Channel>(l) ?? []);
}

/** An address with `{parameter}` parts as a regular expression: each part matches any text. */
function addressPattern(address: string): RegExp {
  const parts = address.split(/\{[^}]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+?')}$`);
}

/** The name, payload and where the payload is, with the catalog's envelope applied when it fits. */
function unwrap(catalog: Catalog, m: PactMessage): { name?: string; payload: unknown; base: string[]; nameAt: (string | number)[] } {
  const envelope = catalog.config.pact?.envelope;
  if (envelope && isObject(m.contents) && typeof m.contents[envelope.name] === 'string') {
    return { name: m.contents[envelope.name] as string, payload: m.contents[envelope.payload], base: [envelope.payload], nameAt: [...m.contentsAt, envelope.name] };
  }
  const key = NAME_KEYS.find((k) => typeof m.metadata[k] === 'string');
  return { name: key ? (m.metadata[key] as string) : undefined, payload: m.contents, base: [], nameAt: key ? [...m.at, 'metadata', key] : m.at };
}

function contentProblems(catalog: Catalog, sent: Sent, payload: unknown, m: PactMessage, base: string[]): ContentProblem[] | undefined {
  const schema = sent.message.schema;
  const view = schema ? jsonSchemaView(schema) : undefined;
  if (!schema || view === undefined) return undefined;
  const root = { value: view, file: schema.file, root: view, path: [] };
  return checkContents(payload, root, m.rules, base, catalogRefs(catalog), `${sent.message.name} ${sent.message.version}`);
}

/** Which message of the provider the pact message is, with findings when it cannot tell. */
function identify(catalog: Catalog, provider: Service, m: PactMessage, sends: Sent[], channel: string | undefined): { sent?: Sent; findings: Finding[] } {
  const { name, payload, base, nameAt } = unwrap(catalog, m);
  if (name !== undefined) {
    const sent = sends.find((s) => s.message.wireName === name || s.message.id === name);
    if (sent) return { sent, findings: [] };
    const elsewhere = catalog.messages().find((x) => x.isLatest && (x.wireName === name || x.id === name));
    if (elsewhere) {
      const producers = catalog.producersOf(elsewhere).map((p) => catalog.get(p.service)?.name ?? p.service);
      return { findings: [{ code: 'pact-message-not-sent', at: nameAt, message: `'${m.description}' expects ${name} from ${provider.name}, but ${provider.name} does not send ${elsewhere.name}${producers.length ? ` (${producers.join(', ')} does)` : ''}.`, hint: `Add ${elsewhere.name} to ${provider.name}'s sends, or correct the pact's provider.` }] };
    }
    const known = sends.map((s) => s.message.wireName);
    const near = known.length ? closest(name, known) : undefined;
    return { findings: [{ code: 'pact-message-unknown', at: nameAt, message: `'${m.description}' expects a message named ${name}, which ${provider.name} does not send.${near ? ` Did you mean ${near}?` : ''}`, hint: 'Message names are matched against each message\'s wireName (or id).' }] };
  }
  const onChannel = channel ? sends.filter((s) => channelsOf(catalog, s).some((c) => addressPattern(c.address).test(channel))) : sends;
  const fitting = onChannel.length === 1 ? onChannel : onChannel.filter((s) => contentProblems(catalog, s, payload, m, base)?.length === 0);
  if (fitting.length === 1) return { sent: fitting[0], findings: [] };
  return {
    findings: [{
      code: 'pact-message-unnamed',
      at: m.at,
      message: `'${m.description}' does not say which message it is, and ${fitting.length ? `${fitting.length} messages of ${provider.name} fit it` : `no message ${provider.name} sends${channel ? ` on ${channel}` : ''} fits it`}.`,
      hint: `Name the message in the metadata (${NAME_KEYS.slice(0, 3).join(', ')}…) or configure the envelope (pact.envelope in waybill.config.yaml).`,
    }],
  };
}

function channelFindings(catalog: Catalog, m: PactMessage, sent: Sent, provider: Service): Finding[] {
  const key = CHANNEL_KEYS.find((k) => typeof m.metadata[k] === 'string');
  if (!key) return [];
  const expected = m.metadata[key] as string;
  const channels = channelsOf(catalog, sent);
  if (channels.length === 0) return [];
  const rule = rulesAt(m.metadataRules, [key]);
  const regex = rule?.exact ? rule.matchers.find((x) => x.match === 'regex') : undefined;
  const fits = (c: Channel) => {
    if (regex) {
      try {
        return new RegExp(`^(?:${String(regex.regex)})$`, 'u').test(c.address);
      } catch {
        return false;
      }
    }
    return c.address === expected || addressPattern(c.address).test(expected);
  };
  if (channels.some(fits)) return [];
  return [{
    code: 'pact-channel-mismatch',
    at: [...m.at, 'metadata', key],
    message: `'${m.description}' expects ${sent.message.name} on ${key} ${regex ? `matching ${String(regex.regex)}` : expected}, but ${provider.name} sends it on ${channels.map((c) => c.address).join(', ')}.`,
    hint: 'Correct the pact\'s metadata, or the channel in the catalog.',
  }];
}

/** Leaf field pointers of an example (`/id`, `/items/*\/sku`), for comparing with a consumer's `fields`. */
function leafFields(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length ? leafFields(value[0], `${prefix}/*`) : [prefix];
  if (isObject(value) && Object.keys(value).length) return Object.entries(value).flatMap(([k, v]) => leafFields(v, `${prefix}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  return [prefix];
}

function consumerFindings(catalog: Catalog, pact: PactFile, consumer: Service | undefined, m: PactMessage, sent: Sent, payload: unknown): Finding[] {
  if (!consumer) return [];
  const entry = consumer.receives.find((r) => r.id === sent.message.id);
  if (!entry) {
    return [{ code: 'pact-receive-undeclared', at: m.at, message: `${pact.consumer} (${consumer.name}) expects ${sent.message.name}, but ${consumer.name} does not list it in receives.`, hint: `Add ${sent.message.id} to ${consumer.name}'s receives so the catalog knows who reads it.`, severity: 'warning' }];
  }
  if (!entry.fields) return [];
  const listed = entry.fields.map((f) => (f.startsWith('/') ? f : `/${f.replace(/\[\*?\]/g, '/*').replace(/\./g, '/')}`));
  const missing = leafFields(payload).filter((f) => f && !listed.some((l) => f === l || f.startsWith(`${l}/`)));
  if (missing.length === 0) return [];
  return [{ code: 'pact-fields-undeclared', at: m.contentsAt, message: `The pact shows ${consumer.name} reading ${missing.join(', ')} of ${sent.message.name}, which its receives.fields (${entry.fields.join(', ')}) do not list.`, hint: `Add them to ${consumer.name}'s receives fields, so that producer changes to them are caught.`, severity: 'warning' }];
}

/** Checks every message of a pact; returns findings and one pass/fail check per message. */
export function verifyMessages(catalog: Catalog, pact: PactFile, provider: Service, consumer: Service | undefined): { findings: Finding[]; checks: { name: string; passed: boolean }[] } {
  const sends = sentBy(catalog, provider);
  const findings: Finding[] = [];
  const checks: { name: string; passed: boolean }[] = [];
  for (const m of pact.messages) {
    const mine: Finding[] = [];
    const channelKey = CHANNEL_KEYS.find((k) => typeof m.metadata[k] === 'string');
    const { sent, findings: identity } = identify(catalog, provider, m, sends, channelKey ? String(m.metadata[channelKey]) : undefined);
    mine.push(...identity);
    if (sent) {
      const { payload, base } = unwrap(catalog, m);
      mine.push(...channelFindings(catalog, m, sent, provider));
      const problems = contentProblems(catalog, sent, payload, m, base);
      if (!problems) {
        mine.push({ code: 'pact-no-schema', at: m.contentsAt, severity: 'warning', message: `${sent.message.name} ${sent.message.version} has no schema Waybill can read, so the contents of '${m.description}' were not checked.` });
      }
      for (const p of problems ?? []) {
        mine.push({ code: p.code, severity: p.severity, at: [...m.contentsAt, ...p.path.map((s) => (/^\d+$/.test(s) ? Number(s) : s))], message: `'${m.description}' ${p.message}`, hint: p.code === 'pact-field-undeclared' ? `Add the field to ${sent.message.name}'s schema (a new version), or drop it from the consumer's expectations.` : undefined });
      }
      mine.push(...consumerFindings(catalog, pact, consumer, m, sent, payload));
    }
    findings.push(...mine);
    checks.push({ name: `${pact.consumer} → ${pact.provider}: ${m.description}${sent ? ` (${sent.message.name} ${sent.message.version})` : ''}`, passed: !mine.some((f) => (f.severity ?? 'error') === 'error') });
  }
  return { findings, checks };
}

