import type { Rule } from '../rule.ts';

export const resourceWithoutOwners: Rule = {
  id: 'resource-without-owners',
  description: 'A resource has no owners, so nobody is accountable for it.',
  severity: 'warning',
  category: 'ownership',
  check: (catalog) =>
    catalog.resources
      .filter((r) => r.isLatest && r.kind !== 'team' && r.kind !== 'user' && r.owners.length === 0)
      .map((r) => ({ file: r.file, path: ['id'], message: `${r.kind} ${r.name} has no owners.`, hint: 'Add owners: [<team or user id>].' })),
};
