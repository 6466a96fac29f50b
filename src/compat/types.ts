/**
 * Types shared by every compatibility checker (JSON Schema, Avro).
 */

/** The compatibility modes of Confluent Schema Registry, in its own names. */
export const COMPATIBILITY_MODES = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;

/**
 * How a new schema version must relate to earlier ones.
 * - `BACKWARD`: the new schema can read data written with the latest previous one.
 * - `FORWARD`: the latest previous schema can read data written with the new one.
 * - `FULL`: both.
 * - `*_TRANSITIVE`: the same, against every previous version instead of only the latest.
 * - `NONE`: no check.
 */
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

/**
 * Which set of changes counts as compatible for JSON Schema: Confluent's default `strict`
 * policy, or its `lenient` policy that tolerates changes to open content models (like Avro).
 */
export type CompatibilityPolicy = 'strict' | 'lenient';

/** One difference found between two schemas. */
export interface SchemaChange {
  /** The checker's permanent change code, e.g. `PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL`. */
  code: string;
  /** JSON pointer to where the change is, in the schemas' own layout, e.g. `#/properties/name`. */
  path: string;
  /** Whether this change keeps the schema compatible under the strict policy. */
  compatible: boolean;
  /** Whether this change keeps the schema compatible under the lenient policy. */
  compatibleLenient: boolean;
}

/** Direction of one pairwise check: the new schema reads old data, or the old schema reads new data. */
export type CheckDirection = 'backward' | 'forward';

/** One pairwise check made while applying a compatibility mode. */
export interface PairwiseCheck {
  /** Index in `previousVersions` of the version checked against. */
  against: number;
  /** `backward`: the candidate reads data written with that version; `forward`: the reverse. */
  direction: CheckDirection;
  /** Whether this pair is compatible under the requested policy. */
  compatible: boolean;
  /** Every change found for this pair. */
  changes: SchemaChange[];
}

/** The outcome of checking a candidate schema against earlier versions under a mode. */
export interface CompatibilityResult {
  /** True when every pairwise check passed. */
  compatible: boolean;
  /** All changes found (deduplicated by code and path), the offending ones first. */
  changes: SchemaChange[];
  /** Indexes in `previousVersions` (oldest first) that the candidate was checked against. */
  against: number[];
  /** Each pairwise check, for messages that need to say which version and which direction. */
  checks: PairwiseCheck[];
}
