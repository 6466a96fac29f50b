/**
 * Which part of the catalog a file is, from its path alone (EventCatalog's layout, as described by the
 * layout table in layout.ts). Pure.
 */
import type { VersionedKind } from './model.ts';
import { FEDERATED_FOLDER, kindOfFolder, PAGES_FOLDER, RESOURCE_DOCS_FOLDER } from './layout.ts';

export type FileRole =
  | { role: 'resource'; kind: VersionedKind; resourceDir: string; versionDir?: string; parentDirs: string[]; federated?: string }
  | { role: 'changelog'; resourceDir: string; versionDir?: string }
  | { role: 'ubiquitous-language'; resourceDir: string }
  /** A page of a resource's `docs/` folder (or a message's `examples/`); `docPath` is below that folder. */
  | { role: 'resource-doc'; resourceDir: string; versionDir?: string; docPath: string; folder: 'docs' | 'examples' }
  | { role: 'team'; federated?: string }
  | { role: 'user'; federated?: string }
  | { role: 'guide' }
  | { role: 'custom-page' }
  | { role: 'config' }
  | { role: 'ignored' }
  | { role: 'unknown' };

export const CONFIG_FILES = ['waybill.config.yaml', 'waybill.config.yml', 'waybill.config.json'];
/** Folders that hold no catalog content (EventCatalog's own app files, build output). */
export const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'public', 'components', 'templates']);
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
  if (segs[0] === FEDERATED_FOLDER && segs.length >= 3) return federatedRole(segs[1], classify([...segs.slice(2), name].join('/')));
  if (segs[0] === 'docs') return { role: 'guide' };
  if (segs[0] === PAGES_FOLDER) return segs.length === 1 ? { role: 'custom-page' } : { role: 'ignored' };
  if (segs.length === 1 && segs[0] === 'teams') return { role: 'team' };
  if (segs.length === 1 && segs[0] === 'users') return { role: 'user' };

  const doc = resourceDocRole(segs, name);
  if (doc) return doc;

  const base = name.replace(/\.mdx?$/i, '').toLowerCase();
  let dirSegs = segs;
  let versionDir: string | undefined;
  if (segs.length >= 4 && segs[segs.length - 2] === 'versioned') {
    versionDir = segs[segs.length - 1];
    dirSegs = segs.slice(0, -2);
  }
  const kind = kindOfResourceDir(dirSegs);
  if (!kind) return { role: 'unknown' };
  const resourceDir = dirSegs.join('/');
  if (base === 'index') {
    return { role: 'resource', kind, resourceDir, versionDir, parentDirs: ancestorResourceDirs(dirSegs) };
  }
  if (base === 'changelog') return { role: 'changelog', resourceDir, versionDir };
  if (base === 'ubiquitous-language' && kind === 'domain' && !versionDir) return { role: 'ubiquitous-language', resourceDir };
  return { role: 'unknown' };
}

/**
 * The kind of the resource folder `dirSegs` (its last segment is the resource's own folder): the kind
 * of the folder above it, or — for kinds that nest (`channels/<group>/<id>/`, `systems/A/systems/B/`)
 * — of the nearest kind folder above its grouping folders.
 */
function kindOfResourceDir(dirSegs: string[]): VersionedKind | undefined {
  if (dirSegs.length < 2) return undefined;
  const direct = kindOfFolder(dirSegs[dirSegs.length - 2]);
  if (direct) return direct.kind as VersionedKind;
  for (let i = dirSegs.length - 3; i >= 0; i--) {
    const seg = dirSegs[i];
    if (seg === 'versioned' || seg === RESOURCE_DOCS_FOLDER) return undefined;
    const layout = kindOfFolder(seg);
    if (layout) return layout.nests ? (layout.kind as VersionedKind) : undefined;
  }
  return undefined;
}

/** `<resource>/docs/**` or `<message>/examples/**`, when the folder above it is a resource folder. */
function resourceDocRole(segs: string[], name: string): FileRole | undefined {
  for (let i = segs.length - 1; i >= 2; i--) {
    const folder = segs[i];
    if (folder !== RESOURCE_DOCS_FOLDER && folder !== 'examples') continue;
    let dirSegs = segs.slice(0, i);
    let versionDir: string | undefined;
    if (dirSegs.length >= 4 && dirSegs[dirSegs.length - 2] === 'versioned') {
      versionDir = dirSegs[dirSegs.length - 1];
      dirSegs = dirSegs.slice(0, -2);
    }
    const kind = kindOfResourceDir(dirSegs);
    if (!kind) continue;
    if (folder === 'examples' && kind !== 'event' && kind !== 'command' && kind !== 'query') continue;
    const docPath = [...segs.slice(i + 1), name].join('/');
    return { role: 'resource-doc', resourceDir: dirSegs.join('/'), versionDir, docPath, folder };
  }
  return undefined;
}

/** A role found below `federated/<name>/`, with its folders named from the catalog root. */
function federatedRole(name: string, role: FileRole): FileRole {
  const prefix = (dir: string) => `${FEDERATED_FOLDER}/${name}/${dir}`;
  switch (role.role) {
    case 'resource':
      return { ...role, resourceDir: prefix(role.resourceDir), parentDirs: role.parentDirs.map(prefix), federated: name };
    case 'changelog':
    case 'ubiquitous-language':
    case 'resource-doc':
      return { ...role, resourceDir: prefix(role.resourceDir) };
    case 'team':
    case 'user':
      return { ...role, federated: name };
    case 'config':
    case 'custom-page':
    case 'guide':
      return { role: 'ignored' };
    default:
      return role;
  }
}

/** Resource folders enclosing `dirSegs` (nearest first), e.g. the service and domain around a message. */
function ancestorResourceDirs(dirSegs: string[]): string[] {
  const result: string[] = [];
  for (let end = dirSegs.length - 1; end >= 2; end--) {
    const prefix = dirSegs.slice(0, end);
    const last = prefix[prefix.length - 1];
    if (last === 'versioned' || prefix[prefix.length - 2] === 'versioned' || kindOfFolder(last)) continue;
    if (kindOfResourceDir(prefix)) result.push(prefix.join('/'));
  }
  return result;
}
