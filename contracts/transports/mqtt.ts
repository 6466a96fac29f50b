/**
 * MQTT 5 with `mqtt`. The address is the topic; headers travel as user properties and the content type
 * as the MQTT 5 content-type property. QoS 1 both ways (the broker's PUBACK confirms a publish). A group
 * is a shared subscription (`$share/<group>/<topic>`).
 */
import mqtt, { type IClientPublishOptions, type MqttClient } from 'mqtt';
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
  type WireMessage,
} from './types.ts';

export async function connectMqtt(options: ConnectOptions): Promise<Transport> {
  const client = await withTimeout(
    mqtt.connectAsync(options.url, {
      protocolVersion: 5,
      connectTimeout: options.timeoutMs,
      reconnectPeriod: options.reconnect ? 1000 : 0,
      clientId: `${options.name}-${Math.random().toString(16).slice(2, 10)}`,
      clean: true,
    }, false),
    options.timeoutMs + 500,
    `no MQTT connection within ${options.timeoutMs} ms`,
  );
  return new MqttTransport(client, options);
}

interface Route {
  filter: string;
  handler: (message: WireMessage) => void;
}

/** True when `topic` matches the MQTT filter (`+` one level, `#` the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

class MqttTransport implements Transport {
  readonly protocol = 'mqtt' as const;
  readonly url: string;
  readonly #client: MqttClient;
  readonly #timeoutMs: number;
  readonly #routes = new Set<Route>();
  #closing = false;

  constructor(client: MqttClient, options: ConnectOptions) {
    this.#client = client;
    this.url = options.url;
    this.#timeoutMs = options.timeoutMs;
    client.on('error', () => undefined);
    client.on('message', (topic, payload, packet) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(packet.properties?.userProperties ?? {})) {
        headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      const message: WireMessage = {
        address: topic,
        headers,
        contentType: packet.properties?.contentType,
        body: payload,
        receivedAt: performance.now(),
      };
      for (const route of this.#routes) if (topicMatches(route.filter, topic)) route.handler(message);
    });
  }

  async subscribe(channel: ChannelRef, handler: MessageHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    const filter = channel.address;
    const topic = options.group ? `$share/${options.group}/${filter}` : filter;
    const inOrder = serial();
    const route: Route = {
      filter,
      handler: (message) => {
        if (options.group) void inOrder(async () => void (await handler(message)));
        else void handler(message);
      },
    };
    this.#routes.add(route);
    const granted = await withTimeout(this.#client.subscribeAsync(topic, { qos: 1 }), this.#timeoutMs, `the MQTT broker did not confirm the subscription to ${topic}`);
    const failure = granted.find((g) => g.qos >= 0x80);
    if (failure) {
      this.#routes.delete(route);
      throw new Error(`the MQTT broker refused the subscription to ${topic} (reason code ${failure.qos})`);
    }
    return {
      close: async () => {
        this.#routes.delete(route);
        if (!this.#closing && this.#client.connected) {
          await withTimeout(this.#client.unsubscribeAsync(topic), this.#timeoutMs, 'MQTT unsubscribe').catch(() => undefined);
        }
      },
    };
  }

  async publish(channel: ChannelRef, message: OutgoingMessage): Promise<void> {
    const options: IClientPublishOptions = {
      qos: 1,
      properties: {
        ...(message.contentType ? { contentType: message.contentType } : {}),
        ...(message.headers && Object.keys(message.headers).length ? { userProperties: { ...message.headers } } : {}),
      },
    };
    await withTimeout(this.#client.publishAsync(channel.address, Buffer.from(message.body), options), this.#timeoutMs, `the MQTT broker did not acknowledge the message on ${channel.address}`);
  }

  onLost(listener: (error: Error) => void): void {
    let reported = false;
    this.#client.on('close', () => {
      if (this.#closing || reported) return;
      reported = true;
      listener(new Error('the broker closed the connection'));
    });
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#routes.clear();
    await withTimeout(this.#client.endAsync(), this.#timeoutMs, 'MQTT did not close').catch(() => this.#client.end(true));
  }
}
