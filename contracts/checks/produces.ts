/**
 * Messages a service produces. Subscribe to every channel the service sends to (on the real broker,
 * never in a consumer group), run the service's triggers, collect what arrives within the window, then
 * check each arrival — the right channel, content type, declared name and version, the payload against
 * the schema of that version — and report the declared messages that never came.
 */
import type { Channel, Message, MessageLink, Service } from '../../src/catalog/model.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { ActionFailed, runTrigger } from '../actions.ts';
import { BrokerUnreachable, type ChannelPlan, type VerifyRun } from '../context.ts';
import { describeLocation } from '../envelope.ts';
import { BrokerLost, decodeArrival, MAX_ARRIVALS, Observer, type Arrival } from '../observe.ts';
import { contentTypeDiagnostic, expectedContentType, payloadDiagnostics, schemaOf } from '../payload.ts';
import { TemplateError, type Scope } from '../template.ts';
import { randomUUID } from 'node:crypto';

interface Sent {
  readonly link: MessageLink;
  readonly message: Message;
  readonly channels: readonly Channel[];
  /** Index in `sends`, for locating the entry. */
  readonly index: number;
}

export function sentMessages(run: VerifyRun, service: Service): Sent[] {
  const out: Sent[] = [];
  service.sends.forEach((link, index) => {
    const message = run.catalog.resolve<Message>(link);
    if (!message) return;
    const channels = link.channels.map((c) => run.catalog.resolve<Channel>(c)).filter((c): c is Channel => c !== undefined);
    out.push({ link, message, channels, index });
  });
  return out;
}

interface Identified {
  readonly sent?: Sent;
  /** A catalog message with the arrival's name that the service does not declare sending. */
  readonly undeclared?: Message;
  readonly payload?: unknown;
  readonly problems: Diagnostic[];
}

export async function checkProduces(run: VerifyRun, service: Service): Promise<void> {
  const sends = sentMessages(run, service);
  if (!sends.length || run.unreachable.has(service.key)) return;
  const verification = service.frontmatter.verification ?? {};
  const triggers = verification.triggers ?? [];

  // Where to listen: every channel the service sends to, once.
  const channels = [...new Map(sends.flatMap((s) => s.channels).map((c) => [c.key, c])).values()];
  const plans: ChannelPlan[] = [];
  // Channels that cannot be listened to (no broker configured, or it is unreachable): said once, not as "never sent".
  const unobserved = new Set<string>();
  for (const channel of channels) {
    const plan = run.planChannel(channel, service);
    if (typeof plan === 'string') {
      unobserved.add(channel.key);
      run.record('produces', `${service.id} can be observed on ${channel.address}`, [service.key], [run.diagnostic({ code: 'verify-config', message: `${service.id}: ${plan}.`, file: channel.file, at: ['protocols'] })], channel.file);
      continue;
    }
    plans.push(plan);
  }
  if (!plans.length) return;

  // Each broker on its own: an unreachable one is reported, and the channels on the others are still observed.
  for (const plan of [...new Map(plans.map((p) => [`${p.protocol} ${p.url}`, p])).values()]) {
    try {
      await run.transport(plan);
    } catch (error) {
      if (!(error instanceof BrokerUnreachable)) throw error;
      run.brokerProblem(error, [service.key], service.file);
      for (const p of plans) if (p.protocol === plan.protocol && p.url === plan.url) unobserved.add(p.channel.key);
    }
  }
  const reachable = plans.filter((p) => !unobserved.has(p.channel.key));
  if (reachable.length < plans.length) {
    // With none left, broker-unreachable has said it all; with some, say which were not checked.
    if (reachable.length) {
      const lost = plans.filter((p) => unobserved.has(p.channel.key)).map((p) => `${p.channel.address} (${p.protocol})`);
      run.note(
        run.diagnostic({
          code: 'channels-not-observed',
          severity: 'warning',
          message: `${service.id}: its messages on ${lost.join(', ')} were not checked, because the broker is unreachable; those on ${reachable.map((p) => `${p.channel.address} (${p.protocol})`).join(', ')} were.`,
          file: service.file,
          at: ['sends'],
        }),
      );
    }
    plans.splice(0, plans.length, ...reachable);
    if (!plans.length) return;
  }
  run.options.progress?.(`Listening to ${service.id} on ${plans.map((p) => p.channel.address).join(', ')}`);

  let observer: Observer;
  try {
    observer = await Observer.open(run, plans);
  } catch (error) {
    if (error instanceof BrokerUnreachable) return run.brokerProblem(error, [service.key], service.file);
    run.record('produces', `${service.id} can be observed`, [service.key], [run.diagnostic({ code: 'broker-error', message: `${service.id}: subscribing failed: ${run.redact((error as Error).message)}.`, file: service.file, at: ['sends'] })], service.file);
    return;
  }

  // Messages the triggers that ran should have made; those of a failed or skipped trigger are not expected.
  const expected = new Set<string>();
  const promised = new Set(triggers.flatMap((t) => t.produces ?? []));
  const identified = new Map<Arrival, Identified>();
  const identify = (a: Arrival) => {
    let id = identified.get(a);
    if (!id) identified.set(a, (id = identifyArrival(run, service, sends, a)));
    return id;
  };
  try {
    const scope: Scope = { runId: randomUUID() };
    for (const [i, trigger] of triggers.entries()) {
      try {
        const result = await runTrigger(run, trigger, scope, service);
        if (trigger.as) scope[trigger.as] = result.answer;
        for (const id of trigger.produces ?? []) expected.add(id);
      } catch (error) {
        if (!(error instanceof ActionFailed) && !(error instanceof TemplateError)) throw error;
        const code = error instanceof ActionFailed ? error.code : 'verify-config';
        const hint = error instanceof ActionFailed ? error.hint : undefined;
        run.record('produces', `${service.id} trigger ${i + 1} (${trigger.operation ?? trigger.path ?? trigger.publish?.message})`, [service.key], [
          run.diagnostic({ code, message: `${service.id}, trigger ${i + 1}: ${error.message}`, hint, file: service.file, at: ['verification', 'triggers', i] }),
        ], service.file);
        // Later triggers build on earlier answers: after a failure they would only fail again.
        break;
      }
    }
    const windowEnd = performance.now() + run.options.windowMs;
    if (expected.size) {
      // Stop early once every expected message is in, after a short grace for stragglers.
      const seen = new Set<string>();
      const all = await observer.waitFor((a) => {
        const sent = identify(a).sent;
        if (sent) seen.add(sent.message.id);
        return [...expected].every((id) => seen.has(id));
      }, windowEnd);
      if (all) await observer.settle(Math.min(windowEnd, performance.now() + Math.min(250, run.options.windowMs)));
    } else {
      await observer.settle(windowEnd);
    }
  } catch (error) {
    if (error instanceof BrokerLost) {
      run.record('produces', `${service.id}'s messages`, [service.key], [
        run.diagnostic({ code: 'broker-disconnected', message: `While listening to ${service.id}, ${error.message}; its messages could not be checked.`, hint: 'Check that the broker is up and stays up for the whole run.', file: service.file, at: ['sends'] }),
      ], service.file);
      await observer.close();
      return;
    }
    throw error;
  } finally {
    await observer.close();
  }

  // Each arrival is one check.
  const arrived = new Set<string>();
  for (const arrival of observer.arrivals) {
    const id = identify(arrival);
    const message = id.sent?.message ?? id.undeclared;
    if (id.sent) arrived.add(id.sent.message.key);
    const subjects = [service.key, ...(message ? [message.key] : [])];
    const name = `${service.id} sent ${message ? `${message.id} ${message.version}` : 'a message'} on ${arrival.plan.channel.address}`;
    run.record('produces', name, subjects, id.problems, message?.file ?? service.file);
  }

  for (const [address, n] of observer.overflow) {
    run.note(
      run.diagnostic({
        code: 'message-flood',
        severity: 'warning',
        message: `${service.id} sent ${n.toLocaleString('en-US')} more messages on ${address} within the window than Waybill keeps (${MAX_ARRIVALS.toLocaleString('en-US')}); they were counted, not checked.`,
        hint: 'Shorten --window, or verify a quieter environment.',
        file: service.file,
        at: ['sends'],
      }),
    );
  }

  // Each declared message is one check: did it come?
  for (const sent of sends) {
    if (arrived.has(sent.message.key)) continue;
    if (sent.channels.length && sent.channels.every((c) => unobserved.has(c.key))) continue;
    const where = sent.channels.map((c) => c.address).join(', ') || '(no channel)';
    const plan = plans.find((p) => sent.channels.includes(p.channel));
    const broker = plan ? ` (${plan.protocol} ${run.showUrl(plan.url)})` : '';
    if (expected.has(sent.message.id)) {
      run.record('produces', `${service.id} sends ${sent.message.id} ${sent.message.version}`, [service.key, sent.message.key], [
        run.diagnostic({
          code: 'message-never-sent',
          message: `${service.id} declares that it sends ${sent.message.id} ${sent.message.version} on ${where}${broker}, and a trigger should have made it, but none arrived within ${run.options.windowMs} ms.`,
          hint: 'Check that the service publishes it on that channel, or raise --window if it is slow.',
          file: service.file,
          at: sent.link.path,
        }),
      ], service.file);
    } else if (!promised.has(sent.message.id)) {
      run.note(
        run.diagnostic({
          code: 'message-not-observed',
          severity: 'warning',
          message: `${service.id} declares that it sends ${sent.message.id} ${sent.message.version} on ${where}${broker}; none arrived within ${run.options.windowMs} ms and no trigger names it, so it was not checked.`,
          hint: 'Add a trigger that makes the service send it (verification.triggers with produces).',
          file: service.file,
          at: sent.link.path,
        }),
      );
    }
  }
}

function identifyArrival(run: VerifyRun, service: Service, sends: readonly Sent[], arrival: Arrival): Identified {
  const envelope = run.envelopeOf(service);
  const channel = arrival.plan.channel;
  const broker = `${arrival.plan.protocol} ${run.showUrl(arrival.plan.url)}`;
  const lead = (what: string) => `${service.id} sent ${what} on ${channel.address} (${broker})`;
  const decoded = decodeArrival(arrival.wire, envelope);
  if (!decoded.ok) {
    return { problems: [run.diagnostic({ code: decoded.code, message: `${lead('a message')}: ${decoded.reason}.`, file: service.file, at: ['verification', 'envelope'] })] };
  }
  const problems: Diagnostic[] = [];
  let sent: Sent | undefined;
  let claimed: Sent | undefined;
  let undeclared: Message | undefined;
  if (envelope?.name) {
    const name = decoded.name;
    if (name === undefined) {
      return { problems: [run.diagnostic({ code: 'message-name-missing', message: `${lead('a message')} without a name in its ${describeLocation(envelope.name)}.`, file: service.file, at: ['verification', 'envelope', 'name'] })] };
    }
    const sameName = sends.filter((s) => s.message.wireName === name);
    const candidates = sameName.filter((s) => decoded.version === undefined || s.message.version === decoded.version);
    sent = candidates.find((s) => s.channels.some((c) => c.key === channel.key)) ?? candidates[0];
    if (!sent && sameName.length) {
      // The right message in a version the service does not declare: validated against that version if the catalog has it.
      claimed = sameName[0];
      undeclared = run.byWireName(name).find((m) => m.version === decoded.version);
      problems.push(
        run.diagnostic({
          code: 'message-wrong-version',
          message: `${lead(`${claimed.message.id} marked as version ${decoded.version}`)}, but declares that it sends version ${sameName.map((s) => s.message.version).join(', ')}.`,
          hint: undeclared ? `Send version ${claimed.message.version}, or declare ${undeclared.key.replace(/^\w+:/, '')} in sends.` : `There is no version ${decoded.version} of ${claimed.message.id} in the catalog.`,
          file: service.file,
          at: claimed.link.path,
        }),
      );
    }
    if (sent && !sent.channels.some((c) => c.key === channel.key)) {
      problems.push(
        run.diagnostic({
          code: 'message-wrong-channel',
          message: `${lead(`${sent.message.id} ${sent.message.version}`)}, but declares it on ${sent.channels.map((c) => c.address).join(', ')}.`,
          hint: `Publish ${sent.message.wireName} on ${sent.channels.map((c) => c.address).join(' or ')}, or fix the channel in sends.`,
          file: service.file,
          at: sent.link.path,
        }),
      );
    }
    if (!sent && !claimed) {
      const known = run.byWireName(name);
      undeclared = known.find((m) => m.version === decoded.version) ?? known[known.length - 1];
      problems.push(
        run.diagnostic({
          code: 'message-undeclared',
          message: undeclared
            ? `${lead(`${undeclared.id}${decoded.version ? ` ${decoded.version}` : ''} ('${name}')`)}, which its sends do not declare.`
            : `${lead(`a message named '${name}'${decoded.version ? ` version ${decoded.version}` : ''}`)}, which no message in the catalog is called.`,
          hint: undeclared ? `Add ${undeclared.id} to ${service.id}'s sends, or stop sending it.` : 'Declare the message (wireName) in the catalog, or stop sending it.',
          file: service.file,
          at: ['sends'],
        }),
      );
    }
  } else {
    const onChannel = sends.filter((s) => s.channels.some((c) => c.key === channel.key));
    if (onChannel.length === 1) sent = onChannel[0];
    else {
      const valid = onChannel.filter((s) => {
        const schema = schemaOf(run, s.message);
        return schema && 'validate' in schema ? schema.validate(decoded.payload) : false;
      });
      if (valid.length === 1) sent = valid[0];
      else {
        return {
          payload: decoded.payload,
          problems: [
            run.diagnostic({
              code: 'message-unidentified',
              message: `${lead('a message')} that matches ${valid.length ? `${valid.length} of the declared schemas` : 'none of the declared schemas'} (${onChannel.map((s) => s.message.id).join(', ')}), so it cannot be told which it is.`,
              hint: 'Describe where the message name travels: verification.envelope.name ({ header } or { field }).',
              file: service.file,
              at: ['verification'],
            }),
          ],
        };
      }
    }
  }
  const message = sent?.message ?? undeclared;
  if (!message) return { sent: claimed, payload: decoded.payload, problems };
  const what = `${message.id} ${message.version}`;
  const expectedType = expectedContentType(message, envelope?.contentType);
  const ct = contentTypeDiagnostic(run, message, arrival.wire.contentType, expectedType, lead(what), envelope?.contentType ? { file: service.file, at: ['verification', 'envelope', 'contentType'] } : { file: message.file, at: ['contentType'] });
  if (ct) problems.push(ct);
  problems.push(...payloadDiagnostics(run, message, decoded.payload, lead(what)));
  return { sent: sent ?? claimed, undeclared: sent ? undefined : undeclared, payload: decoded.payload, problems };
}
