/**
 * One measured job of the verify bench (issue 5), run in its own process so its peak RSS is its own:
 *   generate OUT N        — write an N-line JSONL capture of the MallBots Stores and Baskets messages
 *   floor FILE            — ajv alone: the same streamed lines, JSON.parse, the message's precompiled
 *                           validator picked by name, validate — no catalog, no envelope logic, no Waybill
 *   ajv-loop FILE         — ajv alone on payloads already parsed in memory (the first 100,000, looped to N)
 *   waybill FILE          — what `waybill verify --from FILE` runs (load the catalog, stream the check), timed
 *   cli FILE              — `waybill verify --from FILE` through the CLI, wall time
 *   load                  — loading the default catalog only (what floor and waybill both pay first)
 */
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { printFigures } from './measure.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CATALOG = path.join(ROOT, 'catalog');
const [mode, file, countArg] = process.argv.slice(2);
const start = performance.now();
/** Heap in use after a full collection, in MB: what a job still holds (flat when the capture is streamed). */
const { setFlagsFromString } = await import('node:v8');
setFlagsFromString('--expose_gc');
const collect = (await import('node:vm')).runInNewContext('gc') as () => void;
const retainedMb = () => {
  collect();
  return Math.round(process.memoryUsage().heapUsed / 1048576);
};

/** CPU time (user + system) since `from`, in ms: steadier than wall time on a shared machine. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return Math.round((u.user + u.system) / 1000);
};

/** MallBots messages whose payloads the capture carries, with their channels. */
const SERVICES = ['Stores', 'Baskets'];

async function messagesOfCatalog() {
  const { loadCatalog } = await import('../../src/catalog/load.ts');
  const catalog = await loadCatalog(CATALOG);
  const out = [];
  for (const id of SERVICES) {
    const service = catalog.latest('service', id) as import('../../src/catalog/model.ts').Service;
    for (const link of service.sends) {
      const message = catalog.resolve<import('../../src/catalog/model.ts').Message>(link);
      const channel = link.channels[0] ? catalog.resolve<import('../../src/catalog/model.ts').Channel>(link.channels[0]) : undefined;
      if (message?.schema && channel) out.push({ message, channel });
    }
  }
  return { catalog, messages: out };
}

/** Streams the lines of a file (the same splitter the capture check uses). */
async function eachLine(source: string, handle: (line: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 })) {
    const text = rest + decoder.write(chunk as Buffer);
    let from = 0;
    for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', from)) {
      handle(text.slice(from, nl));
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  if (rest) handle(rest);
}

async function validators() {
  const { catalog, messages } = await messagesOfCatalog();
  const { SchemaValidators } = await import('../../contracts/validate.ts');
  const v = new SchemaValidators(catalog);
  const byName = new Map<string, (data: unknown) => boolean>();
  for (const { message } of messages) {
    const compiled = v.forMessage(message);
    if (compiled && !(compiled instanceof Error)) byName.set(message.wireName, compiled.validate);
  }
  return byName;
}

if (mode === 'generate') {
  const count = Number(countArg);
  const { catalog, messages } = await messagesOfCatalog();
  const { generate, random } = await import('../../contracts/generate.ts');
  const { SchemaValidators } = await import('../../contracts/validate.ts');
  const v = new SchemaValidators(catalog);
  const rng = random(42);
  // 200 distinct valid payloads per message type, written round-robin; every 1,000th message is broken.
  const pool = messages.map(({ message, channel }) => {
    const compiled = v.forMessage(message);
    const payloads: unknown[] = [];
    for (let i = 0; payloads.length < 200 && i < 5000; i++) {
      const p = generate(message.schema!.value, { rng, root: message.schema!.value });
      if (compiled && !(compiled instanceof Error) && compiled.validate(p)) payloads.push(p);
    }
    return { name: message.wireName, channel: channel.address, payloads };
  });
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  for (let i = 0; i < count; i++) {
    const kind = pool[i % pool.length];
    let payload = kind.payloads[Math.floor(i / pool.length) % kind.payloads.length] as Record<string, unknown>;
    if (i % 1000 === 999) payload = { ...payload, id: 12345 };
    const line = JSON.stringify({ channel: kind.channel, headers: { 'content-type': 'application/json', 'Nats-Msg-Id': String(i) }, payload: { ID: String(i), Name: kind.name, Payload: payload } });
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
  printFigures(start, { lines: count });
} else if (mode === 'load') {
  await messagesOfCatalog();
  printFigures(start);
} else if (mode === 'floor') {
  const byName = await validators();
  const ready = performance.now();
  const cpu = process.cpuUsage();
  let valid = 0;
  let invalid = 0;
  await eachLine(file, (line) => {
    if (!line) return;
    const rec = JSON.parse(line);
    const validate = byName.get(rec.payload.Name);
    if (validate && validate(rec.payload.Payload)) valid++;
    else invalid++;
  });
  const streamMs = Math.round(performance.now() - ready);
  const streamCpuMs = cpuSince(cpu);
  printFigures(start, { messages: valid + invalid, invalid, streamMs, streamCpuMs, retainedMb: retainedMb() });
} else if (mode === 'ajv-loop') {
  const byName = await validators();
  const sample: { validate: (d: unknown) => boolean; payload: unknown }[] = [];
  const count = Number(countArg);
  let read = 0;
  await eachLine(file, (line) => {
    if (!line || read >= 100_000) return;
    read++;
    const rec = JSON.parse(line);
    sample.push({ validate: byName.get(rec.payload.Name)!, payload: rec.payload.Payload });
  });
  const ready = performance.now();
  const cpu = process.cpuUsage();
  let valid = 0;
  for (let i = 0; i < count; i++) {
    const s = sample[i % sample.length];
    if (s.validate(s.payload)) valid++;
  }
  printFigures(start, { messages: count, invalid: count - valid, streamMs: Math.round(performance.now() - ready), streamCpuMs: cpuSince(cpu) });
} else if (mode === 'waybill') {
  // What the CLI runs for --from, timed around the streamed check itself.
  const { loadCatalog } = await import('../../src/catalog/load.ts');
  const { VerifyRun, tally } = await import('../../contracts/context.ts');
  const { verifyCapture } = await import('../../contracts/checks/capture.ts');
  const catalog = await loadCatalog(CATALOG);
  const run = new VerifyRun(catalog, {
    only: new Set(), targets: {}, brokers: {}, timeoutMs: 5000, windowMs: 1500, runs: 1, generate: 0, seed: 1, allowWrites: false,
    headersFor: () => ({}), secrets: [], signal: new AbortController().signal,
  });
  const ready = performance.now();
  const cpu = process.cpuUsage();
  await verifyCapture(run, { label: file, file, stream: createReadStream(file, { highWaterMark: 1 << 20 }) });
  const streamMs = Math.round(performance.now() - ready);
  const streamCpuMs = cpuSince(cpu);
  const { passed, failed } = tally(run.checks);
  printFigures(start, { messages: passed + failed, invalid: failed, diagnostics: run.diagnostics.length, streamMs, streamCpuMs, retainedMb: retainedMb() });
} else if (mode === 'cli') {
  const { run } = await import('../../src/cli/main.ts');
  // The CLI, as a user runs it; its report goes to a file so the bench prints only figures.
  const report = path.join(path.dirname(file), 'verify-bench-report.json');
  const code = await run(['verify', '--catalog', CATALOG, '--from', file, '--format', 'json', '--output', report]);
  const { readFile } = await import('node:fs/promises');
  process.exitCode = 0; // one message in 1,000 is broken on purpose: exit 1 is the expected verdict
  const diagnostics = JSON.parse(await readFile(report, 'utf8'));
  printFigures(start, { exitCode: code, diagnostics: Array.isArray(diagnostics) ? diagnostics.length : (diagnostics.diagnostics?.length ?? 0) });
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
