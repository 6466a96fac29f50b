/**
 * Compiled validators kept as ajv standalone code. Compiling the frontmatter schemas took most of a small
 * catalog's lint (≈0.3 s of CPU of ≈0.5 s); evaluating the code ajv generated for them takes ≈10 ms. The
 * code is cached per Waybill version in the user's cache folder (it depends on Waybill, not on a catalog)
 * and, like every cache file, signed: code this machine did not write is never run.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { readSigned, userCacheDir, writeSigned } from './signed-file.ts';
import { cacheVersion } from './source-key.ts';

/** The generated code requires ajv's runtime helpers (`ajv/dist/runtime/…`), resolved from Waybill's own dependencies. */
const requireFromWaybill = createRequire(import.meta.url);

/** The file of cached code `name`; undefined when caching is off (`WAYBILL_CACHE=off`). */
function codeFile(name: string): string | undefined {
  if (process.env.WAYBILL_CACHE === 'off') return undefined;
  return path.join(process.env.WAYBILL_CACHE_DIR || userCacheDir(), `${name}-${cacheVersion()}.cjs`);
}

/** The validators `name` cached earlier (by export name), or undefined when there is no trustworthy copy. */
export function cachedValidators(name: string): Record<string, ValidateFunction> | undefined {
  const file = codeFile(name);
  const code = file === undefined ? undefined : readSigned(file);
  if (code === undefined) return undefined;
  try {
    const module = { exports: {} as Record<string, ValidateFunction> };
    new Function('require', 'module', 'exports', code)(requireFromWaybill, module, module.exports);
    return module.exports;
  } catch {
    return undefined;
  }
}

/**
 * Stores the standalone code of `ajv`'s schemas under the export names of `refs` (export name → schema id).
 * The ajv instance must have been made with `code: { source: true }`. A failure to write is not an error.
 */
export function cacheValidators(name: string, ajv: Ajv, refs: Record<string, string>): void {
  const file = codeFile(name);
  if (file === undefined) return;
  try {
    // ajv's standalone module is CommonJS, loaded only when there is code to write.
    const standalone = requireFromWaybill('ajv/dist/standalone/index.js') as { default: (ajv: Ajv, refs: Record<string, string>) => string };
    writeSigned(file, standalone.default(ajv, refs));
  } catch {
    // A cache that cannot be written only costs the next run a compile.
  }
}
