/**
 * Compatibility of a message's versions inside one catalog: what the `schema-compatibility` rule checks
 * and what the site shows in a message's version diff.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { Message, MessageEndpoint } from '../catalog/model.ts';
import { catalogRefs } from './catalog-refs.ts';
import { consumerFieldChanges, type FieldChange, type SchemaSource } from './fields/consumer-breaks.ts';
import { checkSchemaEvolution, type SchemaEvolution, type SchemaVersion } from './schema-evolution.ts';
import type { CompatibilityMode } from './types.ts';

/** A message version's schema as the checkers take it; undefined when it has none. */
export function schemaVersionOf(catalog: Pick<Catalog, 'documents'>, message: Message): SchemaVersion | undefined {
  return message.schema ? { version: message.version, doc: message.schema, refs: catalogRefs(catalog) } : undefined;
}

/** A consumer whose fields a change breaks (or touches), and how. */
export interface ConsumerImpact {
  /** Service key of the consumer, e.g. `service:Baskets@1.0.0`. */
  service: string;
  /** Its display name. */
  name: string;
  /** Each change to a field it reads; `breaking` says whether it can still rely on it. */
  changes: FieldChange[];
}

/** The comparison of two versions of a message, for the version diff on the site. */
export interface MessageVersionComparison extends SchemaEvolution {
  older: string;
  newer: string;
  /** Consumers of the newer version that list the fields they read, with the changes to those fields. */
  consumers: ConsumerImpact[];
}

/** A pair is checked in the pair's sense of the mode: transitive adds nothing with two versions. */
function pairMode(mode: CompatibilityMode): CompatibilityMode {
  return mode.replace('_TRANSITIVE', '') as CompatibilityMode;
}

/**
 * The consumers in `endpoints` that list fields, with how those fields changed from `before` to
 * `after`. Only consumers with at least one change are returned. `fieldChanges` computes the changes (the
 * lint passes one that reads them from its cache).
 */
export function consumerImpacts(
  catalog: Pick<Catalog, 'get'>,
  endpoints: readonly MessageEndpoint[],
  before: SchemaSource | undefined,
  after: SchemaSource | undefined,
  fieldChanges: typeof consumerFieldChanges = consumerFieldChanges,
): ConsumerImpact[] {
  if (!before || !after) return [];
  const out: ConsumerImpact[] = [];
  for (const endpoint of endpoints) {
    if (!endpoint.link.fields?.length) continue;
    const changes = fieldChanges(before, after, endpoint.link.fields);
    if (changes.length) out.push({ service: endpoint.service, name: catalog.get(endpoint.service)?.name ?? endpoint.service, changes });
  }
  return out;
}

/**
 * Compares two versions of a message: the change codes with their JSON pointers, the verdict under the
 * newer version's compatibility mode (BACKWARD: the newer reads the older's data; FORWARD: the older
 * reads the newer's; FULL: both; NONE: every change allowed), and the consumers of the newer version
 * whose fields change. `older` and `newer` are any two versions of the same message, in that order.
 */
export function compareMessageVersions(catalog: Catalog, older: Message, newer: Message): MessageVersionComparison {
  const mode = pairMode(newer.compatibility);
  const before = schemaVersionOf(catalog, older);
  const after = schemaVersionOf(catalog, newer);
  const evolution = checkSchemaEvolution(before ? [before] : [], after, mode);
  return {
    ...evolution,
    older: older.version,
    newer: newer.version,
    consumers: consumerImpacts(catalog, catalog.consumersOf(newer), before, after),
  };
}

/**
 * Checks one version of a message against its earlier versions under its own mode: the version just
 * before it, or every earlier one when the mode is transitive.
 */
export function checkMessageVersion(catalog: Catalog, message: Message): SchemaEvolution {
  const versions = catalog.versionsOf(message);
  const index = versions.indexOf(message);
  const previous = versions.slice(0, index).flatMap((m) => schemaVersionOf(catalog, m) ?? []);
  return checkSchemaEvolution(previous, schemaVersionOf(catalog, message), message.compatibility);
}
