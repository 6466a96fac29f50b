/**
 * One `waybill lint` run, in this process, timed from process start (Node's own start-up included, as a
 * user feels it): `node lint-cli-job.ts DIR`. Prints the figures with the CPU time it used.
 */
import { printFigures } from './measure.ts';

const [dir] = process.argv.slice(2);
const { run } = await import('../../src/cli/main.ts');
const code = await run(['lint', '--catalog', dir, '--format', 'json', '--output', '/dev/null']);
const cpu = process.cpuUsage();
printFigures(0, { code, cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
