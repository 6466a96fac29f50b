import { defineCommand } from 'citty';
import { existsSync } from 'node:fs';
import { UserError } from '../../diagnostics/user-error.ts';
import { astroConfig, ensurePortFree, readBuildMarker, serveArgs, siteArgs, siteBase } from '../site.ts';
import { waitForSignal } from './dev.ts';

export default defineCommand({
  meta: { name: 'preview', description: 'Serve the built site (run `waybill build` first), under the base path it was built for.' },
  args: { ...siteArgs, ...serveArgs },
  async run({ args }) {
    const outDir = astroConfig(args).outDir;
    if (!existsSync(String(outDir))) {
      throw new UserError('not-built', `There is no built site in ${outDir}.`, { hint: 'Run `waybill build` first.' });
    }
    // The pages link to their assets under the base they were built for; build records it in its marker.
    const base = args.base ?? readBuildMarker(String(outDir))?.base ?? (await siteBase(args));
    const config = astroConfig({ ...args, base });
    const { port, host } = config.server as { port: number; host: string };
    await ensurePortFree(port, host);
    const { preview } = await import('astro');
    const server = await preview({ ...config, logLevel: 'warn' });
    process.stdout.write(`Serving ${config.outDir} on http://${host}:${server.port}${config.base ?? '/'}\n`);
    await waitForSignal();
    await server.stop();
  },
});
