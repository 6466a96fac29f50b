/**
 * Schema compatibility for Waybill: pure functions over parsed schemas, no I/O.
 *
 * - JSON Schema: {@link diffJsonSchemas} and {@link checkCompatibility}, following Confluent
 *   Schema Registry's JSON Schema rules and change codes.
 * - Avro: {@link checkAvroCompatibility} and {@link checkAvroModes}, following the Avro
 *   specification's schema resolution with the change codes of Avro's Java `SchemaCompatibility`.
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
