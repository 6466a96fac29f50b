/**
 * MallBots messaging as the reference services do it: one JetStream stream `mallbots` over `mallbots.>`
 * (on NATS), messages as the JSON form of MallBots' StreamMessage — `{ "ID", "Name", "Payload" }`, the
 * `{Name, Payload}` of its Pact files plus the message id — published with `Nats-Msg-Id` set to the id
 * (JetStream drops a producer's retries), consumed in named groups with explicit acks. The same code runs
 * on RabbitMQ and Mosquitto (for the transport tests): only the broker URL changes.
 */
import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectTransport, protocolOf } from '../../contracts/transports/index.ts';
import type { ChannelRef, Transport, WireMessage } from '../../contracts/transports/types.ts';

export const CHANNELS = {
  store: 'mallbots.stores.events.Store',
  product: 'mallbots.stores.events.Product',
  basket: 'mallbots.baskets.events.Basket',
} as const;

export interface StreamMessage {
  ID: string;
  Name: string;
  Payload: Record<string, unknown>;
}

export class Bus {
  readonly url: string;
  readonly #transport: Transport;
  readonly #stream?: string;

  private constructor(url: string, transport: Transport, stream?: string) {
    this.url = url;
    this.#transport = transport;
    this.#stream = stream;
  }

  static async connect(url: string, name: string): Promise<Bus> {
    const protocol = protocolOf(new URL(url).protocol.replace(/:$/, ''));
    if (!protocol || protocol === 'http') throw new Error(`the reference services need a nats, amqp, mqtt or kafka URL, not ${url}`);
    let stream: string | undefined;
    if (protocol === 'nats') {
      stream = 'mallbots';
      const u = new URL(url);
      const nc = await connect({ servers: `${u.hostname}:${u.port || 4222}`, name: `${name}-setup` });
      try {
        const jsm = await jetstreamManager(nc);
        try {
          await jsm.streams.info(stream);
        } catch {
          await jsm.streams.add({ name: stream, subjects: ['mallbots.>'], duplicate_window: 120_000_000_000 });
        }
      } finally {
        await nc.close();
      }
    }
    const transport = await connectTransport(protocol, { url, timeoutMs: 5000, name, reconnect: true });
    return new Bus(url, transport, stream);
  }

  channel(address: string): ChannelRef {
    return { address, bindings: this.#stream ? { stream: this.#stream } : undefined };
  }

  async publish(address: string, name: string, payload: Record<string, unknown>, options: { contentType?: string } = {}): Promise<string> {
    const id = randomUUID();
    const message: StreamMessage = { ID: id, Name: name, Payload: payload };
    await this.#transport.publish(this.channel(address), {
      headers: { 'Nats-Msg-Id': id },
      contentType: options.contentType ?? 'application/json',
      body: Buffer.from(JSON.stringify(message)),
    });
    return id;
  }

  /** Consumes a channel in a group; a message is acked once `handler` resolves (redelivered if it throws). */
  async subscribe(address: string, group: string, handler: (message: StreamMessage, wire: WireMessage) => Promise<void>): Promise<void> {
    await this.#transport.subscribe(
      this.channel(address),
      async (wire) => {
        let message: StreamMessage;
        try {
          message = JSON.parse(Buffer.from(wire.body).toString('utf8'));
        } catch {
          return; // not ours: ack and skip, as MallBots does for unknown messages
        }
        if (!message || typeof message.Name !== 'string') return;
        await handler(message, wire);
      },
      { group },
    );
  }

  close(): Promise<void> {
    return this.#transport.close();
  }
}
