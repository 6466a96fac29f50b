import { defineCommand } from 'citty';
import { astroConfig, siteArgs } from '../site.ts';
import { progress } from '../shared.ts';

export default defineCommand({
  meta: { name: 'build', description: 'Build the static site of the catalog.' },
  args: siteArgs,
  async run({ args }) {
    const config = astroConfig(args);
    const status = progress('Building the site');
    const { build } = await import('astro');
    await build(config);
    status.done();
    process.stdout.write(`Built the site in ${config.outDir}\n`);
  },
});
