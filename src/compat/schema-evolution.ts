/**
 * Checks a message's schema versions against its compatibility mode, whatever the format: JSON Schema
 * through the Confluent-rules diff, Avro through the specification's schema resolution. Schemas come
 * with the catalog they belong to, so the versions compared may come from two catalogs (`waybill diff`).
 */
import type { SchemaDocument } from '../catalog/model.ts';
import { checkAvroModes, type AvroChange } from './avro.ts';
import type { CatalogRefs } from './catalog-refs.ts';
import { diffJsonSchemas } from './json-schema.ts';
import { applyMode } from './modes.ts';
import type { CheckDirection, CompatibilityMode, CompatibilityResult, SchemaChange } from './types.ts';

/** A schema version: its version string, its document and the references of its catalog. */
export interface SchemaVersion {
  version: string;
  doc: SchemaDocument;
  refs: CatalogRefs;
}

/** One difference found while applying a mode, with the version and direction it was found in. */
export interface VersionChange {
  /** Change code: Confluent's JSON Schema codes, Avro's `SchemaCompatibility` types, or `SCHEMA_FORMAT_CHANGED`. */
  code: string;
  /** JSON pointer, e.g. `#/properties/name`. */
  path: string;
  /** Whether the mode allows this change. */
  allowed: boolean;
  /** The earlier version this change was found against. */
  against: string;
  /** `backward`: the new version reads data of `against`; `forward`: `against` reads data of the new one. */
  direction: CheckDirection;
  /** Detail given by the checker (Avro: the field, symbols or types concerned). */
  detail?: string;
}

/** Outcome of checking a candidate version against earlier ones. */
export interface SchemaEvolution {
  /**
   * `compared`; `no-schema` when the candidate or every earlier version lacks a schema;
   * `format-changed` when the format differs from the latest earlier version; `not-supported` for
   * Protobuf; `unreadable` when a schema cannot be read.
   */
  status: 'compared' | 'no-schema' | 'format-changed' | 'not-supported' | 'unreadable';
  mode: CompatibilityMode;
  /** True when the mode's checks all pass (always true under NONE). */
  compatible: boolean;
  /** Versions checked against. */
  against: string[];
  /** Every change found, the ones the mode does not allow first. */
  changes: VersionChange[];
}

/** Preparing a JSON Schema version for the diff (cross-file refs) is worth keeping while a message is checked. */
interface Prepared {
  schema: unknown;
  refs: CatalogRefs;
}

function prepare(v: SchemaVersion): Prepared {
  return { schema: v.refs.prepare(v.doc.file, v.doc.value).schema, refs: v.refs };
}

function jsonPair(reader: Prepared, writer: Prepared): { compatible: boolean; changes: SchemaChange[] } {
  const resolveRef = (ref: string) => reader.refs.resolve(ref) ?? writer.refs.resolve(ref);
  const changes = diffJsonSchemas(writer.schema, reader.schema, { resolveRef });
  return { compatible: changes.every((c) => c.compatible), changes };
}

function checkJson(previous: SchemaVersion[], candidate: SchemaVersion, mode: CompatibilityMode): CompatibilityResult {
  return applyMode(previous.map(prepare), prepare(candidate), mode, jsonPair);
}

/** The mode with which the changes of a pair are listed: NONE still lists them, backward. */
function listingMode(mode: CompatibilityMode): CompatibilityMode {
  return mode === 'NONE' ? 'BACKWARD' : mode;
}

/**
 * Checks `candidate` against `previous` (oldest first) under `mode`: the latest earlier version, or all
 * of them for the `_TRANSITIVE` modes. Versions without a schema are left out; under NONE the changes
 * from the latest earlier version are still listed, all allowed.
 */
export function checkSchemaEvolution(previous: readonly SchemaVersion[], candidate: SchemaVersion | undefined, mode: CompatibilityMode): SchemaEvolution {
  const earlier = previous.filter((v) => v.doc);
  const verdict = (status: SchemaEvolution['status'], compatible: boolean, changes: VersionChange[] = [], against: string[] = []): SchemaEvolution =>
    ({ status, mode, compatible, against, changes });
  if (!candidate || earlier.length === 0) return verdict('no-schema', true);
  const latest = earlier[earlier.length - 1];
  if (latest.doc.format !== candidate.doc.format) {
    const change: VersionChange = {
      code: 'SCHEMA_FORMAT_CHANGED',
      path: '#/',
      allowed: mode === 'NONE',
      against: latest.version,
      direction: 'backward',
      detail: `${latest.doc.format} → ${candidate.doc.format}`,
    };
    return verdict('format-changed', mode === 'NONE', [change], [latest.version]);
  }
  if (candidate.doc.format === 'protobuf') return verdict('not-supported', true);
  const same = earlier.filter((v) => v.doc.format === candidate.doc.format);
  let result: CompatibilityResult;
  try {
    result = candidate.doc.format === 'avro'
      ? checkAvroModes(same.map((v) => v.doc.value), candidate.doc.value, listingMode(mode))
      : checkJson(same, candidate, listingMode(mode));
  } catch {
    return verdict('unreadable', mode === 'NONE');
  }
  const changes: VersionChange[] = [];
  const seen = new Set<string>();
  const failing = result.checks.filter((c) => !c.compatible);
  for (const pass of [failing, result.checks.filter((c) => c.compatible)]) {
    for (const check of pass) {
      for (const change of check.changes) {
        const key = `${change.code} ${change.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        changes.push({
          code: change.code,
          path: change.path,
          allowed: mode === 'NONE' || change.compatible,
          against: same[check.against].version,
          direction: check.direction,
          ...('message' in change ? { detail: (change as AvroChange).message } : {}),
        });
      }
    }
  }
  changes.sort((a, b) => Number(a.allowed) - Number(b.allowed));
  return verdict('compared', mode === 'NONE' || result.compatible, changes, result.against.map((i) => same[i].version));
}
