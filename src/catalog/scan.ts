/**
 * Walks a catalog folder: every file below it, following symbolic links that stay sane, reporting loops
 * and dangling links instead of hanging or crashing. Synchronous file-system calls: a catalog is tens of
 * thousands of small entries in the page cache, and a round trip through libuv's thread pool per entry
 * cost more than the reads themselves (the bench's load figures).
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { SKIPPED_FOLDERS } from './classify.ts';

export interface ScanProblem {
  code: 'symlink-loop' | 'broken-symlink' | 'unreadable-folder';
  file: string;
  message: string;
}

export interface ScanResult {
  /** Paths relative to the root, posix separators, sorted. */
  files: string[];
  problems: ScanProblem[];
}

export async function scanCatalog(root: string): Promise<ScanResult> {
  const files: string[] = [];
  const problems: ScanProblem[] = [];
  const rootReal = realpathSync(root);

  // `dirReal` is the real path of `dirAbs`; only symbolic links need realpath() to find it.
  function walk(dirAbs: string, dirReal: string, rel: string, ancestors: Set<string>): void {
    let dir: Dirent[];
    try {
      dir = readdirSync(dirAbs, { withFileTypes: true });
    } catch (error) {
      problems.push({ code: 'unreadable-folder', file: rel || '.', message: `The folder could not be read (${(error as NodeJS.ErrnoException).code}).` });
      return;
    }
    const subdirs: [string, string, string][] = [];
    for (const entry of dir) {
      if (entry.name.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = path.join(dirAbs, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let childReal = path.join(dirReal, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(childAbs);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          problems.push(
            code === 'ELOOP'
              ? { code: 'symlink-loop', file: childRel, message: 'This symbolic link points back to itself; it was not followed.' }
              : { code: 'broken-symlink', file: childRel, message: 'This symbolic link points at nothing.' },
          );
          continue;
        }
        if (isDir) {
          const real = realpathSync(childAbs);
          childReal = real;
          if (ancestors.has(real) || real === rootReal) {
            problems.push({ code: 'symlink-loop', file: childRel, message: 'This symbolic link leads back into a folder that contains it; it was not followed.' });
            continue;
          }
        }
      }
      if (isDir) {
        if (rel === '' && SKIPPED_FOLDERS.has(entry.name)) continue;
        if (entry.name === 'node_modules') continue;
        subdirs.push([childAbs, childReal, childRel]);
      } else if (isFile) {
        files.push(childRel);
      }
    }
    for (const [abs, real, childRel] of subdirs) {
      ancestors.add(real);
      walk(abs, real, childRel, ancestors);
      ancestors.delete(real);
    }
  }

  walk(root, rootReal, '', new Set([rootReal]));
  files.sort();
  problems.sort((a, b) => a.file.localeCompare(b.file));
  return { files, problems };
}
