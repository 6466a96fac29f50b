import { defineCommand } from 'citty';
import { diagnosticsOf, diffCatalogs } from '../../compat/catalog-diff/index.ts';
import { lintCatalog } from '../../lint/engine.ts';
import { UserError } from '../../diagnostics/user-error.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { catalogArg, outputArgs, parseFormat, parseSeverity, report } from '../shared.ts';
import { compareArgs, loadPair } from '../compare.ts';

export default defineCommand({
  meta: {
    name: 'can-i-deploy',
    description: 'Yes or no, with every reason: do the messages and specs a service changed since a git ref break anyone? Exit 0 yes, 1 no.',
  },
  args: {
    service: { type: 'string', description: 'Id of the service to deploy', required: true, valueHint: 'ID' },
    ...catalogArg,
    ...compareArgs,
    ...outputArgs,
  },
  async run({ args }) {
    const format = parseFormat(args.format);
    parseSeverity(args['fail-severity']);
    const { before, after, against } = await loadPair(args);
    const service = after.latest('service', args.service) ?? before.latest('service', args.service);
    if (!service) {
      throw new UserError('unknown-service', `There is no service '${args.service}' in the catalog.`, { hint: `Services: ${after.services().filter((s) => s.isLatest).map((s) => s.id).slice(0, 20).join(', ')}.` });
    }
    const { findings } = diffCatalogs(before, after);
    const mine = findings.filter((f) => f.services.includes(service.id));
    // As a consumer, when its own entry changed: the fields it says it reads must exist in what it receives.
    const was = before.latest('service', service.id);
    const changed = after.get(service.key) && (!was || JSON.stringify(was.frontmatter) !== JSON.stringify(service.frontmatter));
    const reads: Diagnostic[] = changed ? lintCatalog(after, { only: ['consumer-fields'] }).filter((d) => d.file === service.file) : [];
    const diagnostics = [...diagnosticsOf(mine), ...reads];
    const reasons = diagnostics.filter((d) => d.severity === 'error');
    const checks = mine.length ? [{ name: `${service.name}: changes since ${against}`, passed: reasons.length === 0 }] : [{ name: `${service.name}: no changes since ${against}`, passed: true }];
    process.exitCode = await report(diagnostics, args, 'waybill can-i-deploy', { checks, suiteName: 'waybill can-i-deploy' });
    if (format === 'stylish' && !args.output) {
      const changed = new Set(mine.map((f) => f.diagnostic.file)).size;
      process.stdout.write(
        reasons.length
          ? `can-i-deploy ${service.name} against ${against}: NO — ${reasons.length} reason${reasons.length === 1 ? '' : 's'}:\n${reasons.map((d) => `  - ${d.message}`).join('\n')}\n`
          : `can-i-deploy ${service.name} against ${against}: YES — ${changed ? `${changed} changed file${changed === 1 ? '' : 's'} of ${service.name}, nothing breaks` : `nothing of ${service.name} changed`}.\n`,
      );
    }
  },
});
