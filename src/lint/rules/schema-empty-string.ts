import type { Rule, Finding } from '../rule.ts';
import { findingsPerUnit, typesOf } from '../schema-walk.ts';

export const schemaEmptyString: Rule = {
  id: 'schema-empty-string',
  description: 'Forbid empty strings: a string field needs minLength, pattern, format, enum or const.',
  severity: 'warning',
  category: 'schemas',
  check(catalog) {
    // Per schema file, from the load cache when the file is unchanged (see findingsPerUnit).
    return findingsPerUnit(catalog, schemaEmptyString.id, (nodes) => {
      const findings: Finding[] = [];
      for (const node of nodes) {
        const s = node.schema;
        if (!typesOf(s).includes('string')) continue;
        const guarded =
          (typeof s.minLength === 'number' && s.minLength > 0) || 'pattern' in s || 'format' in s || 'enum' in s || 'const' in s || 'contentEncoding' in s;
        if (guarded) continue;
        const at = node.path;
        findings.push({
          file: node.file,
          path: at,
          message: `The string at '${pointer(at)}' of ${node.message.name} accepts the empty string.`,
          hint: 'Add "minLength": 1 (or a pattern, format or enum).',
        });
      }
      return findings;
    });
  },
};

export function pointer(at: readonly (string | number)[]): string {
  return `#/${at.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
