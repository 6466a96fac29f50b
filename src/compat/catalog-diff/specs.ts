/** OpenAPI and AsyncAPI documents that changed between two catalogs, with their breaking changes. */
import type { Catalog } from '../../catalog/catalog.ts';
import { familyOf, type SpecDocument } from '../../catalog/model.ts';
import { diffSpecs } from '../spec/index.ts';
import { finding, type DiffFinding } from './findings.ts';

function counterpart(spec: SpecDocument, candidates: readonly SpecDocument[]): SpecDocument | undefined {
  const sameType = candidates.filter((c) => c.type === spec.type);
  return candidates.find((c) => c.file === spec.file)
    ?? (spec.name ? sameType.find((c) => c.name === spec.name) : undefined)
    ?? (sameType.length === 1 ? sameType[0] : undefined);
}

/** Spec changes of every latest resource that carries specifications in either catalog. */
export function specFindings(before: Catalog, after: Catalog): DiffFinding[] {
  const out: DiffFinding[] = [];
  for (const resource of after.resources) {
    if (!resource.isLatest) continue;
    const was = before.latest(familyOf(resource.kind), resource.id);
    const old = was?.specifications ?? [];
    if (resource.specifications.length === 0 && old.length === 0) continue;
    const services = resource.kind === 'service' ? [resource.id] : [];
    const matched = new Set<SpecDocument>();
    for (const spec of resource.specifications) {
      const previous = counterpart(spec, old);
      if (!previous) continue;
      matched.add(previous);
      if (JSON.stringify(previous.document) === JSON.stringify(spec.document)) continue;
      for (const c of diffSpecs(previous, spec)) {
        const severity = c.level === 'breaking' ? 'error' : c.level === 'warning' ? 'warning' : 'info';
        out.push(finding(
          after, c.level === 'breaking' ? 'spec-breaking-change' : 'spec-changed', severity, spec.file, c.pointer,
          `${resource.name}'s ${spec.type === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} document: ${c.code} — ${c.message}`,
          services,
        ));
      }
    }
    for (const spec of old) {
      if (!matched.has(spec)) out.push(finding(after, 'spec-removed', 'warning', resource.file, ['specifications'], `${resource.name} no longer has its ${spec.type} document ${spec.file}.`, services));
    }
  }
  return out;
}
