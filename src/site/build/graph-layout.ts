/**
 * The graph's build-time layout, started in a worker thread when the build starts (src/graph/build.ts),
 * so it runs on the second core while Astro renders the pages on the first; /graph.json waits for it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { startGraphLayout } from '../../graph/build.ts';
import { getSite } from '../catalog.ts';

/** The worker's module: `.ts` from a checkout, `.js` from a packed Waybill (dist-cli). */
const WORKER = new URL(`../../graph/layout-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export function graphLayout(): AstroIntegration {
  let base = '/';
  return {
    name: 'waybill-graph-layout',
    hooks: {
      'astro:config:done': ({ config }) => {
        // The pages ask with import.meta.env.BASE_URL, which ends in a slash.
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:start': () => {
        // Not awaited: the build goes on while the catalog loads. A catalog that does not load fails the
        // build where the pages ask for it, with its own message.
        getSite().then((site) => startGraphLayout(site, base, WORKER), () => undefined);
      },
    },
  };
}
