/**
 * Federation: the catalogs a catalog includes (`include:` in its config) — other folders, or folders of
 * local git repositories at a ref, read from git objects — as sources the loader reads beside the
 * catalog's own files. Each source says where its files are on disk, what they are called in
 * diagnostics and on the site (`../team-a/services/X/index.md`, `../team-b.git@main:catalog/…`), and the
 * origin its resources record. Nothing here touches the network: a remote repository is refused.
 */
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CatalogConfig } from './frontmatter.generated.ts';
import type { ResourceOrigin } from './model.ts';
import { isRemoteRepository, treeAtRef } from './git-tree.ts';
import { scanCatalog, type ScanProblem } from './scan.ts';
import type { DocumentProblem } from './schema-files.ts';

/** A catalog whose files the loader reads: the catalog itself, or one it includes. */
export interface CatalogSource {
  /** Absent for the catalog's own files. */
  readonly origin?: ResourceOrigin;
  /** Absolute folder its files are read from. */
  readonly dir: string;
  /** Its files, relative to `dir` (posix), sorted. */
  readonly files: readonly string[];
  readonly scanProblems: readonly ScanProblem[];
  /** The name of one of its files in diagnostics, the model and on the site. */
  display(inner: string): string;
}

/** Git trees unpacked for this process; removed when it exits (the site build reads them lazily). */
const unpacked = new Set<string>();
let cleanupRegistered = false;
function removeAtExit(dir: string): void {
  unpacked.add(dir);
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  process.once('exit', removeUnpackedTrees);
}

/** Removes the git trees unpacked so far (at exit; a long-lived host such as a test runner calls it itself). */
export function removeUnpackedTrees(): void {
  for (const d of unpacked) rmSync(d, { recursive: true, force: true });
  unpacked.clear();
}

/** The catalogs `config.include` names, in order; a bad entry becomes a problem and is skipped. */
export async function includedSources(root: string, config: CatalogConfig, configFile: string | undefined, problems: DocumentProblem[]): Promise<CatalogSource[]> {
  const out: CatalogSource[] = [];
  const file = configFile ?? 'waybill.config.yaml';
  for (const [i, include] of (config.include ?? []).entries()) {
    const at = ['include', i];
    const problem = (code: string, message: string, field: string, hint?: string) =>
      problems.push({ code, file, path: [...at, field], message, ...(hint ? { hint } : {}) });
    if (include.git !== undefined) {
      const location = include.git;
      if (isRemoteRepository(location)) {
        problem('federation-remote', `The included repository '${location}' is remote; Waybill never fetches, so it was not read.`, 'git', 'Clone it next to the catalog (in CI: a checkout step) and include the clone by its path.');
        continue;
      }
      const ref = include.ref ?? 'HEAD';
      const repo = path.resolve(root, location);
      const tree = await treeAtRef(repo, ref, include.path ?? '');
      if ('problem' in tree) {
        problem('federation-include-unreadable', `The included catalog ${location}@${ref} could not be read: ${tree.problem}`, 'git');
        continue;
      }
      removeAtExit(tree.temp);
      const prefix = (include.path ?? '').split(/[\\/]+/).filter((s) => s && s !== '.').join('/');
      const scan = await scanCatalog(tree.dir);
      const name = include.name ?? path.basename(repo).replace(/\.git$/, '');
      out.push({
        origin: { name, kind: 'git', repository: location, ref, commit: tree.commit, ...(prefix ? { path: prefix } : {}) },
        dir: tree.dir,
        files: scan.files,
        scanProblems: scan.problems,
        display: (inner) => `${location}@${ref}:${prefix ? `${prefix}/` : ''}${inner}`,
      });
      continue;
    }
    const written = include.path!;
    const dir = path.resolve(root, written);
    const relative = path.relative(root, dir);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      problem('federation-include-invalid', `The included catalog ${written} lies inside this catalog, whose files are read already.`, 'path', 'Include a folder beside the catalog, not inside it.');
      continue;
    }
    let isFolder = false;
    try {
      isFolder = statSync(dir).isDirectory();
    } catch {
      // reported below
    }
    if (!isFolder) {
      problem('federation-include-unreadable', `The included catalog ${written} is not a folder.`, 'path');
      continue;
    }
    const scan = await scanCatalog(dir);
    const base = relative.split(path.sep).join('/');
    out.push({
      origin: { name: include.name ?? path.basename(dir), kind: 'folder', path: written },
      dir,
      files: scan.files,
      scanProblems: scan.problems,
      display: (inner) => `${base}/${inner}`,
    });
  }
  return out;
}
