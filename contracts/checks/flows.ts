/**
 * Flows whose steps are executable (`verification` on steps: trigger → expected messages → probes) run
 * end to end, N times. Each run measures the latency from the first trigger to the last step; p50 and p95
 * over the runs are reported against the flow's `latencyBudgetMs`.
 */
import { randomUUID } from 'node:crypto';
import type { Flow, FlowStep, Message, Service } from '../../src/catalog/model.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { ActionFailed, channelsFor, probeUntil, runTrigger } from '../actions.ts';
import { BrokerUnreachable, Interrupted, type ChannelPlan, type VerifyRun } from '../context.ts';
import { BrokerLost, decodeArrival, Observer } from '../observe.ts';
import { payloadDiagnostics } from '../payload.ts';
import { mismatch, render, TemplateError, type Scope } from '../template.ts';

type StepVerification = NonNullable<NonNullable<Flow['frontmatter']['steps']>[number]['verification']>;

interface ExecutableStep {
  readonly step: FlowStep;
  readonly index: number;
  readonly verification?: StepVerification;
  readonly message?: Message;
  readonly service?: Service;
}

/** Steps in the order the flow walks them (breadth first from the steps nothing leads to). */
function ordered(flow: Flow): FlowStep[] {
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const targets = new Set(flow.steps.flatMap((s) => s.next.map((n) => n.id)));
  const queue = flow.steps.filter((s) => !targets.has(s.id));
  const seen = new Set<string>();
  const out: FlowStep[] = [];
  while (queue.length) {
    const step = queue.shift()!;
    if (seen.has(step.id)) continue;
    seen.add(step.id);
    out.push(step);
    for (const n of step.next) {
      const next = byId.get(n.id);
      if (next) queue.push(next);
    }
  }
  for (const s of flow.steps) if (!seen.has(s.id)) out.push(s);
  return out;
}

export function executableSteps(run: VerifyRun, flow: Flow): ExecutableStep[] {
  const raw = flow.frontmatter.steps ?? [];
  return ordered(flow).map((step) => {
    const index = raw.findIndex((s) => String(s.id) === step.id);
    const verification = raw[index]?.verification;
    const resolved = step.ref ? run.catalog.resolve(step.ref) : undefined;
    return {
      step,
      index,
      verification,
      message: resolved && step.type === 'message' ? (resolved as Message) : undefined,
      service: resolved && step.type === 'service' ? (resolved as Service) : undefined,
    };
  });
}

export function isExecutable(run: VerifyRun, flow: Flow): boolean {
  return executableSteps(run, flow).some((s) => s.verification?.trigger);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function checkFlow(run: VerifyRun, flow: Flow): Promise<void> {
  const steps = executableSteps(run, flow);
  const subjects = [flow.key];
  const name = `flow ${flow.id} ${flow.version}`;
  const at = (s: ExecutableStep, ...rest: (string | number)[]) => ['steps', s.index, ...rest];
  const messageSteps = steps.filter((s) => s.message);
  const plans: ChannelPlan[] = [];
  for (const s of messageSteps) {
    for (const channel of channelsFor(run, s.message!)) {
      const plan = run.planChannel(channel);
      if (typeof plan === 'string') {
        run.record('flows', name, subjects, [run.diagnostic({ code: 'verify-config', message: `${flow.id}: ${plan}.`, file: flow.file, at: at(s) })], flow.file);
        return;
      }
      if (!plans.some((p) => p.channel.key === plan.channel.key)) plans.push(plan);
    }
  }
  const latencies: number[] = [];
  const problems: Diagnostic[] = [];
  const report = (code: string, s: ExecutableStep | undefined, message: string, hint?: string) => {
    if (problems.some((p) => p.code === code && p.message === message)) return;
    problems.push(run.diagnostic({ code, message, hint, file: flow.file, at: s ? at(s) : ['steps'] }));
  };
  for (let runIndex = 0; runIndex < run.options.runs; runIndex++) {
    run.options.progress?.(`Flow ${flow.id}, run ${runIndex + 1} of ${run.options.runs}`);
    let observer: Observer | undefined;
    try {
      observer = await Observer.open(run, plans);
      const scope: Scope = { runId: randomUUID(), run: runIndex + 1 };
      let start: number | undefined;
      let last = 0;
      let failed = false;
      for (const s of steps) {
        const v = s.verification;
        if (v?.trigger) {
          const result = await runTrigger(run, v.trigger, scope, s.service);
          start ??= result.startedAt;
          if (v.trigger.as) scope[v.trigger.as] = result.answer;
          last = performance.now();
        }
        if (start === undefined) continue;
        if (s.message) {
          const message = s.message;
          const envelope = run.envelopeFor(message);
          const match = v?.match ? render(v.match, scope) : undefined;
          const arrival = await observer.waitFor((a) => {
            if (!channelsFor(run, message).some((c) => c.key === a.plan.channel.key)) return false;
            const decoded = decodeArrival(a.wire, envelope);
            if (!decoded.ok || (envelope?.name && decoded.name !== message.wireName)) return false;
            return !match || mismatch(match, decoded.payload) === undefined;
          }, performance.now() + run.options.timeoutMs);
          if (!arrival) {
            report('flow-step-timeout', s, `${flow.id}: step '${s.step.id}' waited ${run.options.timeoutMs} ms for ${message.id}${match ? ` matching ${JSON.stringify(match).slice(0, 120)}` : ''}, and it never came (run ${runIndex + 1}).`, 'Check the producer, the channel, and the step\'s match.');
            failed = true;
            break;
          }
          const decoded = decodeArrival(arrival.wire, envelope) as { payload: unknown };
          scope[s.step.id] = { payload: decoded.payload };
          for (const d of payloadDiagnostics(run, message, decoded.payload, `${flow.id}: step '${s.step.id}' received ${message.id} ${message.version}`)) {
            if (!problems.some((p) => p.code === d.code && p.path === d.path && p.file === d.file)) problems.push(d);
          }
          last = Math.max(last, arrival.wire.receivedAt);
        }
        if (v?.probe) {
          const serviceId = v.probe.service ?? s.service?.id;
          const service = serviceId ? run.serviceById(serviceId) : undefined;
          if (!service) {
            report('verify-config', s, `${flow.id}: step '${s.step.id}' probes ${serviceId ? `service ${serviceId}, which is not in the catalog` : 'no service'}.`);
            failed = true;
            break;
          }
          const result = await probeUntil(run, service, v.probe, scope, performance.now() + run.options.timeoutMs);
          if (!result.ok) {
            report('flow-step-timeout', s, `${flow.id}: step '${s.step.id}' asked ${service.id} GET ${render(v.probe.path, scope)} for ${run.options.timeoutMs} ms and it never answered as expected: it ${result.mismatch} (run ${runIndex + 1}).`);
            failed = true;
            break;
          }
          scope[s.step.id] = { status: result.status, body: result.body };
          last = Math.max(last, result.at);
        }
      }
      if (start === undefined) {
        report('verify-config', undefined, `${flow.id}: no step has a verification.trigger, so the flow cannot be run.`);
        break;
      }
      if (failed) break; // a step that never completes in one run will not in the next
      latencies.push(last - start);
    } catch (error) {
      if (error instanceof ActionFailed) report(error.code, undefined, `${flow.id}: ${error.message}`, error.hint);
      else if (error instanceof TemplateError) report('verify-config', undefined, `${flow.id}: ${error.message}`);
      else if (error instanceof BrokerUnreachable) {
        run.brokerProblem(error, subjects, flow.file);
        return;
      } else if (error instanceof BrokerLost) report('broker-disconnected', undefined, `While running ${flow.id}, ${error.message}.`);
      else throw error;
      if (!(error instanceof ActionFailed && error.code === 'trigger-failed')) break;
    } finally {
      await observer?.close();
    }
    if (run.options.signal.aborted) throw new Interrupted();
  }
  if (latencies.length) {
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = Math.round(percentile(sorted, 50));
    const p95 = Math.round(percentile(sorted, 95));
    run.latencies.set(flow.key, { p50, p95, runs: latencies.length, budgetMs: flow.latencyBudgetMs });
    if (flow.latencyBudgetMs !== undefined && p95 > flow.latencyBudgetMs) {
      problems.push(run.diagnostic({
        code: 'flow-over-budget',
        message: `${flow.id}: end-to-end latency p95 ${p95} ms is over the ${flow.latencyBudgetMs} ms budget (p50 ${p50} ms, ${latencies.length} run${latencies.length === 1 ? '' : 's'}).`,
        hint: 'Find the slow step (a consumer that waits, a producer that batches), or revisit the budget.',
        file: flow.file,
        at: ['latencyBudgetMs'],
      }));
    }
  }
  run.record('flows', name, subjects, problems, flow.file);
}
