/**
 * Everything that changed between two catalogs — resources and versions added or removed, schema
 * changes with their verdicts, consumer breakages, spec changes — as diagnostics tagged with the
 * services answerable for them. `waybill diff` prints them all; `waybill can-i-deploy` keeps a service's.
 *
 * @module
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { compareDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import { consumerFindings } from './consumers.ts';
import type { DiffFinding } from './findings.ts';
import { resourceFindings } from './resources.ts';
import { changedDocuments, schemaFindings } from './schemas.ts';
import { specFindings } from './specs.ts';

export type { DiffCode, DiffFinding } from './findings.ts';

/** Counts for the human summary. */
export interface DiffSummary {
  added: number;
  removed: number;
  versionsAdded: number;
  versionsRemoved: number;
  schemasChanged: number;
  schemasIncompatible: number;
  consumerBreaks: number;
  /** Consumers named by breaking findings. */
  brokenConsumers: string[];
  specChanges: number;
  specBreaking: number;
}

/** The outcome of {@link diffCatalogs}. */
export interface CatalogDiff {
  findings: DiffFinding[];
  summary: DiffSummary;
}

/** Sorted diagnostics of some findings. */
export function diagnosticsOf(findings: readonly DiffFinding[]): Diagnostic[] {
  return findings.map((f) => f.diagnostic).sort(compareDiagnostics);
}

/** Counts of some findings, for the human summary. */
export function summarize(findings: readonly DiffFinding[]): DiffSummary {
  const count = (code: string, severity?: string) => findings.filter((f) => f.diagnostic.code === code && (!severity || f.diagnostic.severity === severity)).length;
  const incompatible = new Set(findings.filter((f) => f.diagnostic.code === 'schema-incompatible').map((f) => f.diagnostic.file));
  const broken = findings.filter((f) => f.diagnostic.code === 'consumer-breaks' && f.diagnostic.severity === 'error');
  return {
    added: count('resource-added'),
    removed: count('resource-removed'),
    versionsAdded: count('version-added'),
    versionsRemoved: count('version-removed'),
    schemasChanged: count('schema-changed') + incompatible.size,
    schemasIncompatible: incompatible.size,
    consumerBreaks: broken.length,
    brokenConsumers: [...new Set(broken.flatMap((f) => f.consumers ?? []))],
    specChanges: count('spec-changed') + count('spec-breaking-change') + count('spec-removed'),
    specBreaking: count('spec-breaking-change'),
  };
}

/** Everything that changed from `before` to `after`. */
export function diffCatalogs(before: Catalog, after: Catalog): CatalogDiff {
  const changed = changedDocuments(before, after);
  const findings = [
    ...resourceFindings(before, after),
    ...schemaFindings(before, after, changed),
    ...consumerFindings(before, after, changed),
    ...specFindings(before, after),
  ];
  return { findings, summary: summarize(findings) };
}
