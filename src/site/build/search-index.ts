/**
 * The Pagefind search index, built alongside the pages instead of after them: each page hands over a
 * compact record (title, kind, summary, body text) as it renders, and the Pagefind process indexes it
 * on the other core while Astro renders the next pages. At the end of the build the index is written
 * to `<out>/pagefind/`. Re-reading every built page afterwards took longer than rendering it.
 *
 * The state lives on globalThis: the pages' bundle and this integration are separate module instances
 * in one process. In the dev server nothing is collected (search works in built sites).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { escapeHtml as esc } from '../markdown/json-highlight.ts';

interface Collector {
  index: Promise<PagefindIndex>;
  pending: Promise<unknown>[];
  records: number;
  started: number;
  stats?: SearchIndexStats;
}

interface PagefindIndex {
  addHTMLFile(file: { url: string; content: string }): Promise<{ errors: string[] }>;
  writeFiles(options: { outputPath: string }): Promise<{ errors: string[] }>;
}

/** What the last build's indexing did, for the CLI and the bench. */
export interface SearchIndexStats {
  pages: number;
  /** From the first record to the last record indexed (overlaps page rendering). */
  indexMs: number;
  /** Writing the index files after the pages were built. */
  writeMs: number;
}

const KEY = Symbol.for('waybill.site.search');
const shared = globalThis as unknown as Record<symbol, Collector | SearchIndexStats | undefined>;
const STATS = Symbol.for('waybill.site.search.stats');

/** A page's search record: its URL (without the base path) and what it says. */
export interface SearchRecord {
  url: string;
  title: string;
  kind?: string;
  summary?: string;
  /** Sanitized HTML of the page's text (the rendered body). */
  html?: string;
  /** Extra words to find the page by (property names, wire names, addresses). */
  terms?: readonly string[];
}

/** Adds a page to the index being built; does nothing outside `astro build`. */
export function addSearchRecord(record: SearchRecord): void {
  const collector = shared[KEY] as Collector | undefined;
  if (!collector) return;
  const content = [
    '<!doctype html><html lang="en"><head><title>', esc(record.title), '</title></head><body><main data-pagefind-body>',
    record.kind ? `<span data-pagefind-meta="kind:${esc(record.kind)}"></span>` : '',
    '<h1 data-pagefind-weight="10" data-pagefind-meta="title">', esc(record.title), '</h1>',
    record.summary ? `<p data-pagefind-weight="3">${esc(record.summary)}</p>` : '',
    record.terms?.length ? `<p>${esc(record.terms.join(' '))}</p>` : '',
    record.html ?? '',
    '</main></body></html>',
  ].join('');
  collector.records++;
  collector.pending.push(collector.index.then((index) => index.addHTMLFile({ url: record.url, content })));
}

/** The last build's figures (undefined before a build). */
export function searchIndexStats(): SearchIndexStats | undefined {
  return shared[STATS] as SearchIndexStats | undefined;
}

/** Waits for every record to be indexed, then writes the index under `dir`; the figures go to the stats. */
async function finish(collector: Collector, dir: string): Promise<void> {
  const results = (await Promise.all(collector.pending)) as { errors: string[] }[];
  const failed = results.flatMap((r) => r.errors);
  if (failed.length) throw new Error(`Pagefind could not index some pages: ${failed.slice(0, 3).join('; ')}`);
  const indexed = performance.now();
  const index = await collector.index;
  const written = await index.writeFiles({ outputPath: path.join(dir, 'pagefind') });
  if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
  shared[STATS] = { pages: collector.records, indexMs: Math.round(indexed - collector.started), writeMs: Math.round(performance.now() - indexed) };
}

/**
 * The Astro integration: open the index when the build starts; once the pages are generated, finish it
 * (while Astro does its own last steps); wait for it when the build is done.
 */
export function searchIndexer(): AstroIntegration {
  let pagefind: typeof import('pagefind') | undefined;
  let finishing: Promise<void> | undefined;
  const start = (dir: URL) => {
    const collector = shared[KEY] as Collector | undefined;
    if (!collector || finishing) return;
    finishing = finish(collector, fileURLToPath(dir));
    // Awaited at build:done; until then a failure must not count as unhandled.
    finishing.catch(() => undefined);
  };
  return {
    name: 'waybill-search-index',
    hooks: {
      'astro:build:start': async () => {
        pagefind = await import('pagefind');
        const api = pagefind;
        finishing = undefined;
        shared[KEY] = {
          index: api.createIndex({ forceLanguage: 'en' }).then(({ index, errors }) => {
            if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
            return index as unknown as PagefindIndex;
          }),
          pending: [],
          records: 0,
          started: performance.now(),
        };
      },
      'astro:build:generated': ({ dir }) => start(dir),
      'astro:build:done': async ({ dir }) => {
        if (!shared[KEY] || !pagefind) return;
        try {
          start(dir);
          await finishing;
        } finally {
          shared[KEY] = undefined;
          finishing = undefined;
          await pagefind.close();
        }
      },
    },
  };
}
