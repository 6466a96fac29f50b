/**
 * Compiled validators kept as ajv standalone code. Compiling the frontmatter schemas took most of a small
 * catalog's lint (≈0.3 s of CPU of ≈0.5 s); evaluating the code ajv generated for them takes ≈10 ms. The
 * code is cached per Waybill version in the user's cache folder (it depends on Waybill, not on a catalog)
 * and, like every cache file, signed: code this machine did not write is never run.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import standaloneImport from 'ajv/dist/standalone/index.js';
import * as equal from 'ajv/dist/runtime/equal.js';
import * as ucs2length from 'ajv/dist/runtime/ucs2length.js';
import * as uri from 'ajv/dist/runtime/uri.js';
import * as validationError from 'ajv/dist/runtime/validation_error.js';
import { readSigned, userCacheDir, writeSigned } from './signed-file.ts';
import { cacheVersion } from './source-key.ts';

// ajv's standalone module is CommonJS; depending on the loader its function is the default export or its .default.
const standaloneCode = ((standaloneImport as unknown as { default?: unknown }).default ?? standaloneImport) as unknown as (ajv: Ajv, refs: Record<string, string>) => string;

/**
 * The generated code requires ajv's runtime helpers. They are imported here (so they resolve wherever
 * Waybill's own imports do, the site's prerender bundle included) and handed to it by name; code that
 * needs any other module fails to load and is compiled again.
 */
const RUNTIME: Record<string, unknown> = Object.fromEntries(
  Object.entries({ equal, ucs2length, uri, validation_error: validationError }).map(([name, module]) => [`ajv/dist/runtime/${name}`, commonJsExports(module)]),
);

/** A CommonJS module's `module.exports` from its namespace: Node puts it at `.default`; Vite's interop spreads it. */
function commonJsExports(namespace: object): unknown {
  const inner = (namespace as { default?: unknown }).default;
  return inner !== null && typeof inner === 'object' && 'default' in inner ? inner : namespace;
}
function runtimeRequire(specifier: string): unknown {
  const module = RUNTIME[specifier.replace(/\.js$/, '')];
  if (module === undefined) throw new Error(`Cached validator code requires ${specifier}`);
  return module;
}

/** Whether compiled code is cached at all (not with `WAYBILL_CACHE=off`). */
export function validatorCodeCached(): boolean {
  return process.env.WAYBILL_CACHE !== 'off';
}

/** The file of cached code `name`; undefined when caching is off (`WAYBILL_CACHE=off`). */
function codeFile(name: string): string | undefined {
  if (!validatorCodeCached()) return undefined;
  return path.join(process.env.WAYBILL_CACHE_DIR || userCacheDir(), `${name}-${cacheVersion()}.cjs`);
}

/** The validators `name` cached earlier (by export name), or undefined when there is no trustworthy copy. */
export function cachedValidators(name: string): Record<string, ValidateFunction> | undefined {
  // Code whose helpers are not what it calls (`require(…).default`) would fail mid-validation: a miss instead.
  if (!Object.values(RUNTIME).every((helper) => (helper as { default?: unknown }).default !== undefined)) return undefined;
  const file = codeFile(name);
  const code = file === undefined ? undefined : readSigned(file);
  if (code === undefined) return undefined;
  try {
    const module = { exports: {} as Record<string, ValidateFunction> };
    new Function('require', 'module', 'exports', code)(runtimeRequire, module, module.exports);
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
    if (!writeSigned(file, standaloneCode(ajv, refs))) return;
    // Code of other Waybill versions is never read again.
    const prefix = `${name}-`;
    for (const other of readdirSync(path.dirname(file))) if (other.startsWith(prefix) && other.endsWith('.cjs') && other !== path.basename(file)) rmSync(path.join(path.dirname(file), other), { force: true });
  } catch {
    // A cache that cannot be written only costs the next run a compile.
  }
}
