/**
 * HTTP as a message channel (webhooks). The address is a path. Publishing POSTs the message to the
 * transport's URL + path (a consumer's endpoint); subscribing listens on the URL's host and port and
 * takes the POSTs a producer sends to that path (answering 202). Headers are HTTP headers.
 */
import { createServer, type Server } from 'node:http';
import {
  TimeoutError,
  type ChannelRef,
  type ConnectOptions,
  type MessageHandler,
  type OutgoingMessage,
  type Subscription,
  type Transport,
  type WireMessage,
} from './types.ts';

/** Headers a webhook carries that are transport noise, not message headers. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'accept', 'accept-encoding', 'user-agent']);
const MAX_BODY = 16 * 1024 * 1024;

export async function connectHttp(options: ConnectOptions): Promise<Transport> {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) URL: ${options.url}`);
  return new HttpTransport(options);
}

function pathOf(address: string): string {
  return address.startsWith('/') ? address : `/${address}`;
}

class HttpTransport implements Transport {
  readonly protocol = 'http' as const;
  readonly url: string;
  readonly #timeoutMs: number;
  readonly #routes = new Map<string, Set<MessageHandler>>();
  #server?: Promise<Server>;
  #closing = false;

  constructor(options: ConnectOptions) {
    this.url = options.url;
    this.#timeoutMs = options.timeoutMs;
  }

  #listen(): Promise<Server> {
    this.#server ??= new Promise((resolve, reject) => {
      const url = new URL(this.url);
      const server = createServer((req, res) => {
        const route = this.#routes.get((req.url ?? '/').split('?')[0]);
        if (req.method !== 'POST' || !route) {
          res.writeHead(404).end();
          req.resume();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) req.destroy();
          else chunks.push(chunk);
        });
        req.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(req.headers)) {
            if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          const message: WireMessage = {
            address: (req.url ?? '/').split('?')[0],
            headers,
            contentType: req.headers['content-type'],
            body: Buffer.concat(chunks),
            receivedAt: performance.now(),
          };
          res.writeHead(202).end();
          for (const handler of route) void handler(message);
        });
      });
      server.once('error', reject);
      server.listen(Number(url.port || (url.protocol === 'https:' ? 443 : 80)), url.hostname, () => resolve(server));
    });
    return this.#server;
  }

  async subscribe(channel: ChannelRef, handler: MessageHandler): Promise<Subscription> {
    await this.#listen();
    const path = pathOf(channel.address);
    let handlers = this.#routes.get(path);
    if (!handlers) this.#routes.set(path, (handlers = new Set()));
    handlers.add(handler);
    return { close: async () => void handlers.delete(handler) };
  }

  async publish(channel: ChannelRef, message: OutgoingMessage): Promise<void> {
    const target = new URL(pathOf(channel.address).replace(/^\//, ''), this.url.endsWith('/') ? this.url : `${this.url}/`);
    let res: Response;
    try {
      res = await fetch(target, {
        method: 'POST',
        headers: { ...message.headers, ...(message.contentType ? { 'content-type': message.contentType } : {}) },
        body: Buffer.from(message.body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') throw new TimeoutError(`no answer from ${target.origin} within ${this.#timeoutMs} ms`);
      throw error;
    }
    // The answer's body is not needed (and a hostile one may never end): only the status is read.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 300) throw new Error(`${target.pathname} answered ${res.status}`);
  }

  onLost(): void {
    // Each POST stands alone; there is no connection to lose.
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#routes.clear();
    const server = await this.#server?.catch(() => undefined);
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    server?.closeAllConnections();
  }
}
