/**
 * Messages a service consumes. For each outcome the catalog declares (`verification.consumes`): publish
 * a schema-valid message (a given payload, the schema's examples, `--generate N` generated ones) and wait
 * for the outcome — a probe that answers as expected, or a follow-up message. Then deliver the same
 * message again (same id) and check the outcome happened once: the probe answers exactly as before, or
 * no second follow-up arrives. Producers guarantee at-least-once delivery; consumers must be idempotent.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ConsumerOutcome } from '../../src/catalog/frontmatter.generated.ts';
import type { Message, Service } from '../../src/catalog/model.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { ActionFailed, channelsFor, firstExample, probeOnce, probeUntil, publishMessage } from '../actions.ts';
import { BrokerUnreachable, Interrupted, type VerifyRun } from '../context.ts';
import { generate, random } from '../generate.ts';
import { BrokerLost, decodeArrival, Observer, type Arrival } from '../observe.ts';
import { payloadDiagnostics, schemaOf } from '../payload.ts';
import { mismatch, render, sameJson, TemplateError, type Scope } from '../template.ts';
import { jsonPreview } from '../json-preview.ts';

/** Up to `count` generated payloads that validate, reproducible for a seed and message. */
export function generatedPayloads(run: VerifyRun, message: Message, count: number): unknown[] {
  const schema = schemaOf(run, message);
  if (!count || !schema || !('validate' in schema) || !message.schema) return [];
  let seed = run.options.seed;
  for (const ch of message.key) seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) | 0;
  const rng = random(seed);
  const dir = path.posix.dirname(message.schema.file);
  const out: unknown[] = [];
  for (let attempt = 0; attempt < count * 20 && out.length < count; attempt++) {
    const value = generate(message.schema.value, {
      rng,
      root: message.schema.value,
      resolveFile: (ref) => {
        const doc = run.catalog.documents.get(path.posix.normalize(path.posix.join(dir, ref)));
        return doc === undefined ? undefined : { root: doc };
      },
    });
    if (schema.validate(value)) out.push(value);
  }
  return out;
}

export async function checkConsumes(run: VerifyRun, service: Service): Promise<void> {
  const outcomes = service.frontmatter.verification?.consumes ?? [];
  for (const [index, outcome] of outcomes.entries()) {
    if (run.unreachable.has(service.key)) return;
    const at = ['verification', 'consumes', index];
    const configProblem = (message: string) =>
      run.record('consumes', `${service.id} consumes ${outcome.message}`, [service.key], [run.diagnostic({ code: 'verify-config', message: `${service.id}: ${message}`, file: service.file, at })], service.file);
    const link = service.receives.find((r) => r.id === outcome.message);
    const message = link ? run.catalog.resolve<Message>(link) : undefined;
    if (!message) {
      configProblem(`verification.consumes names ${outcome.message}, which is not a message this service receives.`);
      continue;
    }
    if (Boolean(outcome.probe) === Boolean(outcome.expect)) {
      configProblem(`the outcome of ${message.id} needs exactly one of probe or expect.`);
      continue;
    }
    const payloads: { label: string; payload: unknown }[] = [];
    if (outcome.payload !== undefined) payloads.push({ label: 'the given payload', payload: outcome.payload });
    else {
      const value = message.schema?.value as { examples?: unknown[] } | undefined;
      const examples = Array.isArray(value?.examples) ? value.examples : firstExample(message) === undefined ? [] : [firstExample(message)];
      examples.forEach((payload, i) => payloads.push({ label: `example ${i + 1}`, payload }));
    }
    // Generated payloads keep the fields the outcome fixes (its expectations are written for them).
    const fixed = outcome.payload && typeof outcome.payload === 'object' ? outcome.payload : {};
    generatedPayloads(run, message, run.options.generate).forEach((payload, i) =>
      payloads.push({ label: `generated ${i + 1} (seed ${run.options.seed})`, payload: payload && typeof payload === 'object' ? { ...payload, ...fixed } : payload }),
    );
    if (!payloads.length) {
      configProblem(`${message.id} has no payload to send: give verification.consumes[${index}].payload, add examples to its schema, or pass --generate N.`);
      continue;
    }
    for (const { label, payload } of payloads) {
      run.options.progress?.(`${service.id} consumes ${message.id} (${label})`);
      await checkOnce(run, service, outcome, message, payload, label, at);
      if (run.unreachable.has(service.key)) return;
    }
  }
}

async function checkOnce(run: VerifyRun, service: Service, outcome: ConsumerOutcome, message: Message, rawPayload: unknown, label: string, at: (string | number)[]): Promise<void> {
  const name = `${service.id} consumes ${message.id} ${message.version} (${label})`;
  const subjects = [service.key, message.key];
  const fail = (code: string, text: string, hint?: string, where: (string | number)[] = at) => run.record('consumes', name, subjects, [run.diagnostic({ code, message: text, hint, file: service.file, at: where })], service.file);
  let observer: Observer | undefined;
  try {
    const scope: Scope = { runId: randomUUID() };
    const payload = render(rawPayload, scope);
    scope.payload = payload;
    const invalid = payloadDiagnostics(run, message, payload, `The payload Waybill would send to ${service.id} (${message.id} ${message.version})`);
    if (invalid.length) {
      run.record('consumes', name, subjects, invalid.map((d) => ({ ...d, code: 'verify-config', message: `${d.message} Fix the example or the payload in verification.consumes.` })), service.file);
      return;
    }
    const follow = outcome.expect ? run.catalog.latest('message', outcome.expect.message) as Message | undefined : undefined;
    if (outcome.expect && !follow) return void fail('verify-config', `${service.id}: the expected follow-up message ${outcome.expect.message} is not in the catalog.`, undefined, [...at, 'expect', 'message']);
    const probeService = outcome.probe?.service ? run.serviceById(outcome.probe.service) : service;
    if (!probeService) return void fail('verify-config', `${service.id}: the probe names service ${outcome.probe?.service}, which is not in the catalog.`, undefined, [...at, 'probe', 'service']);

    // A follow-up is watched for before anything is published.
    if (follow) {
      const plans = channelsFor(run, follow).map((c) => run.planChannel(c));
      const bad = plans.find((p): p is string => typeof p === 'string');
      if (bad) return void fail('verify-config', `${service.id}: cannot watch for ${follow.id}: ${bad}.`);
      observer = await Observer.open(run, plans as Exclude<(typeof plans)[number], string>[]);
    }
    for (const given of outcome.given ?? []) {
      const givenMessage = run.catalog.latest('message', given.message) as Message | undefined;
      if (!givenMessage) return void fail('verify-config', `${service.id}: given names ${given.message}, which is not in the catalog.`, undefined, [...at, 'given']);
      const givenPayload = given.payload === undefined ? firstExample(givenMessage) : render(given.payload, scope);
      await publishMessage(run, givenMessage, givenPayload, { consumer: service });
    }

    const id = randomUUID();
    const start = performance.now();
    const deadline = start + run.options.timeoutMs;
    await publishMessage(run, message, payload, { consumer: service, id });
    const matchFollow = (a: Arrival) => {
      const decoded = decodeArrival(a.wire, run.envelopeFor(follow!));
      if (!decoded.ok || (decoded.name !== undefined && decoded.name !== follow!.wireName)) return false;
      return !outcome.expect?.match || mismatch(render(outcome.expect.match, scope), decoded.payload) === undefined;
    };

    if (outcome.probe) {
      const first = await probeUntil(run, probeService, outcome.probe, scope, deadline);
      if (!first.ok) {
        return void fail('consumer-no-outcome', `${service.id} was sent ${message.id} ${message.version} (${label}), but within ${run.options.timeoutMs} ms GET ${render(outcome.probe.path, scope)} on ${probeService.id} never answered as expected: it ${first.mismatch}.`, 'Check that the service consumes this message from its channel and group, and that the probe expects its effect.', [...at, 'probe']);
      }
      const took = first.at - start;
      await publishMessage(run, message, payload, { consumer: service, id });
      await run.sleep(settleTime(run, took));
      run.throwIfAborted();
      const second = await probeOnce(run, probeService, outcome.probe, scope);
      if (!second.ok || !sameJson(second.body, first.body)) {
        const diff = mismatch(first.body, second.body) ?? mismatch(second.body, first.body) ?? { pointer: '', expected: first.body, actual: second.body };
        const show = (v: unknown) => (v === undefined ? 'nothing' : jsonPreview(v, 80));
        const change = second.ok ? `at ${diff.pointer || '(the body)'} it answered ${show(diff.expected)} after the first delivery and ${show(diff.actual)} after the second` : `now it ${second.mismatch}`;
        return void fail('consumer-not-idempotent', `${service.id} applied ${message.id} ${message.version} again when the same message (id ${id}) was delivered a second time: GET ${render(outcome.probe.path, scope)} changed — ${change}.`, 'Deduplicate by message id (an inbox table, or an idempotent write): brokers deliver at least once.', [...at, 'probe']);
      }
    } else if (observer && follow) {
      const firstSeen = await observer.waitFor(matchFollow, deadline);
      if (!firstSeen) {
        return void fail('consumer-no-outcome', `${service.id} was sent ${message.id} ${message.version}, but no ${follow.id} followed within ${run.options.timeoutMs} ms.`, 'Check that the service consumes this message and sends the follow-up on the declared channel.', [...at, 'expect']);
      }
      const followProblems: Diagnostic[] = payloadDiagnostics(run, follow, (decodeArrival(firstSeen.wire, run.envelopeFor(follow)) as { payload: unknown }).payload, `${service.id} sent the follow-up ${follow.id} ${follow.version}`);
      const took = firstSeen.wire.receivedAt - start;
      await publishMessage(run, message, payload, { consumer: service, id });
      await observer.settle(performance.now() + settleTime(run, took));
      const count = observer.arrivals.filter(matchFollow).length;
      if (count > 1) {
        followProblems.push(run.diagnostic({ code: 'consumer-not-idempotent', message: `${service.id} sent ${follow.id} ${count} times when the same ${message.id} (id ${id}) was delivered twice.`, hint: 'Deduplicate by message id: brokers deliver at least once.', file: service.file, at: [...at, 'expect'] }));
      }
      run.record('consumes', name, [...subjects, follow.key], followProblems, service.file);
      return;
    }
    run.record('consumes', name, subjects, [], service.file);
  } catch (error) {
    if (error instanceof ActionFailed) return void fail(error.code, error.message, error.hint);
    if (error instanceof TemplateError) return void fail('verify-config', `${service.id}: ${error.message}`);
    if (error instanceof BrokerUnreachable) return void run.brokerProblem(error, subjects, service.file);
    if (error instanceof BrokerLost) return void fail('broker-disconnected', `While checking that ${service.id} consumes ${message.id}, ${error.message}.`);
    if (error instanceof Interrupted) throw error;
    throw error;
  } finally {
    await observer?.close();
  }
}

/** How long to wait for a redelivery's effect: three times what the first delivery took, within bounds. */
function settleTime(run: VerifyRun, tookMs: number): number {
  return Math.min(run.options.windowMs, Math.max(250, 3 * tookMs));
}
