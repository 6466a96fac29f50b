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
    const { port, host } = config.server as { port: number; host: string };
    await ensurePortFree(port, host);
    // The catalog (from the last dev server's snapshot when no catalog file changed since, see
    // src/site/dev-snapshot.ts) loads while Astro and Vite start, not before: each waits on its own files.
    // Its findings are printed (and shown on the pages) by the catalog watcher.
    const { saveDevSnapshot, startDevCatalog } = await import('../../site/catalog.ts');
    const loading = startDevCatalog();
    const starting = import('astro').then(({ dev }) => dev({ ...config, logLevel: 'info' }));
    // Its failure is reported below, once the catalog has loaded; not as an unhandled rejection meanwhile.
    starting.catch(() => undefined);
    try {
      await loading;
    } catch (error) {
      // A missing or unusable folder is a user error here, not a 500 on every page.
      await starting.then((server) => server.stop(), () => undefined);
      throw error;
    }
    const server = await starting;
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
