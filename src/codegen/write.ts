/**
 * Writing generated code into an output folder. A manifest (`.waybill-codegen.json`) lists what the last
 * run wrote, so files of messages that are gone are removed, and nothing else in the folder is touched.
 */
import path from 'node:path';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { GeneratedFile } from './validators.ts';

const MANIFEST = '.waybill-codegen.json';

/** Writes `files` under `outDir`; returns how many were written (changed) and removed. */
export async function writeGenerated(outDir: string, files: readonly GeneratedFile[]): Promise<{ written: number; removed: number }> {
  const root = path.resolve(outDir);
  const target = (file: string) => {
    const absolute = path.resolve(root, file);
    if (path.relative(root, absolute).startsWith('..')) throw new Error(`Generated file outside the output folder: ${file}`);
    return absolute;
  };
  const previous = await readFile(path.join(root, MANIFEST), 'utf8')
    .then((text) => (JSON.parse(text) as { files?: string[] }).files ?? [])
    .catch(() => [] as string[]);
  const current = new Set(files.map((f) => f.file));
  let removed = 0;
  for (const file of previous) {
    if (current.has(file)) continue;
    await rm(target(file), { force: true });
    removed++;
  }
  let written = 0;
  for (const { file, content } of files) {
    const absolute = target(file);
    const before = await readFile(absolute, 'utf8').catch(() => undefined);
    if (before === content) continue;
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFile(absolute, content);
    written++;
  }
  await writeFile(path.join(root, MANIFEST), `${JSON.stringify({ generator: 'waybill codegen typescript', files: [...current].sort() }, null, 2)}\n`);
  return { written, removed };
}
