/**
 * Runs the rules over a catalog and turns their findings into diagnostics, applying the severities set
 * in the catalog config (`lint.rules`, then `lint.overrides` by file glob).
 */
import picomatch from 'picomatch';
import { compareDiagnostics, type Diagnostic, type Severity } from '../diagnostics/diagnostic.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { cacheOf } from '../catalog/cache/load-cache.ts';
import { digest } from '../catalog/cache/signed-file.ts';
import { formatPath } from '../catalog/locate.ts';
import type { Finding, Rule } from './rule.ts';
import { RULES } from './rules/index.ts';

type Setting = Severity | 'off';

export interface LintOptions {
  rules?: readonly Rule[];
  /** Run only these rule ids. */
  only?: readonly string[];
}

export function lintCatalog(catalog: Catalog, options: LintOptions = {}): Diagnostic[] {
  const rules = (options.rules ?? RULES).filter((r) => !options.only || options.only.includes(r.id));
  const configured = catalog.config.lint?.rules ?? {};
  const conventions = catalog.config.lint?.conventions === true;
  const overrides = (catalog.config.lint?.overrides ?? []).map((o) => ({ match: picomatch(o.files, { dot: true }), rules: o.rules }));
  const kept: { rule: Rule; finding: Finding; severity: Severity }[] = [];
  for (const rule of rules) {
    const base: Setting | undefined = configured[rule.id];
    if (base === 'off' && overrides.every((o) => o.rules[rule.id] === undefined)) continue;
    for (const finding of rule.check(catalog)) {
      let setting: Setting = base ?? finding.severity ?? rule.severity;
      if (setting === 'error' && rule.convention && base === undefined && !conventions && !finding.chosen) setting = 'warning';
      for (const o of overrides) if (o.rules[rule.id] !== undefined && o.match(finding.file)) setting = o.rules[rule.id];
      if (setting !== 'off') kept.push({ rule, finding, severity: setting });
    }
  }
  // Located grouped by file: each file is read and scanned once for all the paths found in it, whichever rules found them.
  kept.sort((a, b) => (a.finding.file < b.finding.file ? -1 : a.finding.file > b.finding.file ? 1 : 0));
  const cache = cacheOf(catalog);
  const positions: ({ line: number; column: number } | undefined)[] = new Array(kept.length);
  for (let start = 0, end = 0; start < kept.length; start = end) {
    const file = kept[start].finding.file;
    const wanted: number[] = [];
    for (end = start; end < kept.length && kept[end].finding.file === file; end++) {
      if (kept[end].finding.line === undefined && kept[end].finding.path) wanted.push(end);
    }
    if (!wanted.length) continue;
    const paths = wanted.map((i) => kept[i].finding.path!);
    // Positions are pure in the file's text and the paths: a warm run with the same findings locates nothing.
    const textDigest = cache?.textDigestOf(catalog.pathOf(file));
    const found = textDigest ? cache!.lintMemo('loc', `${textDigest}:${digest(JSON.stringify(paths))}`, () => catalog.locateAll(file, paths)) : catalog.locateAll(file, paths);
    wanted.forEach((k, n) => (positions[k] = found[n]));
  }
  // A run of every rule keeps the cache to what it used; a partial run (--only) keeps the other rules' entries.
  cache?.save(!options.only && !options.rules);
  const diagnostics: Diagnostic[] = kept.map(({ rule, finding, severity }, i) => {
    const position = finding.line !== undefined ? { line: finding.line, column: finding.column ?? 1 } : (positions[i] ?? { line: 0, column: 0 });
    return {
      code: rule.id,
      severity,
      message: finding.message,
      file: finding.file,
      line: position.line,
      column: position.column,
      ...(finding.hint ? { hint: finding.hint } : {}),
      ...(finding.path && finding.path.length ? { path: formatPath(finding.path) } : {}),
    };
  });
  return diagnostics.sort(compareDiagnostics);
}

export { RULES };
