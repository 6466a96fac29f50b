/**
 * One measured site build, in its own process (so peak RSS is its own):
 *   waybill <catalog> <out>          — `waybill build` (Astro pages and the Pagefind index)
 *   floor <catalog> <out> <pages>    — a bare Astro project in a temp folder: a glob content collection
 *                                      over the same Markdown files, <pages> trivial pages (title + body),
 *                                      or one page per file when <pages> is 0
 * Prints { ms, maxRssMb, cpuMs (this process's user + system time), pages, bytes, ... }.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_DIR, printFigures } from './measure.ts';

const ROOT = path.resolve(BENCH_DIR, '../..');
const [mode, catalog, out, pages] = process.argv.slice(2);
process.env.ASTRO_TELEMETRY_DISABLED = '1';

/** Number of HTML pages and total bytes under a folder. */
function measureOutput(dir: string): { pages: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        bytes += statSync(p).size;
        if (e.name.endsWith('.html')) count++;
      }
    }
  };
  walk(dir);
  return { pages: count, bytes };
}

/**
 * The folder the floor's glob reads: the catalog itself, or, when it has MDX files (bare Astro has no MDX
 * without @astrojs/mdx), a mirror of links named `.md` to every Markdown and MDX file, so each is rendered
 * as Markdown (its components as raw HTML).
 */
function markdownBase(dir: string, project: string): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.mdx?$/.test(e.name)) files.push(path.relative(dir, p));
    }
  };
  walk(path.resolve(dir));
  if (!files.some((f) => f.endsWith('.mdx'))) return path.resolve(dir);
  const mirror = path.join(project, 'markdown');
  for (const f of files) {
    mkdirSync(path.join(mirror, path.dirname(f)), { recursive: true });
    symlinkSync(path.resolve(dir, f), path.join(mirror, f.replace(/\.mdx$/, '.md')));
  }
  return mirror;
}

// The floor's project folder and its Markdown mirror are made before the clock starts.
const project = mode === 'waybill' ? '' : mkdtempSync(path.join(tmpdir(), 'waybill-floor-'));
const floorBase = mode === 'waybill' ? '' : markdownBase(catalog, project);
const start = performance.now();
/** This process's CPU time so far (Pagefind's own process is not counted). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
};
if (mode === 'waybill') {
  const { astroConfig } = await import('../../src/cli/site.ts');
  const { build } = await import('astro');
  const { searchIndexStats } = await import('../../src/site/build/search-index.ts');
  const config = astroConfig({ catalog, out });
  await build({ ...config, logLevel: 'error' });
  const search = searchIndexStats();
  printFigures(start, { ...measureOutput(out), cpuMs: cpuMs(), searchPages: search?.pages, searchIndexMs: search?.indexMs, searchWriteMs: search?.writeMs });
} else {
  try {
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    writeFileSync(path.join(project, 'package.json'), '{ "name": "floor", "type": "module", "private": true }\n');
    mkdirSync(path.join(project, 'src/pages'), { recursive: true });
    writeFileSync(
      path.join(project, 'src/content.config.ts'),
      `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
export const collections = { pages: defineCollection({ loader: glob({ pattern: ['**/*.md'], base: ${JSON.stringify(floorBase)} }) }) };
`,
    );
    writeFileSync(
      path.join(project, 'src/pages/[...slug].astro'),
      `---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  const entries = await getCollection('pages');
  return Array.from({ length: ${Number(pages)} || entries.length }, (_, i) => ({ params: { slug: \`p/\${i}\` }, props: { entry: entries[i % entries.length] } }));
}
const { entry } = Astro.props;
const { Content } = await render(entry);
const title = String(entry.data.name ?? entry.data.title ?? entry.id);
---
<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>{title}</title></head><body><h1>{title}</h1><Content /></body></html>
`,
    );
    const { build } = await import('astro');
    await build({ root: project, outDir: path.resolve(out), logLevel: 'error', output: 'static' });
    printFigures(start, { ...measureOutput(out), cpuMs: cpuMs() });
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}
