/**
 * Runs Waybill's Astro site (which lives in this package) on a user's catalog, without copying the app
 * anywhere: the catalog folder reaches the site through WAYBILL_CATALOG_DIR, and output and caches go
 * where the user says.
 */
import path from 'node:path';
import { existsSync, mkdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { AstroInlineConfig } from 'astro';
import type { ArgsDef } from 'citty';
import { UserError } from '../diagnostics/user-error.ts';
import { catalogArg, catalogDir, PACKAGE_ROOT } from './shared.ts';
import { siteSettings } from '../site/astro-settings.ts';

export const siteArgs = {
  ...catalogArg,
  out: { type: 'string', description: 'Output folder of the built site (default ./dist)', valueHint: 'DIR' },
  base: { type: 'string', description: 'Base path when hosting under a sub-path, e.g. /catalog/', valueHint: 'PATH' },
  port: { type: 'string', description: 'Port to serve on (default 4321)', valueHint: 'PORT' },
  host: { type: 'string', description: 'Address to listen on (default localhost)', valueHint: 'HOST' },
} as const satisfies ArgsDef;

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
    vite: { ...settings.vite, cacheDir: path.resolve('.waybill/cache/vite'), resolve: { preserveSymlinks: root.linked } },
    ...(args.base ? { base: `/${args.base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/') } : {}),
    server: { port, host: args.host ?? 'localhost' },
    logLevel: 'warn',
  };
}

let registered = false;

/** The prerender bundle Astro writes outside Waybill's folder imports Waybill's dependencies: see bin/resolve-from-waybill.js. */
function resolveFromWaybill(): void {
  if (registered) return;
  registered = true;
  const root = pathToFileURL(PACKAGE_ROOT + path.sep).href;
  register(new URL('bin/resolve-from-waybill.js', root), { data: { packageRoot: root } });
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
