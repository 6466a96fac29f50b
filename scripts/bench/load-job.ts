/**
 * One measured job over a catalog folder:
 *   floor — read every file the loader reads; gray-matter-parse the Markdown, JSON.parse the JSON (32 at a time)
 *   load  — loadCatalog
 *   lint  — loadCatalog + lintCatalog
 */
import { opendir, readFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { printFigures } from './measure.ts';

const [mode, dir] = process.argv.slice(2);
const start = performance.now();

async function files(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string) {
    for await (const entry of await opendir(d)) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (/\.(mdx?|json)$/.test(entry.name)) out.push(p);
    }
  }
  await walk(root);
  return out;
}

if (mode === 'floor') {
  const list = await files(dir);
  let next = 0;
  let parsed = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < list.length) {
        const file = list[next++];
        const text = await readFile(file, 'utf8');
        if (file.endsWith('.json')) JSON.parse(text);
        else matter(text, { excerpt: false });
        parsed++;
      }
    }),
  );
  printFigures(start, { files: parsed });
} else {
  const { loadCatalog } = await import('../../src/catalog/load.ts');
  const catalog = await loadCatalog(dir);
  let diagnostics = catalog.diagnostics.length;
  if (mode === 'lint') {
    const { lintCatalog } = await import('../../src/lint/engine.ts');
    diagnostics = lintCatalog(catalog).length;
  }
  printFigures(start, { resources: catalog.resources.length, diagnostics });
}
