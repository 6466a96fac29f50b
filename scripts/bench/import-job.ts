/**
 * One measured job over a generated OpenAPI document (see openapi-synthetic.ts):
 *   floor — JSON.parse the document and walk every node once (the least any reader must do)
 *   import — importDocument into an empty catalog folder
 *   lint   — loadCatalog + lintCatalog over that imported catalog
 *   args: <mode> <document.json> <catalog folder>
 */
import { readFileSync } from 'node:fs';
import { printFigures } from './measure.ts';

const [mode, file, dir] = process.argv.slice(2);
const start = performance.now();

if (mode === 'floor') {
  let nodes = 0;
  const walk = (v: unknown): void => {
    nodes++;
    if (v && typeof v === 'object') for (const child of Object.values(v)) walk(child);
  };
  walk(JSON.parse(readFileSync(file, 'utf8')));
  printFigures(start, { nodes });
} else if (mode === 'import') {
  const { importDocument } = await import('../../src/import/index.ts');
  const result = await importDocument(dir, file, 'openapi');
  printFigures(start, { resources: result.plan?.changes.length ?? 0, diagnostics: result.diagnostics.length });
} else {
  const { loadCatalog } = await import('../../src/catalog/load.ts');
  const { lintCatalog } = await import('../../src/lint/engine.ts');
  const catalog = await loadCatalog(dir);
  const diagnostics = lintCatalog(catalog).length;
  printFigures(start, { resources: catalog.resources.length, diagnostics });
}
