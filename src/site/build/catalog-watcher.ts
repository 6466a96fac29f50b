/**
 * An Astro integration for `waybill dev`: watches the catalog folder and, when a file in it changes,
 * applies the edit to the loaded catalog (or drops it, when the edit is more than a body or a schema) and
 * reloads the browser, so pages show the change.
 */
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { applyEdits, reloadCatalog } from '../catalog.ts';

export function catalogWatcher(): AstroIntegration {
  return {
    name: 'waybill-catalog-watcher',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const dir = path.resolve(process.env.WAYBILL_CATALOG_DIR ?? 'catalog');
        server.watcher.add(dir);
        let timer: NodeJS.Timeout | undefined;
        // Files changed in place since the last reload; undefined once a file was added or removed.
        let edited: Set<string> | undefined = new Set();
        const changed = (kind: 'change' | 'add' | 'unlink') => (file: string) => {
          if (!path.resolve(file).startsWith(dir + path.sep)) return;
          if (kind === 'change') edited?.add(path.relative(dir, path.resolve(file)));
          else edited = undefined;
          clearTimeout(timer);
          // Editors write a file in several steps: wait for the last one.
          timer = setTimeout(() => {
            if (edited) applyEdits([...edited]);
            else reloadCatalog();
            edited = new Set();
            server.ws.send({ type: 'full-reload' });
          }, 50);
        };
        server.watcher.on('change', changed('change'));
        server.watcher.on('add', changed('add'));
        server.watcher.on('unlink', changed('unlink'));
      },
    },
  };
}
