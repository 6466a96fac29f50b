/**
 * What checks do to services: call them over HTTP (with their auth headers, never printed), run a
 * trigger (an OpenAPI operation, a method and path, or a published message), poll a probe until it
 * answers as expected, and publish a message wrapped in its envelope.
 */
import { randomUUID } from 'node:crypto';
import type { Trigger, Probe } from '../src/catalog/frontmatter.generated.ts';
import type { Channel, Message, Service } from '../src/catalog/model.ts';
import { Interrupted, type VerifyRun } from './context.ts';
import { isJsonType, wrap } from './envelope.ts';
import { HttpFailure, httpCall, joinUrl, type HttpAnswer } from './http-client.ts';
import { buildPath, operationsOf, type Operation } from './openapi.ts';
import { mismatch, render, type Mismatch, type Scope } from './template.ts';
import { jsonPreview } from './json-preview.ts';

/** A step that could not be done, with the diagnostic code and sentence that say why. */
export class ActionFailed extends Error {
  readonly code: string;
  readonly hint?: string;
  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.name = 'ActionFailed';
    this.code = code;
    this.hint = hint;
  }
}

/** Every operation of a service's OpenAPI documents (cached per service). */
const operationCache = new WeakMap<Service, Operation[]>();
export function operationsOfService(service: Service): Operation[] {
  let ops = operationCache.get(service);
  if (!ops) {
    ops = service.specifications.filter((s) => s.type === 'openapi').flatMap(operationsOf);
    operationCache.set(service, ops);
  }
  return ops;
}

/**
 * Calls a service. Connection refused, timeouts and cut connections become an ActionFailed naming the
 * service and address (`service-unreachable`, `service-timeout`); the service is then marked unreachable
 * when nothing was listening.
 */
export async function callService(run: VerifyRun, service: Service, request: { method: string; path: string; body?: unknown; headers?: Record<string, string> }): Promise<HttpAnswer> {
  const base = run.baseUrlOf(service);
  if (!base) throw new ActionFailed('verify-config', `${service.id} has no base URL: set verification.baseUrl, or pass --target ${service.id}=URL.`);
  const url = joinUrl(base, request.path);
  try {
    return await httpCall({
      method: request.method,
      url,
      body: request.body,
      headers: { ...request.headers, ...run.options.headersFor(service) },
      timeoutMs: run.options.timeoutMs,
      signal: run.options.signal,
    });
  } catch (error) {
    if (!(error instanceof HttpFailure)) throw error;
    const where = `${service.id} (${run.showUrl(base)})`;
    switch (error.kind) {
      case 'refused':
      case 'dns':
        run.unreachable.add(service.key);
        throw new ActionFailed('service-unreachable', `${where}: ${request.method} ${request.path} — ${error.message}.`, `Start ${service.id}, or point Waybill at it with --target ${service.id}=URL.`);
      case 'timeout':
        throw new ActionFailed('service-timeout', `${where}: ${request.method} ${request.path} — ${error.message}.`, 'A slow service fails this check; raise --timeout if it is expected to be slow.');
      case 'aborted':
        throw new Interrupted();
      case 'reset':
        throw new ActionFailed('service-unreachable', `${where}: ${request.method} ${request.path} — ${error.message}.`);
      default:
        throw new ActionFailed('service-error', `${where}: ${request.method} ${request.path} — ${error.message}.`);
    }
  }
}

export interface TriggerResult {
  /** What later templates see under the trigger's `as`. */
  readonly answer: { status?: number; body?: unknown; headers?: Record<string, string>; payload?: unknown };
  readonly startedAt: number;
}

/** Runs one trigger; `owner` is the service whose trigger it is (flow triggers name theirs). */
export async function runTrigger(run: VerifyRun, trigger: Trigger, scope: Scope, owner?: Service): Promise<TriggerResult> {
  const serviceId = trigger.service ?? owner?.id;
  const service = serviceId ? run.serviceById(serviceId) : undefined;
  const startedAt = performance.now();
  const kinds = [trigger.operation !== undefined, trigger.method !== undefined || trigger.path !== undefined, trigger.publish !== undefined].filter(Boolean).length;
  if (kinds !== 1) throw new ActionFailed('verify-config', 'A trigger needs exactly one of: operation, method with path, publish.');
  if (trigger.publish) {
    const message = resolveMessage(run, trigger.publish.message);
    const payload = trigger.publish.payload === undefined ? firstExample(message) : render(trigger.publish.payload, scope);
    if (payload === undefined) throw new ActionFailed('verify-config', `The trigger publishes ${message.id} but gives no payload and its schema has no example.`);
    await publishMessage(run, message, payload, { consumer: service });
    return { answer: { payload }, startedAt };
  }
  if (!service) throw new ActionFailed('verify-config', `The trigger names ${serviceId ? `service '${serviceId}', which is not in the catalog` : 'no service'}.`);
  let method: string;
  let path: string;
  const params = render(trigger.params ?? {}, scope) as Record<string, unknown>;
  if (trigger.operation) {
    const op = operationsOfService(service).find((o) => o.operationId === trigger.operation);
    if (!op) throw new ActionFailed('verify-config', `${service.id} has no OpenAPI operation '${trigger.operation}'.`, `Operations: ${operationsOfService(service).map((o) => o.operationId).filter(Boolean).join(', ') || 'none (no OpenAPI document)'}.`);
    method = op.method;
    const pathNames = new Set(op.parameters.filter((p) => p.in === 'path').map((p) => p.name));
    const query = Object.fromEntries(Object.entries(params).filter(([k]) => !pathNames.has(k)));
    path = buildPath(op, params, query);
  } else {
    if (!trigger.method || !trigger.path) throw new ActionFailed('verify-config', 'A trigger with a path needs a method too (and the other way round).');
    method = trigger.method;
    path = buildPath({ basePath: '/', path: render(trigger.path, scope) }, params);
  }
  const body = trigger.body === undefined ? undefined : render(trigger.body, scope);
  const answer = await callService(run, service, { method, path, body, headers: render(trigger.headers ?? {}, scope) });
  if (answer.status >= 300) {
    throw new ActionFailed('trigger-failed', `${service.id} answered ${answer.status} to ${method} ${path}${answer.text ? `: ${answer.text.slice(0, 200)}` : ''}.`, 'The trigger must succeed for what it produces to be checked.');
  }
  const headers: Record<string, string> = {};
  answer.headers.forEach((v, k) => (headers[k] = v));
  return { answer: { status: answer.status, body: answer.json, headers }, startedAt };
}

export interface ProbeResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly body?: unknown;
  /** Why the last answer did not match. */
  readonly mismatch?: string;
  /** `performance.now()` of the matching answer. */
  readonly at: number;
}

/** Asks a probe once and compares its answer with the expectation. */
export async function probeOnce(run: VerifyRun, service: Service, probe: Probe, scope: Scope): Promise<ProbeResult> {
  const path = render(probe.path, scope);
  const answer = await callService(run, service, { method: 'GET', path });
  const at = performance.now();
  const status = probe.status ?? 200;
  if (answer.status !== status) return { ok: false, status: answer.status, body: answer.json, at, mismatch: `answered ${answer.status}, expected ${status}` };
  if (probe.body !== undefined) {
    if (answer.notJson) return { ok: false, status: answer.status, at, mismatch: `answered a body that is not JSON (${answer.notJson.reason})` };
    const m = mismatch(render(probe.body, scope), answer.json);
    if (m) return { ok: false, status: answer.status, body: answer.json, at, mismatch: `answered ${answer.status} with a body that differs ${describeMismatch(m)}` };
  }
  return { ok: true, status: answer.status, body: answer.json, at };
}

/** Polls a probe until it matches or `deadline` (`performance.now()` time) passes. */
export async function probeUntil(run: VerifyRun, service: Service, probe: Probe, scope: Scope, deadline: number): Promise<ProbeResult> {
  let last: ProbeResult;
  let pause = 5;
  for (;;) {
    run.throwIfAborted();
    last = await probeOnce(run, service, probe, scope);
    if (last.ok || performance.now() + pause > deadline) return last;
    await run.sleep(pause);
    pause = Math.min(pause * 2, 50);
  }
}

export function describeMismatch(m: Mismatch): string {
  const show = (v: unknown) => (v === undefined ? 'nothing' : jsonPreview(v, 80));
  return `at ${m.pointer || '(the body)'}: expected ${show(m.expected)}, found ${show(m.actual)}`;
}

/** The latest version of a message id (or the version a service link resolved to). */
export function resolveMessage(run: VerifyRun, id: string): Message {
  const message = run.catalog.latest('message', id) as Message | undefined;
  if (!message) throw new ActionFailed('verify-config', `There is no message '${id}' in the catalog.`);
  return message;
}

export function firstExample(message: Message): unknown {
  const value = message.schema?.value as { examples?: unknown[]; example?: unknown } | undefined;
  if (Array.isArray(value?.examples) && value.examples.length) return value.examples[0];
  return value?.example;
}

/** Channels a message goes through for a consumer (its `receives` link), else the message's own. */
export function channelsFor(run: VerifyRun, message: Message, consumer?: Service): Channel[] {
  const link = consumer?.receives.find((r) => r.target === message.key) ?? consumer?.receives.find((r) => r.id === message.id);
  const links = link?.channels.length ? link.channels : message.channels;
  const channels = links.map((c) => run.catalog.resolve<Channel>(c)).filter((c): c is Channel => c !== undefined);
  if (channels.length) return channels;
  return run.catalog.producersOf(message).flatMap((p) => p.channels.map((k) => run.catalog.get(k) as Channel));
}

/**
 * Publishes a message (to the first channel it travels on for `consumer`), wrapped in the envelope it
 * travels in, with a fresh id unless one is given. Returns the id.
 */
export async function publishMessage(run: VerifyRun, message: Message, payload: unknown, options: { consumer?: Service; id?: string } = {}): Promise<string> {
  const channel = channelsFor(run, message, options.consumer)[0];
  if (!channel) throw new ActionFailed('verify-config', `${message.id} ${message.version} names no channel to publish it on.`);
  const plan = run.planChannel(channel, options.consumer, 'publish');
  if (typeof plan === 'string') throw new ActionFailed('verify-config', `Cannot publish ${message.id}: ${plan}.`);
  const envelope = run.envelopeFor(message, options.consumer);
  const contentType = envelope?.contentType ?? message.frontmatter.contentType ?? 'application/json';
  if (!isJsonType(contentType)) throw new ActionFailed('verify-config', `${message.id} travels as ${contentType}; Waybill publishes JSON only.`, 'Give the service an envelope with contentType: application/json if it also accepts JSON.');
  const id = options.id ?? randomUUID();
  const outgoing = wrap(envelope, { payload, name: message.wireName, version: message.version, id, contentType });
  const transport = await run.transport(plan);
  try {
    await transport.publish(plan.ref, outgoing);
  } catch (error) {
    throw new ActionFailed('broker-error', `Publishing ${message.id} on ${channel.address} (${plan.protocol} ${run.showUrl(plan.url)}) failed: ${(error as Error).message}.`);
  }
  return id;
}
