/**
 * An Astro integration for `waybill dev`: watches the catalog folder and, when a file in it changes,
 * applies the edit to the loaded catalog (src/catalog/patch.ts: a body, a name or summary, or a schema) or
 * loads it again, reading only the files that changed (src/catalog/load-memo.ts: any other edit, a file or
 * folder added, removed or renamed), clears Astro's cache of each page's paths (so a new resource gets its
 * page and a removed one loses it), and reloads the browser.
 *
 * The catalog's problems are never hidden: after each load they are printed in the terminal as `waybill
 * lint` prints them, and every page shows them in an overlay (file:line, code, message) until fixed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { applyEdits, getCatalog, getProblems, prepareForEdits } from '../catalog.ts';
import { PROBLEMS_PATH, problemsOverlayScript } from './problems-overlay.ts';
import { watchFolder, type FolderEvent } from './folder-watch.ts';

/** True for the site's folder, its sources (src/, contracts/), public files and the files at its top (config, package.json). */
function isSiteSource(site: string, file: string): boolean {
  if (file === site || path.dirname(file) === site) return true;
  const rel = path.relative(site, file);
  return /^(src|public|contracts)([\\/]|$)/.test(rel) && !file.startsWith(catalogDir() + path.sep);
}

function catalogDir(): string {
  return path.resolve(process.env.WAYBILL_CATALOG_DIR ?? 'catalog');
}

/**
 * How long the server must have had no page request under way, after a reload, before the terminal's lint
 * runs: the reloaded page is served first (rendering it after a load can take longer than a fixed delay).
 */
const LINT_AFTER_RELOAD_MS = 400;

/** How long without a request, after the first, before the server readies itself for edits (see prepareForEdits). */
const PREPARE_WHEN_QUIET_MS = 3000;

export function catalogWatcher(): AstroIntegration {
  return {
    name: 'waybill-catalog-watcher',
    hooks: {
      'astro:config:setup': ({ command, config, injectScript, updateConfig }) => {
        if (command !== 'dev') return;
        injectScript('page', problemsOverlayScript());
        // The catalog has its own watcher (folder-watch.ts). Vite's watches the site's folder, where only
        // the site's sources change: in a checkout it would also stat every file of the bench catalogs
        // (.bench/), the test fixtures and a catalog kept there, 25 s at 10,000 messages.
        const site = fileURLToPath(config.root);
        updateConfig({ vite: { server: { watch: { ignored: [(file: string) => !isSiteSource(site, path.resolve(file))] } } } });
      },
      'astro:server:setup': ({ server, logger }) => {
        const dir = catalogDir();
        // One lint per load of the catalog, shared by the terminal and every page's overlay. After an edit
        // it runs when a page's overlay first asks, or a moment after the reload: lint holds this thread
        // for seconds on a large catalog, and the edited page should not wait behind it.
        let problems: Promise<Diagnostic[]> | undefined;
        const currentProblems = () => (problems ??= getProblems());
        let shown = 0;
        const announce = async () => {
          const found = await currentProblems();
          if (found.length) {
            const { formatDiagnostics } = await import('../../diagnostics/formatters/index.ts');
            const text = formatDiagnostics(found, 'stylish', { tool: 'waybill dev', toolVersion: '', color: Boolean(process.stderr.isTTY), cwd: process.cwd(), root: dir });
            process.stderr.write(`waybill dev: the catalog has problems; the pages show them until they are fixed:\n${text}\n`);
          } else if (shown) logger.info('The catalog problems are fixed.');
          shown = found.length;
        };
        void announce();
        server.middlewares.use((req, res, next) => {
          if (!req.url?.split('?')[0].endsWith(PROBLEMS_PATH)) return next();
          currentProblems().then((found) => {
            res.setHeader('content-type', 'application/json; charset=utf-8');
            res.setHeader('cache-control', 'no-store');
            res.end(JSON.stringify(found.map(({ code, severity, message, file, line, column, hint }) => ({ code, severity, message, file, line, column, hint }))));
          }, next);
        });

        // Requests under way (but the overlay's, which waits for the lint) and when the last one ended.
        let busy = 0;
        let lastRequest = 0;
        server.middlewares.use((req, res, next) => {
          if (req.url?.split('?')[0].endsWith(PROBLEMS_PATH)) return next();
          busy++;
          lastRequest = performance.now();
          res.once('close', () => {
            busy--;
            lastRequest = performance.now();
          });
          onRequest();
          next();
        });
        /** Runs `task` once no request has been under way for `quietMs`; each call replaces the last one waiting in `slot`. */
        const timers = new Map<string, NodeJS.Timeout>();
        const whenQuiet = (slot: string, quietMs: number, task: () => void) => {
          clearTimeout(timers.get(slot));
          const check = () => {
            const quiet = busy ? 0 : performance.now() - lastRequest;
            if (quiet >= quietMs) {
              timers.delete(slot);
              return task();
            }
            const timer = setTimeout(check, Math.max(50, quietMs - quiet));
            timer.unref();
            timers.set(slot, timer);
          };
          check();
        };

        let timer: NodeJS.Timeout | undefined;
        // Paths changed since the last reload: files edited, added or removed, and folders added or removed.
        let edited = new Set<string>();
        const changed = (_kind: FolderEvent, absolute: string) => {
          edited.add(path.relative(dir, absolute));
          clearTimeout(timer);
          // Editors write a file in several steps: wait for the last one.
          timer = setTimeout(() => {
            applyEdits([...edited]);
            edited = new Set();
            problems = undefined;
            // Astro keeps each page's getStaticPaths() until content changes: a new or removed resource
            // changes the paths, so the cache goes (the same message Astro's content layer sends) — now,
            // and again once the catalog has loaded, since a request already under way when the files
            // changed may have put the old paths back.
            const forgetPaths = () => {
              for (const name of ['ssr', 'prerender', 'astro']) server.environments[name]?.hot.send('astro:content-changed', {});
            };
            forgetPaths();
            const reload = () => {
              forgetPaths();
              server.environments.client.hot.send({ type: 'full-reload', path: '*' });
              // Quiet from now: the load held this thread, so requests may be waiting to be read.
              lastRequest = performance.now();
              whenQuiet('lint', LINT_AFTER_RELOAD_MS, () => void announce());
            };
            void getCatalog().then(reload, reload);
          }, 50);
        };
        const watcher = watchFolder(dir, changed, (message) => logger.warn(message));

        // Once a page was requested and the server has been quiet for a moment, it readies itself for edits
        // that need a load (a server started from the snapshot has read no file yet): not before, so the
        // first page never waits behind it.
        let prepared = false;
        function onRequest() {
          if (prepared) return;
          prepared = true;
          whenQuiet('prepare', PREPARE_WHEN_QUIET_MS, () => void watcher.ready.then(() => prepareForEdits()));
        }
        const close = server.close.bind(server);
        server.close = () => {
          for (const pending of timers.values()) clearTimeout(pending);
          watcher.close();
          return close();
        };
      },
    },
  };
}
