import { defineCommand } from 'citty';
import { astroConfig, siteArgs, siteBase } from '../site.ts';

export default defineCommand({
  meta: { name: 'dev', description: 'Serve the catalog site and rebuild pages as catalog files change.' },
  args: siteArgs,
  async run({ args }) {
    const config = astroConfig({ ...args, base: await siteBase(args) });
    const { dev } = await import('astro');
    const server = await dev({ ...config, logLevel: 'info' });
    await waitForSignal();
    await server.stop();
  },
});

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
