/**
 * Runs Waybill's Astro site (which lives in this package) on a user's catalog, without copying the app
 * anywhere: the catalog folder reaches the site through WAYBILL_CATALOG_DIR, and output and caches go
 * where the user says.
 */
import path from 'node:path';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { register, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { AstroInlineConfig } from 'astro';
import type { ArgsDef } from 'citty';
import { UserError } from '../diagnostics/user-error.ts';
import { catalogArg, catalogDir, PACKAGE_ROOT } from './shared.ts';
import { siteSettings } from '../site/astro-settings.ts';

/** Arguments of every site command: which catalog, where the built site is, under which base path. */
export const siteArgs = {
  ...catalogArg,
  out: { type: 'string', description: 'Output folder of the built site (default ./dist)', valueHint: 'DIR' },
  base: { type: 'string', description: 'Base path when hosting under a sub-path, e.g. /catalog/', valueHint: 'PATH' },
} as const satisfies ArgsDef;

/** Arguments of the commands that serve the site (`dev`, `preview`). */
export const serveArgs = {
  port: { type: 'string', description: 'Port to serve on (default 4321; taken → an error)', valueHint: 'PORT' },
  host: { type: 'string', description: 'Address to listen on (default localhost)', valueHint: 'HOST' },
} as const satisfies ArgsDef;

/** `--fail-severity` of `build` and `dev`. */
export const failSeverityArg = {
  'fail-severity': {
    type: 'string',
    description: 'Refuse to build when the catalog has a finding at or above this severity: error, warning, info, or none to build anyway',
    default: 'error',
    valueHint: 'SEVERITY',
  },
} as const satisfies ArgsDef;

/**
 * The file `waybill build` leaves in its output folder: it marks the folder as Waybill's to replace, and
 * records the base path the pages were built for (so `preview` serves them where they link to).
 */
export const BUILD_MARKER = '.waybill-build.json';

export interface BuildMarker {
  tool: 'waybill';
  version: string;
  base: string;
}

export function readBuildMarker(outDir: string): BuildMarker | undefined {
  try {
    const marker = JSON.parse(readFileSync(path.join(outDir, BUILD_MARKER), 'utf8')) as BuildMarker;
    return marker.tool === 'waybill' ? marker : undefined;
  } catch {
    return undefined;
  }
}

/** The base path of the site: --base, else `base` in the catalog's waybill.config.yaml. */
export async function siteBase(args: { catalog?: string; base?: string }): Promise<string | undefined> {
  if (args.base) return args.base;
  const { loadConfig } = await import('../catalog/config.ts');
  return (await loadConfig(catalogDir(args.catalog), [])).config.base;
}

export function astroConfig(args: { catalog?: string; out?: string; base?: string; port?: string; host?: string }): AstroInlineConfig {
  const catalog = catalogDir(args.catalog);
  process.env.WAYBILL_CATALOG_DIR = catalog;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  // No network: Astro's dev server would otherwise ask npm for a newer Astro (and advise an upgrade
  // command that does not apply to Waybill's users).
  process.env.ASTRO_DISABLE_UPDATE_CHECK = 'true';
  // Astro's rendered pages read import.meta.env from the process environment, so a BASE_URL (or SITE…)
  // left in it by the shell or a test runner would win over --base; the site's settings are the options.
  for (const name of ['BASE_URL', 'SITE', 'ASSETS_PREFIX']) delete process.env[name];
  resolveFromWaybill();
  const port = args.port ? Number(args.port) : 4321;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UserError('bad-port', `--port ${args.port} is not a port number.`);
  const settings = siteSettings();
  const root = siteRoot();
  return {
    ...settings,
    // The settings come from Waybill's own (compiled, when packed) modules, not from astro.config.mjs,
    // which Astro could load from node_modules only through a module runner that closes after loading.
    configFile: false,
    root: root.dir,
    outDir: path.resolve(args.out ?? 'dist'),
    cacheDir: path.resolve('.waybill/cache'),
    vite: {
      ...settings.vite,
      cacheDir: path.resolve('.waybill/cache/vite'),
      resolve: { preserveSymlinks: root.linked },
      // With the port checked first (ensurePortFree), a port taken in between is an error, not a move.
      server: { strictPort: true },
      preview: { strictPort: true },
    },
    ...(args.base ? { base: normalBase(args.base) } : {}),
    server: { port, host: args.host ?? 'localhost' },
    logLevel: 'warn',
  };
}

/** `catalog`, `/catalog` and `/catalog/` are all `/catalog/`; `` and `/` are `/`. */
export function normalBase(base: string): string {
  return `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
}

/**
 * Refuses a port that is taken (Vite would quietly move to the next one, and a user's bookmark or script
 * would reach something else): a clear error naming the port and what to do.
 */
export async function ensurePortFree(port: number, host: string): Promise<void> {
  const { createServer } = await import('node:net');
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(new UserError('port-busy', `Port ${port} on ${host} is ${error.code === 'EACCES' ? 'not allowed' : 'already in use'}.`, { hint: 'Stop what is using it, or pass --port with another port.' }));
      } else reject(new UserError('bad-host', `Cannot listen on ${host}:${port}: ${error.message}`));
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

let registered = false;

/**
 * The prerender bundle Astro writes outside Waybill's folder imports Waybill's dependencies: a bare
 * import from it that does not resolve where it is resolves from Waybill's folder. In the loading thread
 * where Node can (`registerHooks`, 22.15+); else off-thread (bin/resolve-from-waybill.js), which costs a
 * round trip to the hooks thread on each of the `import()`s Astro makes per rendered page.
 */
function resolveFromWaybill(): void {
  if (registered) return;
  registered = true;
  const root = pathToFileURL(PACKAGE_ROOT + path.sep).href;
  if (typeof registerHooks !== 'function') {
    register(new URL('bin/resolve-from-waybill.js', root), { data: { packageRoot: root } });
    return;
  }
  const fallback = new URL('package.json', root).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        const bare = !/^(?:[./]|[a-z][a-z0-9+.-]*:)/i.test(specifier);
        if (!bare || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !context.parentURL?.includes('/.prerender/')) throw error;
        return nextResolve(specifier, { ...context, parentURL: fallback });
      }
    },
  });
}

/**
 * Astro writes generated types under `<root>/.astro/`, and needs the site's sources under `root`. From a
 * checkout that is Waybill's own folder. Installed, Waybill's folder sits in node_modules and is not
 * written to: the root is .waybill/site/ in the working folder, whose src/, public/ and node_modules are
 * links to Waybill's (nothing is copied), read through the links (Vite's preserveSymlinks).
 */
function siteRoot(): { dir: string; linked: boolean } {
  if (!PACKAGE_ROOT.split(path.sep).includes('node_modules')) return { dir: PACKAGE_ROOT, linked: false };
  const root = path.resolve('.waybill/site');
  mkdirSync(root, { recursive: true });
  const modules = path.join(PACKAGE_ROOT, '..', ...(path.basename(path.dirname(PACKAGE_ROOT)).startsWith('@') ? ['..'] : []));
  for (const [name, target] of [['src', path.join(PACKAGE_ROOT, 'src')], ['public', path.join(PACKAGE_ROOT, 'public')], ['node_modules', modules], ['tsconfig.json', path.join(PACKAGE_ROOT, 'tsconfig.json')]]) {
    const link = path.join(root, name);
    if (existsSync(link) && realpathSync(link) === realpathSync(target)) continue;
    rmSync(link, { force: true, recursive: false });
    symlinkSync(target, link);
  }
  return { dir: root, linked: true };
}
