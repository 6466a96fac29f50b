/**
 * `waybill dev`: the pages' server-side imports of Waybill's catalog, lint, compatibility, diagnostics and
 * spec code are left to Node, which runs those modules as they are (the CLI does), instead of Vite
 * transforming each on the first request (issue 16: about 60 modules, the lint engine and compatibility
 * code among them). They are then the very instances the CLI already loaded, so the dev server's catalog
 * and the pages' are one object graph.
 *
 * Only those folders: nothing in them uses a Vite feature (`import.meta.env`, CSS, `astro:` modules),
 * while the site's own modules (src/site, src/components, src/pages) do and stay Vite's. A production build
 * is not touched. How: the plugin resolves such an import to the module's file URL, marked external, and
 * tells Vite's server-side module runner that these URLs are "built-in", which it imports with Node's
 * `import()`. An installed Waybill runs its compiled copy (dist-cli/, see tsconfig.pack.json), as its CLI
 * does; a module with no compiled copy stays Vite's.
 */
import { existsSync, realpathSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';

/** The folders of src/ whose modules Node runs as they are, in the CLI and now in the dev server's pages. */
export const NATIVE_FOLDERS = ['catalog', 'lint', 'compat', 'diagnostics', 'spec'];

/** The Vite plugin (dev server only). `packageRoot` is Waybill's folder, the one with src/. */
export function nativeServerModules(packageRoot: string): Plugin {
  const sources = realpathSync(path.join(packageRoot, 'src'));
  // This module's own src/ folder: the checkout's, or dist-cli/src/ of a packed Waybill.
  const here = fileURLToPath(import.meta.url);
  const runnable = path.resolve(path.dirname(here), '..');
  const compiled = here.endsWith('.js');
  const prefix = (pathToFileURL(runnable).href + '/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const native = new RegExp(`^${prefix}(?:${NATIVE_FOLDERS.join('|')})/[^?#]*\\.${compiled ? 'js' : 'ts'}$`);
  const cache = new Map<string, string | undefined>();

  /** The URL Node imports `file` (a path Vite resolved) from, or undefined when Vite should keep it. */
  function nativeUrl(file: string): string | undefined {
    if (cache.has(file)) return cache.get(file);
    let url: string | undefined;
    if (file.endsWith('.ts') && path.isAbsolute(file)) {
      let real: string | undefined;
      try {
        real = realpathSync(file);
      } catch {
        real = undefined;
      }
      const rel = real && path.relative(sources, real);
      if (rel && !rel.startsWith('..') && NATIVE_FOLDERS.includes(rel.split(path.sep)[0])) {
        const target = path.join(runnable, compiled ? rel.replace(/\.ts$/, '.js') : rel);
        if (existsSync(target)) url = pathToFileURL(target).href;
      }
    }
    cache.set(file, url);
    return url;
  }

  return {
    name: 'waybill-native-server-modules',
    apply: 'serve',
    enforce: 'pre',
    configEnvironment(name, config) {
      if (name === 'client' || config.consumer === 'client') return;
      // Vite's default for a server environment (Node's built-ins), and Waybill's own modules.
      const builtins = config.resolve?.builtins ?? [...builtinModules, /^node:/, /^bun:/];
      return { resolve: { builtins: [...builtins, native] } };
    },
    async resolveId(source, importer, options) {
      if (this.environment.config.consumer !== 'server' || !importer || !source.startsWith('.')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const url = nativeUrl(resolved.id);
      return url ? { id: url, external: true } : resolved;
    },
  };
}
