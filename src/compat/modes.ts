import type {
  CheckDirection,
  CompatibilityMode,
  CompatibilityResult,
  PairwiseCheck,
  SchemaChange,
} from './types.ts';

/**
 * Compares two schemas for one direction. `reader` must be able to read data written with `writer`;
 * returns the changes and whether they are acceptable.
 */
export type PairCheck<S> = (reader: S, writer: S) => { compatible: boolean; changes: SchemaChange[] };

/** The previous versions a mode checks against, as indexes into `previousVersions` (oldest first). */
export function versionsToCheck(count: number, mode: CompatibilityMode): number[] {
  if (mode === 'NONE' || count === 0) return [];
  if (mode.endsWith('_TRANSITIVE')) return Array.from({ length: count }, (_, i) => i);
  return [count - 1];
}

function directionsOf(mode: CompatibilityMode): CheckDirection[] {
  if (mode.startsWith('BACKWARD')) return ['backward'];
  if (mode.startsWith('FORWARD')) return ['forward'];
  if (mode.startsWith('FULL')) return ['backward', 'forward'];
  return [];
}

/**
 * Applies a compatibility mode the way Confluent Schema Registry does: BACKWARD means the
 * candidate reads data of the latest version, FORWARD the latest version reads data of the
 * candidate, FULL both; the transitive modes check every previous version.
 */
export function applyMode<S>(
  previousVersions: readonly S[],
  candidate: S,
  mode: CompatibilityMode,
  check: PairCheck<S>,
  accepts: (change: SchemaChange) => boolean = (change) => change.compatible,
): CompatibilityResult {
  const against = versionsToCheck(previousVersions.length, mode);
  const checks: PairwiseCheck[] = [];
  for (const index of against) {
    const previous = previousVersions[index];
    for (const direction of directionsOf(mode)) {
      const outcome =
        direction === 'backward' ? check(candidate, previous) : check(previous, candidate);
      checks.push({ against: index, direction, ...outcome });
    }
  }
  const compatible = checks.every((c) => c.compatible);
  const seen = new Set<string>();
  const offending: SchemaChange[] = [];
  const harmless: SchemaChange[] = [];
  for (const c of checks) {
    for (const change of c.changes) {
      const key = `${change.code} ${change.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      (!c.compatible && !accepts(change) ? offending : harmless).push(change);
    }
  }
  return { compatible, changes: [...offending, ...harmless], against, checks };
}
