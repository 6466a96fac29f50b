/**
 * The entry of the recursive comparison: unwraps references, handles a plain schema turning into a
 * union (or an intersection into one of its parts), then compares schemas of the same kind.
 */
import type { DiffContext } from './context.ts';
import type { JsonSchemaChangeCode } from './change-codes.ts';
import type { SchemaNode } from './model.ts';
import { jsonEquals } from './json-value.ts';
import { compareArrays } from './array-diff.ts';
import { compareCombined } from './combined-diff.ts';
import { compareObjects } from './object-diff.ts';
import {
  compareConsts, compareEnums, compareNots, compareNumbers, compareStrings,
} from './scalar-diff.ts';

/** Follows references until a schema that is not a resolvable `$ref`. */
export function dereference(node: SchemaNode): SchemaNode {
  const seen = new Set<SchemaNode>();
  let current = node;
  while (current.kind === 'ref' && !seen.has(current)) {
    seen.add(current);
    const target = current.referred();
    if (!target) break;
    current = target;
  }
  return current;
}

/** Whether a schema accepts everything (`{}` or `true`). */
export function isEmptySchema(node: SchemaNode): boolean {
  return node.kind === 'empty' || node.kind === 'true';
}

/** Compares `original` with `update` at the context's current path, recording differences. */
export function compareSchemas(ctx: DiffContext, original?: SchemaNode, update?: SchemaNode): void {
  if (!original && !update) return;
  if (!original) return ctx.add('SCHEMA_ADDED');
  if (!update) return ctx.add('SCHEMA_REMOVED');
  original = dereference(original);
  update = dereference(update);
  if (compareAcrossCombination(ctx, original, update)) return;

  if (original.kind !== update.kind) {
    if (original.kind !== 'false' && !isEmptySchema(update)) ctx.add('TYPE_CHANGED');
    return;
  }
  const before = original;
  const after = update;
  ctx.enterSchema(before, () => {
    if (before.id !== after.id) ctx.add('ID_CHANGED');
    if (before.title !== after.title) ctx.add('TITLE_CHANGED');
    if (before.description !== after.description) ctx.add('DESCRIPTION_CHANGED');
    if (!jsonEquals(before.default, after.default)) ctx.add('DEFAULT_CHANGED');
    compareSameKind(ctx, before, after);
  });
}

function compareSameKind(ctx: DiffContext, original: SchemaNode, update: SchemaNode): void {
  switch (original.kind) {
    case 'string': return compareStrings(ctx, original, update as typeof original);
    case 'number': return compareNumbers(ctx, original, update as typeof original);
    case 'enum': return compareEnums(ctx, original, update as typeof original);
    case 'const': return compareConsts(ctx, original, update as typeof original);
    case 'combined': return compareCombined(ctx, original, update as typeof original);
    case 'not': return compareNots(ctx, original, update as typeof original);
    case 'object': return compareObjects(ctx, original, update as typeof original);
    case 'array': return compareArrays(ctx, original, update as typeof original);
    case 'ref': {
      // Only unresolvable references are left here: compare them by target.
      if (original.ref !== (update as typeof original).ref) ctx.add('TYPE_CHANGED');
      return;
    }
    default: return;
  }
}

/**
 * A plain schema compared with a union or intersection: when one branch alone is a compatible
 * match, the change is a widening (`SUM_TYPE_EXTENDED`) or narrowing (`PRODUCT_TYPE_NARROWED`).
 * Returns true when that settled the comparison.
 */
function compareAcrossCombination(ctx: DiffContext, original: SchemaNode, update: SchemaNode): boolean {
  if (original.kind !== 'combined' && update.kind === 'combined') {
    if (update.subschemas.length === 1) {
      return keepIfCompatible(ctx, () => [original, update.subschemas[0]]);
    }
    if (update.criterion === 'anyOf' || update.criterion === 'oneOf') {
      return update.subschemas.some((branch) =>
        keepIfCompatible(ctx, () => [original, branch], 'SUM_TYPE_EXTENDED'),
      );
    }
  } else if (original.kind === 'combined' && update.kind !== 'combined') {
    if (original.subschemas.length === 1) {
      return keepIfCompatible(ctx, () => [original.subschemas[0], update]);
    }
    if (original.criterion === 'allOf') {
      return original.subschemas.some((part) =>
        keepIfCompatible(ctx, () => [part, update], 'PRODUCT_TYPE_NARROWED'),
      );
    }
  }
  return false;
}

function keepIfCompatible(
  ctx: DiffContext,
  pair: () => [SchemaNode, SchemaNode],
  extra?: 'SUM_TYPE_EXTENDED' | 'PRODUCT_TYPE_NARROWED',
): boolean {
  const sub = ctx.subcontext();
  const [original, update] = pair();
  compareSchemas(sub, original, update);
  if (!sub.isCompatible()) return false;
  ctx.addAll(sub.differences);
  if (extra) ctx.add(extra);
  return true;
}

/**
 * Compares a property or item that moved between declared and undeclared against the schema a
 * partially open content model gives undeclared ones, keeping the details and adding `covered` or
 * `notCovered` depending on whether that comparison is compatible.
 */
export function compareWithPartialModel(
  ctx: DiffContext,
  original: SchemaNode,
  update: SchemaNode,
  covered: JsonSchemaChangeCode,
  notCovered: JsonSchemaChangeCode,
): void {
  const sub = ctx.subcontext();
  compareSchemas(sub, original, update);
  ctx.addAll(sub.differences);
  ctx.add(sub.isCompatible() ? covered : notCovered);
}
