/**
 * NATS, core and JetStream (`@nats-io/transport-node`, `@nats-io/jetstream`). A channel whose bindings
 * name a `stream` is a JetStream channel: publishing waits for the stream's ack, observing uses an
 * ordered consumer that starts at "now", and a group is a durable consumer with explicit acks (as
 * MallBots' `am.GroupName` does). Without a stream, plain subjects (and queue groups) are used.
 */
import { createConnection } from 'node:net';
import { connect, headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import {
  bindingString,
  serial,
  withTimeout,
  type ChannelRef,
  type ConnectOptions,
  type MessageHandler,
  type OutgoingMessage,
  type Subscription,
  type SubscribeOptions,
  type Transport,
  type WireMessage,
} from './types.ts';

export async function connectNats(options: ConnectOptions): Promise<Transport> {
  const url = new URL(options.url);
  const servers = `${url.hostname}:${url.port || 4222}`;
  const auth: { user?: string; pass?: string; token?: string } = {};
  if (url.username && url.password) Object.assign(auth, { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) });
  else if (url.username) auth.token = decodeURIComponent(url.username);
  await expectGreeting(url.hostname, Number(url.port || 4222), options.timeoutMs);
  const nc = await connect({
    servers,
    name: options.name,
    timeout: options.timeoutMs,
    reconnect: options.reconnect ?? false,
    maxReconnectAttempts: options.reconnect ? -1 : 0,
    ...auth,
  });
  guardEndedSocketWrites(nc);
  return new NatsTransport(nc, options);
}

/**
 * Waits for the `INFO` line a NATS server sends as soon as a client connects, on a socket of its own that
 * is always closed. The client library's own connect timeout rejects but keeps the socket of a server
 * that accepted the connection and never spoke, and that socket kept `verify` alive for good; this probe
 * fails first, within `timeoutMs`, and leaves nothing open.
 */
function expectGreeting(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    let seen = '';
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`the server accepted the connection but sent no NATS greeting (INFO) within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (seen.length < 5 && 'INFO '.startsWith(seen)) return;
      finish(seen.startsWith('INFO') ? undefined : new Error('the server does not speak NATS (its first bytes are not INFO)'));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(new Error(error.code === 'ECONNREFUSED' ? 'connection refused' : error.message)));
    socket.on('close', () => finish(new Error('the server closed the connection before its NATS greeting')));
  });
}

interface NodeTransportLike {
  socket?: { writableEnded?: boolean; destroyed?: boolean };
  _send(frame: Uint8Array): Promise<void>;
}
const guarded = Symbol('waybill.guardedSend');

/**
 * `@nats-io/transport-node` (3.4) answers a server's FIN by ending its socket, but frames queued in the
 * same tick (an ack, a pull request, a PING) are still written to it: Node then raises
 * ERR_STREAM_WRITE_AFTER_END, and when the socket's listeners have already been removed by the close that
 * follows, it escapes as an uncaught exception and takes the whole process down (seen in CI when a broker
 * stopped under a running client). A frame for an ended socket can never be delivered, so it is dropped;
 * the connection's own close/reconnect logic reports the loss. Patched once, on the transport's prototype
 * (the class is not exported), so reconnects' new transports are covered too.
 */
function guardEndedSocketWrites(nc: NatsConnection): void {
  const transport = (nc as unknown as { protocol?: { transport?: NodeTransportLike } }).protocol?.transport;
  const proto = transport ? (Object.getPrototypeOf(transport) as NodeTransportLike & { [guarded]?: true }) : undefined;
  if (!proto || proto[guarded] || typeof proto._send !== 'function') return;
  const send = proto._send;
  proto._send = function (this: NodeTransportLike, frame: Uint8Array) {
    if (this.socket?.writableEnded || this.socket?.destroyed) return Promise.resolve();
    return send.call(this, frame);
  };
  proto[guarded] = true;
}

class NatsTransport implements Transport {
  readonly protocol = 'nats' as const;
  readonly url: string;
  readonly #nc: NatsConnection;
  readonly #timeoutMs: number;
  #js?: JetStreamClient;
  #jsm?: Promise<JetStreamManager>;
  #closing = false;
  readonly #subscriptions = new Set<Subscription>();

  constructor(nc: NatsConnection, options: ConnectOptions) {
    this.#nc = nc;
    this.url = options.url;
    this.#timeoutMs = options.timeoutMs;
  }

  #jetstream(): JetStreamClient {
    this.#js ??= jetstream(this.#nc, { timeout: this.#timeoutMs });
    return this.#js;
  }

  #manager(): Promise<JetStreamManager> {
    this.#jsm ??= jetstreamManager(this.#nc, { timeout: this.#timeoutMs });
    return this.#jsm;
  }

  async #checkStream(stream: string): Promise<void> {
    const jsm = await this.#manager();
    try {
      await jsm.streams.info(stream);
    } catch (error) {
      throw new Error(`the JetStream stream '${stream}' does not exist on this server (${(error as Error).message})`);
    }
  }

  async subscribe(channel: ChannelRef, handler: MessageHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    const stream = bindingString(channel.bindings, 'stream');
    const sub = stream ? await this.#subscribeStream(stream, channel.address, handler, options) : await this.#subscribeCore(channel.address, handler, options);
    this.#subscriptions.add(sub);
    return {
      close: async () => {
        this.#subscriptions.delete(sub);
        await sub.close();
      },
    };
  }

  async #subscribeCore(subject: string, handler: MessageHandler, options: SubscribeOptions): Promise<Subscription> {
    const inOrder = serial();
    const sub = this.#nc.subscribe(subject, {
      queue: options.group,
      callback: (error, msg) => {
        if (error) return;
        const wire = toWire(msg.subject, msg.headers, msg.data);
        void inOrder(async () => {
          await handler(wire);
        });
      },
    });
    await withTimeout(this.#nc.flush(), this.#timeoutMs, `NATS did not confirm the subscription to ${subject}`);
    return { close: async () => sub.unsubscribe() };
  }

  async #subscribeStream(stream: string, subject: string, handler: MessageHandler, options: SubscribeOptions): Promise<Subscription> {
    await this.#checkStream(stream);
    const js = this.#jetstream();
    if (!options.group) {
      // An ordered consumer from "now": sees what is stored after this point, takes nothing from anyone.
      const consumer = await js.consumers.get(stream, { filter_subjects: subject, deliver_policy: DeliverPolicy.New });
      const messages = await consumer.consume({
        callback: (m) => {
          void handler(toWire(m.subject, m.headers, m.data));
        },
      });
      return { close: async () => void (await messages.close()) };
    }
    const jsm = await this.#manager();
    await jsm.consumers.add(stream, {
      durable_name: options.group,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: subject,
      ack_wait: 30_000_000_000,
    });
    const consumer = await js.consumers.get(stream, options.group);
    const inOrder = serial();
    const messages = await consumer.consume({
      callback: (m) => {
        void inOrder(async () => {
          try {
            await handler(toWire(m.subject, m.headers, m.data));
            m.ack();
          } catch {
            m.nak(250);
          }
        });
      },
    });
    return { close: async () => void (await messages.close()) };
  }

  async publish(channel: ChannelRef, message: OutgoingMessage): Promise<void> {
    const hdrs = natsHeaders();
    for (const [name, value] of Object.entries(message.headers ?? {})) hdrs.set(name, value);
    if (message.contentType) hdrs.set('Content-Type', message.contentType);
    const stream = bindingString(channel.bindings, 'stream');
    if (stream) {
      try {
        await this.#jetstream().publish(channel.address, message.body, { headers: hdrs, timeout: this.#timeoutMs });
      } catch (error) {
        throw new Error(`JetStream did not store the message on ${channel.address} (stream '${stream}'): ${(error as Error).message}`);
      }
      return;
    }
    this.#nc.publish(channel.address, message.body, { headers: hdrs });
    await withTimeout(this.#nc.flush(), this.#timeoutMs, `NATS did not confirm the publish to ${channel.address}`);
  }

  onLost(listener: (error: Error) => void): void {
    void this.#nc.closed().then((error) => {
      if (!this.#closing) listener(error instanceof Error ? error : new Error('the server closed the connection'));
    });
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    for (const sub of [...this.#subscriptions]) await sub.close().catch(() => undefined);
    this.#subscriptions.clear();
    if (!this.#nc.isClosed()) await withTimeout(this.#nc.close(), this.#timeoutMs, 'NATS did not close').catch(() => undefined);
  }
}

function toWire(subject: string, hdrs: MsgHdrs | undefined, data: Uint8Array): WireMessage {
  const headers: Record<string, string> = {};
  let contentType: string | undefined;
  if (hdrs) {
    for (const [name, values] of hdrs) {
      headers[name] = values.join(', ');
      if (name.toLowerCase() === 'content-type') contentType = values[0];
    }
  }
  return { address: subject, headers, contentType, body: data, receivedAt: performance.now() };
}
