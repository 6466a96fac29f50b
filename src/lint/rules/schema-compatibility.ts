import type { Catalog } from '../../catalog/catalog.ts';
import type { Message } from '../../catalog/model.ts';
import { pointerToPath } from '../../catalog/locate.ts';
import { checkMessageVersion, consumerImpacts, schemaVersionOf } from '../../compat/message-versions.ts';
import type { SchemaEvolution, VersionChange } from '../../compat/schema-evolution.ts';
import { consumerFieldChanges } from '../../compat/fields/consumer-breaks.ts';
import { cacheOf } from '../../catalog/cache/load-cache.ts';
import { schemaKey } from '../../catalog/cache/schema-key.ts';
import { digest } from '../../catalog/cache/signed-file.ts';
import type { Finding, Rule } from '../rule.ts';

/** Says in words which side cannot read which data. */
export function directionText(change: Pick<VersionChange, 'direction' | 'against'>, version: string): string {
  return change.direction === 'backward'
    ? `${version} cannot read data written with ${change.against}`
    : `${change.against} cannot read data written with ${version}`;
}

/**
 * {@link checkMessageVersion}, from the cache when no schema it compares (nor any file their `$ref`s reach)
 * changed: the key names the mode and each version's number, format and schema content.
 */
function evolutionOf(catalog: Catalog, message: Message): SchemaEvolution {
  const cache = cacheOf(catalog);
  if (!cache || !message.schema) return checkMessageVersion(catalog, message);
  const versions = catalog.versionsOf(message);
  const compared = versions.slice(0, versions.indexOf(message) + 1).flatMap((m) => (m.schema ? [`${m.version}\u0000${schemaKey(catalog, m.schema)}`] : []));
  return cache.lintMemo('compat', digest(`${message.compatibility}\u0000${compared.join('\u0000')}`), () => checkMessageVersion(catalog, message));
}

function modeFindings(catalog: Catalog, message: Message): Finding[] {
  const evolution = evolutionOf(catalog, message);
  if (evolution.compatible || !message.schema) return [];
  // A comparison that could not be made (a schema too deep, with its references, to compare) is not a pass.
  if (evolution.status === 'unreadable') {
    return [{
      file: message.schema.file,
      path: [],
      message: `${message.name} ${message.version} could not be compared with the versions before it (its schema, with the schemas it refers to, could not be read to the end), so its ${evolution.mode} compatibility is not known.`,
      hint: 'Simplify the schema (fewer levels of nesting through $refs), or set the message\'s compatibility mode to NONE.',
    }];
  }
  return evolution.changes
    .filter((c) => !c.allowed)
    .map((change) => ({
      file: message.schema!.file,
      path: pointerToPath(change.path),
      message:
        `${message.name} ${message.version} is not ${evolution.mode} compatible with ${change.against}: ` +
        `${change.code} at ${change.path}${change.detail ? ` (${change.detail})` : ''} — ${directionText(change, message.version)}.`,
      hint: message.compatibilityChosen
        ? 'Make the change compatible (e.g. a new field with a default), publish a new message instead, or set the message\'s compatibility mode if every consumer moves at once.'
        : `${evolution.mode} is Waybill's default mode, which this catalog has not chosen (a warning until it does): set compatibility in the message or in waybill.config.yaml.`,
      chosen: message.compatibilityChosen,
    }));
}

/**
 * {@link consumerFieldChanges}, from the cache when neither schema (nor any file their `$ref`s reach) changed:
 * the key names both schemas' content and the fields.
 */
function cachedFieldChanges(catalog: Catalog): typeof consumerFieldChanges {
  const cache = cacheOf(catalog);
  if (!cache) return consumerFieldChanges;
  return (before, after, fields) =>
    cache.lintMemo('fields', digest(JSON.stringify(['changes', schemaKey(catalog, before.doc), schemaKey(catalog, after.doc), fields])), () => consumerFieldChanges(before, after, fields));
}

/** Consumers of `message` (pinned to it or following latest) whose fields changed from the version before. */
function consumerFindings(catalog: Catalog, message: Message, previous: Message): Finding[] {
  const impacts = consumerImpacts(catalog, catalog.consumersOf(message), schemaVersionOf(catalog, previous), schemaVersionOf(catalog, message), cachedFieldChanges(catalog));
  return impacts.flatMap((impact) =>
    impact.changes
      // A removed field is reported at the consumer by consumer-fields.
      .filter((c) => c.code !== 'FIELD_REMOVED')
      .map((c) => ({
        file: message.schema!.file,
        path: c.path,
        severity: c.breaking ? ('error' as const) : ('warning' as const),
        // The consumer's `fields` are Waybill's own: a catalog that lists them asked for this check.
        chosen: true,
        message: `${impact.name} reads ${c.field} of ${message.name}; from ${previous.version} to ${message.version}: ${c.code} (${c.reason}).`,
        hint: c.breaking
          ? `Keep ${c.field} as ${impact.name} reads it, or have ${impact.name} pin version ${previous.version} until it is updated.`
          : `Check that ${impact.name} handles the new values.`,
      })),
  );
}

export const schemaCompatibility: Rule = {
  id: 'schema-compatibility',
  description: 'Consecutive versions of a message satisfy its compatibility mode (every earlier version when transitive); consumers\' fields survive.',
  severity: 'error',
  category: 'schemas',
  convention: true,
  check(catalog) {
    const findings: Finding[] = [];
    for (const message of catalog.messages()) {
      const versions = catalog.versionsOf(message);
      const index = versions.indexOf(message);
      if (index < 1 || !message.schema) continue;
      findings.push(...modeFindings(catalog, message), ...consumerFindings(catalog, message, versions[index - 1]));
    }
    return findings;
  },
};
