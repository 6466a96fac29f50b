import { createReadStream } from 'node:fs';
import path from 'node:path';
import { access } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { loadCatalog } from '../../catalog/load.ts';
import type { Service } from '../../catalog/model.ts';
import { secretsOfAuthorization } from '../../diagnostics/redact.ts';
import { UserError } from '../../diagnostics/user-error.ts';
import { catalogArg, catalogDir, outputArgs, parseFormat, parseSeverity, progress, report, VERSION } from '../shared.ts';

const KINDS = ['http', 'produces', 'consumes', 'flows'] as const;
const PROTOCOLS = ['nats', 'amqp', 'mqtt', 'kafka', 'http'];

export default defineCommand({
  meta: {
    name: 'verify',
    description: 'Check running services and brokers against the catalog: HTTP against OpenAPI, produced and consumed messages, flows; or a JSONL capture (--from).',
  },
  args: {
    ...catalogArg,
    ...outputArgs,
    service: { type: 'string', description: 'Verify only these services (comma-separated ids; default: every service with verification or a --target)', valueHint: 'IDS' },
    flow: { type: 'string', description: 'Run only these flows (comma-separated ids)', valueHint: 'IDS' },
    target: { type: 'string', description: 'Base URL of a service, e.g. Stores=http://127.0.0.1:8080 (repeatable; env WAYBILL_TARGET_<SERVICE>)', valueHint: 'NAME=URL' },
    broker: { type: 'string', description: 'Broker URL of a protocol, e.g. nats=nats://127.0.0.1:4222 (repeatable; env WAYBILL_BROKER_<PROTOCOL>)', valueHint: 'PROTO=URL' },
    only: { type: 'string', description: `Run only these kinds of checks: ${KINDS.join(', ')}`, valueHint: 'KINDS' },
    generate: { type: 'string', description: 'Also send N requests/messages generated from the schemas (seeded)', default: '0', valueHint: 'N' },
    seed: { type: 'string', description: 'Seed of the generated requests and messages', default: '1', valueHint: 'N' },
    'allow-writes': { type: 'boolean', description: 'Call HTTP operations that write (POST, PUT, PATCH, DELETE), not only safe ones' },
    timeout: { type: 'string', description: 'Longest wait for any one answer, in ms (default 5000)', valueHint: 'MS' },
    window: { type: 'string', description: 'How long to collect a service\'s messages after its triggers, in ms (default 1500)', valueHint: 'MS' },
    runs: { type: 'string', description: 'Runs of each flow for its latency p50/p95 (default 5)', valueHint: 'N' },
    from: { type: 'string', description: 'Validate a JSONL capture instead of live services (FILE, or - for standard input)', valueHint: 'FILE' },
    report: { type: 'string', description: 'Write (update) the JSON verification report the site reads', valueHint: 'FILE' },
    shard: { type: 'string', description: 'Run only this share of the checks, e.g. 2/3 in the second of three CI jobs; combine the reports with waybill report merge', valueHint: 'I/N' },
  },
  async run({ args, rawArgs }) {
    parseFormat(args.format);
    parseSeverity(args['fail-severity']);
    const generate = integer(args.generate, 'generate', 0);
    const seed = integer(args.seed, 'seed', -2147483648);
    const only = new Set<(typeof KINDS)[number]>();
    for (const kind of list(args.only)) {
      if (!(KINDS as readonly string[]).includes(kind)) throw new UserError('bad-only', `Unknown kind of check '${kind}'.`, { hint: `Use ${KINDS.join(', ')}.` });
      only.add(kind as (typeof KINDS)[number]);
    }
    if (!only.size) for (const k of KINDS) only.add(k);
    const { parseShard } = await import('../../../contracts/shard.ts');
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    if (typeof shard === 'string') throw new UserError('bad-shard', shard);
    if (shard && args.from !== undefined) throw new UserError('bad-shard', '--shard splits the checks of live services; a capture (--from) is read whole.');

    const dir = catalogDir(args.catalog);
    try {
      await access(dir);
    } catch {
      throw new UserError('catalog-missing', `There is no catalog folder at ${dir}.`, { hint: 'Pass --catalog DIR or set WAYBILL_CATALOG.' });
    }
    const status = progress('Loading the catalog');
    const catalog = await loadCatalog(dir, { onProgress: status.update });
    const config = catalog.config.verify ?? {};

    const targets: Record<string, string> = { ...(config.targets ?? {}) };
    for (const [name, value] of Object.entries(process.env)) {
      const m = /^WAYBILL_TARGET_(.+)$/.exec(name);
      if (m && value) {
        const service = catalog.services().find((s) => envName(s.id) === m[1]);
        if (service) targets[service.id] = value;
      }
    }
    for (const pair of repeated(rawArgs, 'target')) {
      const [name, url] = splitPair(pair, 'target', 'NAME=URL');
      if (!catalog.services().some((s) => s.id === name)) throw new UserError('unknown-service', `--target names '${name}', which is not a service of the catalog.`);
      targets[name] = checkedUrl(url, `--target ${name}`);
    }
    const brokers: Record<string, string> = { ...(config.brokers ?? {}) };
    for (const protocol of PROTOCOLS) {
      const value = process.env[`WAYBILL_BROKER_${protocol.toUpperCase()}`];
      if (value) brokers[protocol] = value;
    }
    for (const pair of repeated(rawArgs, 'broker')) {
      const [protocol, url] = splitPair(pair, 'broker', 'PROTO=URL');
      if (!PROTOCOLS.includes(protocol)) throw new UserError('bad-broker', `--broker names '${protocol}'; Waybill speaks ${PROTOCOLS.join(', ')}.`);
      brokers[protocol] = protocol === 'kafka' ? url : checkedUrl(url, `--broker ${protocol}`);
    }
    const secrets = Object.entries(process.env)
      .filter(([name, value]) => /^WAYBILL_AUTH(_|$)/.test(name) && value)
      .flatMap(([, value]) => secretsOfAuthorization(value!));
    const headersFor = (service: Service): Record<string, string> => {
      const auth = process.env[`WAYBILL_AUTH_${envName(service.id)}`] ?? process.env.WAYBILL_AUTH;
      return auth ? { authorization: auth } : {};
    };

    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (interrupts > 1) process.exit(130);
      process.stderr.write('\nwaybill verify: interrupted — closing subscriptions (Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);

    const { VerifyRun, tally } = await import('../../../contracts/context.ts');
    const { buildReport, writeReport } = await import('../../../contracts/report.ts');
    const options = {
      services: list(args.service),
      flows: list(args.flow),
      only,
      targets,
      brokers,
      timeoutMs: integer(args.timeout ?? String(config.timeoutMs ?? 5000), 'timeout', 1),
      windowMs: integer(args.window ?? String(config.windowMs ?? 1500), 'window', 1),
      runs: integer(args.runs ?? String(config.runs ?? 5), 'runs', 1),
      generate,
      seed,
      allowWrites: Boolean(args['allow-writes']),
      headersFor,
      secrets,
      signal: controller.signal,
      progress: status.update,
      shard,
    };
    const startedAt = new Date();
    let run: InstanceType<typeof VerifyRun>;
    let interrupted = false;
    let plan: { id: string; units: readonly string[] } | undefined;
    try {
      if (args.from !== undefined) {
        const { verifyCapture } = await import('../../../contracts/checks/capture.ts');
        run = new VerifyRun(catalog, options);
        const label = args.from === '-' ? '<stdin>' : args.from;
        const file = args.from === '-' ? undefined : path.resolve(args.from);
        if (args.from !== '-') {
          try {
            await access(args.from);
          } catch {
            throw new UserError('capture-missing', `There is no capture file at ${args.from}.`);
          }
        }
        status.update(`Checking ${label}`);
        const stream = args.from === '-' ? process.stdin : createReadStream(args.from, { highWaterMark: 1 << 20 });
        await verifyCapture(run, { label, file, stream });
        interrupted = controller.signal.aborted;
      } else {
        const { verifyServices, SelectionError } = await import('../../../contracts/runner.ts');
        try {
          const result = await verifyServices(catalog, options);
          run = result.run;
          interrupted = result.interrupted;
          plan = result.plan;
          if (!result.services.length && !result.flows.length) {
            throw new UserError('nothing-to-verify', 'No service to verify: none has verification settings and no --target names one.', { hint: 'Add verification: { baseUrl } to a service, or pass --service and --target.' });
          }
        } catch (error) {
          if (error instanceof SelectionError) throw new UserError('unknown-subject', error.message);
          throw error;
        }
      }
    } finally {
      status.done();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }

    const { passed, failed } = tally(run.checks);
    if (args.report) {
      const built = buildReport({
        catalogDir: args.catalog ?? dir,
        toolVersion: VERSION,
        startedAt,
        finishedAt: new Date(),
        mode: args.from !== undefined ? 'capture' : 'services',
        checks: run.checks,
        latencies: run.latencies,
        interrupted,
        plan,
        shard,
      });
      await writeReport(args.report, built, (text) => run.redact(text));
    }
    const code = await report(run.diagnostics, args, 'waybill verify', {
      checks: run.checks.map((c) => ({ name: c.name, file: c.file, passed: c.passed })),
      suiteName: 'waybill verify',
      root: catalog.root,
    });
    const lines: string[] = [...run.notes];
    for (const [key, l] of run.latencies) {
      const flow = catalog.get(key);
      lines.push(`${flow?.id ?? key}: end-to-end p50 ${l.p50} ms, p95 ${l.p95} ms over ${l.runs} run${l.runs === 1 ? '' : 's'}${l.budgetMs !== undefined ? ` (budget ${l.budgetMs} ms)` : ''}`);
    }
    const share = shard && plan ? ` (shard ${shard.index}/${shard.count}: ${run.checks.length ? new Set(run.checks.map((c) => c.unit)).size : 0} of ${plan.units.length} units)` : '';
    lines.push(`${passed} passed, ${failed} failed${interrupted ? ' (interrupted)' : ''}${share}`);
    const closing = `${lines.map((l) => run.redact(l)).join('\n')}\n`;
    if (parseFormat(args.format) === 'stylish' || args.output) process.stdout.write(closing);
    else process.stderr.write(closing);
    process.exitCode = interrupted ? 130 : code;
  },
});

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Every value of a repeatable `--name value` / `--name=value` flag, comma-separated values split. */
function repeated(rawArgs: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i];
    if (arg === `--${name}` && i + 1 < rawArgs.length) out.push(...list(rawArgs[++i]));
    else if (arg.startsWith(`--${name}=`)) out.push(...list(arg.slice(name.length + 3)));
  }
  return out;
}

function splitPair(pair: string, flag: string, shape: string): [string, string] {
  const eq = pair.indexOf('=');
  if (eq <= 0 || eq === pair.length - 1) throw new UserError(`bad-${flag}`, `--${flag} takes ${shape}, not '${pair}'.`);
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

function checkedUrl(url: string, what: string): string {
  try {
    new URL(url);
    return url;
  } catch {
    throw new UserError('bad-url', `${what}: '${url.replace(/:[^:@/]*@/, ':***@')}' is not a URL.`);
  }
}

function integer(value: string | undefined, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UserError(`bad-${flag}`, `--${flag} takes a whole number${min > 0 ? ` of at least ${min}` : min === 0 ? ' (0 or more)' : ''}, not '${value}'.`);
  return n;
}

/** `Stores` → `STORES`, `order-api` → `ORDER_API`. */
function envName(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
