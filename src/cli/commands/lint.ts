import { defineCommand } from 'citty';
import { loadCatalog } from '../../catalog/load.ts';
import { lintCatalog, RULES } from '../../lint/engine.ts';
import { catalogArg, catalogDir, outputArgs, parseFormat, parseSeverity, progress, report } from '../shared.ts';
import { UserError } from '../../diagnostics/user-error.ts';

export default defineCommand({
  meta: { name: 'lint', description: 'Check the catalog: frontmatter, references, schemas, specs and conventions.' },
  args: {
    ...catalogArg,
    ...outputArgs,
    rule: { type: 'string', description: 'Run only these rules (comma-separated ids)', valueHint: 'IDS' },
    rules: { type: 'boolean', description: 'List the rules with their default severity and exit' },
  },
  async run({ args }) {
    if (args.rules) {
      for (const rule of RULES) process.stdout.write(`${rule.id.padEnd(42)} ${rule.severity.padEnd(8)} ${(rule.convention ? 'convention' : '').padEnd(11)} ${rule.description}\n`);
      process.stdout.write('\nA convention\'s errors are warnings until the catalog opts in: lint.conventions: true, or the rule set in lint.rules of waybill.config.yaml (schema-compatibility also by a message\'s own compatibility).\n');
      return;
    }
    parseFormat(args.format);
    parseSeverity(args['fail-severity']);
    const only = args.rule ? args.rule.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const unknown = only?.filter((id) => !RULES.some((r) => r.id === id));
    if (unknown?.length) throw new UserError('unknown-rule', `Unknown rule ${unknown.join(', ')}.`, { hint: 'See `waybill lint --rules`.' });
    const status = progress('Loading the catalog');
    const catalog = await loadCatalog(catalogDir(args.catalog), { onProgress: status.update });
    status.update('Linting');
    const diagnostics = lintCatalog(catalog, { only });
    status.done();
    process.exitCode = await report(diagnostics, args, 'waybill lint', {
      root: catalog.root,
      rules: RULES.map((r) => ({ id: r.id, description: r.description })),
    });
  },
});
