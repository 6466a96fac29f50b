/**
 * What `waybill diff` and `waybill can-i-deploy` find: diagnostics, each tagged with the services whose
 * change it is about (the producers of a changed message, the owner of a changed spec), so that
 * can-i-deploy can keep the ones a service is answerable for.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.ts';

/** Diagnostic codes of the catalog diff. */
export type DiffCode =
  | 'resource-added' | 'resource-removed' | 'version-added' | 'version-removed'
  | 'schema-changed' | 'schema-incompatible' | 'consumer-breaks'
  | 'spec-changed' | 'spec-breaking-change' | 'spec-removed';

/** A diagnostic of the diff, with the ids of the services that made the change. */
export interface DiffFinding {
  diagnostic: Diagnostic;
  /** Service ids answerable for the change (empty when it is nobody's in particular). */
  services: string[];
  /** For a consumer breakage: the names of the consumers it breaks. */
  consumers?: string[];
}

/**
 * A finding at a place in a catalog file: frontmatter field path for Markdown, JSON pointer segments for
 * schema and spec documents (located in `at`, the catalog that holds the file); `path` empty → line 0.
 */
export function finding(
  at: Catalog | undefined, code: DiffCode, severity: Severity, file: string, path: readonly (string | number)[] | undefined,
  message: string, services: string[], hint?: string,
): DiffFinding {
  const position = at && path ? at.locate(file, path) : { line: 0, column: 0 };
  return {
    diagnostic: { code, severity, message, file, line: position.line, column: position.column, ...(hint ? { hint } : {}) },
    services,
  };
}
