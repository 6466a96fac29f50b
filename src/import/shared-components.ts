/**
 * Shared components: a schema a document defines once (`#/components/schemas/X`, Swagger's
 * `#/definitions/X`) and several of its messages use is imported once, as a schema file of its own, and
 * the messages' schemas `$ref` it. The readers decide which components are shared and write references
 * to them as `waybill-component:<name>` (see {@link COMPONENT_REF}); the planner (plan-components.ts)
 * decides where the files go and which revision each message points at, and turns those into relative
 * paths. A component only one message uses stays inline in that message's schema.
 */
import { DATA_KEYWORDS } from './schema-bundle.ts';
import { resolvePointer } from '../catalog/schema-files.ts';

/** How a reader refers to a shared component before the planner gives it a file. */
export const COMPONENT_REF = 'waybill-component:';

/** The component name in a `waybill-component:<name>` reference; undefined for any other reference. */
export function componentName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(COMPONENT_REF) ? ref.slice(COMPONENT_REF.length) : undefined;
}

/** Every `$ref` string under a value (not inside data keywords such as `examples`). */
function refsUnder(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsUnder(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') out.push(child);
      else if (!DATA_KEYWORDS.has(key) && child && typeof child === 'object') refsUnder(child, out);
    }
  }
  return out;
}

/**
 * The component schemas of `doc` that two or more of `uses` (each the part of the document one message
 * is read from, e.g. an operation) reach, following local references through anything (parameters,
 * responses, other schemas), with the file name each gets. `component` tells a component's pointer from
 * any other. Each referenced part of the document is walked once, so this is linear in its size.
 */
export function sharedComponents(doc: unknown, uses: unknown[], component: (ref: string) => boolean): Map<string, string> {
  const direct = new Map<string, string[]>();
  const refsOf = (ref: string): string[] => {
    let refs = direct.get(ref);
    if (!refs) {
      refs = [];
      direct.set(ref, refs);
      refs.push(...new Set(refsUnder(resolvePointer(doc, ref)).filter((r) => r.startsWith('#'))));
    }
    return refs;
  };
  const users = new Map<string, number>();
  const order: string[] = [];
  for (const use of uses) {
    const seen = new Set<string>();
    const pending = refsUnder(use).filter((r) => r.startsWith('#'));
    while (pending.length) {
      const ref = pending.pop() as string;
      if (seen.has(ref)) continue;
      seen.add(ref);
      if (component(ref)) {
        if (!users.has(ref)) order.push(ref);
        users.set(ref, (users.get(ref) ?? 0) + 1);
      }
      pending.push(...refsOf(ref));
    }
  }
  return fileNames(order.filter((ref) => (users.get(ref) ?? 0) >= 2), (ref) => ref.split('/').pop() ?? '');
}

/** Names usable as file names (letters, digits, `_`, `-`, `.`), unique case-insensitively, in `keys` order. */
export function fileNames<K>(keys: K[], raw: (key: K) => string): Map<K, string> {
  const names = new Map<K, string>();
  const used = new Set<string>();
  for (const key of keys) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw(key).replace(/~1/g, '/').replace(/~0/g, '~'));
    } catch {
      decoded = raw(key);
    }
    const base = decoded.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'Schema';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}${n}`;
    used.add(name.toLowerCase());
    names.set(key, name);
  }
  return names;
}
