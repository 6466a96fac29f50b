/**
 * One HTTP call with a deadline, and the ways it can fail, told apart so a check can say what happened:
 * nothing listening (connection refused), no answer in time, the connection cut, or a name that does
 * not resolve. Answers are read whole (up to 8 MB, counted as the bytes arrive) and parsed as JSON when they say they are JSON.
 */
import { isJsonType, mediaType, parseBody } from './envelope.ts';
import { depthOver, MAX_JSON_DEPTH } from './json-preview.ts';

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body. */
  readonly body?: unknown;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly contentType?: string;
  readonly text: string;
  /** Parsed body when it is JSON; `undefined` for an empty body. */
  readonly json?: unknown;
  /** Why the body could not be parsed as JSON, when it claims to be (or has no content type). */
  readonly notJson?: { reason: string; preview: string };
  readonly ms: number;
}

export type HttpFailureKind = 'refused' | 'timeout' | 'reset' | 'dns' | 'aborted' | 'too-large' | 'other';

export class HttpFailure extends Error {
  readonly kind: HttpFailureKind;
  constructor(kind: HttpFailureKind, message: string) {
    super(message);
    this.name = 'HttpFailure';
    this.kind = kind;
  }
}

/** The most of an answer's body Waybill reads, whatever `Content-Length` says (or a chunked body never says). */
export const MAX_BYTES = 8 * 1024 * 1024;

function tooLarge(origin: string, status: number): HttpFailure {
  return new HttpFailure('too-large', `${origin} answered ${status} with a body over ${MAX_BYTES / 1024 / 1024} MB, more than Waybill reads; it stopped reading there`);
}

/** The body as text, read chunk by chunk and abandoned past {@link MAX_BYTES} (an endless chunked body ends here). */
async function readCapped(res: Response, origin: string): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(origin, res.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function classify(error: unknown, request: HttpRequest, origin: string): HttpFailure {
  const e = error as { name?: string; code?: string; cause?: { code?: string; message?: string; name?: string } };
  if (request.signal?.aborted) return new HttpFailure('aborted', 'interrupted');
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return new HttpFailure('timeout', `no answer from ${origin} within ${request.timeoutMs} ms`);
  const code = e?.cause?.code ?? e?.code;
  if (code === 'ECONNREFUSED') return new HttpFailure('refused', `connection refused by ${origin} (is the service running?)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HttpFailure('dns', `the host of ${origin} does not resolve`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return new HttpFailure('reset', `${origin} closed the connection before answering`);
  }
  const detail = e?.cause?.message ?? (error as Error)?.message ?? String(error);
  return new HttpFailure('other', `the request to ${origin} failed: ${detail}`);
}

export async function httpCall(request: HttpRequest): Promise<HttpAnswer> {
  const url = new URL(request.url);
  const origin = url.origin;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (url.username || url.password) {
    // fetch refuses credentials in a URL: they become a Basic Authorization header (never printed).
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    }
    url.username = '';
    url.password = '';
  }
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let body: string | undefined;
  if (request.body !== undefined) {
    if (depthOver(request.body, MAX_JSON_DEPTH)) throw new HttpFailure('other', `the request body is nested more than ${MAX_JSON_DEPTH} levels deep; it was not sent`);
    body = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  const started = performance.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: request.method.toUpperCase(), headers, body, signal, redirect: 'manual' });
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_BYTES) {
      await res.body?.cancel();
      throw tooLarge(origin, res.status);
    }
    text = await readCapped(res, origin);
  } catch (error) {
    if (error instanceof HttpFailure) throw error;
    throw classify(error, request, origin);
  }
  const ms = performance.now() - started;
  const contentType = res.headers.get('content-type') ?? undefined;
  let json: unknown;
  let notJson: HttpAnswer['notJson'];
  if (text.trim() !== '' && (isJsonType(contentType) || mediaType(contentType) === 'text/plain')) {
    const parsed = parseBody(text);
    if (parsed.ok) json = parsed.value;
    else if (isJsonType(contentType)) notJson = { reason: parsed.reason, preview: parsed.preview };
  } else if (text.trim() !== '' && !isJsonType(contentType)) {
    notJson = { reason: `the content type is ${mediaType(contentType)}`, preview: JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text) };
  }
  return { status: res.status, headers: res.headers, contentType, text, json, notJson, ms };
}

/** Joins a base URL and a path (`http://h:1/api` + `/stores` → `http://h:1/api/stores`). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
