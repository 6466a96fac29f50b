/**
 * Runs `waybill verify` against running services: for each selected service its HTTP API, the messages
 * it produces and the messages it consumes, then the executable flows — one after another, so that one
 * check's traffic never lands in another's window. Broker connections are shared and closed at the end
 * (also when interrupted).
 */
import type { Catalog } from '../src/catalog/catalog.ts';
import type { Flow, Service } from '../src/catalog/model.ts';
import { checkConsumes } from './checks/consumes.ts';
import { checkFlow, executableSteps, isExecutable } from './checks/flows.ts';
import { checkHttp } from './checks/http.ts';
import { checkProduces } from './checks/produces.ts';
import { Interrupted, VerifyRun, type VerifyOptions } from './context.ts';
import { planId, planUnits, unitsOfShard, type VerifyPlan } from './shard.ts';

export type { VerifyOptions } from './context.ts';

export interface VerifyResult {
  readonly run: VerifyRun;
  readonly interrupted: boolean;
  readonly services: readonly Service[];
  readonly flows: readonly Flow[];
  /** The whole plan (also when only a shard of it ran). */
  readonly plan: VerifyPlan;
}

/** Services to verify: those named, else every latest service with `verification` or a target. */
export function selectServices(run: VerifyRun): Service[] | string {
  const all = run.services();
  if (run.options.services?.length) {
    const out: Service[] = [];
    for (const id of run.options.services) {
      const service = all.find((s) => s.id === id);
      if (!service) return `There is no service '${id}' in the catalog.`;
      out.push(service);
    }
    return out;
  }
  return all.filter((s) => s.frontmatter.verification !== undefined || run.options.targets[s.id] !== undefined);
}

/** Executable flows: those named, else those that trigger or probe one of the verified services. */
export function selectFlows(run: VerifyRun, services: readonly Service[]): Flow[] | string {
  const all = run.catalog.flows().filter((f) => f.isLatest);
  if (run.options.flows?.length) {
    const out: Flow[] = [];
    for (const id of run.options.flows) {
      const flow = all.find((f) => f.id === id);
      if (!flow) return `There is no flow '${id}' in the catalog.`;
      if (!isExecutable(run, flow)) return `Flow '${id}' has no step with verification.trigger, so it cannot be run.`;
      out.push(flow);
    }
    return out;
  }
  const ids = new Set(services.map((s) => s.id));
  return all.filter(
    (f) =>
      isExecutable(run, f) &&
      executableSteps(run, f).some((s) => {
        const v = s.verification;
        const names = [v?.trigger?.service, v?.probe?.service, v?.trigger || v?.probe ? s.service?.id : undefined];
        return names.some((n) => n !== undefined && ids.has(n));
      }),
  );
}

export async function verifyServices(catalog: Catalog, options: VerifyOptions): Promise<VerifyResult> {
  const run = new VerifyRun(catalog, options);
  const services = selectServices(run);
  if (typeof services === 'string') throw new SelectionError(services);
  const allFlows = options.only.has('flows') ? selectFlows(run, services) : [];
  if (typeof allFlows === 'string') throw new SelectionError(allFlows);
  const units = planUnits(services, allFlows, options.runs);
  const plan: VerifyPlan = {
    id: planId(catalog, units, { only: [...options.only].sort(), generate: options.generate, seed: options.seed, runs: options.runs, allowWrites: options.allowWrites }),
    units: units.map((u) => u.key),
  };
  const mine = options.shard ? unitsOfShard(units, options.shard) : undefined;
  const inShard = (key: string) => !mine || mine.has(key);
  let interrupted = false;
  try {
    for (const service of services) {
      if (!inShard(`service:${service.id}`)) continue;
      run.unit = `service:${service.id}`;
      if (options.only.has('http')) await checkHttp(run, service);
      if (options.only.has('produces')) await checkProduces(run, service);
      if (options.only.has('consumes')) await checkConsumes(run, service);
    }
    for (const flow of allFlows) {
      if (!inShard(`flow:${flow.id}`)) continue;
      run.unit = `flow:${flow.id}`;
      await checkFlow(run, flow);
    }
    run.unit = undefined;
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    interrupted = true;
  } finally {
    await run.close();
  }
  if (options.signal.aborted) interrupted = true;
  if (interrupted) {
    run.note(run.diagnostic({ code: 'verify-interrupted', severity: 'warning', message: 'Interrupted: the run stopped early and its subscriptions were closed; the results above are partial.' }));
  }
  return { run, interrupted, services, flows: allFlows, plan };
}

/** The services or flows asked for do not exist (a usage error). */
export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}
