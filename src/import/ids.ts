/**
 * Safe, stable ids for imported resources. Spec documents name things freely (`storesapi.StoreCreatedEvent`,
 * `Light measured`, `$lightMeasured`, `smartylighting/streetlights/{id}/dim`); catalog ids become folder
 * names and URL segments, so the importer turns such names into ids it can use and reports every change.
 */

/** Message and service ids: letters, digits, `_` and `-`, starting with a letter or digit. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Channel ids may also hold dots, as broker addresses do (`mallbots.stores.events.Store`). */
const SAFE_CHANNEL = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** True when `name` can be used as a message or service id unchanged. */
export function isSafeId(name: string): boolean {
  return SAFE_NAME.test(name);
}

/**
 * A message or service id from a name: runs of unsafe characters (`$`, spaces, dots, slashes …) are
 * dropped and the next word starts with a capital, so `storesapi.StoreCreatedEvent` becomes
 * `storesapiStoreCreatedEvent` and `Light measured` becomes `LightMeasured`. Deterministic.
 */
export function toSafeId(name: string): string {
  if (isSafeId(name)) return name;
  const parts = name.split(/[^A-Za-z0-9_-]+/).filter(Boolean);
  const joined = parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
  const trimmed = joined.replace(/^[_-]+/, '');
  return trimmed || 'unnamed';
}

/**
 * A channel id from a channel name or address: slashes become dots, braces of `{parameters}` and other
 * unsafe characters are dropped, so `smartylighting/streetlights/1/0/event/{streetlightId}/lighting/measured`
 * becomes `smartylighting.streetlights.1.0.event.streetlightId.lighting.measured`.
 */
export function toSafeChannelId(name: string): string {
  if (SAFE_CHANNEL.test(name)) return name;
  const id = name
    .replace(/[/\\]+/g, '.')
    .replace(/[^A-Za-z0-9._-]+/g, '')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+|[.]+$/g, '');
  return id || 'unnamed';
}

/** The first letter upper-cased: `getOrder` → `GetOrder`. */
export function capitalize(name: string): string {
  return name ? name[0].toUpperCase() + name.slice(1) : name;
}

/**
 * Hands out ids within one document: the same source name always gets the same id, and two different
 * names that would map to one id get `-2`, `-3` … so no two resources collide.
 */
export class IdAllocator {
  readonly #bySource = new Map<string, string>();
  readonly #taken = new Set<string>();

  /** The id for `source` (a name the document uses); `make` turns it into a candidate id. */
  allocate(source: string, make: (s: string) => string = toSafeId): string {
    const known = this.#bySource.get(source);
    if (known) return known;
    const base = make(source);
    let id = base;
    for (let n = 2; this.#taken.has(id); n++) id = `${base}-${n}`;
    this.#taken.add(id);
    this.#bySource.set(source, id);
    return id;
  }
}
