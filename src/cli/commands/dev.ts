import { defineCommand } from 'citty';
import { astroConfig, ensurePortFree, serveArgs, siteArgs, siteBase } from '../site.ts';

export default defineCommand({
  meta: {
    name: 'dev',
    description: 'Serve the catalog site and rebuild pages as catalog files change; catalog problems show in the terminal and on every page until fixed.',
  },
  args: { ...siteArgs, ...serveArgs },
  async run({ args }) {
    // A NODE_ENV left in the shell (test, production) would make Astro cache each page's paths for good,
    // and the pages would not follow added or removed files: this is a development server.
    process.env.NODE_ENV = 'development';
    const config = astroConfig({ ...args, base: await siteBase(args) });
    // The catalog loads before the server starts: a missing or unusable folder is a user error here, not
    // a 500 on every page. Its findings are printed (and shown on the pages) by the catalog watcher.
    // From the last dev server's snapshot when no catalog file changed since (src/site/dev-snapshot.ts).
    const { saveDevSnapshot, startDevCatalog } = await import('../../site/catalog.ts');
    await startDevCatalog();
    const { port, host } = config.server as { port: number; host: string };
    await ensurePortFree(port, host);
    const { dev } = await import('astro');
    const server = await dev({ ...config, logLevel: 'info' });
    await waitForSignal();
    // The edits made while it ran, for the next start: first, as Vite exits the process once it is closed.
    await saveDevSnapshot();
    await server.stop();
  },
});

/** Resolves on Ctrl-C or SIGTERM. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
