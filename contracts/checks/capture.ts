/**
 * Captured traffic: `waybill verify --from FILE` (or `-` for standard input) validates messages from a
 * JSONL capture — one message per line, `{ "channel": …, "headers": {…}, "payload": … }` — for brokers
 * Waybill does not connect to, so any tool's dump can be piped in. Streamed: memory stays flat however
 * long the capture. Per message version it counts valid and invalid messages; the first few problems of
 * each kind are reported in full, the rest counted.
 *
 * A line may also carry `contentType` (else the `content-type` header is used, when present) and, instead
 * of `payload` (the body as JSON), `body` (the body as text). `channel` is a channel's address or id.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Channel, Message, Service } from '../../src/catalog/model.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import type { VerifyRun } from '../context.ts';
import { compileEnvelope, mediaType, type CompiledEnvelope, type Envelope } from '../envelope.ts';
import type { ErrorObject } from 'ajv';
import { payloadCodes, payloadDiagnostics, schemaOf } from '../payload.ts';

/** Full diagnostics per message version and code; beyond that, problems are counted. */
const DETAILED_PER_KIND = 10;

interface Target {
  readonly message: Message;
  /** Why the message's schema cannot check anything (each of its messages then fails). */
  readonly unusable?: Diagnostic;
  readonly validate?: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
  readonly contentType?: string;
  /** Media type of `contentType`, lower-cased, without parameters. */
  readonly media?: string;
  passed: number;
  failed: number;
  readonly diagnostics: Diagnostic[];
  readonly perCode: Map<string, number>;
}

interface ChannelTargets {
  readonly channel: Channel;
  readonly envelope: CompiledEnvelope;
  readonly byName: Map<string, Target>;
  readonly all: Target[];
}

export interface CaptureSource {
  /** Label for messages: the file path as given, or `<stdin>`. */
  readonly label: string;
  /** Absolute path of the capture file, for diagnostics about its lines; absent for standard input. */
  readonly file?: string;
  readonly stream: Readable;
}

export async function verifyCapture(run: VerifyRun, source: CaptureSource): Promise<void> {
  const targets = new Map<string, Target>();
  const channels = new Map<string, ChannelTargets | null>();
  const lineProblems: Diagnostic[] = [];
  const unknownChannels = new Map<string, { count: number; firstLine: number }>();
  let malformed = 0;
  let unidentified = 0;

  const targetOf = (message: Message, envelope: Envelope | undefined): Target => {
    let t = targets.get(message.key);
    if (!t) {
      const schema = schemaOf(run, message);
      // A schema that cannot be compiled checks nothing: each of its messages fails, with the reason once.
      const unusable = schema && !('validate' in schema) ? schema : undefined;
      t = {
        message,
        unusable,
        validate: schema && 'validate' in schema ? schema.validate : undefined,
        contentType: envelope?.contentType ?? message.frontmatter.contentType,
        media: mediaType(envelope?.contentType ?? message.frontmatter.contentType),
        passed: 0,
        failed: 0,
        diagnostics: unusable ? [unusable] : [],
        perCode: new Map(),
      };
      targets.set(message.key, t);
    }
    return t;
  };

  const channelFor = (name: string): ChannelTargets | null => {
    let c = channels.get(name);
    if (c !== undefined) return c;
    const channel = run.catalog.channels().find((ch) => ch.isLatest && (ch.address === name || ch.id === name)) ?? run.catalog.channels().find((ch) => ch.isLatest && addressPattern(ch.address).test(name));
    if (!channel) {
      channels.set(name, null);
      return null;
    }
    const messages = run.catalog.messagesOn(channel);
    let envelope: Envelope | undefined;
    for (const m of messages) {
      for (const p of run.catalog.producersOf(m)) {
        envelope ??= run.envelopeOf(run.catalog.get(p.service) as Service | undefined);
      }
    }
    const byName = new Map<string, Target>();
    const all: Target[] = [];
    // Latest version wins a shared wire name unless a version travels in the envelope.
    for (const m of [...messages].sort((a, b) => (a.isLatest === b.isLatest ? 0 : a.isLatest ? 1 : -1))) {
      const t = targetOf(m, envelope);
      byName.set(m.wireName, t);
      byName.set(`${m.wireName}@${m.version}`, t);
      all.push(t);
    }
    c = { channel, envelope: compileEnvelope(envelope), byName, all };
    channels.set(name, c);
    return c;
  };

  /** Counts a message under each of its problem codes; true while any of them is still listed in full. */
  const count = (t: Target, codes: Iterable<string>): boolean => {
    let detailed = false;
    for (const code of codes) {
      const n = (t.perCode.get(code) ?? 0) + 1;
      t.perCode.set(code, n);
      if (n <= DETAILED_PER_KIND) detailed = true;
    }
    return detailed;
  };
  const keep = (t: Target, d: Diagnostic) => {
    if ((t.perCode.get(d.code) ?? 0) <= DETAILED_PER_KIND) t.diagnostics.push(d);
  };

  let lineNo = 0;
  const handle = (line: string) => {
    lineNo++;
    if (line.length === 0 || (line.length < 4 && line.trim() === '')) return;
    let rec: { channel?: unknown; headers?: Record<string, string>; payload?: unknown; body?: unknown; contentType?: unknown };
    try {
      rec = JSON.parse(line);
    } catch (error) {
      malformed++;
      if (malformed <= DETAILED_PER_KIND) lineProblems.push(run.diagnostic({ code: 'capture-line-invalid', message: `Line ${lineNo} of ${source.label} is not JSON: ${(error as Error).message}.`, file: source.file, line: source.file ? lineNo : undefined }));
      return;
    }
    if (rec === null || typeof rec !== 'object' || typeof rec.channel !== 'string') {
      malformed++;
      if (malformed <= DETAILED_PER_KIND) lineProblems.push(run.diagnostic({ code: 'capture-line-invalid', message: `Line ${lineNo} of ${source.label} has no "channel".`, hint: 'Each line is { "channel": "<address>", "headers": {…}, "payload": … }.', file: source.file, line: source.file ? lineNo : undefined }));
      return;
    }
    const known = channels.get(rec.channel);
    const c = known === undefined ? channelFor(rec.channel) : known;
    if (!c) {
      const u = unknownChannels.get(rec.channel);
      if (u) u.count++;
      else unknownChannels.set(rec.channel, { count: 1, firstLine: lineNo });
      return;
    }
    const headers = rec.headers && typeof rec.headers === 'object' ? rec.headers : {};
    let body = rec.payload;
    if (body === undefined && typeof rec.body === 'string') {
      try {
        body = JSON.parse(rec.body);
      } catch {
        malformed++;
        if (malformed <= DETAILED_PER_KIND) lineProblems.push(run.diagnostic({ code: 'message-not-json', message: `Line ${lineNo} of ${source.label}: the body on ${c.channel.address} is not JSON.`, file: source.file, line: source.file ? lineNo : undefined }));
        return;
      }
    }
    const env = c.envelope;
    const payload = env.payload(body);
    const name = env.name?.(headers, body);
    let t: Target | undefined;
    if (name !== undefined) {
      const version = env.version?.(headers, body);
      t = (version !== undefined ? c.byName.get(`${name}@${version}`) : undefined) ?? c.byName.get(name);
    } else if (c.all.length === 1) t = c.all[0];
    else t = c.all.find((x) => x.validate?.(payload));
    if (!t) {
      unidentified++;
      if (unidentified <= DETAILED_PER_KIND) {
        lineProblems.push(
          run.diagnostic({
            code: name !== undefined ? 'message-undeclared' : 'message-unidentified',
            message: name !== undefined ? `Line ${lineNo} of ${source.label}: '${name}' on ${c.channel.address} is not a message the catalog declares on that channel.` : `Line ${lineNo} of ${source.label}: the message on ${c.channel.address} matches none of its declared schemas (${c.all.map((x) => x.message.id).join(', ') || 'none'}).`,
            file: source.file,
            line: source.file ? lineNo : undefined,
          }),
        );
      }
      return;
    }
    const lead = (x: Target) => `${source.label}:${lineNo}: ${x.message.id} ${x.message.version} on ${c.channel.address}`;
    let ok = true;
    if (t.media) {
      const actual = typeof rec.contentType === 'string' ? rec.contentType : headerValue(headers, 'content-type');
      if (actual !== undefined && actual !== t.contentType && mediaType(actual) !== t.media) {
        ok = false;
        if (count(t, ['message-content-type'])) keep(t, run.diagnostic({ code: 'message-content-type', message: `${lead(t)} has content type '${actual}'; the catalog says '${t.contentType}'.`, file: t.message.file, at: ['contentType'] }));
      }
    }
    if (t.unusable) ok = false;
    else if (t.validate && !t.validate(payload)) {
      ok = false;
      // Past the first few of each kind only the count is kept, so the diagnostics are not even built.
      if (count(t, payloadCodes(t.validate.errors))) for (const d of payloadDiagnostics(run, t.message, payload, lead(t))) keep(t, d);
    }
    if (ok) t.passed++;
    else t.failed++;
  };

  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source.stream) {
    if (run.options.signal.aborted) break;
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      handle(text.slice(start, end));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest.length && !run.options.signal.aborted) handle(rest.replace(/\r$/, ''));

  for (const t of targets.values()) {
    if (!t.passed && !t.failed) continue;
    const extra: Diagnostic[] = [];
    for (const [code, n] of t.perCode) {
      if (n > DETAILED_PER_KIND) extra.push(run.diagnostic({ code, message: `${source.label}: ${n - DETAILED_PER_KIND} more ${t.message.id} ${t.message.version} message${n - DETAILED_PER_KIND === 1 ? '' : 's'} with ${code}, not listed one by one.`, file: t.message.schema?.file ?? t.message.file, at: [] }));
    }
    run.record('capture', `${t.message.id} ${t.message.version} in ${source.label} (${t.passed + t.failed} message${t.passed + t.failed === 1 ? '' : 's'})`, [t.message.key], [...t.diagnostics, ...extra], t.message.file, { passed: t.passed, failed: t.failed });
  }
  if (malformed > DETAILED_PER_KIND) lineProblems.push(run.diagnostic({ code: 'capture-line-invalid', message: `${source.label}: ${malformed - DETAILED_PER_KIND} more malformed lines, not listed one by one.`, file: source.file }));
  if (unidentified > DETAILED_PER_KIND) lineProblems.push(run.diagnostic({ code: 'message-unidentified', message: `${source.label}: ${unidentified - DETAILED_PER_KIND} more messages that could not be identified.`, file: source.file }));
  for (const [name, u] of unknownChannels) {
    lineProblems.push(run.diagnostic({ code: 'capture-unknown-channel', severity: 'warning', message: `${source.label}: ${u.count} message${u.count === 1 ? '' : 's'} on '${name}' (first on line ${u.firstLine}), which is not a channel of the catalog; not checked.`, file: source.file, line: source.file ? u.firstLine : undefined }));
  }
  const bad = malformed + unidentified;
  if (bad) run.record('capture', `lines of ${source.label} that could not be checked`, [], lineProblems, undefined, { passed: 0, failed: bad });
  else run.note(...lineProblems);
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const direct = headers[name] ?? headers['Content-Type'];
  if (direct !== undefined) return direct;
  for (const k in headers) if (k.toLowerCase() === name) return headers[k];
  return undefined;
}

/** `orders.{env}.created` → a regex matching any value for the parameter. */
function addressPattern(address: string): RegExp {
  const escaped = address.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^./]+');
  return new RegExp(`^${escaped}$`);
}
