/**
 * The permanent address of a latest version (`/events/StoreCreated/1.0.0/`) forwards to the resource's
 * page (`/events/StoreCreated/`). These are thousands of identical, tiny pages: they are written
 * straight to the built site instead of going through Astro's renderer, and answered by a redirect in
 * the dev server.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Resource } from '../../catalog/model.ts';
import { getSite } from '../catalog.ts';
import { escapeHtml as esc } from '../markdown/json-highlight.ts';
import { resourcePath, versionPath } from '../paths.ts';
import { contentSecurityPolicy } from '../csp.ts';

/** The forwarding page of one latest version. */
export function redirectPage(r: Resource, base: string): string {
  const to = `${base.replace(/\/$/, '')}${resourcePath(r)}`;
  const title = `${r.name} ${r.version}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="${esc(contentSecurityPolicy())}"><title>${esc(title)}</title><meta http-equiv="refresh" content="0; url=${esc(to)}"><link rel="canonical" href="${esc(to)}"><meta name="robots" content="noindex"></head><body><p>This is the latest version: <a href="${esc(to)}">${esc(title)}</a>.</p></body></html>`;
}

/** Files written at once while the forwarding pages are written. */
const PARALLEL_WRITES = 16;

/** Writes the forwarding page of every latest version under `out`, a few files at a time. */
async function writeRedirects(out: string, base: string): Promise<void> {
  const site = await getSite();
  const latest = site.catalog.resources.filter((r) => r.version && r.isLatest);
  let next = 0;
  const writer = async () => {
    for (let r = latest[next++]; r; r = latest[next++]) {
      const folder = path.join(out, ...versionPath(r).split('/').filter(Boolean));
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'index.html'), redirectPage(r, base));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_WRITES }, writer));
}

/**
 * The Astro integration. The forwarding pages are written from when the pages are generated, while the
 * search index is being finished (src/site/build/search-index.ts), and waited for when the build is done.
 */
export function latestVersionRedirects(): AstroIntegration {
  let base = '/';
  let writing: Promise<void> | undefined;
  const start = (dir: URL) => {
    writing ??= writeRedirects(fileURLToPath(dir), base);
    // Awaited at build:done; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
  };
  return {
    name: 'waybill-latest-version-redirects',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:start': () => {
        writing = undefined;
      },
      'astro:build:generated': ({ dir }) => start(dir),
      'astro:build:done': async ({ dir }) => {
        start(dir);
        await writing;
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(async (req, res, next) => {
          const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(base.replace(/\/$/, '').length);
          const parts = pathname.split('/').filter(Boolean);
          if (parts.length !== 3 || parts[0].startsWith('_')) return next();
          const site = await getSite();
          const latest = site.catalog.resources.find((r) => r.isLatest && r.version && versionPath(r) === `/${parts.join('/')}/`);
          if (!latest) return next();
          res.statusCode = 302;
          res.setHeader('location', `${base.replace(/\/$/, '')}${resourcePath(latest)}`);
          res.end();
        });
      },
    },
  };
}
