/**
 * `waybill dev`'s Vite plugin that leaves Waybill's catalog, lint, compatibility, diagnostics and spec
 * modules to Node (src/site/native-modules.ts): which imports it takes from Vite, and which it leaves.
 * The dev server's pages working with it is tests/e2e/first-hour.test.ts (dev) and package.test.ts (installed).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { nativeServerModules } from '../../src/site/native-modules.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

/** The plugin's answer for `source` imported from `importer` in an environment of `consumer`. */
async function resolve(source: string, importer: string | undefined, consumer: 'server' | 'client' = 'server') {
  const plugin = nativeServerModules(ROOT);
  const context = {
    environment: { config: { consumer } },
    resolve: async (s: string, from: string) => ({ id: path.resolve(path.dirname(from), s) }),
  };
  const hook = plugin.resolveId as (this: typeof context, source: string, importer: string | undefined, options: object) => Promise<unknown>;
  return hook.call(context, source, importer, {});
}

describe('native server modules in waybill dev', () => {
  const page = path.join(SRC, 'components/MessagePage.astro');

  test.each(['catalog/load.ts', 'lint/engine.ts', 'compat/message-versions.ts', 'diagnostics/diagnostic.ts', 'spec/index.ts'])(
    "a page's import of src/%s is Node's: its file URL, external",
    async (file) => {
      const source = path.relative(path.dirname(page), path.join(SRC, file));
      expect(await resolve(source, page)).toEqual({ id: pathToFileURL(path.join(SRC, file)).href, external: true });
    },
  );

  test.each([
    ['a site module (it reads import.meta.env)', '../site/paths.ts', page, 'server'],
    ['a component', './Header.astro', page, 'server'],
    ['a package', 'yaml', page, 'server'],
    ['the browser', '../catalog/load.ts', page, 'client'],
  ] as const)('%s stays Vite’s', async (_, source, importer, consumer) => {
    const answer = (await resolve(source, importer, consumer)) as { id?: string; external?: boolean } | null;
    expect(answer?.external).toBeFalsy();
  });

  test("the module runner imports those URLs with Node's import(), and nothing else of src/", () => {
    const plugin = nativeServerModules(ROOT);
    const configure = plugin.configEnvironment as (name: string, config: object) => { resolve: { builtins: (string | RegExp)[] } } | undefined;
    expect(configure('client', {})).toBeUndefined();
    const builtins = configure('ssr', {})!.resolve.builtins;
    // Node's own built-ins stay built-ins.
    expect(builtins).toContain('fs');
    const native = (url: string) => builtins.some((b) => typeof b !== 'string' && b.test(url));
    expect(native('node:fs')).toBe(true);
    expect(native(pathToFileURL(path.join(SRC, 'catalog/load.ts')).href)).toBe(true);
    expect(native(pathToFileURL(path.join(SRC, 'site/paths.ts')).href)).toBe(false);
    expect(native(pathToFileURL(path.join(SRC, 'pages/[kind]/[id]/index.astro')).href)).toBe(false);
    expect(native(pathToFileURL(path.join(SRC, 'catalog/load.ts')).href + '?import')).toBe(false);
  });
});
