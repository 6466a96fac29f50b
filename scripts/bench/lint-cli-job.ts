/**
 * One `waybill lint` run, in this process, timed from process start (Node's own start-up included, as a
 * user feels it): `node lint-cli-job.ts DIR [--compiled path/to/main.js]`. Prints the figures with the CPU
 * time it used. With --compiled, the CLI compiled to JavaScript runs instead of the TypeScript sources.
 */
import { pathToFileURL } from 'node:url';
import { printFigures } from './measure.ts';

const [dir, flag, compiled] = process.argv.slice(2);
const main: { run: (argv: string[]) => Promise<number> } =
  flag === '--compiled' ? await import(pathToFileURL(compiled).href) : await import('../../src/cli/main.ts');
const { run } = main;
const code = await run(['lint', '--catalog', dir, '--format', 'json', '--output', '/dev/null']);
const cpu = process.cpuUsage();
printFigures(0, { code, cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
// Exit 1 is lint's answer on a catalog with errors (the realistic one), not a failed job.
process.exitCode = code === 1 ? 0 : code;
