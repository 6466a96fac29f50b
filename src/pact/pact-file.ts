/**
 * Reads a Pact file (specification v2, v3 or v4) into one shape: its participants, the asynchronous
 * messages it expects, and its HTTP interactions — each with its matching rules and the JSON path of
 * its parts in the file, so that a finding can point at the line.
 */
import { isObject, type JsonObject as Json } from '../compat/json-schema/json-value.ts';
import { normaliseRules, type MatchingRules } from './matching-rules.ts';

/** One expected message of a message pact. */
export interface PactMessage {
  description: string;
  /** The message contents (decoded when a v4 pact stores them as JSON text). */
  contents: unknown;
  metadata: Json;
  /** Matching rules of the contents (paths from `$`, the contents' root). */
  rules: MatchingRules;
  /** Matching rules of the metadata (paths `$.subject`, …). */
  metadataRules: MatchingRules;
  /** JSON path of the interaction in the file, e.g. `['messages', 0]`. */
  at: (string | number)[];
  /** JSON path of the contents in the file. */
  contentsAt: (string | number)[];
}

/** One HTTP interaction of a pact. */
export interface PactHttpInteraction {
  description: string;
  method: string;
  path: string;
  query?: unknown;
  requestHeaders: Json;
  requestBody?: unknown;
  requestRules: MatchingRules;
  status: number;
  responseHeaders: Json;
  responseBody?: unknown;
  responseRules: MatchingRules;
  at: (string | number)[];
}

/** A parsed Pact file. */
export interface PactFile {
  consumer: string;
  provider: string;
  /** `pactSpecification.version`, e.g. `3.0.0`; `2.0.0` when absent. */
  specVersion: string;
  messages: PactMessage[];
  http: PactHttpInteraction[];
  /** Interactions of other kinds (v4 synchronous messages, plugins), by description, not checked. */
  other: { description: string; type: string; at: (string | number)[] }[];
}

/** A file that is not a Pact file; `message` says why. */
export class PactReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PactReadError';
  }
}

/** A v4 `{ contentType, encoded, content }` body, decoded to JSON when it is JSON. */
function body(value: unknown): unknown {
  if (!isObject(value) || !('content' in value) || !('contentType' in value || 'encoded' in value)) return value;
  let content = value.content;
  if (typeof content === 'string' && value.encoded === 'base64') content = Buffer.from(content, 'base64').toString('utf8');
  if (typeof content === 'string' && /json/i.test(String(value.contentType ?? 'json'))) {
    try {
      return JSON.parse(content);
    } catch {
      return content;
    }
  }
  return content;
}

function rulesOf(matchingRules: unknown, category: string, legacyPrefix: string): MatchingRules {
  return normaliseRules(matchingRules, category, legacyPrefix);
}

function message(raw: Json, at: (string | number)[], v4: boolean): PactMessage {
  const contents = body(raw.contents);
  const contentsAt = v4 && isObject(raw.contents) && 'content' in raw.contents ? [...at, 'contents', 'content'] : [...at, 'contents'];
  return {
    description: String(raw.description ?? `message ${at.join('.')}`),
    contents,
    metadata: isObject(raw.metadata) ? raw.metadata : isObject(raw.metaData) ? raw.metaData : {},
    rules: rulesOf(raw.matchingRules, v4 ? 'content' : 'body', '$.body'),
    metadataRules: rulesOf(raw.matchingRules, 'metadata', '$.metadata'),
    at,
    contentsAt,
  };
}

function http(raw: Json, at: (string | number)[]): PactHttpInteraction {
  const request = isObject(raw.request) ? raw.request : {};
  const response = isObject(raw.response) ? raw.response : {};
  return {
    description: String(raw.description ?? `interaction ${at.join('.')}`),
    method: String(request.method ?? 'GET').toUpperCase(),
    path: String(request.path ?? '/'),
    query: request.query,
    requestHeaders: isObject(request.headers) ? request.headers : {},
    requestBody: 'body' in request ? body(request.body) : undefined,
    requestRules: rulesOf(request.matchingRules, 'body', '$.body'),
    status: Number(response.status ?? 200),
    responseHeaders: isObject(response.headers) ? response.headers : {},
    responseBody: 'body' in response ? body(response.body) : undefined,
    responseRules: rulesOf(response.matchingRules, 'body', '$.body'),
    at,
  };
}

/** Reads the text of a Pact file. Throws {@link PactReadError} when it is not one. */
export function readPact(text: string): PactFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PactReadError(`not JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw)) throw new PactReadError('not a Pact file: the top level is not an object.');
  const name = (v: unknown) => (isObject(v) && typeof v.name === 'string' ? v.name : undefined);
  const consumer = name(raw.consumer);
  const provider = name(raw.provider);
  if (!consumer || !provider || (!Array.isArray(raw.messages) && !Array.isArray(raw.interactions))) {
    throw new PactReadError('not a Pact file: it needs consumer.name, provider.name and messages or interactions.');
  }
  const meta = isObject(raw.metadata) ? raw.metadata : {};
  const spec = isObject(meta.pactSpecification) ? meta.pactSpecification : isObject(meta['pact-specification']) ? meta['pact-specification'] : {};
  const specVersion = String(spec.version ?? meta.pactSpecificationVersion ?? '2.0.0');
  const v4 = specVersion.startsWith('4');
  const file: PactFile = { consumer, provider, specVersion, messages: [], http: [], other: [] };
  (Array.isArray(raw.messages) ? raw.messages : []).forEach((m, i) => {
    if (isObject(m)) file.messages.push(message(m, ['messages', i], false));
  });
  (Array.isArray(raw.interactions) ? raw.interactions : []).forEach((item, i) => {
    if (!isObject(item)) return;
    const at = ['interactions', i];
    const type = typeof item.type === 'string' ? item.type : isObject(item.request) ? 'Synchronous/HTTP' : 'Asynchronous/Messages';
    if (type === 'Synchronous/HTTP') file.http.push(http(item, at));
    else if (type === 'Asynchronous/Messages') file.messages.push(message(item, at, v4));
    else file.other.push({ description: String(item.description ?? type), type, at });
  });
  return file;
}
