/**
 * The little HTTP layer the reference services share: a router over `node:http` that matches path
 * templates (literal segments before parameters, as grpc-gateway does), JSON bodies, and errors shaped
 * as grpc-gateway's `rpcStatus` ({ code, message, details }).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** gRPC status codes grpc-gateway maps to HTTP statuses. */
export const Status = {
  InvalidArgument: { code: 3, http: 400 },
  NotFound: { code: 5, http: 404 },
  FailedPrecondition: { code: 9, http: 400 },
  Internal: { code: 13, http: 500 },
} as const;

export class RpcError extends Error {
  readonly status: (typeof Status)[keyof typeof Status];
  constructor(status: (typeof Status)[keyof typeof Status], message: string) {
    super(message);
    this.status = status;
  }
}

export interface Request {
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly body: Record<string, unknown>;
}

export interface Answer {
  status?: number;
  body: unknown;
  contentType?: string;
  /** Sent as is (not JSON-encoded) when set. */
  raw?: string;
}

type Handler = (req: Request) => Promise<Answer | unknown> | Answer | unknown;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export class Router {
  readonly #routes: Route[] = [];

  on(method: string, template: string, handler: Handler): this {
    this.#routes.push({ method, segments: template.split('/').filter(Boolean), handler });
    return this;
  }

  /** The route and parameters for a request; literal segments win over parameters. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split('/').filter(Boolean);
    let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (const [i, seg] of route.segments.entries()) {
        if (seg.startsWith('{')) params[seg.slice(1, -1)] = decodeURIComponent(parts[i]);
        else if (seg === parts[i]) literals++;
        else {
          ok = false;
          break;
        }
      }
      if (ok && (!best || literals > best.literals)) best = { route, params, literals };
    }
    return best;
  }

  /** Handles a request if a route matches; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const found = this.match(req.method ?? 'GET', url.pathname);
    if (!found) return false;
    let body: Record<string, unknown> = {};
    const text = await readText(req);
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        send(res, { status: 400, body: { code: 3, message: 'the request body is not JSON', details: [] } });
        return true;
      }
    }
    try {
      const result = await found.route.handler({ method: req.method ?? 'GET', path: url.pathname, params: found.params, body });
      const answer = result && typeof result === 'object' && 'body' in result ? (result as Answer) : { body: result };
      send(res, answer);
    } catch (error) {
      if (error instanceof RpcError) send(res, { status: error.status.http, body: { code: error.status.code, message: error.message, details: [] } });
      else send(res, { status: 500, body: { code: 13, message: (error as Error).message, details: [] } });
    }
    return true;
  }
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, answer: Answer): void {
  const text = answer.raw ?? JSON.stringify(answer.body ?? {});
  res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function notFound(what: string): RpcError {
  return new RpcError(Status.NotFound, `${what} not found`);
}

export function invalid(message: string): RpcError {
  return new RpcError(Status.InvalidArgument, message);
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
