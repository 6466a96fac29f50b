import { readFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { UserError } from '../../diagnostics/user-error.ts';
import { report, VERSION } from '../shared.ts';

const merge = defineCommand({
  meta: {
    name: 'merge',
    description: 'Combine the verification reports of the shards of one run (waybill verify --shard i/n --report FILE) into one: waybill report merge a.json b.json -o merged.json.',
  },
  args: {
    files: { type: 'positional', description: 'The shard reports', required: true, valueHint: 'FILE…' },
    output: { type: 'string', alias: 'o', description: 'Write (update) the merged report here, the file the site reads', required: true, valueHint: 'FILE' },
  },
  async run({ args }) {
    const { mergeShardReports } = await import('../../../contracts/report-merge.ts');
    const { writeReport } = await import('../../../contracts/report.ts');
    const files = (args._ as string[]).map(String);
    const inputs = [];
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        throw new UserError('report-missing', `There is no report at ${file}.`);
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new UserError('report-invalid', `${file} is not JSON: ${(error as Error).message}`);
      }
      const r = value as { reportVersion?: unknown; lastRun?: unknown; services?: unknown };
      if (r.reportVersion !== 1 || !r.lastRun || !r.services) throw new UserError('report-invalid', `${file} is not a waybill verify report (reportVersion 1).`);
      inputs.push({ file, report: value as import('../../../contracts/report.ts').VerificationReport });
    }
    const started = performance.now();
    const result = mergeShardReports(inputs, VERSION);
    if (result.report) await writeReport(String(args.output), result.report, (text) => text);
    const code = result.diagnostics.length === 0 ? 0 : await report(result.diagnostics, { format: 'stylish', 'fail-severity': 'error' }, 'waybill report merge', { stream: process.stderr });
    if (result.report) {
      const run = result.report.lastRun;
      process.stdout.write(`Merged ${inputs.length} shard report${inputs.length === 1 ? '' : 's'} into ${args.output} in ${Math.round(performance.now() - started)} ms: ${run.passed} passed, ${run.failed} failed.\n`);
    }
    process.exitCode = result.report ? 0 : Math.max(code, 1);
  },
});

export default defineCommand({
  meta: { name: 'report', description: 'Work with verification reports: waybill report merge.' },
  subCommands: { merge },
});
