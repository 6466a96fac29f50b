/** Comparison of object schemas: required, properties, dependencies, content model, sizes. */
import type { DiffContext } from './context.ts';
import type { JsonSchemaChangeCode } from './change-codes.ts';
import type { ObjectNode, OpenContent, SchemaNode } from './model.ts';
import { compareBound } from './scalar-diff.ts';
import { compareSchemas, compareWithPartialModel, dereference, isEmptySchema } from './schema-diff.ts';

export function compareObjects(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  compareRequired(ctx, original, update);
  compareProperties(ctx, original, update);
  compareDependencies(ctx, original, update);
  compareOpenContent(ctx, 'additionalProperties', 'ADDITIONAL_PROPERTIES', original.additionalProperties, update.additionalProperties);
  if (original.unevaluatedProperties || update.unevaluatedProperties) {
    compareOpenContent(ctx, 'unevaluatedProperties', 'UNEVALUATED_PROPERTIES',
      original.unevaluatedProperties ?? { permits: true }, update.unevaluatedProperties ?? { permits: true });
  }
  ctx.at('propertyNames', () => compareSchemas(ctx, original.propertyNames, update.propertyNames));
  compareBound(ctx, 'maxProperties', 'MAX_PROPERTIES', original.maxProperties, update.maxProperties);
  compareBound(ctx, 'minProperties', 'MIN_PROPERTIES', original.minProperties, update.minProperties);
}

/**
 * Compares a keyword that is a boolean or a schema (`additionalProperties`, `additionalItems`, …):
 * switching it on/off, gaining or losing a schema, or the schema itself changing.
 */
export function compareOpenContent(
  ctx: DiffContext,
  keyword: string,
  prefix: 'ADDITIONAL_PROPERTIES' | 'UNEVALUATED_PROPERTIES' | 'ADDITIONAL_ITEMS' | 'UNEVALUATED_ITEMS',
  original: OpenContent,
  update: OpenContent,
): void {
  ctx.at(keyword, () => {
    const code = (suffix: string) => `${prefix}_${suffix}` as JsonSchemaChangeCode;
    if (original.permits !== update.permits) ctx.add(code(update.permits ? 'ADDED' : 'REMOVED'));
    else if (!original.schema && update.schema) ctx.add(code('NARROWED'));
    else if (original.schema && !update.schema) ctx.add(code('EXTENDED'));
    else compareSchemas(ctx, original.schema, update.schema);
  });
}

/** Open: any undeclared property is allowed with any value. */
function isOpenContentModel(schema: ObjectNode): boolean {
  return (
    schema.patternProperties.length === 0 &&
    !schema.additionalProperties.schema &&
    schema.additionalProperties.permits &&
    (schema.unevaluatedProperties?.permits ?? true) &&
    !schema.unevaluatedProperties?.schema
  );
}

/** The schema an undeclared property `name` must match in a partially open model, if any. */
function schemaFromPartiallyOpenContentModel(schema: ObjectNode, name: string): SchemaNode | undefined {
  for (const [pattern, patternSchema] of schema.patternProperties) {
    if (patternMatches(pattern, name)) return patternSchema;
  }
  return schema.additionalProperties.schema ?? schema.unevaluatedProperties?.schema;
}

function patternMatches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    try {
      return new RegExp(pattern).test(name);
    } catch {
      return false;
    }
  }
}

function hasDefault(schema: SchemaNode): boolean {
  return schema.hasDefault || dereference(schema).hasDefault;
}

function compareProperties(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  ctx.at('properties', () => {
    const names = [...new Set([...original.properties.keys(), ...update.properties.keys()])].sort();
    for (const name of names) {
      ctx.at(name, () => {
        const before = original.properties.get(name);
        const after = update.properties.get(name);
        if (before && after) compareSchemas(ctx, before, after);
        else if (before) propertyRemoved(ctx, update, name, before);
        else if (after) propertyAdded(ctx, original, update, name, after);
      });
    }
  });
}

/** Removing a property is safe only if the update still accepts whatever the original allowed there. */
function propertyRemoved(ctx: DiffContext, update: ObjectNode, name: string, before: SchemaNode): void {
  if (isOpenContentModel(update)) return ctx.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL');
  const partial = schemaFromPartiallyOpenContentModel(update, name);
  if (partial) {
    compareWithPartialModel(ctx, before, partial,
      'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  } else if (dereference(before).kind === 'false') {
    ctx.add('PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL');
  } else {
    ctx.add('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL');
  }
}

/** Adding a property is safe only if the original could not have carried it with another value. */
function propertyAdded(
  ctx: DiffContext,
  original: ObjectNode,
  update: ObjectNode,
  name: string,
  after: SchemaNode,
): void {
  const required = update.required.has(name);
  if (isOpenContentModel(original)) {
    if (isEmptySchema(dereference(after))) ctx.add('PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL');
    else if (!required) ctx.add('OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
    else if (hasDefault(after)) ctx.add('REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL');
    else ctx.add('REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
    return;
  }
  const partial = schemaFromPartiallyOpenContentModel(original, name);
  if (partial) {
    compareWithPartialModel(ctx, partial, after,
      'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  }
  if (!required) ctx.add('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
  else if (hasDefault(after)) ctx.add('REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL');
  else ctx.add('REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL');
}

/** Only properties declared in both versions are checked for a change of `required`. */
function compareRequired(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  ctx.at('required', () => {
    for (const name of original.properties.keys()) {
      const after = update.properties.get(name);
      if (!after) continue;
      const wasRequired = original.required.has(name);
      const isRequired = update.required.has(name);
      if (wasRequired && !isRequired) ctx.add('REQUIRED_ATTRIBUTE_REMOVED', name);
      else if (!wasRequired && isRequired) {
        ctx.add(hasDefault(after) ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED', name);
      }
    }
  });
}

function compareDependencies(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  const arraysBefore = original.propertyDependencies.entries;
  const arraysAfter = update.propertyDependencies.entries;
  for (const name of [...new Set([...arraysBefore.keys(), ...arraysAfter.keys()])].sort()) {
    const keyword = (arraysBefore.has(name) ? original : update).propertyDependencies.keyword;
    ctx.at([keyword, name], () => {
      const before = arraysBefore.get(name);
      const after = arraysAfter.get(name);
      if (!after) return ctx.add('DEPENDENCY_ARRAY_REMOVED');
      if (!before) return ctx.add('DEPENDENCY_ARRAY_ADDED');
      const covers = (a: Set<string>, b: Set<string>) => [...b].every((p) => a.has(p));
      if (before.size === after.size && covers(after, before)) return;
      if (covers(after, before)) ctx.add('DEPENDENCY_ARRAY_EXTENDED');
      else if (covers(before, after)) ctx.add('DEPENDENCY_ARRAY_NARROWED');
      else ctx.add('DEPENDENCY_ARRAY_CHANGED');
    });
  }
  const schemasBefore = original.schemaDependencies.entries;
  const schemasAfter = update.schemaDependencies.entries;
  for (const name of [...new Set([...schemasBefore.keys(), ...schemasAfter.keys()])].sort()) {
    const keyword = (schemasBefore.has(name) ? original : update).schemaDependencies.keyword;
    ctx.at([keyword, name], () => {
      const before = schemasBefore.get(name);
      const after = schemasAfter.get(name);
      if (!after) ctx.add('DEPENDENCY_SCHEMA_REMOVED');
      else if (!before) ctx.add('DEPENDENCY_SCHEMA_ADDED');
      else compareSchemas(ctx, before, after);
    });
  }
}
