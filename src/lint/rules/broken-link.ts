import path from 'node:path';
import type { Catalog } from '../../catalog/catalog.ts';
import { familyOf } from '../../catalog/model.ts';
import { parseSitePath, relativeCandidates } from '../../site/markdown/links.ts';
import type { Rule, Finding } from '../rule.ts';
import { proseLines } from '../../catalog/prose-lines.ts';
import { cacheOf } from '../../catalog/cache/load-cache.ts';

/** Markdown links and images in a body, with their 1-based line in the body; code is skipped. */
export function markdownLinks(body: string): { target: string; line: number; column: number }[] {
  const out: { target: string; line: number; column: number }[] = [];
  for (const { text, line } of proseLines(body)) {
    for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ target: m[1], line, column: (m.index ?? 0) + 1 });
    const ref = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(text);
    if (ref) out.push({ target: ref[1], line, column: 1 });
  }
  return out;
}

/**
 * Whether a link target exists: a catalog file, a folder with an index, or a site page of a resource or
 * guide — read the way the site reads it (src/site/markdown/links.ts), so the two never disagree.
 */
export function linkExists(catalog: Catalog, fromFile: string, target: string): boolean {
  const clean = target.split('#')[0].split('?')[0];
  if (clean === '') return true;
  if (clean.startsWith('/')) {
    const page = parseSitePath(clean);
    if (page.type === 'guide') return catalog.guides.some((g) => g.id === page.id);
    if (page.type === 'other') return true; // other site pages (/graph, /discover, assets) are not catalog content
    const versions = catalog.versions(familyOf(page.kind), page.id);
    return versions.length > 0 && (page.version === undefined || versions.some((v) => v.version === page.version));
  }
  // A link that climbs out of the catalog names nothing in it.
  if (path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), clean)).startsWith('..')) return false;
  return relativeCandidates(fromFile, clean).some((file) => catalog.hasFile(file));
}

export const brokenLink: Rule = {
  id: 'broken-link',
  description: 'A Markdown link points at a catalog page or file that does not exist.',
  severity: 'warning',
  category: 'content',
  check(catalog) {
    const findings: Finding[] = [];
    const docs = [...catalog.resources, ...catalog.resources.flatMap((r) => r.docs), ...catalog.guides, ...catalog.pages];
    const cache = cacheOf(catalog);
    for (const doc of docs) {
      // A body's links are pure in its file's text: a warm run takes them from the load cache.
      const textDigest = cache?.textDigestOf(catalog.pathOf(doc.file));
      const links = textDigest ? cache!.lintMemo('links', textDigest, () => markdownLinks(doc.body)) : markdownLinks(doc.body);
      for (const link of links) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link.target) || link.target.startsWith('#') || link.target.startsWith('//')) continue;
        if (linkExists(catalog, doc.file, link.target)) continue;
        findings.push({
          file: doc.file,
          line: doc.bodyLine + link.line - 1,
          column: link.column,
          message: `The link '${link.target}' points at nothing in the catalog.`,
          hint: 'Link to a file relative to this one, or to a page such as /events/<id>/.',
        });
      }
    }
    return findings;
  },
};
