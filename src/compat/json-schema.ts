/**
 * JSON Schema compatibility following Confluent Schema Registry's rules (its `SchemaDiff`):
 * a diff that names every change with Confluent's change code, and a checker for its
 * compatibility modes.
 */
import { applyMode } from './modes.ts';
import type {
  CompatibilityMode, CompatibilityPolicy, CompatibilityResult, SchemaChange,
} from './types.ts';
import {
  COMPATIBLE_CHANGES, COMPATIBLE_CHANGES_LENIENT, type JsonSchemaChangeCode,
} from './json-schema/change-codes.ts';
import { DiffContext } from './json-schema/context.ts';
import { loadSchema, type LoadOptions } from './json-schema/loader.ts';
import { compareSchemas } from './json-schema/schema-diff.ts';

export {
  COMPATIBLE_CHANGES, COMPATIBLE_CHANGES_LENIENT, JSON_SCHEMA_CHANGE_CODES,
  type JsonSchemaChangeCode,
} from './json-schema/change-codes.ts';

/** Options of {@link diffJsonSchemas}. */
export interface JsonSchemaDiffOptions extends LoadOptions {
  /**
   * The policy used when the diff has to decide whether a part of a change is compatible (e.g.
   * which `oneOf` branch a type moved into). Confluent runs the diff with the policy it checks.
   * Default `strict`.
   */
  policy?: CompatibilityPolicy;
}

function compatibleSet(policy: CompatibilityPolicy): ReadonlySet<JsonSchemaChangeCode> {
  return policy === 'lenient' ? COMPATIBLE_CHANGES_LENIENT : COMPATIBLE_CHANGES;
}

/**
 * Lists the changes from `original` to `update` (both parsed JSON Schemas, draft-04 to 2020-12),
 * with Confluent's change codes and JSON pointers. Each change says whether it keeps `update`
 * able to read data valid under `original` (backward compatible), under each policy.
 * Local `$ref`s are followed; other references use `options.resolveRef`.
 */
export function diffJsonSchemas(
  original: unknown,
  update: unknown,
  options: JsonSchemaDiffOptions = {},
): SchemaChange[] {
  const ctx = new DiffContext(compatibleSet(options.policy ?? 'strict'));
  compareSchemas(ctx, loadSchema(original, options), loadSchema(update, options));
  return ctx.differences.map(({ code, path }) => ({
    code,
    path,
    compatible: COMPATIBLE_CHANGES.has(code),
    compatibleLenient: COMPATIBLE_CHANGES_LENIENT.has(code),
  }));
}

/**
 * Checks a candidate JSON Schema against earlier versions (oldest first) under a Confluent
 * compatibility mode. BACKWARD diffs latest → candidate; FORWARD diffs candidate → latest; FULL
 * does both; the `_TRANSITIVE` modes check every previous version; NONE checks nothing.
 */
export function checkCompatibility(
  previousVersions: readonly unknown[],
  candidate: unknown,
  mode: CompatibilityMode,
  policy: CompatibilityPolicy = 'strict',
  options: LoadOptions = {},
): CompatibilityResult {
  const accepts = (change: SchemaChange) =>
    policy === 'lenient' ? change.compatibleLenient : change.compatible;
  return applyMode(
    previousVersions,
    candidate,
    mode,
    (reader, writer) => {
      const changes = diffJsonSchemas(writer, reader, { ...options, policy });
      return { compatible: changes.every(accepts), changes };
    },
    accepts,
  );
}
