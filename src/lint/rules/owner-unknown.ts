import type { Rule, Finding } from '../rule.ts';
import { suggestion } from './unknown-reference.ts';

export const ownerUnknown: Rule = {
  id: 'owner-unknown',
  description: 'An owner id (or an ADR decision maker) names no team or user.',
  severity: 'error',
  category: 'ownership',
  check(catalog) {
    const findings: Finding[] = [];
    for (const r of catalog.resources) {
      for (const owner of [...r.owners, ...(r.kind === 'adr' ? r.decisionMakers : [])]) {
        if (owner.target) continue;
        const near = suggestion(catalog, 'team', owner.id) ?? suggestion(catalog, 'user', owner.id);
        findings.push({
          file: r.file,
          path: owner.path,
          message: `${owner.path[0] === 'decisionMakers' ? 'Decision maker' : 'Owner'} '${owner.id}' of ${r.name} is not a team or user in the catalog.${near ? ` Did you mean '${near}'?` : ''}`,
          hint: near ? undefined : `Add teams/${owner.id}.md or users/${owner.id}.md.`,
        });
      }
    }
    return findings;
  },
};
