/**
 * The catalog as it was at a git ref, read from git objects without touching the working tree:
 * `git archive <ref> -- <catalog path>` unpacked into a temporary folder, which the loader then reads
 * like any catalog. A catalog path that did not exist at the ref gives an empty folder (everything is new).
 */
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from '../diagnostics/user-error.ts';
import { git, unpackTree } from '../catalog/git-tree.ts';

/** A catalog folder checked out from git objects; `dispose` removes it. */
export interface CatalogAtRef {
  dir: string;
  /** The ref as given and the commit it names, e.g. `HEAD (3f2c1ab)`. */
  label: string;
  dispose(): Promise<void>;
}

/** Reads the catalog folder `catalogDir` (inside a git work tree) as it was at `ref`. */
export async function catalogAtRef(catalogDir: string, ref: string): Promise<CatalogAtRef> {
  if (!ref || ref.startsWith('-')) throw new UserError('bad-git-ref', `'${ref}' is not a git ref.`, { hint: 'Give a branch, tag or commit, e.g. --against origin/main.' });
  const absolute = await realpath(catalogDir).catch(() => {
    throw new UserError('catalog-not-found', `The catalog folder ${catalogDir} does not exist.`);
  });
  const top = git(absolute, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new UserError('not-a-git-repository', `${catalogDir} is not inside a git repository, so there is no ${ref} to compare with.`, { hint: 'Run it in a git checkout, or compare with a folder: --against-dir DIR.' });
  const commit = git(top.out, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit.ok) throw new UserError('git-ref-not-found', `The git ref '${ref}' names no commit.`, { hint: 'In CI, fetch the base branch first (e.g. git fetch origin main) and pass --against origin/main.' });
  const prefix = path.relative(await realpath(top.out), absolute).split(path.sep).join('/');
  const temp = await mkdtemp(path.join(tmpdir(), 'waybill-at-ref-'));
  const dir = path.join(temp, prefix);
  const dispose = () => rm(temp, { recursive: true, force: true });
  try {
    const exists = prefix === '' || git(top.out, ['cat-file', '-e', `${commit.out}:${prefix}`]).ok;
    if (exists) await unpackTree(top.out, commit.out, prefix, temp);
    await mkdir(dir, { recursive: true });
  } catch (error) {
    await dispose();
    throw error;
  }
  return { dir, label: `${ref} (${commit.out.slice(0, 7)})`, dispose };
}
