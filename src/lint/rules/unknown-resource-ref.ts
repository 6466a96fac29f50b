/**
 * `[[type|id]]` references (EventCatalog's resource references) that name nothing in the catalog: a
 * diagnostic at the reference's file and line, with a did-you-mean. Resolution is the one the site
 * renders with (src/catalog/resource-refs.ts).
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { findResourceRefs, resolveResourceRef } from '../../catalog/resource-refs.ts';
import type { Finding, Rule } from '../rule.ts';

/** Every Markdown body of the catalog, with the file it is in and the line it starts at. */
export function markdownBodies(catalog: Catalog): { file: string; body: string; bodyLine: number }[] {
  const out: { file: string; body: string; bodyLine: number }[] = [];
  const seen = new Set<string>();
  const add = (file: string, body: string, bodyLine: number | undefined) => {
    if (seen.has(file)) return;
    seen.add(file);
    out.push({ file, body, bodyLine: bodyLine ?? 1 });
  };
  for (const r of catalog.resources) {
    add(r.file, r.body, r.bodyLine);
    if (r.changelog) add(r.changelog.file, r.changelog.body, r.changelog.bodyLine);
    for (const doc of r.docs) add(doc.file, doc.body, doc.bodyLine);
    if (r.kind === 'domain' && r.ubiquitousLanguage) add(r.ubiquitousLanguage.file, r.ubiquitousLanguage.body, r.ubiquitousLanguage.bodyLine);
  }
  for (const g of catalog.guides) add(g.file, g.body, g.bodyLine);
  for (const p of catalog.pages) add(p.file, p.body, p.bodyLine);
  return out;
}

export const unknownResourceRef: Rule = {
  id: 'unknown-resource-ref',
  description: 'A [[type|id]] reference in Markdown names a type, resource or version that is not in the catalog.',
  severity: 'error',
  category: 'references',
  check(catalog) {
    const findings: Finding[] = [];
    for (const { file, body, bodyLine } of markdownBodies(catalog)) {
      for (const ref of findResourceRefs(body)) {
        const resolved = resolveResourceRef(catalog, ref);
        if (resolved.ok) continue;
        findings.push({ file, line: bodyLine + ref.line - 1, column: ref.column, message: resolved.message, ...(resolved.hint ? { hint: resolved.hint } : {}) });
      }
    }
    // Terms of a ubiquitous language carry Markdown in their frontmatter.
    for (const domain of catalog.domains()) {
      const language = domain.ubiquitousLanguage;
      if (!language) continue;
      domain.terms.forEach((term, i) => {
        for (const ref of findResourceRefs(term.description ?? '')) {
          const resolved = resolveResourceRef(catalog, ref);
          if (!resolved.ok) findings.push({ file: language.file, path: ['dictionary', i, 'description'], message: resolved.message, ...(resolved.hint ? { hint: resolved.hint } : {}) });
        }
      });
    }
    return findings;
  },
};
