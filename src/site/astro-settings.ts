/**
 * The Astro settings of Waybill's site, in one place: `waybill build/dev/preview` (src/cli/site.ts) pass
 * them inline, and astro.config.mjs exports them for running Astro on this folder directly.
 */
import type { AstroUserConfig } from 'astro';
import { catalogWatcher } from './build/catalog-watcher.ts';
import { vendorAssets } from './build/vendor.ts';
import { searchIndexer } from './build/search-index.ts';
import { latestVersionRedirects } from './build/redirects.ts';
import { graphLayout } from './build/graph-layout.ts';
import { nativeServerModules } from './native-modules.ts';
import { PACKAGE_ROOT } from '../cli/shared.ts';

export function siteSettings(): AstroUserConfig {
  return {
    output: 'static',
    trailingSlash: 'always',
    // Four pages render at once: while one page's file is written, the next renders. A page's HTML depends on
    // the page alone (component ids count per body), so the output is the same in any order.
    build: { format: 'directory', inlineStylesheets: 'never', concurrency: 4 },
    devToolbar: { enabled: false },
    // Prefetching would fetch linked pages; the site asks for nothing it was not asked to show.
    prefetch: false,
    // The viewers and mermaid are served prebuilt from /_vendor/ (src/site/build/vendor.ts), not bundled.
    // The search index is built while the pages render (src/site/build/search-index.ts).
    integrations: [vendorAssets(), searchIndexer(), latestVersionRedirects(), graphLayout(), catalogWatcher()],
    // Page scripts as files (cached once by the browser) rather than inlined into every page.
    // The one chunk past Vite's 500 kB warning is the 3D graph's (three.js, ~140 kB compressed), loaded
    // only on /graph/; the limit sits above it so a warning means something new grew.
    // In dev, the pages import Waybill's catalog, lint and compatibility code as Node runs it (native-modules.ts).
    vite: { logLevel: 'warn', plugins: [nativeServerModules(PACKAGE_ROOT)], build: { assetsInlineLimit: 0, chunkSizeWarningLimit: 800 } },
  };
}
