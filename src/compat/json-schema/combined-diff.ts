/** Comparison of two `allOf`/`anyOf`/`oneOf` schemas. */
import type { DiffContext, Difference } from './context.ts';
import type { JsonSchemaChangeCode } from './change-codes.ts';
import type { CombinedNode, SchemaNode } from './model.ts';
import { maximumMatching } from './matching.ts';
import { compareSchemas } from './schema-diff.ts';

function distinct(subschemas: readonly SchemaNode[]): SchemaNode[] {
  const seen = new Set<string>();
  return subschemas.filter((s) => !seen.has(s.key()) && (seen.add(s.key()), true));
}

const isSum = (node: CombinedNode) => node.criterion === 'anyOf' || node.criterion === 'oneOf';
const isSingleton = (node: CombinedNode) => node.subschemas.length === 1;

/**
 * Compares the criteria, then pairs each original branch with a compatible update branch; when no
 * pairing covers the smaller side, the branches changed incompatibly.
 */
export function compareCombined(ctx: DiffContext, original: CombinedNode, update: CombinedNode): void {
  if (compareCriteria(ctx, original, update) === 'COMBINED_TYPE_CHANGED') return;
  const before = distinct(original.subschemas);
  const after = distinct(update.subschemas);
  if (before.length < after.length) {
    ctx.add(update.criterion === 'allOf' ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED');
  } else if (before.length > after.length) {
    ctx.add(isSum(original) ? 'SUM_TYPE_NARROWED' : 'PRODUCT_TYPE_NARROWED');
  }

  const edges: number[][] = [];
  const found = new Map<string, Difference[]>();
  before.forEach((originalBranch, i) => {
    edges[i] = [];
    ctx.at([original.criterion, String(i)], () => {
      after.forEach((updateBranch, j) => {
        const sub = ctx.subcontext();
        compareSchemas(sub, originalBranch, updateBranch);
        if (sub.isCompatible()) {
          edges[i].push(j);
          found.set(`${i}:${j}`, sub.differences);
        }
      });
    });
  });
  const matching = maximumMatching(before.length, after.length, edges);
  for (const [i, j] of [...matching].sort(([a], [b]) => a - b)) ctx.addAll(found.get(`${i}:${j}`) ?? []);
  if (matching.size < Math.min(before.length, after.length)) ctx.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED');
}

function compareCriteria(
  ctx: DiffContext,
  original: CombinedNode,
  update: CombinedNode,
): JsonSchemaChangeCode | undefined {
  if (original.criterion === update.criterion) return undefined;
  const extended =
    update.criterion === 'anyOf' ||
    (isSingleton(original) && isSingleton(update)) ||
    (isSingleton(original) && update.criterion === 'oneOf') ||
    (isSingleton(update) && original.criterion === 'allOf');
  const code = extended ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED';
  ctx.add(code);
  return code;
}
