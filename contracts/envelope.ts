/**
 * Envelopes: how a message's name, version and id travel beside its payload — in headers, or in fields
 * of a JSON body that wraps the payload (MallBots' Pact files: `{ "Name": …, "Payload": … }`). One
 * description (`verification.envelope` of a service) is used both to read what a service sends and to
 * build what Waybill publishes to it.
 */
import type { Envelope, ValueLocation } from '../src/catalog/frontmatter.generated.ts';
import { pointerToPath } from '../src/catalog/locate.ts';
import type { OutgoingMessage } from './transports/types.ts';
import { jsonPreview } from './json-preview.ts';

export type { Envelope };

/** `/a/b`, `a.b` or `Name` → path segments. */
export function fieldPath(field: string): (string | number)[] {
  if (field.startsWith('/')) return pointerToPath(field);
  return field.split('.').filter(Boolean);
}

function getField(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

function setField(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node = target;
  for (const [i, seg] of path.entries()) {
    if (i === path.length - 1) node[String(seg)] = value;
    else {
      const next = node[String(seg)];
      node = (next && typeof next === 'object' ? next : (node[String(seg)] = {})) as Record<string, unknown>;
    }
  }
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  if (name in headers) return headers[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Describes a location for messages: `header Message-Name` / `field /Name`. */
export function describeLocation(location: ValueLocation): string {
  return location.header !== undefined ? `header ${location.header}` : `body field ${location.field}`;
}

/** Reads one value (name, version or id) from headers or body: the location resolved once. */
export type Reader = (headers: Readonly<Record<string, string>>, body: unknown) => string | undefined;

function reader(location: ValueLocation | undefined): Reader | undefined {
  if (!location) return undefined;
  if (location.header !== undefined) {
    const name = location.header;
    return (headers) => header(headers, name);
  }
  if (location.field !== undefined) {
    const get = getter(fieldPath(location.field));
    return (_headers, body) => {
      const value = get(body);
      return typeof value === 'string' ? value : value === undefined || value === null ? undefined : jsonPreview(value, 200);
    };
  }
  return undefined;
}

/** A getter for a field path; a one-segment path (the usual envelope) is a plain property read. */
function getter(path: readonly (string | number)[]): (value: unknown) => unknown {
  if (path.length === 1) {
    const key = path[0];
    return (value) => (value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined);
  }
  return (value) => getField(value, path);
}

/** An envelope with its paths resolved once, for reading many messages (a capture). */
export interface CompiledEnvelope {
  readonly payload: (body: unknown) => unknown;
  readonly name?: Reader;
  readonly version?: Reader;
  readonly id?: Reader;
  /** True when the payload lives in a field (so it can be missing). */
  readonly wrapped: boolean;
}

export function compileEnvelope(envelope: Envelope | undefined): CompiledEnvelope {
  if (!envelope) return { payload: (body) => body, wrapped: false };
  const payloadPath = envelope.payload ? fieldPath(envelope.payload) : undefined;
  return {
    payload: payloadPath ? getter(payloadPath) : (body) => body,
    name: reader(envelope.name),
    version: reader(envelope.version),
    id: reader(envelope.id),
    wrapped: payloadPath !== undefined,
  };
}

export interface Unwrapped {
  readonly payload: unknown;
  readonly name?: string;
  readonly version?: string;
  readonly id?: string;
  /** Set when the envelope says the payload is in a field and it is absent. */
  readonly missingPayload?: boolean;
}

/** Reads name, version, id and payload out of a parsed body and its headers. */
export function unwrap(envelope: Envelope | CompiledEnvelope | undefined, headers: Readonly<Record<string, string>>, body: unknown): Unwrapped {
  if (!envelope) return { payload: body };
  const compiled = 'wrapped' in envelope ? envelope : compileEnvelope(envelope);
  const payload = compiled.payload(body);
  return {
    payload,
    name: compiled.name?.(headers, body),
    version: compiled.version?.(headers, body),
    id: compiled.id?.(headers, body),
    missingPayload: compiled.wrapped && payload === undefined,
  };
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$|^text\/json$/i;

/** The media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase() || undefined;
}

export function isJsonType(contentType: string | undefined): boolean {
  const media = mediaType(contentType);
  return media === undefined || JSON_TYPE.test(media);
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string; preview: string };

/** Parses a body as JSON; the reason and a short, printable preview when it is not JSON. */
export function parseBody(body: Uint8Array | string): Parsed {
  const text = typeof body === 'string' ? body : decoder.decode(body);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const preview = text.length > 60 ? `${text.slice(0, 59)}…` : text;
    return { ok: false, reason: (error as Error).message.split('\n')[0], preview: JSON.stringify(preview) };
  }
}

export interface Wrap {
  readonly payload: unknown;
  readonly name: string;
  readonly version?: string;
  readonly id?: string;
  readonly contentType?: string;
  readonly key?: string;
}

/** Builds the message Waybill publishes: payload wrapped as the envelope says, name/version/id in place. */
export function wrap(envelope: Envelope | undefined, message: Wrap): OutgoingMessage {
  const headers: Record<string, string> = {};
  let body: unknown = message.payload;
  if (envelope) {
    const wrapped: Record<string, unknown> = {};
    if (envelope.payload) {
      setField(wrapped, fieldPath(envelope.payload), message.payload);
      body = wrapped;
    }
    const place = (location: ValueLocation | undefined, value: string | undefined) => {
      if (!location || value === undefined) return;
      if (location.header !== undefined) headers[location.header] = value;
      else if (location.field !== undefined) {
        if (body !== wrapped) throw new Error(`the envelope puts a value in body field ${location.field} but the payload is the whole body`);
        setField(wrapped, fieldPath(location.field), value);
      }
    };
    place(envelope.name, message.name);
    place(envelope.version, message.version);
    place(envelope.id, message.id);
  }
  return { headers, contentType: message.contentType, body: Buffer.from(JSON.stringify(body)), key: message.key };
}
