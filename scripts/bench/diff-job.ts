/**
 * One measured job over two catalog folders:
 *   floor — load both catalogs (what any diff has to do)
 *   diff  — load both, then diffCatalogs (what `waybill diff` does before printing)
 */
import { printFigures } from './measure.ts';

const [mode, beforeDir, afterDir] = process.argv.slice(2);
const start = performance.now();
const { loadCatalog } = await import('../../src/catalog/load.ts');
const [before, after] = await Promise.all([loadCatalog(beforeDir), loadCatalog(afterDir)]);
/** CPU time of the process so far: on a shared machine, wall time alone says little. */
const cpuMs = () => Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000);
if (mode === 'diff') {
  const { diffCatalogs } = await import('../../src/compat/catalog-diff/index.ts');
  const { findings, summary } = diffCatalogs(before, after);
  printFigures(start, { cpuMs: cpuMs(), findings: findings.length, schemasChanged: summary.schemasChanged, incompatible: summary.schemasIncompatible, consumerBreaks: summary.consumerBreaks });
} else {
  printFigures(start, { cpuMs: cpuMs(), resources: before.resources.length + after.resources.length });
}
