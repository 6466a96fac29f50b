/**
 * Consumer-driven checks: a consumer lists the fields it reads; a producer's new schema breaks it when a
 * field is removed, changes type, becomes optional or loses enum values — whatever the message's
 * compatibility mode allows.
 */
import type { CatalogRefs } from '../catalog-refs.ts';
import type { SchemaDocument } from '../../catalog/model.ts';
import { jsonSchemaView } from '../schema-view.ts';
import { FieldPathError, formatFieldPath, parseFieldPath } from './field-path.ts';
import { lookupField, type FieldInfo } from './field-lookup.ts';

/** How a field a consumer reads changed between two schema versions. */
export const FIELD_CHANGE_CODES = [
  'FIELD_REMOVED',
  'FIELD_TYPE_CHANGED',
  'FIELD_BECAME_OPTIONAL',
  'FIELD_ENUM_NARROWED',
  'FIELD_ENUM_EXTENDED',
] as const;

export type FieldChangeCode = (typeof FIELD_CHANGE_CODES)[number];

/** One change to a field a consumer reads. */
export interface FieldChange {
  /** The field as the consumer wrote it. */
  field: string;
  code: FieldChangeCode;
  /** True when the consumer can no longer rely on what it read before. */
  breaking: boolean;
  /** Says what changed, e.g. `type string → integer`. */
  reason: string;
  /** Pointer segments in the newer schema file nearest to the field, for locating. */
  path: (string | number)[];
}

/** A schema document with the references of the catalog it belongs to. */
export interface SchemaSource {
  doc: SchemaDocument;
  refs: CatalogRefs;
}

const describeTypes = (types: Set<string>) => [...types].sort().join(' | ');
const show = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/** Whether every type in `after` was already possible in `before` (integers are numbers). */
function typesCovered(before: Set<string>, after: Set<string>): boolean {
  if (before.has('any')) return true;
  for (const t of after) {
    if (t === 'null') continue;
    if (before.has(t) || (t === 'integer' && before.has('number'))) continue;
    return false;
  }
  return true;
}

/** Compares what a reader of one field could rely on before and after. */
export function compareFieldInfo(field: string, before: FieldInfo, after: FieldInfo | undefined): Omit<FieldChange, 'path'>[] {
  if (!after) return [{ field, code: 'FIELD_REMOVED', breaking: true, reason: 'the field is no longer in the schema' }];
  const out: Omit<FieldChange, 'path'>[] = [];
  if (!typesCovered(before.types, after.types)) {
    out.push({ field, code: 'FIELD_TYPE_CHANGED', breaking: true, reason: `type ${describeTypes(before.types)} → ${describeTypes(after.types)}` });
  }
  if (before.required && !after.required) {
    out.push({ field, code: 'FIELD_BECAME_OPTIONAL', breaking: true, reason: after.types.has('null') ? 'it may now be null' : 'it is no longer required' });
  }
  if (before.values && after.values) {
    const removed = before.values.filter((v) => !after.values!.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    const added = after.values.filter((v) => !before.values!.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    if (removed.length) out.push({ field, code: 'FIELD_ENUM_NARROWED', breaking: true, reason: `values no longer sent: ${show(removed)}` });
    if (added.length) out.push({ field, code: 'FIELD_ENUM_EXTENDED', breaking: false, reason: `new values the consumer has not seen: ${show(added)}` });
  } else if (before.values && !after.values) {
    out.push({ field, code: 'FIELD_ENUM_EXTENDED', breaking: false, reason: 'the field no longer lists its values' });
  }
  return out;
}

/** Looks a consumer's field up in a schema; undefined when not declared, an error when the path is malformed. */
export function findField(source: SchemaSource, field: string): FieldInfo | undefined {
  const view = jsonSchemaView(source.doc);
  if (view === undefined) return undefined;
  return lookupField(view, source.doc.file, parseFieldPath(field), source.refs);
}

/**
 * How the fields a consumer reads changed from `before` to `after`. Fields the consumer lists that the
 * older schema did not declare either are left to the `consumer-fields` rule; malformed paths too.
 */
export function consumerFieldChanges(before: SchemaSource, after: SchemaSource, fields: readonly string[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fields) {
    let old: FieldInfo | undefined;
    let now: FieldInfo | undefined;
    try {
      old = findField(before, field);
      if (!old) continue;
      now = findField(after, field);
    } catch (error) {
      if (error instanceof FieldPathError) continue;
      throw error;
    }
    const path = now?.definedAt.file === after.doc.file ? now.definedAt.path : nearestPath(after, field);
    for (const change of compareFieldInfo(field, old, now)) out.push({ ...change, path });
  }
  return out;
}

/** For a removed field: where it would be — the `properties` of its deepest ancestor still in the schema file. */
function nearestPath(source: SchemaSource, field: string): (string | number)[] {
  const segments = parseFieldPath(field);
  for (let n = segments.length - 1; n >= 0; n--) {
    const info = n === 0 ? undefined : findField(source, formatFieldPath(segments.slice(0, n)));
    const node = n === 0 ? { path: [] as (string | number)[], value: jsonSchemaView(source.doc), file: source.doc.file } : info?.definedAt;
    if (!node || node.file !== source.doc.file) continue;
    const value = node.value as Record<string, unknown> | undefined;
    return value && typeof value === 'object' && 'properties' in value ? [...node.path, 'properties'] : node.path;
  }
  return [];
}
