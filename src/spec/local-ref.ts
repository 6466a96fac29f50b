/**
 * The one follower of local `$ref`s (`#/components/…`) inside an OpenAPI or AsyncAPI document: every spec
 * view reads references through it, so they all stop at the same cycles and depth.
 */

/** A place in a document, as JSON-pointer segments. */
export type Pointer = (string | number)[];

type Json = Record<string, unknown>;

/** Longest chain of references followed from one place (a chain this long is almost surely a mistake). */
export const MAX_REF_CHAIN = 32;

/** What following a reference found. */
export interface Followed {
  /** The part reached: the value itself when it is no local reference, or the reference when it could not be followed. */
  readonly value: unknown;
  /** Where that part is in the document. */
  readonly pointer: Pointer;
  /** The last segment of the last reference followed (a component's name), if any was followed. */
  readonly name?: string;
  /** Why the chain stopped at a reference: it names nothing, leads back into itself, or is longer than {@link MAX_REF_CHAIN}. */
  readonly problem?: 'missing' | 'cycle' | 'too-deep';
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The segments of a local reference (`#/a/b~1c` → `['a', 'b/c']`), or undefined for anything else. */
export function localPointer(ref: string): Pointer | undefined {
  if (ref === '#') return [];
  if (!ref.startsWith('#/')) return undefined;
  try {
    return ref.slice(2).split('/').map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
  } catch {
    return undefined;
  }
}

/** The part of `doc` at `pointer` (own keys only), or undefined. */
export function valueAt(doc: unknown, pointer: Pointer): unknown {
  let node = doc;
  for (const segment of pointer) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isRecord(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** Whether a value is an object whose `$ref` is local to the document. */
export function isLocalRef(value: unknown): value is { $ref: string } {
  return isRecord(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#');
}

/**
 * Follows `value` (found at `pointer`) while it is a local `$ref`, to the part it names, with that part's
 * pointer. A reference to nothing, one leading back to where the chain was, or a chain longer than
 * {@link MAX_REF_CHAIN} stops at the reference, and says why.
 */
export function followLocal(doc: unknown, value: unknown, pointer: Pointer): Followed {
  let current = value;
  let at = pointer;
  let name: string | undefined;
  const seen = new Set<string>();
  for (let hops = 0; isLocalRef(current); hops++) {
    const ref = current.$ref;
    if (hops >= MAX_REF_CHAIN) return { value: current, pointer: at, name, problem: 'too-deep' };
    if (seen.has(ref)) return { value: current, pointer: at, name, problem: 'cycle' };
    seen.add(ref);
    const target = localPointer(ref);
    const next = target && valueAt(doc, target);
    if (target === undefined || next === undefined) return { value: current, pointer: at, name, problem: 'missing' };
    current = next;
    at = target;
    if (target.length) name = String(target[target.length - 1]);
  }
  return name === undefined ? { value: current, pointer: at } : { value: current, pointer: at, name };
}
