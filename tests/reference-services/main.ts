/**
 * Starts the reference services — MallBots Stores and Baskets — on one HTTP server (as MallBots' modular
 * monolith serves its modules) or one of them alone, connected to a broker.
 *
 *   node tests/reference-services/main.ts --broker nats://127.0.0.1:4222 [--port 8080] [--host 127.0.0.1]
 *        [--services stores,baskets] [--fault a,b] [--stores-url URL]
 *
 * Faults (see faults.ts) come from --fault or WAYBILL_REFERENCE_FAULTS. Prints `listening on URL` when
 * ready; stops on SIGINT/SIGTERM.
 */
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { basketsRouter } from './baskets.ts';
import { Bus } from './bus.ts';
import { parseFaults, type Fault } from './faults.ts';
import { send, type Router } from './http-kit.ts';
import { storesRouter } from './stores.ts';

export interface ReferenceServicesOptions {
  broker: string;
  port?: number;
  host?: string;
  services?: readonly ('stores' | 'baskets')[];
  faults?: ReadonlySet<Fault> | string;
  /** Stores API for Baskets' cache misses when Stores is not served here. */
  storesUrl?: string;
}

export interface ReferenceServices {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startReferenceServices(options: ReferenceServicesOptions): Promise<ReferenceServices> {
  const faults = typeof options.faults === 'string' || options.faults === undefined ? parseFaults(options.faults ?? process.env.WAYBILL_REFERENCE_FAULTS) : options.faults;
  const services = options.services ?? ['stores', 'baskets'];
  const host = options.host ?? '127.0.0.1';
  const buses: Bus[] = [];
  const routers: Router[] = [];
  let url = '';
  try {
    if (services.includes('stores')) {
      const bus = await Bus.connect(options.broker, 'stores');
      buses.push(bus);
      routers.push(storesRouter(bus, faults));
    }
    if (services.includes('baskets')) {
      const bus = await Bus.connect(options.broker, 'baskets');
      buses.push(bus);
      routers.push(await basketsRouter({ bus, faults, storesUrl: () => options.storesUrl ?? (services.includes('stores') ? url : undefined) }));
    }
  } catch (error) {
    await Promise.all(buses.map((b) => b.close()));
    throw error;
  }
  const server: Server = createServer(async (req, res) => {
    for (const router of routers) if (await router.handle(req, res)) return;
    send(res, { status: 404, body: { code: 5, message: 'Not Found', details: [] } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  url = `http://${host}:${port}`;
  return {
    url,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(buses.map((b) => b.close()));
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      broker: { type: 'string' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      services: { type: 'string', default: 'stores,baskets' },
      fault: { type: 'string' },
      'stores-url': { type: 'string' },
    },
  });
  if (!values.broker) {
    process.stderr.write('reference services: --broker URL is required (e.g. nats://127.0.0.1:4222)\n');
    process.exit(2);
  }
  const running = await startReferenceServices({
    broker: values.broker,
    port: Number(values.port),
    host: values.host,
    services: values.services!.split(',').map((s) => s.trim()) as ('stores' | 'baskets')[],
    faults: values.fault ?? process.env.WAYBILL_REFERENCE_FAULTS,
    storesUrl: values['stores-url'],
  });
  process.stdout.write(`listening on ${running.url}\n`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
