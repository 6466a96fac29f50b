/**
 * `npm run demo:services`: a nats-server with JetStream and the reference services (MallBots Stores and
 * Baskets, one HTTP server like MallBots' monolith) on the addresses the default catalog names, so that
 * `npx waybill verify --broker nats=nats://127.0.0.1:4222` checks them. Ctrl-C stops everything.
 *
 *   npm run demo:services [-- --port 8080 --nats-port 4222 --fault wrong-type]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startNats } from '../helpers/brokers.ts';
import { FAULTS } from './faults.ts';
import { startReferenceServices } from './main.ts';

/** A problem the user can fix: one line (and what to do), no stack trace, exit 2. */
function quit(message: string): never {
  process.stderr.write(`demo:services: ${message}\n`);
  process.exit(2);
}

let values: { port: string; 'nats-port': string; fault?: string };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      'nats-port': { type: 'string', default: '4222' },
      fault: { type: 'string' },
    },
  }));
} catch (error) {
  quit(`${(error as Error).message}\n  Usage: npm run demo:services [-- --port 8080 --nats-port 4222 --fault NAME]`);
}
const onPath = (command: string) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
if (!onPath('nats-server')) {
  quit('nats-server is not installed (it is the demo broker).\n  Install it (apt-get install nats-server), then run this again.');
}
const nats = await startNats({ port: Number(values['nats-port']) }).catch((error: Error) => quit(`nats-server did not start: ${error.message}`));
let services;
try {
  services = await startReferenceServices({ broker: nats.url, port: Number(values.port), host: '127.0.0.1', faults: values.fault ?? process.env.WAYBILL_REFERENCE_FAULTS });
} catch (error) {
  await nats.stop();
  throw error;
}
process.stdout.write(
  [
    `nats-server (JetStream)  ${nats.url}`,
    `Stores + Baskets         ${services.url}  (faults: ${values.fault || process.env.WAYBILL_REFERENCE_FAULTS || 'none'})`,
    '',
    'Check them against the default catalog:',
    `  npx waybill verify --service Stores,Baskets --broker nats=${nats.url} --target Stores=${services.url} --target Baskets=${services.url}`,
    '',
    `Break them on purpose with --fault (${Object.keys(FAULTS).join(', ')}).`,
    'Ctrl-C stops the services and the broker.',
    '',
  ].join('\n'),
);
const stop = async () => {
  await services.close().catch(() => undefined);
  await nats.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
