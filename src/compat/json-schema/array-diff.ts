/** Comparison of array schemas: item schemas, tuples, additional items, sizes. */
import type { DiffContext } from './context.ts';
import type { ArrayNode, SchemaNode } from './model.ts';
import { compareOpenContent } from './object-diff.ts';
import { compareBound } from './scalar-diff.ts';
import { compareSchemas, compareWithPartialModel, dereference, isEmptySchema } from './schema-diff.ts';

export function compareArrays(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  ctx.at('items', () => compareSchemas(ctx, original.allItems, update.allItems));
  compareTuples(ctx, original, update);
  compareOpenContent(ctx, original.additionalKeyword, 'ADDITIONAL_ITEMS', original.additionalItems, update.additionalItems);
  if (original.unevaluatedItems || update.unevaluatedItems) {
    compareOpenContent(ctx, 'unevaluatedItems', 'UNEVALUATED_ITEMS',
      original.unevaluatedItems ?? { permits: true }, update.unevaluatedItems ?? { permits: true });
  }
  ctx.at('contains', () => compareSchemas(ctx, original.contains, update.contains));
  compareBound(ctx, 'maxItems', 'MAX_ITEMS', original.maxItems, update.maxItems);
  compareBound(ctx, 'minItems', 'MIN_ITEMS', original.minItems, update.minItems);
  compareBound(ctx, 'maxContains', 'MAX_CONTAINS', original.maxContains, update.maxContains);
  compareBound(ctx, 'minContains', 'MIN_CONTAINS', original.minContains, update.minContains);
  if (original.uniqueItems !== update.uniqueItems) {
    ctx.add(original.uniqueItems ? 'UNIQUE_ITEMS_REMOVED' : 'UNIQUE_ITEMS_ADDED', 'uniqueItems');
  }
}

/** Open: items past the tuple may be anything. */
function isOpenContentModel(schema: ArrayNode): boolean {
  return !schema.additionalItems.schema && schema.additionalItems.permits;
}

function compareTuples(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  const before = original.tupleItems ?? [];
  const after = update.tupleItems ?? [];
  const keyword = original.tupleItems ? original.tupleKeyword : update.tupleKeyword;
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    ctx.at([keyword, String(index)], () => {
      if (index < before.length && index < after.length) compareSchemas(ctx, before[index], after[index]);
      else if (index < before.length) itemRemoved(ctx, update, before[index]);
      else itemAdded(ctx, original, after[index]);
    });
  }
}

function itemRemoved(ctx: DiffContext, update: ArrayNode, before: SchemaNode): void {
  if (isOpenContentModel(update)) return ctx.add('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL');
  const partial = update.additionalItems.schema;
  if (partial) {
    compareWithPartialModel(ctx, before, partial,
      'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  } else if (dereference(before).kind === 'false') {
    ctx.add('ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL');
  } else {
    ctx.add('ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL');
  }
}

function itemAdded(ctx: DiffContext, original: ArrayNode, after: SchemaNode): void {
  if (isOpenContentModel(original)) {
    ctx.add(isEmptySchema(dereference(after))
      ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL'
      : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL');
    return;
  }
  const partial = original.additionalItems.schema;
  if (!partial) return ctx.add('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL');
  compareWithPartialModel(ctx, partial, after,
    'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
}
