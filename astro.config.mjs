// The Waybill site. The catalog it renders is chosen by WAYBILL_CATALOG_DIR (set by `waybill build/dev`);
// the base path by `waybill build --base` (or `base` in waybill.config.yaml).
import { defineConfig } from 'astro/config';
import { catalogWatcher } from './src/site/build/catalog-watcher.ts';
import { vendorAssets } from './src/site/build/vendor.ts';
import { searchIndexer } from './src/site/build/search-index.ts';
import { latestVersionRedirects } from './src/site/build/redirects.ts';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  // Prefetching would fetch linked pages; the site asks for nothing it was not asked to show.
  prefetch: false,
  // The viewers and mermaid are served prebuilt from /_vendor/ (src/site/build/vendor.ts), not bundled.
  // The search index is built while the pages render (src/site/build/search-index.ts).
  integrations: [vendorAssets(), searchIndexer(), latestVersionRedirects(), catalogWatcher()],
  // Page scripts as files (cached once by the browser) rather than inlined into every page.
  vite: { logLevel: 'warn', build: { assetsInlineLimit: 0 } },
});
