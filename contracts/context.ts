/**
 * The state of one `waybill verify` run that every check shares: the catalog, the options, compiled
 * schemas, broker connections (one per protocol and URL, opened on first use), and what has been found —
 * checks that ran (passed or failed) and the diagnostics that explain the failures.
 */
import type { Catalog } from '../src/catalog/catalog.ts';
import type { Channel, Message, Service } from '../src/catalog/model.ts';
import type { Diagnostic, Severity } from '../src/diagnostics/diagnostic.ts';
import { MIN_SECRET_LENGTH, REDACTED, redactSecrets, secretForms, secretsOfUrl } from '../src/diagnostics/redact.ts';
import { asyncApiView } from '../src/spec/index.ts';
import type { Envelope } from './envelope.ts';
import { connectTransport, protocolOf, type Protocol, type Transport } from './transports/index.ts';
import type { ChannelRef } from './transports/types.ts';
import type { Shard } from './shard.ts';
import { SchemaValidators } from './validate.ts';

export type CheckKind = 'http' | 'produces' | 'consumes' | 'flows';
export const CHECK_KINDS: readonly CheckKind[] = ['http', 'produces', 'consumes', 'flows'];

export interface VerifyOptions {
  /** Service ids to verify (default: every latest service with `verification` or a target). */
  readonly services?: readonly string[];
  /** Flow ids to run (default: every executable flow that involves a verified service). */
  readonly flows?: readonly string[];
  readonly only: ReadonlySet<CheckKind>;
  /** Base URL by service id (flags, env, config: already merged). */
  readonly targets: Readonly<Record<string, string>>;
  /** Broker URL by protocol (flags, env, config: already merged). */
  readonly brokers: Readonly<Partial<Record<Protocol, string>>>;
  readonly timeoutMs: number;
  readonly windowMs: number;
  readonly runs: number;
  readonly generate: number;
  readonly seed: number;
  readonly allowWrites: boolean;
  /** Extra request headers for a service (auth from the environment); never printed. */
  readonly headersFor: (service: Service) => Record<string, string>;
  /** Values to mask wherever they would be printed (tokens from the environment). */
  readonly secrets: readonly string[];
  readonly signal: AbortSignal;
  readonly progress?: (text: string) => void;
  /** Run only this share of the plan (`--shard i/n`). */
  readonly shard?: Shard;
}

/** A check that ran. Each becomes a JUnit testcase and counts in the closing `N passed, N failed`. */
export interface CheckRecord {
  readonly name: string;
  readonly kind: CheckKind | 'capture';
  readonly file?: string;
  readonly passed: boolean;
  /** Keys of the services, message versions and flows the check is about. */
  readonly subjects: readonly string[];
  readonly at: string;
  /** Codes of its error diagnostics. */
  readonly problems: readonly string[];
  /** Its first error diagnostics (at most 3), for the report. */
  readonly details: readonly Diagnostic[];
  /** For a check that stands for many (each message of a capture): how many passed and failed. */
  readonly count?: { readonly passed: number; readonly failed: number };
  /** The plan unit (`service:<id>`, `flow:<id>`) it ran under, so shard reports merge in plan order. */
  readonly unit?: string;
}

/** Passed and failed checks, counting a many-message check as its messages. */
export function tally(checks: readonly Pick<CheckRecord, 'passed' | 'count'>[]): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const c of checks) {
    if (c.count) {
      passed += c.count.passed;
      failed += c.count.failed;
    } else if (c.passed) passed++;
    else failed++;
  }
  return { passed, failed };
}

/** A channel resolved for one protocol and broker. */
export interface ChannelPlan {
  readonly channel: Channel;
  readonly protocol: Protocol;
  readonly url: string;
  readonly ref: ChannelRef;
}

/** Checks of one name recorded one by one; later ones are counted in one check. */
export const LISTED_PER_CHECK = 10;
/** Identical findings of one check (same code, file, line, payload path) listed in full; later ones are counted. */
export const LISTED_PER_FINDING = 10;

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

export class VerifyRun {
  readonly catalog: Catalog;
  readonly options: VerifyOptions;
  readonly validators: SchemaValidators;
  readonly diagnostics: Diagnostic[] = [];
  /** Lines for the summary that are not problems (what was deliberately left out). */
  readonly notes: string[] = [];
  readonly checks: CheckRecord[] = [];
  /** Latency figures of the flows that ran, by flow key. */
  readonly latencies = new Map<string, { p50: number; p95: number; runs: number; budgetMs?: number }>();
  /** Service keys found unreachable: their remaining checks are skipped (one diagnostic says why). */
  readonly unreachable = new Set<string>();
  /** The plan unit now running; recorded on each check. */
  unit: string | undefined;
  readonly #checksByName = new Map<string, number>();
  readonly #foldedChecks = new Map<string, { count: { passed: number; failed: number }; problems: string[]; details: Diagnostic[] }>();
  readonly #findings = new Map<string, { listed: number; more: number }>();
  readonly #transports = new Map<string, Promise<Transport>>();
  readonly #brokerProblems = new Set<string>();
  readonly #positions = new Map<string, { line: number; column: number }>();
  readonly #lost: { url: string; protocol: Protocol; error: Error }[] = [];
  readonly #lostListeners = new Set<() => void>();
  #byWireName?: Map<string, Message[]>;

  constructor(catalog: Catalog, options: VerifyOptions) {
    this.catalog = catalog;
    this.options = options;
    this.validators = new SchemaValidators(catalog);
    this.#secrets = secretsOfRun(catalog, options);
  }

  readonly #secrets: readonly string[];

  /**
   * Masks secrets: the patterns of {@link redactSecrets}, and by value every secret this run sends —
   * configured secrets, URL credentials of targets, base URLs and brokers — in every form it was sent.
   */
  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return redactSecrets(out);
  }

  /** A URL fit for printing: password (or a token in the user part) masked. */
  showUrl(url: string): string {
    try {
      const u = new URL(url);
      if (u.password) u.password = '***';
      else if (u.username) u.username = '***';
      return this.redact(u.toString().replace(/\/$/, ''));
    } catch {
      return this.redact(url);
    }
  }

  /** Line and column of a field path in a catalog file (cached). */
  position(file: string, path: readonly (string | number)[]): { line: number; column: number } {
    const key = `${file}\u0000${path.join('\u0000')}`;
    let pos = this.#positions.get(key);
    if (!pos) {
      try {
        pos = this.catalog.locate(file, path);
      } catch {
        pos = { line: 1, column: 1 };
      }
      this.#positions.set(key, pos);
    }
    return pos;
  }

  /** Builds a diagnostic located at `path` in `file` (a catalog file), secrets masked. */
  diagnostic(d: { code: string; severity?: Severity; message: string; hint?: string; file?: string; at?: readonly (string | number)[]; path?: string; line?: number }): Diagnostic {
    const out: Diagnostic = { code: d.code, severity: d.severity ?? 'error', message: this.redact(d.message) };
    if (d.file) {
      out.file = d.file;
      if (d.line !== undefined) out.line = d.line;
      else if (d.at) Object.assign(out, this.position(d.file, d.at));
    }
    if (d.hint) out.hint = this.redact(d.hint);
    if (d.path !== undefined) out.path = d.path;
    return out;
  }

  /**
   * Records a check; it passes when none of `diagnostics` is an error. A check that repeats (a producer
   * sending the same bad message 200,000 times) is listed {@link LISTED_PER_CHECK} times, then its repeats
   * are counted in one check; a finding that repeats (same code, place and payload path) is listed
   * {@link LISTED_PER_FINDING} times, then one diagnostic counts the rest ("and 19,874 more like this").
   */
  record(kind: CheckRecord['kind'], name: string, subjects: readonly string[], diagnostics: readonly Diagnostic[], file?: string, count?: CheckRecord['count']): boolean {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const passed = count ? count.failed === 0 : errors.length === 0;
    for (const d of diagnostics) this.#listFinding(kind, name, d);
    const key = `${kind}\u0000${name}`;
    const seen = (this.#checksByName.get(key) ?? 0) + 1;
    this.#checksByName.set(key, seen);
    if (count || seen <= LISTED_PER_CHECK) {
      this.checks.push({ name: this.redact(name), kind, file, passed, subjects, at: new Date().toISOString(), problems: errors.map((d) => d.code), details: errors.slice(0, 3), count, ...(this.unit ? { unit: this.unit } : {}) });
      return passed;
    }
    let folded = this.#foldedChecks.get(key);
    if (!folded) {
      const tallied = { passed: 0, failed: 0 };
      const problems: string[] = [];
      const details: Diagnostic[] = [];
      folded = { count: tallied, problems, details };
      this.#foldedChecks.set(key, folded);
      this.checks.push({
        name: this.redact(`${name} (repeats after the first ${LISTED_PER_CHECK}, counted)`),
        kind,
        file,
        get passed() {
          return tallied.failed === 0;
        },
        subjects,
        at: new Date().toISOString(),
        problems,
        details,
        count: tallied,
        ...(this.unit ? { unit: this.unit } : {}),
      });
    }
    if (passed) folded.count.passed++;
    else folded.count.failed++;
    for (const d of errors) {
      if (!folded.problems.includes(d.code)) folded.problems.push(d.code);
      if (folded.details.length < 3) folded.details.push(d);
    }
    return passed;
  }

  /** Adds `d` to the run's diagnostics, or counts it when it has been listed often enough already. */
  #listFinding(kind: string, check: string, d: Diagnostic): void {
    const key = [kind, check, d.code, d.severity, d.file ?? '', d.line ?? '', d.path ?? ''].join('\u0000');
    let repeat = this.#findings.get(key);
    if (!repeat) this.#findings.set(key, (repeat = { listed: 0, more: 0 }));
    if (repeat.listed < LISTED_PER_FINDING) {
      repeat.listed++;
      this.diagnostics.push(d);
      return;
    }
    repeat.more++;
    if (repeat.more > 1) return;
    const counted = repeat;
    const redact = (text: string) => this.redact(text);
    const where = d.path ? ` at ${d.path}` : '';
    const summary: Diagnostic = {
      ...d,
      get message() {
        return redact(`${check}: and ${counted.more.toLocaleString('en-US')} more like this (${d.code}${where}), not listed one by one.`);
      },
    };
    delete summary.hint;
    this.diagnostics.push(summary);
  }

  /** Adds diagnostics that belong to no check (configuration problems, interruptions). */
  note(...diagnostics: Diagnostic[]): void {
    this.diagnostics.push(...diagnostics);
  }

  throwIfAborted(): void {
    if (this.options.signal.aborted) throw new Interrupted();
  }

  /** Waits `ms`, or less when the run is interrupted. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.options.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      this.options.signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  services(): Service[] {
    return this.catalog.services().filter((s) => s.isLatest);
  }

  serviceById(id: string): Service | undefined {
    return this.catalog.latest('service', id) as Service | undefined;
  }

  baseUrlOf(service: Service): string | undefined {
    return this.options.targets[service.id] ?? service.frontmatter.verification?.baseUrl;
  }

  envelopeOf(service: Service | undefined): Envelope | undefined {
    return service?.frontmatter.verification?.envelope;
  }

  /** The envelope a message travels in: its consumer's (when given), else that of a producer that declares one. */
  envelopeFor(message: Message, consumer?: Service): Envelope | undefined {
    const own = this.envelopeOf(consumer);
    if (own) return own;
    for (const p of this.catalog.producersOf(message)) {
      const envelope = this.envelopeOf(this.catalog.get(p.service) as Service | undefined);
      if (envelope) return envelope;
    }
    return undefined;
  }

  /** Message versions by wire name (every version; latest last). */
  byWireName(name: string): readonly Message[] {
    if (!this.#byWireName) {
      this.#byWireName = new Map();
      for (const m of this.catalog.messages()) {
        const list = this.#byWireName.get(m.wireName) ?? [];
        list.push(m);
        this.#byWireName.set(m.wireName, list);
      }
    }
    return this.#byWireName.get(name) ?? [];
  }

  /**
   * Where a channel lives: its protocol (the catalog channel's `protocols`, else its bindings, else the
   * servers of a service's AsyncAPI document) and the broker URL for it. A string says why there is none.
   */
  planChannel(channel: Channel, service?: Service, role: 'observe' | 'publish' = 'observe'): ChannelPlan | string {
    const bindings = (channel.frontmatter.bindings ?? {}) as Record<string, unknown>;
    const servers = asyncApiServers(service);
    const names = [...channel.protocols, ...Object.keys(bindings), ...servers.map((s) => s.protocol)];
    const protocol = names.map((n) => protocolOf(n)).find((p): p is Protocol => p !== undefined);
    if (!protocol) {
      return names.length
        ? `channel ${channel.id} uses ${[...new Set(names)].join(', ')}, which Waybill does not speak (nats, amqp, mqtt, kafka, http)`
        : `channel ${channel.id} names no protocol (set protocols: [nats] or similar on the channel)`;
    }
    // An HTTP channel is published to by POSTing to the consuming service itself.
    const endpoint = protocol === 'http' && role === 'publish' && service ? this.baseUrlOf(service) : undefined;
    const url = endpoint ?? this.options.brokers[protocol] ?? servers.find((s) => protocolOf(s.protocol) === protocol)?.url;
    if (!url) return `no ${protocol} broker URL for channel ${channel.id}: pass --broker ${protocol}=URL (or set WAYBILL_BROKER_${protocol.toUpperCase()}, or verify.brokers.${protocol} in waybill.config.yaml)`;
    const own = Object.entries(bindings).find(([name]) => protocolOf(name) === protocol)?.[1];
    return { channel, protocol, url, ref: { address: channel.address, bindings: own && typeof own === 'object' ? (own as Record<string, unknown>) : undefined } };
  }

  /**
   * The shared connection for a protocol and URL (opened on first use). Throws BrokerUnreachable, naming
   * the broker, when it cannot connect or the connection was lost earlier; checks record it once with
   * {@link brokerProblem}.
   */
  async transport(plan: Pick<ChannelPlan, 'protocol' | 'url'>): Promise<Transport> {
    const key = `${plan.protocol} ${plan.url}`;
    if (this.#lost.some((l) => `${l.protocol} ${l.url}` === key)) {
      // Reported once as broker-disconnected; later checks that need this broker are skipped.
      this.#brokerProblems.add(`${plan.protocol} ${this.showUrl(plan.url)}`);
      throw new BrokerUnreachable(plan.protocol, this.showUrl(plan.url), 'the connection was lost earlier in this run');
    }
    let pending = this.#transports.get(key);
    if (!pending) {
      pending = connectTransport(plan.protocol, { url: plan.url, timeoutMs: this.options.timeoutMs, name: 'waybill-verify' });
      this.#transports.set(key, pending);
      pending.then(
        (t) =>
          t.onLost((error) => {
            this.#lost.push({ url: plan.url, protocol: plan.protocol, error });
            for (const listener of this.#lostListeners) listener();
          }),
        () => undefined,
      );
    }
    try {
      return await pending;
    } catch (error) {
      throw new BrokerUnreachable(plan.protocol, this.showUrl(plan.url), this.redact(((error as Error).message || String(error)).replace(/[.\s]+$/, '')));
    }
  }

  /** Connections lost so far (a broker that went away mid-run). */
  lostConnections(): readonly { url: string; protocol: Protocol; error: Error }[] {
    return this.#lost;
  }

  /** Runs `listener` when any connection is lost; returns a function that stops listening. */
  onLost(listener: () => void): () => void {
    this.#lostListeners.add(listener);
    return () => this.#lostListeners.delete(listener);
  }

  /** Records "broker unreachable" once per broker; later checks that need it are skipped. */
  brokerProblem(error: BrokerUnreachable, subjects: readonly string[], file?: string): void {
    const key = `${error.protocol} ${error.url}`;
    if (this.#brokerProblems.has(key)) return;
    this.#brokerProblems.add(key);
    this.record('produces', `${error.protocol} broker ${error.url} is reachable`, subjects, [
      this.diagnostic({
        code: 'broker-unreachable',
        message: `Cannot connect to the ${error.protocol} broker at ${error.url}: ${error.reason}.`,
        hint: `Start the broker or point Waybill at it with --broker ${error.protocol}=URL.`,
        file,
        at: [],
      }),
    ], file);
  }

  async close(): Promise<void> {
    const all = [...this.#transports.values()];
    this.#transports.clear();
    await Promise.all(all.map((p) => p.then((t) => t.close()).catch(() => undefined)));
  }
}

export class BrokerUnreachable extends Error {
  readonly protocol: Protocol;
  readonly url: string;
  readonly reason: string;
  constructor(protocol: Protocol, url: string, reason: string) {
    super(`cannot connect to the ${protocol} broker at ${url}: ${reason}`);
    this.name = 'BrokerUnreachable';
    this.protocol = protocol;
    this.url = url;
    this.reason = reason;
  }
}

/** The servers of a service's AsyncAPI documents a client can connect to (every variable has a default). */
function asyncApiServers(service: Service | undefined): { protocol: string; url: string }[] {
  const out: { protocol: string; url: string }[] = [];
  for (const spec of service?.specifications ?? []) {
    if (spec.type !== 'asyncapi') continue;
    for (const server of asyncApiView(spec).servers) {
      if (server.protocol && server.connectUrl) out.push({ protocol: server.protocol, url: server.connectUrl });
    }
  }
  return out;
}

/**
 * Every secret value a run may send, longest first (so `alice:pw` is masked whole before `pw`): the
 * configured secrets and the credentials in every URL it may call — targets, services' base URLs, brokers
 * and AsyncAPI servers.
 */
function secretsOfRun(catalog: Catalog, options: VerifyOptions): string[] {
  const urls = [...Object.values(options.targets), ...Object.values(options.brokers)];
  for (const service of catalog.services()) {
    const base = service.frontmatter.verification?.baseUrl;
    if (base) urls.push(base);
    for (const server of asyncApiServers(service)) urls.push(server.url);
  }
  const all = new Set<string>(options.secrets.flatMap((s) => secretForms(s)));
  for (const url of urls) if (url) for (const secret of secretsOfUrl(url)) all.add(secret);
  return [...all].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}
