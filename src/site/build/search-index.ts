/**
 * The Pagefind search index of a built site, written to `<out>/pagefind/` after the Astro build.
 * Only page content marked `data-pagefind-body` is indexed (not navigation, not redirect pages).
 */
import path from 'node:path';

export interface SearchIndexResult {
  pages: number;
}

/** Indexes every HTML page under `outDir`. */
export async function buildSearchIndex(outDir: string): Promise<SearchIndexResult> {
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: outDir });
    if (added.errors.length) throw new Error(`Pagefind could not index ${outDir}: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
    if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
