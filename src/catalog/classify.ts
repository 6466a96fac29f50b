/**
 * Which part of the catalog a file is, from its path alone (EventCatalog's layout). Pure.
 */
import type { VersionedKind } from './model.ts';

export type FileRole =
  | { role: 'resource'; kind: VersionedKind; resourceDir: string; versionDir?: string; parentDirs: string[] }
  | { role: 'changelog'; resourceDir: string; versionDir?: string }
  | { role: 'ubiquitous-language'; resourceDir: string }
  | { role: 'team' }
  | { role: 'user' }
  | { role: 'guide' }
  | { role: 'config' }
  | { role: 'ignored' }
  | { role: 'unknown' };

const KIND_FOLDERS: Record<string, VersionedKind> = {
  domains: 'domain',
  subdomains: 'domain',
  services: 'service',
  events: 'event',
  commands: 'command',
  queries: 'query',
  channels: 'channel',
  flows: 'flow',
  entities: 'entity',
};

export const CONFIG_FILES = ['waybill.config.yaml', 'waybill.config.yml', 'waybill.config.json'];
/** Folders that hold no catalog content (EventCatalog's own app files, build output). */
export const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'public', 'components', 'pages', 'templates']);
const IGNORED_ROOT_FILES = /^(readme|changelog|contributing|license)\.mdx?$/i;

export function isMarkdown(file: string): boolean {
  return /\.mdx?$/i.test(file);
}

/** Classifies a path relative to the catalog root (posix separators). */
export function classify(relPath: string): FileRole {
  const segs = relPath.split('/');
  const name = segs.pop() as string;
  if (segs.length === 0) {
    if (CONFIG_FILES.includes(name)) return { role: 'config' };
    if (IGNORED_ROOT_FILES.test(name)) return { role: 'ignored' };
    return isMarkdown(name) ? { role: 'unknown' } : { role: 'ignored' };
  }
  if (!isMarkdown(name)) return { role: 'ignored' };
  if (segs[0] === 'docs') return { role: 'guide' };
  if (segs.length === 1 && segs[0] === 'teams') return { role: 'team' };
  if (segs.length === 1 && segs[0] === 'users') return { role: 'user' };

  const base = name.replace(/\.mdx?$/i, '').toLowerCase();
  let dirSegs = segs;
  let versionDir: string | undefined;
  if (segs.length >= 4 && segs[segs.length - 2] === 'versioned') {
    versionDir = segs[segs.length - 1];
    dirSegs = segs.slice(0, -2);
  }
  const kindFolder = dirSegs[dirSegs.length - 2];
  const kind = kindFolder === undefined ? undefined : KIND_FOLDERS[kindFolder];
  if (!kind) return { role: 'unknown' };
  const resourceDir = dirSegs.join('/');
  if (base === 'index') {
    return { role: 'resource', kind, resourceDir, versionDir, parentDirs: ancestorResourceDirs(dirSegs) };
  }
  if (base === 'changelog') return { role: 'changelog', resourceDir, versionDir };
  if (base === 'ubiquitous-language' && kind === 'domain' && !versionDir) return { role: 'ubiquitous-language', resourceDir };
  return { role: 'unknown' };
}

/** Resource folders enclosing `dirSegs` (nearest first), e.g. the service and domain around a message. */
function ancestorResourceDirs(dirSegs: string[]): string[] {
  const result: string[] = [];
  for (let end = dirSegs.length - 2; end >= 2; end--) {
    if (KIND_FOLDERS[dirSegs[end - 2]] && dirSegs[end - 1] !== 'versioned') result.push(dirSegs.slice(0, end).join('/'));
  }
  return result;
}
