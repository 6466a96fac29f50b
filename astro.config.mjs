// The Waybill site. The catalog it renders is chosen by WAYBILL_CATALOG_DIR (set by `waybill build/dev`);
// the base path by `waybill build --base` (or `base` in waybill.config.yaml).
import { defineConfig } from 'astro/config';
import react from '@astrojs/react';
import { scopeStylesheet } from './src/site/build/scope-css.ts';
import { catalogWatcher } from './src/site/build/catalog-watcher.ts';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  // Prefetching would fetch linked pages; the site asks for nothing it was not asked to show.
  prefetch: false,
  integrations: [react({ include: ['**/viewers/*.tsx'] }), catalogWatcher()],
  vite: {
    logLevel: 'warn',
    css: {
      // Stoplight Elements ships global resets (h1, ul, a, :focus …); they apply inside its viewer only.
      postcss: { plugins: [scopeStylesheet(/@stoplight[\\/]elements/, '.sl-scope')] },
    },
    build: { chunkSizeWarningLimit: 4096 },
  },
});
