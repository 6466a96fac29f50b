/** Resources and versions added or removed between two catalogs. */
import type { Catalog } from '../../catalog/catalog.ts';
import { familyOf, isMessageKind, type Message, type Resource } from '../../catalog/model.ts';
import { finding, type DiffFinding } from './findings.ts';

/** The service ids answerable for a resource: itself, or the services that send a message. */
export function answerable(catalog: Catalog, r: Resource): string[] {
  if (r.kind === 'service') return [r.id];
  if (!isMessageKind(r.kind)) return [];
  const ids = new Set(catalog.producersOf(r as Message).map((p) => catalog.get(p.service)?.id ?? p.service));
  const folder = catalog.get(r.folderService);
  if (folder) ids.add(folder.id);
  return [...ids];
}

function label(r: Resource): string {
  return `${r.kind} ${r.name}${r.version ? ` ${r.version}` : ''}`;
}

/** Added and removed resources; for versioned ones, a new or dropped version of a known id is a version change. */
export function resourceFindings(before: Catalog, after: Catalog): DiffFinding[] {
  const out: DiffFinding[] = [];
  for (const r of after.resources) {
    if (before.get(r.key)) continue;
    const earlier = before.versions(familyOf(r.kind), r.id);
    if (earlier.length && r.version) {
      const latest = earlier[earlier.length - 1];
      out.push(finding(after, 'version-added', 'info', r.file, ['version'], `${label(r)} was added (the latest was ${latest.version}).`, answerable(after, r)));
    } else {
      out.push(finding(after, 'resource-added', 'info', r.file, ['id'], `${label(r)} was added.`, answerable(after, r)));
    }
  }
  for (const r of before.resources) {
    if (after.get(r.key)) continue;
    const remaining = after.versions(familyOf(r.kind), r.id);
    if (remaining.length && r.version) {
      out.push(finding(undefined, 'version-removed', 'warning', r.file, undefined, `${label(r)} was removed (${remaining.map((v) => v.version).join(', ')} remain).`, answerable(before, r)));
    } else {
      out.push(finding(undefined, 'resource-removed', 'warning', r.file, undefined, `${label(r)} was removed.`, answerable(before, r)));
    }
  }
  return out;
}
