/**
 * `npm run bench`: prints figures for each part of Waybill beside a floor measured in the same run.
 *   node scripts/bench.ts [--only catalog,site,…] [--sizes 1000,10000]
 * Synthetic catalogs come from scripts/generate-catalog.ts (deterministic) and are cached under .bench/.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCatalog } from './generate-catalog.ts';
import { benchCatalog } from './bench/catalog.ts';
import { addFindings } from './bench/realistic.ts';
import { benchDiff } from './bench/diff.ts';
import { benchVerify } from './bench/verify.ts';
import { benchSite } from './bench/site.ts';
import { benchGraph } from './bench/graph.ts';
import { benchDev } from './bench/dev.ts';
import { benchFindings } from './bench/findings.ts';
import { benchImport } from './bench/import.ts';
import { benchLintCli } from './bench/lint-cli.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A variant of the synthetic catalog: schemas changed since a base, or realistic findings (scripts/bench/findings.ts). */
export interface CatalogVariant {
  changedPercent?: number;
  findings?: boolean;
}

export interface BenchContext {
  sizes: number[];
  /** Folder of the synthetic catalog with this many messages (generated once per run). */
  catalogOf(messages: number, variant?: CatalogVariant): Promise<string>;
  print(title: string, body: string): void;
}

/** Bench sections in the order they run; each issue adds its own. */
const SECTIONS: Record<string, (ctx: BenchContext) => Promise<void>> = {
  lint: benchLintCli,
  catalog: benchCatalog,
  diff: benchDiff,
  verify: (ctx) => benchVerify(ctx),
  site: benchSite,
  graph: benchGraph,
  dev: benchDev,
  findings: benchFindings,
  import: benchImport,
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const only = arg('only')?.split(',');
const sizes = (arg('sizes') ?? '1000,10000').split(',').map(Number);
const generated = new Map<string, Promise<string>>();

const ctx: BenchContext = {
  sizes,
  catalogOf(messages, variant = {}) {
    const key = `${messages}-${variant.changedPercent ?? 0}${variant.findings ? '-findings' : ''}`;
    let pending = generated.get(key);
    if (!pending) {
      pending = (async () => {
        const out = path.join(ROOT, '.bench', `catalog-${key}`);
        if (!existsSync(path.join(out, '.complete'))) {
          await rm(out, { recursive: true, force: true });
          await generateCatalog({ messages, out, seed: 42, changedPercent: variant.changedPercent ?? 0 });
          if (variant.findings) addFindings(out);
          const { writeFile } = await import('node:fs/promises');
          await writeFile(path.join(out, '.complete'), '');
        }
        return out;
      })();
      generated.set(key, pending);
    }
    return pending;
  },
  print(title, body) {
    process.stdout.write(`\n## ${title}\n\n${body}\n`);
  },
};

const os = await import('node:os');
// The machine may be shared: its load is printed beside the figures, and ratios are taken within one run.
process.stdout.write(`Waybill bench — node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, sizes ${sizes.join(', ')}\n`);
for (const [name, section] of Object.entries(SECTIONS)) {
  if (only && !only.includes(name)) continue;
  await section(ctx);
}
