/**
 * An Astro integration for `waybill dev`: watches the catalog folder and, when a file in it changes,
 * drops the loaded catalog and reloads the browser, so pages show the change.
 */
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { reloadCatalog } from '../catalog.ts';

export function catalogWatcher(): AstroIntegration {
  return {
    name: 'waybill-catalog-watcher',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const dir = path.resolve(process.env.WAYBILL_CATALOG_DIR ?? 'catalog');
        server.watcher.add(dir);
        let timer: NodeJS.Timeout | undefined;
        const changed = (file: string) => {
          if (!path.resolve(file).startsWith(dir + path.sep)) return;
          clearTimeout(timer);
          timer = setTimeout(() => {
            reloadCatalog();
            server.ws.send({ type: 'full-reload' });
          }, 150);
        };
        server.watcher.on('change', changed);
        server.watcher.on('add', changed);
        server.watcher.on('unlink', changed);
      },
    },
  };
}
