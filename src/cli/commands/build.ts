import { defineCommand } from 'citty';
import { astroConfig, siteArgs, siteBase } from '../site.ts';
import { progress } from '../shared.ts';

export default defineCommand({
  meta: { name: 'build', description: 'Build the static site of the catalog (pages and search index).' },
  args: siteArgs,
  async run({ args }) {
    const config = astroConfig({ ...args, base: await siteBase(args) });
    const status = progress('Building the site');
    const { build } = await import('astro');
    await build(config);
    status.done();
    const { searchIndexStats } = await import('../../site/build/search-index.ts');
    const pages = searchIndexStats()?.pages ?? 0;
    process.stdout.write(`Built the site in ${config.outDir} (${pages} pages searchable)\n`);
  },
});
