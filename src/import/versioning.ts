/**
 * How an import versions a changed message: the compatibility checker decides between a minor (compatible)
 * and a major (breaking) version, under the message's own compatibility mode; responses are checked the
 * other way round (clients read them). The old version keeps its files under `versioned/<version>/`.
 */
import path from 'node:path';
import semver from 'semver';
import { checkCompatibility, type CompatibilityMode } from '../compat/index.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { FileOperation } from './plan-context.ts';
import { filesIn } from './plan-context.ts';
import { movedSchema } from './plan-components.ts';

export interface SchemaVerdict {
  breaking: boolean;
  /** One line per change, e.g. `PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #/properties/name`. */
  changes: string[];
}

/**
 * Whether `candidate` breaks `previous` under `mode` (NONE is judged as BACKWARD: semver still has to
 * say whether readers break). A schema the checker cannot read counts as breaking.
 */
export function judgeSchemaChange(previous: unknown, candidate: unknown, mode: CompatibilityMode): SchemaVerdict {
  if (previous === undefined) return { breaking: false, changes: ['schema added'] };
  if (candidate === undefined) return { breaking: true, changes: ['schema removed'] };
  try {
    const result = checkCompatibility([previous], candidate, mode === 'NONE' ? 'BACKWARD' : mode);
    return { breaking: !result.compatible, changes: result.changes.map((c) => `${c.code} at ${c.path}`) };
  } catch (error) {
    return { breaking: true, changes: [`the schemas could not be compared: ${(error as Error).message}`] };
  }
}

/** The next version after `current`: the next major or minor (non-semver versions are coerced). */
export function nextVersion(current: string, breaking: boolean): string {
  const base = semver.valid(current) ?? semver.valid(semver.coerce(current)) ?? '0.0.0';
  return semver.inc(base, breaking ? 'major' : 'minor') as string;
}

/**
 * Moves the current version's files of the resource folder `dir` to `versioned/<version>/`. Files the
 * import rewrites (`owned`) move; any other file is copied, so both versions keep it.
 */
export function archiveVersion(catalog: Catalog, dir: string, version: string, owned: (name: string) => boolean): FileOperation[] {
  const target = path.posix.join(dir, 'versioned', version);
  return filesIn(catalog, dir).flatMap((file): FileOperation[] => {
    const name = path.posix.basename(file);
    const to = path.posix.join(target, name);
    if (!owned(name)) return [{ op: 'copy', from: file, to }];
    // A schema referring to other files (shared components) keeps reaching them from its new folder.
    const moved = /\.json$/i.test(name) ? movedSchema(catalog.documents.get(file), file, to) : undefined;
    return moved === undefined ? [{ op: 'move', from: file, to }] : [{ op: 'move', from: file, to }, { op: 'write', file: to, content: `${JSON.stringify(moved, null, 2)}\n` }];
  });
}

/** True when the catalog already holds files of `versioned/<version>/` in `dir`. */
export function versionFolderTaken(catalog: Catalog, dir: string, version: string): boolean {
  const prefix = `${path.posix.join(dir, 'versioned', version)}/`;
  return catalog.files.some((f) => f.startsWith(prefix));
}
