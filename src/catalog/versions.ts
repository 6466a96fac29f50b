/**
 * Version ordering and resolution: `latest`, exact versions and semver ranges (`^1`, `1.x`, `>=1.2 <2`).
 * Versions that are not semver still order sensibly (numeric-aware string order) and match exactly.
 */
import semver from 'semver';

export function compareVersions(a: string, b: string): number {
  const va = semver.valid(a) ?? semver.valid(semver.coerce(a));
  const vb = semver.valid(b) ?? semver.valid(semver.coerce(b));
  if (va && vb) {
    const c = semver.compare(va, vb);
    if (c !== 0) return c;
  }
  return a.localeCompare(b, 'en', { numeric: true });
}

export function isLatestRequest(requested: string | undefined): boolean {
  return requested === undefined || requested === '' || requested === 'latest' || requested === '*';
}

/**
 * The version `requested` picks from `available` (any order): the highest for `latest`, the same string
 * for an exact version, the highest satisfying a range; undefined when none does.
 */
export function resolveVersion(requested: string | undefined, available: readonly string[]): string | undefined {
  if (available.length === 0) return undefined;
  if (isLatestRequest(requested)) return maxVersion(available);
  const wanted = String(requested).trim();
  if (available.includes(wanted)) return wanted;
  const range = semver.validRange(wanted);
  if (!range) return undefined;
  const candidates = available.filter((v) => semver.valid(v));
  return semver.maxSatisfying(candidates, range) ?? undefined;
}

export function maxVersion(versions: readonly string[]): string {
  return versions.reduce((best, v) => (compareVersions(v, best) > 0 ? v : best));
}

/** True when `requested` is a range (not `latest`, not an exact version). */
export function isRange(requested: string | undefined): boolean {
  if (isLatestRequest(requested)) return false;
  return !semver.valid(String(requested)) && semver.validRange(String(requested)) !== null;
}
