/**
 * One measured job over a catalog folder:
 *   floor — read every file the loader reads; gray-matter-parse the Markdown, JSON.parse the JSON (synchronous
 *           reads, the fastest way here, as the loader reads)
 *   load  — loadCatalog
 *   lint  — loadCatalog + lintCatalog
 * `node load-job.ts MODE DIR [COMPILED]`: with COMPILED (the tree lint-cli.ts's compileCli builds), the
 * loader and the lint run compiled to JavaScript, as an installed Waybill runs them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import matter from 'gray-matter';
import { printFigures } from './measure.ts';

const [mode, dir, compiled] = process.argv.slice(2);
const start = performance.now();

function files(root: string): string[] {
  const out: string[] = [];
  function walk(d: string) {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      // Hidden folders (.waybill/cache among them) are not catalog files: the loader skips them too.
      if (entry.name.startsWith('.')) continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(mdx?|json)$/.test(entry.name)) out.push(p);
    }
  }
  walk(root);
  return out;
}

if (mode === 'floor') {
  let parsed = 0;
  for (const file of files(dir)) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) JSON.parse(text);
    else matter(text, { excerpt: false });
    parsed++;
  }
  printFigures(start, { files: parsed });
} else {
  const code = (file: string) => (compiled ? pathToFileURL(path.join(compiled, `${file}.js`)).href : `../../${file}.ts`);
  const { loadCatalog } = (await import(code('src/catalog/load'))) as typeof import('../../src/catalog/load.ts');
  const catalog = await loadCatalog(dir);
  let diagnostics = catalog.diagnostics.length;
  if (mode === 'lint') {
    const { lintCatalog } = (await import(code('src/lint/engine'))) as typeof import('../../src/lint/engine.ts');
    diagnostics = lintCatalog(catalog).length;
  }
  printFigures(start, { resources: catalog.resources.length, diagnostics });
}
