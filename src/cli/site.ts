/**
 * Runs Waybill's Astro site (which lives in this package) on a user's catalog, without copying the app
 * anywhere: the catalog folder reaches the site through WAYBILL_CATALOG_DIR, and output and caches go
 * where the user says.
 */
import path from 'node:path';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { AstroInlineConfig } from 'astro';
import type { ArgsDef } from 'citty';
import { UserError } from '../diagnostics/user-error.ts';
import { catalogArg, catalogDir, PACKAGE_ROOT } from './shared.ts';

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
  resolveFromWaybill();
  const port = args.port ? Number(args.port) : 4321;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UserError('bad-port', `--port ${args.port} is not a port number.`);
  return {
    root: PACKAGE_ROOT,
    outDir: path.resolve(args.out ?? 'dist'),
    cacheDir: path.resolve('.waybill/cache'),
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
