/**
 * `npm pack` (prepack): compiles the CLI and library to JavaScript in dist-cli/ (tsconfig.pack.json), for
 * Node will not strip the types of .ts files under node_modules. tsc rewrites `.ts` in most relative
 * imports but leaves some dynamic `import('…ts')` calls as written; those are rewritten here, and any
 * relative .ts import left afterwards fails the pack.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'dist-cli');

rmSync(OUT, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.pack.json')], { stdio: 'inherit' });

const RELATIVE_TS = /(\bimport\(\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g;
let rewritten = 0;
for (const entry of readdirSync(OUT, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
  const file = path.join(entry.parentPath, entry.name);
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(RELATIVE_TS, (_, call: string, quote: string, spec: string) => {
    rewritten++;
    return `${call}${quote}${spec}.js${quote}`;
  });
  if (fixed !== text) writeFileSync(file, fixed);
  const left = /\bfrom\s+['"]\.{1,2}\/[^'"]+\.ts['"]/.exec(fixed);
  if (left) throw new Error(`${path.relative(ROOT, file)} still imports a .ts file: ${left[0]}`);
}
process.stdout.write(`Compiled the CLI to dist-cli/ (${rewritten} dynamic imports rewritten).\n`);
