import { defineCommand } from 'citty';
import { astroConfig, siteArgs } from '../site.ts';
import { progress } from '../shared.ts';

export default defineCommand({
  meta: { name: 'build', description: 'Build the static site of the catalog (pages, then the search index).' },
  args: siteArgs,
  async run({ args }) {
    const config = astroConfig(args);
    const status = progress('Building the site');
    const { build } = await import('astro');
    await build(config);
    status.done();
    const search = progress('Indexing the site for search');
    const { buildSearchIndex } = await import('../../site/build/search-index.ts');
    const { pages } = await buildSearchIndex(String(config.outDir));
    search.done();
    process.stdout.write(`Built the site in ${config.outDir} (${pages} pages searchable)\n`);
  },
});
