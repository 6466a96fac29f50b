/**
 * Issue 17: importing and linting a generated large OpenAPI document (openapi-synthetic.ts: 8 shared
 * component schemas per operation pair, nested 8 deep) at two sizes, beside the floor (JSON.parse and one
 * walk of the document). Linear means the lint row grows with the document, not with its square.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { best, runJob, table } from './measure.ts';
import { syntheticOpenapi } from './openapi-synthetic.ts';
import type { BenchContext } from '../bench.ts';

/** Operations (paths with a GET and a PUT) of the two generated documents. */
const OPERATIONS = [150, 300];

export async function benchImport(ctx: BenchContext): Promise<void> {
  const rows: (string | number)[][] = [['paths', 'schemas', 'doc MB', 'job', 'wall ms', 'peak RSS MB', '× floor', 'result']];
  const sizes: (string | number)[][] = [['paths', 'schema files', 'schema MB', 'largest KB', 'attached document MB']];
  const work = path.resolve('.bench', 'import');
  for (const operations of OPERATIONS) {
    await mkdir(work, { recursive: true });
    const file = path.join(work, `openapi-${operations}.json`);
    const text = JSON.stringify(syntheticOpenapi(operations), null, 1);
    await writeFile(file, text);
    const catalog = path.join(work, `catalog-${operations}`);
    await rm(catalog, { recursive: true, force: true });
    const floor = await best(3, 'import-job.ts', ['floor', file]);
    // Imported once into an empty folder (a second run would be a re-import that changes nothing).
    const imported = await runJob('import-job.ts', ['import', file, catalog]);
    const lint = await best(2, 'import-job.ts', ['lint', file, catalog]);
    const lead = [operations, operations * 8, (text.length / 2 ** 20).toFixed(1)];
    rows.push([...lead, 'floor (parse + walk the document)', floor.ms, floor.maxRssMb, '1.00', `${floor.nodes} nodes`]);
    rows.push([...lead, 'waybill import', imported.ms, imported.maxRssMb, (imported.ms / floor.ms).toFixed(1), `${imported.resources} changes`]);
    rows.push([...lead, 'waybill load + lint (imported)', lint.ms, lint.maxRssMb, (lint.ms / floor.ms).toFixed(1), `${lint.resources} resources, ${lint.diagnostics} findings`]);
    const written = await schemaFiles(catalog, path.basename(file));
    sizes.push([operations, written.files, (written.bytes / 2 ** 20).toFixed(1), (written.largest / 1024).toFixed(1), (text.length / 2 ** 20).toFixed(1)]);
  }
  ctx.print('Import and lint of a large OpenAPI document (issue 17)', table(rows));
  ctx.print('What the import wrote: JSON Schema files (messages, responses, shared components)', table(sizes));
}

/** Count, total and largest size of the JSON files an import wrote (not the attached document, not the cache). */
async function schemaFiles(dir: string, document: string): Promise<{ files: number; bytes: number; largest: number }> {
  const out = { files: 0, bytes: 0, largest: 0 };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !entry.name.endsWith('.json') || entry.name === document || full.includes(`${path.sep}.waybill${path.sep}`)) continue;
    const { size } = await stat(full);
    out.files++;
    out.bytes += size;
    out.largest = Math.max(out.largest, size);
  }
  return out;
}
