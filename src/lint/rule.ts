/**
 * A lint rule is data — an id, a description, a default severity — plus a pure function from the
 * catalog to findings. The engine adds the code, the configured severity and the position.
 */
import type { Severity } from '../diagnostics/diagnostic.ts';
import type { Catalog } from '../catalog/catalog.ts';

export interface Finding {
  /** Catalog-relative file the finding is about. */
  file: string;
  message: string;
  hint?: string;
  /** Field path (frontmatter for Markdown, JSON pointer segments for documents); located by the engine. */
  path?: readonly (string | number)[];
  /** Explicit position, when the rule knows it (e.g. a line in a Markdown body). */
  line?: number;
  column?: number;
  /** Overrides the rule's severity for this finding only (used for loader problems). */
  severity?: Severity;
  /** For a convention: the resource itself chose it (a message's own `compatibility`), so errors stay errors. */
  chosen?: boolean;
}

export interface Rule {
  id: string;
  description: string;
  severity: Severity;
  /** Which issue of the talk or the format the rule enforces; shown in `waybill lint --rules`. */
  category: 'format' | 'references' | 'schemas' | 'conventions' | 'ownership' | 'content';
  /**
   * A Waybill convention rather than a defect: its errors are warnings until the catalog opts in
   * (`lint.conventions: true`, the rule set in `lint.rules`, or — per finding — the resource chose it).
   */
  convention?: boolean;
  check(catalog: Catalog): Finding[];
}
