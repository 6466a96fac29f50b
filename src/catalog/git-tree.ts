/**
 * A folder of a local git repository as it was at a ref, read from git objects (`git archive`, never the
 * working tree, never the network) and unpacked into a temporary folder the loader reads like any other.
 * Used by `waybill diff` / `can-i-deploy` (the catalog at the base branch) and by federation (a catalog
 * included from another repository at a ref).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from '../diagnostics/user-error.ts';

/** git never fetches missing objects of a partial clone from its promisor remote here. */
const OFFLINE_ENV = { ...process.env, GIT_NO_LAZY_FETCH: '1', GIT_TERMINAL_PROMPT: '0' };

export function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: OFFLINE_ENV });
  if (run.error) throw new UserError('git-missing', `Cannot run git: ${run.error.message}.`, { hint: 'Install git, or compare with a folder: --against-dir DIR.' });
  return { ok: run.status === 0, out: run.stdout.trim(), err: run.stderr.trim() };
}

/** A URL or `host:path` (scp-like) names a remote repository, which is never contacted. */
export function isRemoteRepository(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) || /^[^/\\]+@[^/\\:]+:/.test(location) || /^[a-z0-9.-]+:(?![\\/])/i.test(location) && !/^[a-z]:/i.test(location);
}

/** Unpacks `prefix` (a folder, or '' for everything) of commit `ref` of the repository at `repo` into `into`. */
export function unpackTree(repo: string, ref: string, prefix: string, into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', ref, '--', prefix || '.'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: OFFLINE_ENV });
    const tar = spawn('tar', ['-x', '-C', into], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    archive.stderr.on('data', (d) => (errors += d));
    tar.stderr.on('data', (d) => (errors += d));
    archive.stdout.pipe(tar.stdin);
    archive.on('error', reject);
    tar.on('error', reject);
    let pending = 2;
    const done = (code: number | null) => {
      if (code !== 0) return reject(new UserError('git-archive-failed', `Could not read ${prefix || 'the repository'} at ${ref}: ${errors.trim() || `exit ${code}`}.`));
      if (--pending === 0) resolve();
    };
    archive.on('close', done);
    tar.on('close', done);
  });
}

/** A folder of a repository at a ref, unpacked; `dispose` removes it. */
export interface TreeAtRef {
  /** The unpacked folder (the `prefix` inside the temporary folder). */
  dir: string;
  /** The temporary folder it was unpacked into (what `dispose` removes). */
  temp: string;
  /** The full commit id the ref named. */
  commit: string;
  dispose(): Promise<void>;
}

/**
 * Unpacks folder `prefix` of the local repository `repo` (a work tree or a bare repository) at `ref`.
 * A problem is returned as a message, for the caller to report in its own words.
 */
export async function treeAtRef(repo: string, ref: string, prefix: string): Promise<TreeAtRef | { problem: string }> {
  if (!ref || ref.startsWith('-')) return { problem: `'${ref}' is not a git ref.` };
  if (!existsSync(repo)) return { problem: `There is no folder ${repo}.` };
  const isRepo = git(repo, ['rev-parse', '--git-dir']);
  if (!isRepo.ok) return { problem: `${repo} is not a git repository.` };
  const commit = git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit.ok) return { problem: `The git ref '${ref}' names no commit in ${repo}.` };
  const clean = prefix.split(/[\\/]+/).filter((s) => s && s !== '.').join('/');
  if (clean.split('/').includes('..')) return { problem: `The path '${prefix}' leaves the repository.` };
  if (clean && !git(repo, ['cat-file', '-e', `${commit.out}:${clean}`]).ok) return { problem: `There is no folder ${clean} in ${repo} at ${ref}.` };
  const temp = await mkdtemp(path.join(tmpdir(), 'waybill-git-tree-'));
  const dispose = () => rm(temp, { recursive: true, force: true });
  try {
    await unpackTree(repo, commit.out, clean, temp);
    await mkdir(path.join(temp, clean), { recursive: true });
  } catch (error) {
    await dispose();
    return { problem: (error as Error).message };
  }
  return { dir: path.join(temp, clean), temp, commit: commit.out, dispose };
}
