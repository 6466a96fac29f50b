// Node strips TypeScript types itself (Waybill's sources use erasable syntax only), but refuses to for
// files under node_modules. Where Waybill is installed as a package, this load hook does the same for
// Waybill's own .ts files with Node's own stripper, and nothing else.
import { readFile } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';

const ROOT = new URL('../', import.meta.url).href;

const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).includes('stripTypeScriptTypes')) return;
  emitWarning.call(process, warning, ...rest);
};

export async function load(url, context, nextLoad) {
  if (url.startsWith(ROOT) && url.endsWith('.ts') && !url.slice(ROOT.length).includes('node_modules/')) {
    const source = await readFile(new URL(url), 'utf8');
    return { format: 'module', source: stripTypeScriptTypes(source, { mode: 'strip' }), shortCircuit: true };
  }
  return nextLoad(url, context);
}
