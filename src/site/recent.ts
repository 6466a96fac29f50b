/**
 * "Recently changed" on the home page: the latest resources whose files changed last — by the catalog's
 * git history when it has one (the last 300 commits), else by file modification time.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Resource } from '../catalog/model.ts';
import type { SiteIndex } from './site-index.ts';

export interface RecentChange {
  r: Resource;
  /** Milliseconds since the epoch. */
  at: number;
}

function gitTimes(root: string): Map<string, number> {
  const times = new Map<string, number>();
  try {
    const top = execFileSync('git', ['-C', root, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    const out = execFileSync('git', ['-C', root, 'log', '-n', '300', '--format=%x00%ct', '--name-only', '--', '.'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 32 * 1024 * 1024, timeout: 10_000 });
    for (const chunk of out.split('\u0000').slice(1)) {
      const [stamp, ...files] = chunk.trim().split('\n');
      const at = Number(stamp) * 1000;
      for (const f of files) {
        const rel = path.relative(root, path.join(top, f)).split(path.sep).join('/');
        if (!times.has(rel)) times.set(rel, at);
      }
    }
  } catch {
    // Not a git checkout, or no git: file times below.
  }
  return times;
}

/** The `count` most recently changed latest resources (teams and people left out). */
export function recentlyChanged(site: SiteIndex, count = 8): RecentChange[] {
  const root = site.catalog.root;
  const git = gitTimes(root);
  const out: RecentChange[] = [];
  for (const r of site.catalog.resources) {
    if (!r.isLatest || r.hidden || r.kind === 'team' || r.kind === 'user') continue;
    const files = [r.file, ...('schema' in r && r.schema ? [r.schema.file] : []), ...(r.changelog ? [r.changelog.file] : [])];
    let at = 0;
    for (const f of files) {
      let t = git.get(f);
      if (t === undefined && git.size === 0) {
        try {
          t = statSync(site.catalog.pathOf(f)).mtimeMs;
        } catch {
          t = 0;
        }
      }
      at = Math.max(at, t ?? 0);
    }
    if (at) out.push({ r, at });
  }
  return out.sort((a, b) => b.at - a.at || a.r.name.localeCompare(b.r.name)).slice(0, count);
}
