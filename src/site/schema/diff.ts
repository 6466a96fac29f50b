/**
 * Property-level differences between two versions of a schema: which properties were added, removed,
 * or changed (type, required, enum values, format, constraints, description). Works on flat property
 * lists so the same function runs at build time and in the browser (any two versions on demand).
 */
import { typeLabel, walkProperties, type PropertyNode } from './properties.ts';

/** One property of one version, flattened for comparison. */
export interface FlatProperty {
  /** Dotted path: `lines[].sku`. */
  path: string;
  type: string;
  required: boolean;
  /** Enum values as JSON text. */
  enum?: string[];
  format?: string;
  constraints?: string[];
  description?: string;
  deprecated?: boolean;
}

export type ChangeField = 'type' | 'required' | 'enum' | 'format' | 'constraints' | 'description' | 'deprecated';

export interface FieldChange {
  field: ChangeField;
  from: string;
  to: string;
}

export interface PropertyDiff {
  path: string;
  change: 'added' | 'removed' | 'changed';
  /** For added and removed: the property as it is (or was). */
  property?: FlatProperty;
  /** For changed: what changed. */
  changes?: FieldChange[];
}

/** Flattens a property tree into one entry per path (array items as `name[]`). */
export function flattenProperties(nodes: readonly PropertyNode[]): FlatProperty[] {
  const out: FlatProperty[] = [];
  const seen = new Set<string>();
  for (const node of walkProperties(nodes)) {
    if (!node.path || seen.has(node.path)) continue;
    seen.add(node.path);
    const flat: FlatProperty = { path: node.path, type: typeLabel(node), required: node.required };
    if (node.enum) flat.enum = node.enum.map((v) => JSON.stringify(v));
    if (node.format) flat.format = node.format;
    if (node.constraints.length) flat.constraints = node.constraints;
    if (node.description) flat.description = node.description;
    if (node.deprecated) flat.deprecated = true;
    out.push(flat);
  }
  return out;
}

/** What changed from `before` to `after`, in the order of `after` (removed ones where they were). */
export function diffProperties(before: readonly FlatProperty[], after: readonly FlatProperty[]): PropertyDiff[] {
  const old = new Map(before.map((p) => [p.path, p]));
  const now = new Map(after.map((p) => [p.path, p]));
  const out: PropertyDiff[] = [];
  for (const p of before) if (!now.has(p.path)) out.push({ path: p.path, change: 'removed', property: p });
  for (const p of after) {
    const was = old.get(p.path);
    if (!was) {
      out.push({ path: p.path, change: 'added', property: p });
      continue;
    }
    const changes = fieldChanges(was, p);
    if (changes.length) out.push({ path: p.path, change: 'changed', changes });
  }
  const order = new Map<string, number>();
  [...after, ...before].forEach((p, i) => order.has(p.path) || order.set(p.path, i));
  return out.sort((a, b) => comparePaths(a.path, b.path, order));
}

function fieldChanges(a: FlatProperty, b: FlatProperty): FieldChange[] {
  const out: FieldChange[] = [];
  if (a.type !== b.type) out.push({ field: 'type', from: a.type, to: b.type });
  if (a.required !== b.required) out.push({ field: 'required', from: a.required ? 'required' : 'optional', to: b.required ? 'required' : 'optional' });
  const ae = (a.enum ?? []).join(', ');
  const be = (b.enum ?? []).join(', ');
  if (ae !== be) out.push({ field: 'enum', from: a.enum ? ae : 'any value', to: b.enum ? be : 'any value' });
  if ((a.format ?? '') !== (b.format ?? '')) out.push({ field: 'format', from: a.format ?? '—', to: b.format ?? '—' });
  const ac = (a.constraints ?? []).join(', ');
  const bc = (b.constraints ?? []).join(', ');
  if (ac !== bc) out.push({ field: 'constraints', from: ac || '—', to: bc || '—' });
  if ((a.description ?? '') !== (b.description ?? '')) out.push({ field: 'description', from: a.description ?? '—', to: b.description ?? '—' });
  if (!!a.deprecated !== !!b.deprecated) out.push({ field: 'deprecated', from: a.deprecated ? 'deprecated' : 'not deprecated', to: b.deprecated ? 'deprecated' : 'not deprecated' });
  return out;
}

/** Parents before children; siblings in schema order. */
function comparePaths(a: string, b: string, order: Map<string, number>): number {
  const pa = ancestors(a);
  const pb = ancestors(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) return (order.get(pa[i]) ?? 0) - (order.get(pb[i]) ?? 0);
  }
  return pa.length - pb.length;
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('.'); i !== -1; i = path.indexOf('.', i + 1)) out.push(path.slice(0, i));
  out.push(path);
  return out;
}

/** A one-line summary: "2 added, 1 removed, 3 changed" (or "no property changes"). */
export function summarizeDiff(diff: readonly PropertyDiff[]): string {
  const count = (c: PropertyDiff['change']) => diff.filter((d) => d.change === c).length;
  const parts = [`${count('added')} added`, `${count('removed')} removed`, `${count('changed')} changed`].filter((p) => !p.startsWith('0 '));
  return parts.length ? parts.join(', ') : 'no property changes';
}
