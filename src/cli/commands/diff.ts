import { defineCommand } from 'citty';
import { diagnosticsOf, diffCatalogs, type DiffSummary } from '../../compat/catalog-diff/index.ts';
import { catalogArg, outputArgs, parseFormat, parseSeverity, report } from '../shared.ts';
import { compareArgs, loadPair } from '../compare.ts';
import { reportCatalogErrors } from '../catalog-check.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The human summary printed after the stylish report. */
export function diffSummary(against: string, s: DiffSummary): string {
  return [
    `waybill diff: the catalog now against ${against}`,
    `  resources: ${s.added} added, ${s.removed} removed; versions: ${s.versionsAdded} added, ${s.versionsRemoved} removed`,
    `  schemas:   ${plural(s.schemasChanged, 'changed schema')}, ${s.schemasIncompatible} incompatible under its mode`,
    `  consumers: ${s.consumerBreaks ? `${plural(s.consumerBreaks, 'breaking change')} for ${s.brokenConsumers.join(', ')}` : 'none broken'}`,
    `  specs:     ${plural(s.specChanges, 'change')}, ${s.specBreaking} breaking`,
  ].join('\n');
}

export default defineCommand({
  meta: {
    name: 'diff',
    description: 'Everything that changed since a git ref: resources and versions, schema changes with verdicts, consumer and spec breakages.',
  },
  args: { ...catalogArg, ...compareArgs, ...outputArgs },
  async run({ args }) {
    const format = parseFormat(args.format);
    parseSeverity(args['fail-severity']);
    const { before, after, against } = await loadPair(args);
    const broken = await reportCatalogErrors(after, 'waybill diff');
    const { findings, summary } = diffCatalogs(before, after);
    const code = await report(diagnosticsOf(findings), args, 'waybill diff', { noun: 'change' });
    process.exitCode = broken ? Math.max(code, 1) : code;
    if (format === 'stylish' && !args.output) process.stdout.write(`${diffSummary(against, summary)}\n`);
  },
});
