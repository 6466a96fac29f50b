/**
 * AMQP 0-9-1 (RabbitMQ) with `amqplib`. A channel's address is a routing key on an exchange — the
 * channel's `bindings.amqp.exchange` ({ name, type }) or `amq.topic` — as AsyncAPI's `is: routingKey`
 * describes. Observing binds an exclusive, auto-deleted queue (so it takes nothing from a consumer); a
 * group is a durable queue of that name. With `is: queue` the address is a queue on the default exchange.
 * Publishing waits for the broker's confirm. Application headers travel as AMQP headers; the content
 * type as the `content-type` property.
 */
import amqp from 'amqplib';
import {
  serial,
  withTimeout,
  type ChannelRef,
  type ConnectOptions,
  type MessageHandler,
  type OutgoingMessage,
  type Subscription,
  type SubscribeOptions,
  type Transport,
} from './types.ts';

type Connection = Awaited<ReturnType<typeof amqp.connect>>;
type ConfirmChannel = Awaited<ReturnType<Connection['createConfirmChannel']>>;

interface Route {
  exchange: string;
  exchangeType: string;
  routingKey: string;
  /** `is: queue`: the address names a queue. */
  queue?: string;
}

function routeOf(channel: ChannelRef): Route {
  const b = channel.bindings ?? {};
  const exchange = (b.exchange && typeof b.exchange === 'object' ? b.exchange : {}) as { name?: unknown; type?: unknown };
  if (b.is === 'queue') {
    const queue = (b.queue && typeof b.queue === 'object' ? (b.queue as { name?: unknown }).name : undefined) ?? channel.address;
    return { exchange: '', exchangeType: 'direct', routingKey: String(queue), queue: String(queue) };
  }
  return {
    exchange: typeof exchange.name === 'string' && exchange.name ? exchange.name : 'amq.topic',
    exchangeType: typeof exchange.type === 'string' && exchange.type ? exchange.type : 'topic',
    routingKey: typeof b.routingKey === 'string' && b.routingKey ? b.routingKey : channel.address,
  };
}

export async function connectAmqp(options: ConnectOptions): Promise<Transport> {
  const connection = await withTimeout(
    amqp.connect(options.url, { timeout: options.timeoutMs, clientProperties: { connection_name: options.name } }),
    options.timeoutMs + 500,
    `no AMQP connection within ${options.timeoutMs} ms`,
  );
  try {
    const channel = await connection.createConfirmChannel();
    return new AmqpTransport(connection, channel, options);
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}

class AmqpTransport implements Transport {
  readonly protocol = 'amqp' as const;
  readonly url: string;
  readonly #connection: Connection;
  readonly #channel: ConfirmChannel;
  readonly #timeoutMs: number;
  readonly #declared = new Set<string>();
  #closing = false;
  #lost: ((error: Error) => void)[] = [];

  constructor(connection: Connection, channel: ConfirmChannel, options: ConnectOptions) {
    this.#connection = connection;
    this.#channel = channel;
    this.url = options.url;
    this.#timeoutMs = options.timeoutMs;
    let reported = false;
    const lost = (error?: Error) => {
      if (this.#closing || reported) return;
      reported = true;
      for (const listener of this.#lost) listener(error ?? new Error('the broker closed the connection'));
    };
    connection.on('error', (error: Error) => lost(error));
    connection.on('close', (error?: Error) => lost(error));
    channel.on('error', () => undefined);
  }

  async #exchange(route: Route): Promise<void> {
    if (!route.exchange || route.exchange.startsWith('amq.') || this.#declared.has(route.exchange)) return;
    await withTimeout(this.#channel.assertExchange(route.exchange, route.exchangeType, { durable: true }), this.#timeoutMs, `RabbitMQ did not declare exchange ${route.exchange}`);
    this.#declared.add(route.exchange);
  }

  async subscribe(channel: ChannelRef, handler: MessageHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    const route = routeOf(channel);
    const ch = this.#channel;
    let queue: string;
    if (route.queue) {
      await withTimeout(ch.assertQueue(route.queue, { durable: true }), this.#timeoutMs, `RabbitMQ did not declare queue ${route.queue}`);
      queue = route.queue;
    } else {
      await this.#exchange(route);
      const q = options.group
        ? await withTimeout(ch.assertQueue(options.group, { durable: true }), this.#timeoutMs, `RabbitMQ did not declare queue ${options.group}`)
        : await withTimeout(ch.assertQueue('', { exclusive: true, autoDelete: true }), this.#timeoutMs, 'RabbitMQ did not declare a queue');
      queue = q.queue;
      await withTimeout(ch.bindQueue(queue, route.exchange, route.routingKey), this.#timeoutMs, `RabbitMQ did not bind ${route.routingKey}`);
    }
    const ack = Boolean(options.group || route.queue);
    const inOrder = serial();
    const { consumerTag } = await ch.consume(
      queue,
      (msg) => {
        if (!msg) return;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(msg.properties.headers ?? {})) {
          if (value !== undefined && value !== null) headers[name] = Buffer.isBuffer(value) ? value.toString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
        }
        if (msg.properties.messageId && !('message-id' in headers)) headers['message-id'] = String(msg.properties.messageId);
        if (msg.properties.type && !('type' in headers)) headers.type = String(msg.properties.type);
        const wire = {
          address: msg.fields.routingKey,
          headers,
          contentType: msg.properties.contentType ? String(msg.properties.contentType) : undefined,
          body: msg.content,
          receivedAt: performance.now(),
        };
        if (!ack) {
          void handler(wire);
          return;
        }
        void inOrder(async () => {
          try {
            await handler(wire);
            ch.ack(msg);
          } catch {
            ch.nack(msg, false, true);
          }
        });
      },
      { noAck: !ack },
    );
    return {
      close: async () => {
        if (this.#closing) return;
        await withTimeout(ch.cancel(consumerTag), this.#timeoutMs, 'RabbitMQ did not cancel the consumer').catch(() => undefined);
      },
    };
  }

  async publish(channel: ChannelRef, message: OutgoingMessage): Promise<void> {
    const route = routeOf(channel);
    await this.#exchange(route);
    const ch = this.#channel;
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        ch.publish(
          route.exchange,
          route.routingKey,
          Buffer.from(message.body),
          { contentType: message.contentType, headers: { ...message.headers }, persistent: true },
          (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
        );
      }),
      this.#timeoutMs,
      `RabbitMQ did not confirm the message on ${route.routingKey}`,
    );
  }

  onLost(listener: (error: Error) => void): void {
    this.#lost.push(listener);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    await withTimeout(this.#connection.close(), this.#timeoutMs, 'RabbitMQ did not close').catch(() => undefined);
  }
}
