/**
 * TypeScript names for catalog resources: `StoreCreated@1.0.0` → `StoreCreatedV1_0_0`, channel
 * `mallbots.stores.events.Store` → `MallbotsStoresEventsStoreMessages`. Unique within one generation run.
 */

/** PascalCase identifier from any id: words split on anything not a letter or digit. */
export function pascalName(id: string): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'Unnamed';
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** `1.0.0` → `V1_0_0`. */
export function versionSuffix(version: string): string {
  return `V${version.replace(/[^A-Za-z0-9]+/g, '_')}`;
}

/**
 * Hands out identifiers, adding `_2`, `_3` … when two resources would get the same one. Unique ignoring
 * case too, since identifiers also name files (`orderPlaced` and `OrderPlaced` on a case-insensitive disk).
 */
export class Identifiers {
  readonly #used = new Set<string>();

  take(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.#used.has(name.toLowerCase()); n++) name = `${wanted}_${n}`;
    this.#used.add(name.toLowerCase());
    return name;
  }
}
