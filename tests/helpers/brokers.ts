/**
 * Real message brokers for tests, started from the Debian packages as child processes on free ports
 * (apt-get install nats-server mosquitto rabbitmq-server): nats-server with JetStream, mosquitto, and rabbitmq-server with
 * its own epmd. Each runs in its own process group so that stopping it also stops what it spawned
 * (RabbitMQ's shell wrapper, the Erlang VM, epmd). Nothing is leaked: `stop()` kills the group and
 * waits for it; a process-exit hook kills whatever is still running if a test file dies early.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Broker {
  /** Client URL, e.g. `nats://127.0.0.1:4222`. */
  readonly url: string;
  readonly port: number;
  /** Stops the broker (and every process it started) and removes its data folder. */
  stop(): Promise<void>;
}

export interface NatsBroker extends Broker {
  /** HTTP monitoring endpoint (`/connz`, `/varz`), when started with `monitor: true`. */
  readonly monitorUrl?: string;
}

const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once a TCP connection to 127.0.0.1:port succeeds; rejects after `timeoutMs` or when `child` exits. */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess, label = `port ${port}`): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${label} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect({ host: '127.0.0.1', port });
      socket.setTimeout(500);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${label} was not ready within ${timeoutMs} ms`);
}

/** Spawns a long-running process in its own process group; its output is kept (last 64 KB) for error messages. */
export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess & { output(): string } {
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { output(): string };
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.output = () => output;
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the leader has exited. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL'); // stragglers of an exited leader
    running.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL');
  running.delete(child);
}

/** `nats-server -js` on a free port, storing JetStream data in a temporary folder. */
export async function startNats(options: { monitor?: boolean; port?: number } = {}): Promise<NatsBroker> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'waybill-nats-'));
  const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir];
  let monitorUrl: string | undefined;
  if (options.monitor) {
    const monitorPort = await freePort();
    args.push('-m', String(monitorPort));
    monitorUrl = `http://127.0.0.1:${monitorPort}`;
  }
  const child = spawnGroup('nats-server', args);
  try {
    await waitForPort(port, 10_000, child, 'nats-server');
  } catch (error) {
    await stopGroup(child);
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    monitorUrl,
    async stop() {
      await stopGroup(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `mosquitto -p PORT` (listens on localhost, anonymous, MQTT 3.1.1 and 5). */
export async function startMosquitto(): Promise<Broker> {
  const port = await freePort();
  const child = spawnGroup('mosquitto', ['-p', String(port)]);
  try {
    await waitForPort(port, 10_000, child, 'mosquitto');
  } catch (error) {
    await stopGroup(child);
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  }
  return { url: `mqtt://127.0.0.1:${port}`, port, stop: () => stopGroup(child) };
}

/**
 * rabbitmq-server with no plugins, its own epmd (started first, stopped last, so no detached epmd
 * outlives the test) and its data and logs in a temporary folder. Ready in about 2 s.
 */
export async function startRabbit(): Promise<Broker> {
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), 'waybill-rabbit-'));
  const epmd = spawnGroup('epmd', ['-port', String(epmdPort), '-address', '127.0.0.1']);
  await waitForPort(epmdPort, 5000, epmd, 'epmd');
  const node = `waybill${port}@localhost`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_LOGS: '-',
    RABBITMQ_ENABLED_PLUGINS: '',
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbit.pid'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
  };
  const child = spawnGroup('/usr/lib/rabbitmq/bin/rabbitmq-server', [], env);
  const stop = async () => {
    await stopGroup(child, 10_000);
    await stopGroup(epmd);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, 60_000, child, 'rabbitmq-server');
    await waitForAmqp(`amqp://127.0.0.1:${port}`, 30_000);
  } catch (error) {
    const output = child.output();
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { url: `amqp://127.0.0.1:${port}`, port, stop };
}

async function waitForAmqp(url: string, timeoutMs: number): Promise<void> {
  const amqp = await import('amqplib');
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await amqp.connect(url, { timeout: 2000 });
      await connection.close();
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`RabbitMQ at ${url} did not accept AMQP connections within ${timeoutMs} ms (${String(last)})`);
}
