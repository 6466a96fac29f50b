/**
 * Schema compatibility for Waybill: pure functions over parsed schemas, no I/O.
 *
 * - JSON Schema: {@link diffJsonSchemas} and {@link checkCompatibility}, following Confluent
 *   Schema Registry's JSON Schema rules and change codes.
 * - Avro: {@link checkAvroCompatibility} and {@link checkAvroModes}, following the Avro
 *   specification's schema resolution with the change codes of Avro's Java `SchemaCompatibility`.
 * - In a catalog: {@link compareMessageVersions} (two versions of a message: change codes, verdict
 *   under its mode, consumers whose fields change) and {@link checkSchemaEvolution} (any format,
 *   versions possibly from two catalogs).
 * - Spec diffs: {@link diffSpecs} for OpenAPI and AsyncAPI documents.
 *
 * @module
 */
export {
  COMPATIBILITY_MODES,
  type CheckDirection,
  type CompatibilityMode,
  type CompatibilityPolicy,
  type CompatibilityResult,
  type PairwiseCheck,
  type SchemaChange,
} from './types.ts';
export {
  checkCompatibility,
  diffJsonSchemas,
  COMPATIBLE_CHANGES,
  COMPATIBLE_CHANGES_LENIENT,
  JSON_SCHEMA_CHANGE_CODES,
  type JsonSchemaChangeCode,
  type JsonSchemaDiffOptions,
} from './json-schema.ts';
export type { LoadOptions as JsonSchemaLoadOptions } from './json-schema/loader.ts';
export {
  checkAvroCompatibility,
  checkAvroModes,
  parseAvroSchema,
  AvroSchemaError,
  AVRO_CHANGE_CODES,
  type AvroChange,
  type AvroChangeCode,
  type AvroSchema,
} from './avro.ts';
export {
  compareMessageVersions,
  checkMessageVersion,
  consumerImpacts,
  schemaVersionOf,
  type ConsumerImpact,
  type MessageVersionComparison,
} from './message-versions.ts';
export { checkSchemaEvolution, type SchemaEvolution, type SchemaVersion, type VersionChange } from './schema-evolution.ts';
export { FIELD_CHANGE_CODES, type FieldChange, type FieldChangeCode } from './fields/consumer-breaks.ts';
export { diffSpecs, type ChangeLevel, type SpecChange } from './spec/index.ts';
