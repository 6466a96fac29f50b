/**
 * Watches a catalog folder for `waybill dev`: one inotify watch per folder (fs.watch on each folder, found
 * by one walk with readdir), files told apart from folders by that walk. Vite's watcher (chokidar) also
 * watches every file and stats it first: at 10,000 messages (32,000 files, 22,000 folders) that took about
 * 25 s of the dev server's main thread, and the first page waited for it; this walk takes about 1 s and
 * does not block.
 *
 * Names starting with a dot (`.waybill/`, `.git/`) and `node_modules` are skipped, as the loader skips
 * them (src/catalog/scan.ts). A folder behind a symbolic link is watched once, under its first path.
 */
import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** What happened to a path: a file edited in place, or a file or folder that appeared or went away. */
export type FolderEvent = 'change' | 'add' | 'unlink' | 'addDir' | 'unlinkDir';

export interface FolderWatcher {
  /** Resolves when the first walk has set every folder's watch. */
  ready: Promise<void>;
  close(): void;
}

/**
 * Watches `root` and calls `onEvent` with each event and the absolute path it is about. `onProblem` hears
 * of a folder that cannot be watched (e.g. the system's limit on watches), once per kind of problem.
 */
export function watchFolder(root: string, onEvent: (kind: FolderEvent, file: string) => void, onProblem: (message: string) => void): FolderWatcher {
  const folders = new Map<string, FSWatcher>();
  /** The real path of each watched folder, so a folder reached again through a link is watched once. */
  const realOf = new Map<string, string>();
  const realFolders = new Set<string>();
  const files = new Set<string>();
  const told = new Set<string>();
  let closed = false;

  const problem = (key: string, message: string) => {
    if (told.has(key)) return;
    told.add(key);
    onProblem(message);
  };

  /** Watches `dir` and everything below it; `announce` reports what is found as added (a new folder). */
  const addFolder = async (dir: string, announce: boolean): Promise<void> => {
    if (closed || folders.has(dir)) return;
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      return;
    }
    if (realFolders.has(real)) return;
    realFolders.add(real);
    try {
      // Not persistent: the server keeps a dev process alive; a build that starts Vite's server for a moment
      // (Astro does, under NODE_ENV=test) must still exit.
      const watcher = watch(dir, { persistent: false }, (event, name) => {
        if (name) void onName(dir, String(name), event);
      });
      watcher.on('error', () => removeFolder(dir, false));
      folders.set(dir, watcher);
      realOf.set(dir, real);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      problem(code, code === 'ENOSPC'
        ? `The system's limit on watched folders is reached: edits below some folders of the catalog will not show until the server restarts. Raise fs.inotify.max_user_watches (sysctl) to watch all ${folders.size + 1}+ folders.`
        : `The folder ${path.relative(root, dir) || '.'} cannot be watched (${code}): edits below it will not show until the server restarts.`);
      realFolders.delete(real);
      return;
    }
    if (announce) onEvent('addDir', dir);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const below: Promise<void>[] = [];
    for (const entry of entries) {
      if (skipped(entry.name)) continue;
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) below.push(addFolder(child, announce));
      else if (entry.isSymbolicLink()) below.push(addLink(child, announce));
      else if (!files.has(child)) {
        files.add(child);
        if (announce) onEvent('add', child);
      }
    }
    await Promise.all(below);
  };

  const addLink = async (link: string, announce: boolean): Promise<void> => {
    try {
      if ((await stat(link)).isDirectory()) return addFolder(link, announce);
    } catch {
      // a dangling link: the loader reports it
    }
    if (!files.has(link)) {
      files.add(link);
      if (announce) onEvent('add', link);
    }
  };

  const removeFolder = (dir: string, announce: boolean) => {
    for (const [folder, watcher] of folders) {
      if (folder !== dir && !folder.startsWith(dir + path.sep)) continue;
      watcher.close();
      folders.delete(folder);
      realFolders.delete(realOf.get(folder) ?? '');
      realOf.delete(folder);
    }
    for (const file of files) if (file.startsWith(dir + path.sep)) files.delete(file);
    if (announce) onEvent('unlinkDir', dir);
  };

  const onName = async (dir: string, name: string, event: string): Promise<void> => {
    if (closed || name.split(/[\\/]/).some(skipped)) return;
    const file = path.join(dir, name);
    if (event === 'change' && files.has(file)) return onEvent('change', file);
    let kind: 'file' | 'folder' | 'link' | undefined;
    try {
      const info = await lstat(file);
      kind = info.isDirectory() ? 'folder' : info.isSymbolicLink() ? 'link' : 'file';
    } catch {
      kind = undefined;
    }
    if (closed) return;
    if (kind === undefined) {
      if (folders.has(file)) removeFolder(file, true);
      else if (files.delete(file)) onEvent('unlink', file);
    } else if (kind === 'folder') {
      if (files.delete(file)) onEvent('unlink', file);
      await addFolder(file, true);
    } else if (kind === 'link') {
      if (!files.has(file) && !folders.has(file)) await addLink(file, true);
      else onEvent('change', file);
    } else if (folders.has(file)) {
      removeFolder(file, true);
      files.add(file);
      onEvent('add', file);
    } else if (files.has(file)) {
      // Saved by writing another file and renaming it over this one: an edit in place.
      onEvent('change', file);
    } else {
      files.add(file);
      onEvent('add', file);
    }
  };

  return {
    ready: addFolder(path.resolve(root), false),
    close() {
      closed = true;
      for (const watcher of folders.values()) watcher.close();
      folders.clear();
    },
  };
}

function skipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}
