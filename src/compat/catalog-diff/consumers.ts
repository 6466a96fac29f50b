/**
 * Consumer breakages between two catalogs: a consumer that lists the fields it reads, whose message
 * changed under it (a new version it follows, or its version changed in place); and a producer that
 * stopped sending a message somebody still receives.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import type { Message, Service } from '../../catalog/model.ts';
import { consumerFieldChanges } from '../fields/consumer-breaks.ts';
import { catalogRefs } from '../catalog-refs.ts';
import { finding, type DiffFinding } from './findings.ts';
import { answerable } from './resources.ts';
import { schemaDiffers } from './schemas.ts';

function fieldFindings(before: Catalog, after: Catalog, changed: Set<string>, service: Service): DiffFinding[] {
  const out: DiffFinding[] = [];
  const was = before.latest('service', service.id) as Service | undefined;
  for (const link of service.receives) {
    const message = after.resolve<Message>(link);
    if (!link.fields?.length || !message?.schema) continue;
    const old = before.resolve<Message>(was?.receives.find((r) => r.id === link.id));
    if (!old?.schema) continue;
    if (old.version === message.version && !schemaDiffers(old.schema, message.schema, changed)) continue;
    const changes = consumerFieldChanges({ doc: old.schema, refs: catalogRefs(before) }, { doc: message.schema, refs: catalogRefs(after) }, link.fields);
    const versions = old.version === message.version ? `${message.version}, changed in place` : `${old.version} → ${message.version}`;
    for (const c of changes) {
      out.push({
        ...finding(
          after, 'consumer-breaks', c.breaking ? 'error' : 'warning', message.schema.file, c.path,
          `${service.name} reads ${c.field} of ${message.name} (${versions}): ${c.code} — ${c.reason}.`,
          answerable(after, message),
          !c.breaking ? undefined
            : old.version === message.version ? `Keep ${c.field} as ${service.name} reads it: change a published version only compatibly, or publish a new version for ${service.name} to move to.`
            : `Keep ${c.field} as ${service.name} reads it, or have ${service.name} pin ${message.name} ${old.version} until it is updated.`,
        ),
        consumers: [service.name],
      });
    }
  }
  return out;
}

function stoppedSending(before: Catalog, after: Catalog): DiffFinding[] {
  const out: DiffFinding[] = [];
  for (const was of before.services()) {
    if (!was.isLatest) continue;
    const now = after.latest('service', was.id) as Service | undefined;
    if (!now) continue;
    for (const link of was.sends) {
      if (now.sends.some((l) => l.id === link.id)) continue;
      const versions = after.versions('message', link.id) as Message[];
      if (versions.some((m) => after.producersOf(m).length)) continue;
      const readers = [...new Set(versions.flatMap((m) => after.consumersOf(m).map((c) => after.get(c.service)?.name ?? c.service)))];
      if (readers.length === 0) continue;
      out.push({
        ...finding(
          after, 'consumer-breaks', 'error', now.file, ['sends'],
          `${now.name} no longer sends ${link.id}, which ${readers.join(', ')} ${readers.length === 1 ? 'receives' : 'receive'}.`,
          [now.id],
          `Keep sending ${link.id} until its consumers have moved on, or move them first.`,
        ),
        consumers: readers,
      });
    }
  }
  return out;
}

/** Every consumer breakage from `before` to `after`. */
export function consumerFindings(before: Catalog, after: Catalog, changed: Set<string>): DiffFinding[] {
  return [
    ...after.services().filter((s) => s.isLatest).flatMap((s) => fieldFindings(before, after, changed, s)),
    ...stoppedSending(before, after),
  ];
}
