/** Comparisons of string, number, enum, const and not schemas. */
import type { DiffContext } from './context.ts';
import type { JsonSchemaChangeCode } from './change-codes.ts';
import type { ConstNode, EnumNode, NotNode, NumberNode, StringNode } from './model.ts';
import { canonicalJson } from './json-value.ts';
import { compareSchemas } from './schema-diff.ts';

type Bound = 'ADDED' | 'REMOVED' | 'INCREASED' | 'DECREASED';

/** How a numeric keyword changed, or undefined when it did not. */
export function boundChange(original?: number, update?: number): Bound | undefined {
  if (original === update) return undefined;
  if (original === undefined) return 'ADDED';
  if (update === undefined) return 'REMOVED';
  if (original < update) return 'INCREASED';
  if (original > update) return 'DECREASED';
  return undefined;
}

/** Reports `<prefix>_<ADDED|REMOVED|INCREASED|DECREASED>` at `keyword` when the bound changed. */
export function compareBound(
  ctx: DiffContext,
  keyword: string,
  prefix: string,
  original?: number,
  update?: number,
): void {
  const change = boundChange(original, update);
  if (change) ctx.add(`${prefix}_${change}` as JsonSchemaChangeCode, keyword);
}

export function compareStrings(ctx: DiffContext, original: StringNode, update: StringNode): void {
  compareBound(ctx, 'maxLength', 'MAX_LENGTH', original.maxLength, update.maxLength);
  compareBound(ctx, 'minLength', 'MIN_LENGTH', original.minLength, update.minLength);
  if (original.pattern === undefined && update.pattern !== undefined) ctx.add('PATTERN_ADDED', 'pattern');
  else if (original.pattern !== undefined && update.pattern === undefined) ctx.add('PATTERN_REMOVED', 'pattern');
  else if (original.pattern !== update.pattern) ctx.add('PATTERN_CHANGED', 'pattern');
}

export function compareNumbers(ctx: DiffContext, original: NumberNode, update: NumberNode): void {
  compareBound(ctx, 'maximum', 'MAXIMUM', original.maximum, update.maximum);
  compareBound(ctx, 'minimum', 'MINIMUM', original.minimum, update.minimum);
  compareBound(ctx, 'exclusiveMaximum', 'EXCLUSIVE_MAXIMUM', original.exclusiveMaximum, update.exclusiveMaximum);
  compareBound(ctx, 'exclusiveMinimum', 'EXCLUSIVE_MINIMUM', original.exclusiveMinimum, update.exclusiveMinimum);
  compareMultipleOf(ctx, original.multipleOf, update.multipleOf);
  if (original.requiresInteger !== update.requiresInteger) {
    ctx.add(original.requiresInteger ? 'TYPE_EXTENDED' : 'TYPE_NARROWED');
  }
}

function compareMultipleOf(ctx: DiffContext, original?: number, update?: number): void {
  if (original === update) return;
  if (original === undefined) ctx.add('MULTIPLE_OF_ADDED', 'multipleOf');
  else if (update === undefined) ctx.add('MULTIPLE_OF_REMOVED', 'multipleOf');
  else if (isMultiple(update, original)) ctx.add('MULTIPLE_OF_EXPANDED', 'multipleOf');
  else if (isMultiple(original, update)) ctx.add('MULTIPLE_OF_REDUCED', 'multipleOf');
  else ctx.add('MULTIPLE_OF_CHANGED', 'multipleOf');
}

/** Whether `value` is a whole multiple of `divisor`, tolerant of decimal fractions like 0.1. */
function isMultiple(value: number, divisor: number): boolean {
  if (divisor === 0) return false;
  const quotient = value / divisor;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9;
}

export function compareEnums(ctx: DiffContext, original: EnumNode, update: EnumNode): void {
  const before = new Set(original.values.map(canonicalJson));
  const after = new Set(update.values.map(canonicalJson));
  const covers = (a: Set<string>, b: Set<string>) => [...b].every((v) => a.has(v));
  if (before.size === after.size && covers(after, before)) return;
  if (covers(after, before)) ctx.add('ENUM_ARRAY_EXTENDED', 'enum');
  else if (covers(before, after)) ctx.add('ENUM_ARRAY_NARROWED', 'enum');
  else ctx.add('ENUM_ARRAY_CHANGED', 'enum');
}

export function compareConsts(ctx: DiffContext, original: ConstNode, update: ConstNode): void {
  if (canonicalJson(original.value) !== canonicalJson(update.value)) ctx.add('ENUM_ARRAY_CHANGED', 'const');
}

/** `not` reverses the comparison: the update may forbid less than the original did. */
export function compareNots(ctx: DiffContext, original: NotNode, update: NotNode): void {
  ctx.at('not', () => {
    const sub = ctx.subcontext();
    compareSchemas(sub, update.mustNotMatch, original.mustNotMatch);
    ctx.add(sub.isCompatible() ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED');
  });
}
