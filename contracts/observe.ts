/**
 * Watching channels: subscribe (never in a consumer group), keep what arrives, and wait for a message
 * that satisfies a predicate — with a deadline, and failing at once if the broker goes away or the run
 * is interrupted. Also: reading an arrival through an envelope.
 */
import type { Envelope } from './envelope.ts';
import { parseBody, unwrap } from './envelope.ts';
import { Interrupted, type ChannelPlan, type VerifyRun } from './context.ts';
import type { Subscription, WireMessage } from './transports/types.ts';

export interface Arrival {
  readonly plan: ChannelPlan;
  readonly wire: WireMessage;
}

export class BrokerLost extends Error {
  readonly url: string;
  readonly protocol: string;
  constructor(protocol: string, url: string, reason: string) {
    super(`the ${protocol} broker at ${url} dropped the connection (${reason})`);
    this.name = 'BrokerLost';
    this.protocol = protocol;
    this.url = url;
  }
}

/** Arrivals one observer keeps; a producer flooding the window beyond this is counted, not stored. */
export const MAX_ARRIVALS = 50_000;

export class Observer {
  readonly arrivals: Arrival[] = [];
  /** Arrivals past {@link MAX_ARRIVALS}, by channel address: counted only. */
  readonly overflow = new Map<string, number>();
  readonly #run: VerifyRun;
  readonly #subscriptions: Subscription[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #stopLost: () => void;
  readonly #plans: ChannelPlan[] = [];

  private constructor(run: VerifyRun) {
    this.#run = run;
    this.#stopLost = run.onLost(() => this.#wake());
  }

  /** Subscribes to every plan; throws BrokerUnreachable (or the subscribe error) after closing what opened. */
  static async open(run: VerifyRun, plans: readonly ChannelPlan[]): Promise<Observer> {
    const observer = new Observer(run);
    try {
      for (const plan of plans) {
        observer.#plans.push(plan);
        const transport = await run.transport(plan);
        const sub = await transport.subscribe(plan.ref, (wire) => {
          if (observer.arrivals.length >= MAX_ARRIVALS) {
            observer.overflow.set(plan.channel.address, (observer.overflow.get(plan.channel.address) ?? 0) + 1);
            return;
          }
          observer.arrivals.push({ plan, wire });
          observer.#wake();
        });
        observer.#subscriptions.push(sub);
      }
    } catch (error) {
      await observer.close();
      throw error;
    }
    return observer;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** Throws BrokerLost or Interrupted when the run cannot go on waiting. */
  assertAlive(): void {
    const lost = this.#run.lostConnections().find((l) => this.#plans.some((p) => p.protocol === l.protocol && p.url === l.url));
    if (lost) throw new BrokerLost(lost.protocol, this.#run.showUrl(lost.url), this.#run.redact(lost.error.message));
    if (this.#run.options.signal.aborted) throw new Interrupted();
  }

  /**
   * The first arrival (from index `from`) that `accept` takes, or undefined at `deadline`
   * (`performance.now()` time). Rejects with BrokerLost / Interrupted.
   */
  async waitFor(accept: (arrival: Arrival) => boolean, deadline: number, from = 0): Promise<Arrival | undefined> {
    let index = from;
    for (;;) {
      this.assertAlive();
      for (; index < this.arrivals.length; index++) if (accept(this.arrivals[index])) return this.arrivals[index];
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const signal = this.#run.options.signal;
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.#waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.#waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** Waits until `deadline` (or a lost broker / interruption, which throw). */
  async settle(deadline: number): Promise<void> {
    await this.waitFor(() => false, deadline);
  }

  async close(): Promise<void> {
    this.#stopLost();
    this.#waiters.clear();
    await Promise.all(this.#subscriptions.splice(0).map((s) => s.close().catch(() => undefined)));
  }
}

export type Decoded =
  | { ok: true; payload: unknown; name?: string; version?: string; id?: string }
  | { ok: false; code: 'message-not-json' | 'message-payload-missing'; reason: string };

/** Parses an arrival's body as JSON and reads it through `envelope`. */
export function decodeArrival(wire: WireMessage, envelope: Envelope | undefined): Decoded {
  const parsed = parseBody(wire.body);
  if (!parsed.ok) return { ok: false, code: 'message-not-json', reason: `its body is not JSON (${parsed.reason}): ${parsed.preview}` };
  const u = unwrap(envelope, wire.headers, parsed.value);
  if (u.missingPayload) return { ok: false, code: 'message-payload-missing', reason: `its body has no ${envelope?.payload} field, where the envelope puts the payload` };
  return { ok: true, payload: u.payload, name: u.name, version: u.version, id: u.id };
}
