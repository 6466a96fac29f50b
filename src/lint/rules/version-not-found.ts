import type { Rule, Finding } from '../rule.ts';
import { linksOf } from './unknown-reference.ts';

export const versionNotFound: Rule = {
  id: 'version-not-found',
  description: 'A reference asks for a version or range that matches no version of the resource.',
  severity: 'error',
  category: 'references',
  check(catalog) {
    const findings: Finding[] = [];
    for (const r of catalog.resources) {
      for (const { link, family, field, kind } of linksOf(r)) {
        if (link.target || field === 'receives') continue; // receives: consumer-pinned-version says it better
        const versions = catalog.versions(family, link.id);
        // None, or of another kind than its type says: unknown-reference reports it.
        if (versions.length === 0 || (kind && versions[0].kind !== kind)) continue;
        findings.push({
          file: r.file,
          path: [...link.path, 'version'],
          message: `${r.name} asks for ${family} '${link.id}' version '${link.version}', which matches none of its versions (${versions.map((v) => v.version).join(', ')}).`,
          hint: 'Use latest, an existing version, or a range such as ^1.',
        });
      }
    }
    return findings;
  },
};
