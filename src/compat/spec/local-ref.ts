/** Local `$ref`s (`#/components/…`) inside an OpenAPI or AsyncAPI document, followed to their target. */
import { isObject, type JsonObject } from '../json-schema/json-value.ts';

/** A pointer into a document, as segments. */
export type Pointer = (string | number)[];

/**
 * Follows `value` while it is a local `$ref`, to the part it names, with that part's pointer and the
 * name of the last reference followed (its last segment, e.g. a component's name). A reference to
 * nothing, or a chain deeper than 16, stops where it is.
 */
export function followLocal(doc: JsonObject, value: unknown, pointer: Pointer, depth = 0): { value: unknown; pointer: Pointer; name?: string } {
  if (depth > 16 || !isObject(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return { value, pointer };
  const target = value.$ref.slice(2).split('/').map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc;
  for (const segment of target) node = isObject(node) ? node[segment] : Array.isArray(node) ? node[Number(segment)] : undefined;
  if (node === undefined) return { value, pointer };
  const next = followLocal(doc, node, target, depth + 1);
  return { ...next, name: next.name ?? target[target.length - 1] };
}
