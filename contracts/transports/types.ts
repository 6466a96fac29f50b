/**
 * The one small interface every broker (and HTTP) sits behind. A check never knows which protocol it
 * talks: it subscribes to a channel, publishes to a channel, and hears when the connection is lost.
 */

/** Protocols Waybill speaks; aliases found in catalogs and AsyncAPI documents map onto these. */
export type Protocol = 'nats' | 'amqp' | 'mqtt' | 'kafka' | 'http';

/** A channel as a transport sees it. */
export interface ChannelRef {
  /** The address on the broker: NATS subject, AMQP routing key, MQTT topic, Kafka topic, HTTP path. */
  readonly address: string;
  /** The channel's bindings for this protocol (catalog `bindings.<protocol>`, AsyncAPI-style), if any. */
  readonly bindings?: Readonly<Record<string, unknown>>;
}

/** A message as it arrived. */
export interface WireMessage {
  /** Address it arrived on (the concrete subject/topic/routing key). */
  readonly address: string;
  /** Header names as sent; values as strings. */
  readonly headers: Readonly<Record<string, string>>;
  /** The protocol's own content type (AMQP property, MQTT 5 property) or the `content-type` header. */
  readonly contentType?: string;
  readonly body: Uint8Array;
  /** `performance.now()` when it arrived. */
  readonly receivedAt: number;
}

export interface OutgoingMessage {
  readonly headers?: Readonly<Record<string, string>>;
  readonly contentType?: string;
  readonly body: Uint8Array;
  /** Partition key (Kafka), ignored elsewhere. */
  readonly key?: string;
}

export interface SubscribeOptions {
  /**
   * Consumer group / durable name / shared subscription. Only services use it: Waybill's own
   * observing subscriptions never join a group, so they never take a message from a real consumer.
   */
  readonly group?: string;
}

/** Called for each message; for group subscriptions the message is acknowledged once the promise resolves. */
export type MessageHandler = (message: WireMessage) => void | Promise<void>;

export interface Subscription {
  close(): Promise<void>;
}

export interface Transport {
  readonly protocol: Protocol;
  /** The URL it is connected to (may hold credentials: redact before printing). */
  readonly url: string;
  /** Resolves once the subscription is active on the broker (messages published afterwards are seen). */
  subscribe(channel: ChannelRef, handler: MessageHandler, options?: SubscribeOptions): Promise<Subscription>;
  /** Resolves once the broker has accepted the message (JetStream ack, AMQP confirm, MQTT PUBACK). */
  publish(channel: ChannelRef, message: OutgoingMessage): Promise<void>;
  /** `listener` runs once if the connection is lost other than through `close()`. */
  onLost(listener: (error: Error) => void): void;
  /** Closes subscriptions and the connection. Safe to call twice. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  readonly url: string;
  /** Connection (and each broker round trip) timeout. */
  readonly timeoutMs: number;
  /** Client name shown by the broker. */
  readonly name: string;
  /** Reconnect after a drop (services) instead of reporting it (verify). Default false. */
  readonly reconnect?: boolean;
}

export type Connect = (options: ConnectOptions) => Promise<Transport>;

/** Reads a string from a bindings object. */
export function bindingString(bindings: ChannelRef['bindings'], key: string): string | undefined {
  const value = bindings?.[key];
  return typeof value === 'string' && value ? value : undefined;
}

/** Rejects after `ms` with `message`, so no broker round trip can hang. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** Serialises async handlers so a group subscription processes messages in order. */
export function serial(): (work: () => Promise<void>) => Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  return (work) => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
}
