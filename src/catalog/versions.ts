/**
 * Version ordering and resolution: `latest`, exact versions and semver ranges (`^1`, `1.x`, `>=1.2 <2`).
 * Versions that are not semver still order sensibly (numeric-aware string order) and match exactly.
 */
import semver from 'semver';

/** `localeCompare(b, 'en', { numeric: true })`, with the collator made once (localeCompare with options makes one per call). */
const numericOrder = new Intl.Collator('en', { numeric: true });

/** Each version string's semver reading (null: none), parsed once: sorting compares each version many times. */
const readings = new Map<string, semver.SemVer | null>();

function semverOf(version: string): semver.SemVer | null {
  let reading = readings.get(version);
  if (reading === undefined) {
    const valid = semver.valid(version) ?? semver.valid(semver.coerce(version));
    reading = valid ? new semver.SemVer(valid) : null;
    readings.set(version, reading);
  }
  return reading;
}

export function compareVersions(a: string, b: string): number {
  const va = semverOf(a);
  const vb = semverOf(b);
  if (va && vb) {
    const c = va.compare(vb);
    if (c !== 0) return c;
  }
  return numericOrder.compare(a, b);
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
