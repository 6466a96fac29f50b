/**
 * The dev server's catalog in a test process (src/site/catalog.ts): a copy of the verify fixture catalog to
 * serve, a signing key of the test's own, a "new process" (no catalog loaded), and what a page can read of a
 * catalog, to compare a served catalog with a cold load and lint.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { lintCatalog } from '../../src/lint/engine.ts';

/**
 * Gives the test file a user cache folder of its own (the snapshot's signing key lives there) and puts
 * `WAYBILL_CATALOG_DIR` and `XDG_CACHE_HOME` back afterwards.
 */
export function useDevServerEnv(prefix: string): void {
  const saved = { dir: process.env.WAYBILL_CATALOG_DIR, xdg: process.env.XDG_CACHE_HOME };
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), `${prefix}-home-`));
    process.env.XDG_CACHE_HOME = home;
  });
  afterAll(() => {
    for (const [name, value] of [['WAYBILL_CATALOG_DIR', saved.dir], ['XDG_CACHE_HOME', saved.xdg]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    newProcess();
    rmSync(home, { recursive: true, force: true });
  });
}

/** A copy of tests/fixtures/verify in a temporary folder, made the catalog the dev server serves. */
export function copyServedCatalog(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  cpSync(path.resolve(import.meta.dirname, '../fixtures/verify'), dir, { recursive: true });
  process.env.WAYBILL_CATALOG_DIR = dir;
  return dir;
}

/** What a dev server of a new process starts from: no catalog loaded, no dev loader. */
export function newProcess(): void {
  const global = globalThis as unknown as Record<symbol, unknown>;
  global[Symbol.for('waybill.site.catalog')] = undefined;
  global[Symbol.for('waybill.site.dev')] = undefined;
}

/** Everything a page can read of a catalog (documents in file order, their values read). */
export function catalogView(catalog: Catalog) {
  return {
    root: catalog.root,
    config: catalog.config,
    configFile: catalog.configFile,
    resources: catalog.resources,
    guides: catalog.guides,
    pages: catalog.pages,
    diagnostics: catalog.diagnostics,
    documents: [...catalog.documents].sort(([a], [b]) => a.localeCompare(b)),
    files: [...catalog.files],
    referenced: [...catalog.referenced].sort(),
  };
}

/** A cold load (no cache) of `dir` and its lint's errors: what every start and edit must equal. */
export async function coldLoad(dir: string) {
  const catalog = await loadCatalog(dir, { cache: false });
  return { catalog: catalogView(catalog), problems: lintCatalog(catalog).filter((d) => d.severity === 'error') };
}
