/**
 * Kafka with `@platformatic/kafka` (pure JavaScript, maintained, Kafka 3.5–4.2). The address is the
 * topic; headers are Kafka record headers (the content type as `content-type`). Observing joins a fresh,
 * throw-away consumer group reading from the latest offset, so it takes nothing from a real consumer; a
 * group is a consumer group of that name.
 *
 * No Kafka broker can be installed on the machines this was written on: this module is tested only when
 * KAFKA_BROKERS is set (tests/e2e/verify-kafka.test.ts), and is otherwise untested here.
 */
import { randomUUID } from 'node:crypto';
import { Consumer, MessagesStreamModes, Producer } from '@platformatic/kafka';
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

/** `kafka://host:9092,host2:9092` or `host:9092,host2:9092`. */
export function kafkaBrokers(url: string): string[] {
  return url
    .replace(/^kafka(\+ssl)?:\/\//i, '')
    .split(',')
    .map((b) => b.trim().replace(/\/.*$/, ''))
    .filter(Boolean);
}

export async function connectKafka(options: ConnectOptions): Promise<Transport> {
  const bootstrapBrokers = kafkaBrokers(options.url);
  const producer = new Producer({ clientId: options.name, bootstrapBrokers, timeout: options.timeoutMs, retries: options.reconnect ? 5 : 0 });
  try {
    // One metadata round trip proves the brokers answer.
    await withTimeout(producer.metadata({ topics: [] }), options.timeoutMs, `no answer from Kafka brokers ${bootstrapBrokers.join(', ')} within ${options.timeoutMs} ms`);
  } catch (error) {
    await producer.close().catch(() => undefined);
    throw error;
  }
  return new KafkaTransport(producer, bootstrapBrokers, options);
}

class KafkaTransport implements Transport {
  readonly protocol = 'kafka' as const;
  readonly url: string;
  readonly #producer: Producer;
  readonly #brokers: string[];
  readonly #options: ConnectOptions;
  readonly #consumers = new Set<Consumer>();
  readonly #lost: ((error: Error) => void)[] = [];
  #closing = false;

  constructor(producer: Producer, brokers: string[], options: ConnectOptions) {
    this.#producer = producer;
    this.#brokers = brokers;
    this.#options = options;
    this.url = options.url;
  }

  async subscribe(channel: ChannelRef, handler: MessageHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    const consumer = new Consumer({
      groupId: options.group ?? `waybill-verify-${randomUUID()}`,
      clientId: this.#options.name,
      bootstrapBrokers: this.#brokers,
      timeout: this.#options.timeoutMs,
    });
    this.#consumers.add(consumer);
    const stream = await withTimeout(
      consumer.consume({ topics: [channel.address], mode: options.group ? MessagesStreamModes.COMMITTED : MessagesStreamModes.LATEST, autocommit: true }),
      this.#options.timeoutMs * 3,
      `Kafka did not assign ${channel.address} to the consumer`,
    );
    const inOrder = serial();
    stream.on('data', (record) => {
      const headers: Record<string, string> = {};
      let contentType: string | undefined;
      for (const [key, value] of record.headers) {
        const name = key.toString();
        headers[name] = value.toString();
        if (name.toLowerCase() === 'content-type') contentType = headers[name];
      }
      const wire = { address: record.topic, headers, contentType, body: record.value ?? new Uint8Array(), receivedAt: performance.now() };
      if (options.group) void inOrder(async () => void (await handler(wire)));
      else void handler(wire);
    });
    stream.on('error', (error: Error) => {
      if (!this.#closing) for (const listener of this.#lost) listener(error);
    });
    return {
      close: async () => {
        this.#consumers.delete(consumer);
        await stream.close().catch(() => undefined);
        await consumer.close(true).catch(() => undefined);
      },
    };
  }

  async publish(channel: ChannelRef, message: OutgoingMessage): Promise<void> {
    const headers: Record<string, Buffer> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = Buffer.from(value);
    if (message.contentType) headers['content-type'] = Buffer.from(message.contentType);
    await withTimeout(
      this.#producer.send({
        messages: [{ topic: channel.address, key: message.key === undefined ? undefined : Buffer.from(message.key), value: Buffer.from(message.body), headers }],
      }),
      this.#options.timeoutMs,
      `Kafka did not acknowledge the message on ${channel.address}`,
    );
  }

  onLost(listener: (error: Error) => void): void {
    this.#lost.push(listener);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    for (const consumer of this.#consumers) await consumer.close(true).catch(() => undefined);
    this.#consumers.clear();
    await this.#producer.close().catch(() => undefined);
  }
}
