import { defineCommand } from 'citty';
import { existsSync } from 'node:fs';
import { UserError } from '../../diagnostics/user-error.ts';
import { astroConfig, siteArgs, siteBase } from '../site.ts';
import { waitForSignal } from './dev.ts';

export default defineCommand({
  meta: { name: 'preview', description: 'Serve the built site (run `waybill build` first).' },
  args: siteArgs,
  async run({ args }) {
    const config = astroConfig({ ...args, base: await siteBase(args) });
    if (!existsSync(String(config.outDir))) {
      throw new UserError('not-built', `There is no built site in ${config.outDir}.`, { hint: 'Run `waybill build` first.' });
    }
    const { preview } = await import('astro');
    const server = await preview({ ...config, logLevel: 'info' });
    // Astro moves to the next port when the one asked for is taken: print the one it listens on.
    process.stdout.write(`Serving ${config.outDir} on http://${server.host ?? 'localhost'}:${server.port}${config.base ?? '/'}\n`);
    await waitForSignal();
    await server.stop();
  },
});
