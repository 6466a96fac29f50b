/**
 * The fields a consumer says it reads (`receives[].fields`): JSON pointers (`/id`, `/items/*\/product_id`,
 * `*` for any array item or map value) or dotted paths (`items.product_id`, `items[*].product_id`,
 * `lines[0].sku`). Both read as the same list of segments; `*` is the wildcard.
 */

/** A parsed field path: property names, array indexes as digit strings, and `*` for any item. */
export type FieldPath = readonly string[];

/** Why a field path could not be read. */
export class FieldPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldPathError';
  }
}

/** Reads a field path written as a JSON pointer (`/a/b`, `#/a/b`) or a dotted path (`a.b[*].c`). */
export function parseFieldPath(written: string): FieldPath {
  const text = written.trim();
  if (text === '' || text === '/' || text === '#' || text === '#/') throw new FieldPathError(`'${written}' names no field.`);
  if (text.startsWith('/') || text.startsWith('#/')) {
    const segments = text.replace(/^#/, '').slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (segments.some((s) => s === '')) throw new FieldPathError(`'${written}' has an empty segment.`);
    return segments;
  }
  const segments: string[] = [];
  for (const part of text.split('.')) {
    const match = /^([^[\]]*)((?:\[[^\]]*\])*)$/.exec(part);
    if (!match || (match[1] === '' && match[2] === '')) throw new FieldPathError(`'${written}' is not a dotted path like items.product_id or items[*].product_id.`);
    if (match[1] !== '') segments.push(match[1]);
    for (const index of match[2].match(/\[([^\]]*)\]/g) ?? []) {
      const inner = index.slice(1, -1);
      if (inner !== '' && inner !== '*' && !/^\d+$/.test(inner)) throw new FieldPathError(`'${written}': [${inner}] is not an index; use [*] or a number.`);
      segments.push(inner === '' ? '*' : inner);
    }
  }
  return segments;
}

/** The canonical JSON pointer of a field path, e.g. `/items/*\/product_id`. */
export function formatFieldPath(path: FieldPath): string {
  return `/${path.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
