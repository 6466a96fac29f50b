/**
 * The version of Waybill's caches: Waybill's version, the versions of the libraries whose output is cached,
 * and a digest of the source of the modules that produce the cached results. An upgrade, or an edit to one
 * of those modules in a checkout, changes it, so no run ever reads an entry an older Waybill wrote.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** `.ts` from a checkout, `.js` from a packed Waybill (dist-cli). */
const ext = path.extname(fileURLToPath(import.meta.url));

/** Modules (relative to src/catalog) whose results the caches keep. */
const PRODUCERS = ['frontmatter', 'frontmatter-validate', 'read-yaml', 'schema-files', 'spec-files', 'read-file', 'layout', 'cache/load-cache', 'cache/validator-code', 'cache/source-key', 'cache/schema-key'];
/** Folders (relative to src/catalog) of modules whose results the lint caches: the compatibility checkers and the rules. */
const PRODUCER_DIRS = ['../compat', '../lint'];
/** The frontmatter schemas (src/schemas) the cached validators and checks were made from. */
const SCHEMAS_DIR = path.join(here, '..', '..', 'schemas');

let cached: string | undefined;

/** A short digest naming this Waybill's cache format. */
export function cacheVersion(): string {
  if (cached) return cached;
  const hash = createHash('sha256');
  // Waybill's version and its exactly pinned dependencies: the libraries whose output is cached.
  hash.update(waybillPackage());
  const producers = PRODUCERS.map((name) => path.join(here, '..', `${name}${ext}`));
  if (producers.every((file) => existsSync(file))) {
    for (const file of producers) hash.update(readFileSync(file));
    for (const dir of PRODUCER_DIRS) for (const file of filesUnder(path.join(here, '..', dir))) hash.update(readFileSync(file));
    if (existsSync(SCHEMAS_DIR)) for (const name of readdirSync(SCHEMAS_DIR).sort()) if (name.endsWith('.json')) hash.update(readFileSync(path.join(SCHEMAS_DIR, name)));
  } else {
    // Bundled (the site's prerender build): the modules are chunks beside this one; digest them all.
    for (const name of readdirSync(here).sort()) if (/\.m?js$/.test(name)) hash.update(readFileSync(path.join(here, name)));
  }
  cached = hash.digest('base64url').slice(0, 16);
  return cached;
}

/** Waybill's version and dependencies, as text (empty when its package.json cannot be found). */
function waybillPackage(): string {
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string; dependencies?: unknown };
    if (pkg.name === 'waybill') return JSON.stringify([pkg.version, pkg.dependencies]);
  }
  return '';
}

/** Every module under `dir` (this build's extension), in a stable order. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((name) => name.endsWith(ext)).sort().map((name) => path.join(dir, name));
}
