import path from 'node:path';
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { atLeast } from '../../diagnostics/diagnostic.ts';
import { UserError } from '../../diagnostics/user-error.ts';
import { catalogFindings, parseThreshold, printFindings } from '../catalog-check.ts';
import { astroConfig, BUILD_MARKER, failSeverityArg, readBuildMarker, siteArgs, siteBase, type BuildMarker } from '../site.ts';
import { progress, VERSION } from '../shared.ts';

export default defineCommand({
  meta: { name: 'build', description: 'Build the static site of the catalog (pages and search index), after checking the catalog as `waybill lint` does.' },
  args: {
    ...siteArgs,
    ...failSeverityArg,
    force: { type: 'boolean', description: 'Write into --out even when it is a non-empty folder Waybill did not build' },
  },
  async run({ args }) {
    const threshold = parseThreshold(args['fail-severity']);
    const config = astroConfig({ ...args, base: await siteBase(args) });
    const outDir = String(config.outDir);
    checkOutDir(outDir, Boolean(args.force));

    // The catalog first, loaded once: the pages render this same load.
    const status = progress('Loading the catalog');
    const { getCatalog } = await import('../../site/catalog.ts');
    const catalog = await getCatalog().finally(() => status.done());
    const findings = catalogFindings(catalog, threshold);
    await printFindings(findings, catalog, 'waybill build');
    const failing = threshold === 'none' ? [] : findings.filter((d) => atLeast(d, threshold));
    if (failing.length) {
      process.stderr.write(
        `waybill build: not built — the catalog has ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above '${threshold}'. Fix ${failing.length === 1 ? 'it' : 'them'}, or pass --fail-severity none to build anyway.\n`,
      );
      process.exitCode = 1;
      return;
    }

    const building = progress('Building the site');
    const { build } = await import('astro');
    const deleting = setAsidePreviousBuild(outDir, [process.cwd(), catalog.root]);
    try {
      await build(config);
    } finally {
      await deleting;
    }
    building.done();
    const marker: BuildMarker = { tool: 'waybill', version: VERSION, base: config.base ?? '/' };
    writeFileSync(path.join(outDir, BUILD_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    const { searchIndexStats } = await import('../../site/build/search-index.ts');
    const pages = searchIndexStats()?.pages ?? 0;
    process.stdout.write(`Built the site in ${outDir} (${pages} pages searchable)\n`);
  },
});

/** Astro empties the output folder: refuse one that holds something else, unless --force. */
function checkOutDir(outDir: string, force: boolean): void {
  let entries: string[];
  try {
    entries = readdirSync(outDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new UserError('out-not-a-folder', `--out ${outDir} is a file, not a folder.`);
    throw error;
  }
  if (!entries.length || force || readBuildMarker(outDir)) return;
  throw new UserError('out-not-empty', `${outDir} is not empty and was not built by Waybill (it has no ${BUILD_MARKER}); building would replace what is in it.`, {
    hint: 'Choose another --out, empty the folder, or pass --force.',
  });
}

/**
 * Astro empties the output folder before it builds, one file at a time and synchronously: the tens of
 * thousands of files of a large catalog's previous build take seconds (minutes on a busy disk) before the
 * build starts. The previous build is moved aside instead (one rename) and deleted in the background while
 * the site builds, with any set aside by an interrupted build. When it cannot be moved (another file
 * system, no permission, a `.git` inside, or the working folder or the catalog inside it), nothing is
 * moved and Astro empties it as before. Resolves when the deleting is done; never rejects.
 */
function setAsidePreviousBuild(outDir: string, keep: readonly string[]): Promise<void> | undefined {
  let entries: string[];
  try {
    entries = readdirSync(outDir);
  } catch {
    return undefined;
  }
  const inside = (p: string) => path.resolve(p) === outDir || path.resolve(p).startsWith(outDir + path.sep);
  if (!entries.length || entries.includes('.git') || keep.some(inside)) return undefined;
  const prefix = `${path.basename(outDir)}.waybill-old-`;
  const aside = path.join(path.dirname(outDir), `${prefix}${process.pid}-${Date.now()}`);
  try {
    renameSync(outDir, aside);
  } catch {
    return undefined;
  }
  const stale = readdirSync(path.dirname(outDir)).filter((e) => e.startsWith(prefix)).map((e) => path.join(path.dirname(outDir), e));
  return Promise.all(stale.map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined))).then(() => undefined);
}
