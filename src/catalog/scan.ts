/**
 * Walks a catalog folder: every file below it, following symbolic links that stay inside it, reporting
 * links that leave it, loops and dangling links instead of following them, hanging or crashing.
 * Synchronous file-system calls: a catalog is tens of thousands of small entries in the page cache, and a
 * round trip through libuv's thread pool per entry cost more than the reads themselves (the bench's load
 * figures).
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { SKIPPED_FOLDERS } from './classify.ts';
import { localeOrder } from '../diagnostics/diagnostic.ts';

export interface ScanProblem {
  code: 'symlink-loop' | 'broken-symlink' | 'unreadable-folder' | 'symlink-outside-catalog' | 'symlink-duplicate';
  file: string;
  message: string;
}

export interface ScanResult {
  /** Paths relative to the root, posix separators, sorted. */
  files: string[];
  problems: ScanProblem[];
  /** How many symbolic links the walk followed (to a file or a folder inside the catalog). */
  links: number;
}

/** Whether the real path `real` is `rootReal` or lies below it. */
export function isInside(rootReal: string, real: string): boolean {
  const relative = path.relative(rootReal, real);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Whether `absolute`, once every symbolic link on its way is resolved, still lies inside the folder
 * `root` (false when it does not exist). For readers that take a file name from outside the scan.
 */
export function staysInside(root: string, absolute: string): boolean {
  try {
    return isInside(realpathSync(root), realpathSync(absolute));
  } catch {
    return false;
  }
}

/**
 * Lists the files of the catalog at `root`. A symbolic link is followed only when its real path stays
 * inside the catalog; each real folder is walked once (a link to a folder walked already, or to one of
 * its ancestors, is reported and skipped), so the cost is linear in the folders on disk however many
 * links lead to them. Folders are walked before the links to folders, so a folder's files are listed
 * under its own path rather than a link's.
 */
export async function scanCatalog(root: string): Promise<ScanResult> {
  const files: string[] = [];
  const problems: ScanProblem[] = [];
  let links = 0;
  const rootReal = realpathSync(root);
  /** Real paths of the folders walked (or queued to be walked). */
  const seen = new Set<string>([rootReal]);
  /**
   * Folders to walk: [absolute, real, relative]. Links to folders wait in `linked` (with where the link
   * itself is) until no plain folder is left.
   */
  const plain: [string, string, string][] = [[root, rootReal, '']];
  const linked: [string, string, string, string][] = [];

  const walk = (dirAbs: string, dirReal: string, rel: string): void => {
    let dir: Dirent[];
    try {
      dir = readdirSync(dirAbs, { withFileTypes: true });
    } catch (error) {
      problems.push({ code: 'unreadable-folder', file: rel || '.', message: `The folder could not be read (${(error as NodeJS.ErrnoException).code}).` });
      return;
    }
    for (const entry of dir) {
      if (entry.name.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = path.join(dirAbs, entry.name);
      if (entry.isSymbolicLink()) {
        followLink(childAbs, childRel, path.join(dirReal, entry.name));
        continue;
      }
      if (entry.isDirectory()) {
        if (skipped(rel, entry.name)) continue;
        const real = path.join(dirReal, entry.name);
        seen.add(real);
        plain.push([childAbs, real, childRel]);
      } else if (entry.isFile()) {
        files.push(childRel);
      }
    }
  };

  /** `location` is where the link itself really is (its folder's real path and its name). */
  const followLink = (childAbs: string, childRel: string, location: string): void => {
    let real: string;
    let isDir: boolean;
    let isFile: boolean;
    try {
      real = realpathSync(childAbs);
      const target = statSync(real);
      isDir = target.isDirectory();
      isFile = target.isFile();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(
        code === 'ELOOP'
          ? { code: 'symlink-loop', file: childRel, message: 'This symbolic link points back to itself; it was not followed.' }
          : { code: 'broken-symlink', file: childRel, message: 'This symbolic link points at nothing.' },
      );
      return;
    }
    if (!isInside(rootReal, real)) {
      problems.push({
        code: 'symlink-outside-catalog',
        file: childRel,
        message: `This symbolic link leads outside the catalog folder; it was not followed, and nothing it points at is read or published.`,
      });
      return;
    }
    links++;
    if (isFile) files.push(childRel);
    else if (isDir) {
      const name = childRel.slice(childRel.lastIndexOf('/') + 1);
      const parent = childRel.includes('/') ? childRel.slice(0, childRel.lastIndexOf('/')) : '';
      if (!skipped(parent, name)) linked.push([childAbs, real, childRel, location]);
    }
  };

  for (;;) {
    const next = plain.pop();
    if (next) {
      walk(...next);
      continue;
    }
    const link = linked.shift();
    if (!link) break;
    const [abs, real, rel, location] = link;
    if (isInside(real, location)) {
      problems.push({ code: 'symlink-loop', file: rel, message: 'This symbolic link leads back into a folder that contains it; it was not followed.' });
      continue;
    }
    if (seen.has(real)) {
      problems.push({
        code: 'symlink-duplicate',
        file: rel,
        message: `This symbolic link leads to ${path.relative(rootReal, real).split(path.sep).join('/') || 'the catalog folder'}, which is read already; its files are listed once, under that folder's own path.`,
      });
      continue;
    }
    seen.add(real);
    walk(abs, real, rel);
  }
  files.sort();
  problems.sort((a, b) => localeOrder(a.file, b.file));
  return { files, problems, links };
}

function skipped(parentRel: string, name: string): boolean {
  return (parentRel === '' && SKIPPED_FOLDERS.has(name)) || name === 'node_modules';
}
