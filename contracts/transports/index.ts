/**
 * Picks a transport for a protocol and connects it. Each protocol lives in its own module, loaded only
 * when a channel needs it (so a NATS-only run never loads the Kafka client).
 */
import type { Connect, ConnectOptions, Protocol, Transport } from './types.ts';

export type { ChannelRef, Protocol, Transport, WireMessage, OutgoingMessage, Subscription } from './types.ts';

export const PROTOCOLS: readonly Protocol[] = ['nats', 'amqp', 'mqtt', 'kafka', 'http'];

const ALIASES: Record<string, Protocol> = {
  nats: 'nats',
  jetstream: 'nats',
  'nats-jetstream': 'nats',
  amqp: 'amqp',
  amqps: 'amqp',
  'amqp-0-9-1': 'amqp',
  rabbitmq: 'amqp',
  mqtt: 'mqtt',
  mqtts: 'mqtt',
  'secure-mqtt': 'mqtt',
  mqtt5: 'mqtt',
  kafka: 'kafka',
  'kafka-secure': 'kafka',
  http: 'http',
  https: 'http',
  webhook: 'http',
};

/** The protocol Waybill speaks for a name found in a catalog or AsyncAPI document, if any. */
export function protocolOf(name: string): Protocol | undefined {
  return ALIASES[name.toLowerCase()];
}

const CONNECTORS: Record<Protocol, () => Promise<Connect>> = {
  nats: () => import('./nats.ts').then((m) => m.connectNats),
  amqp: () => import('./amqp.ts').then((m) => m.connectAmqp),
  mqtt: () => import('./mqtt.ts').then((m) => m.connectMqtt),
  kafka: () => import('./kafka.ts').then((m) => m.connectKafka),
  http: () => import('./http.ts').then((m) => m.connectHttp),
};

export async function connectTransport(protocol: Protocol, options: ConnectOptions): Promise<Transport> {
  const connect = await CONNECTORS[protocol]();
  return connect(options);
}
