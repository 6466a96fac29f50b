import type { Rule, Finding } from '../rule.ts';
import { findingsPerUnit, typesOf } from '../schema-walk.ts';
import { pointer } from './schema-empty-string.ts';

export const schemaAdditionalPropertiesUnspecified: Rule = {
  id: 'schema-additional-properties-unspecified',
  description: 'An object schema leaves additionalProperties unspecified, so its content model (open or closed) is accidental.',
  severity: 'warning',
  category: 'schemas',
  check(catalog) {
    // Per schema file, from the load cache when the file is unchanged (see findingsPerUnit).
    return findingsPerUnit(catalog, schemaAdditionalPropertiesUnspecified.id, (nodes) => {
      const findings: Finding[] = [];
      for (const node of nodes) {
        // Conditions (if/then/else/not) constrain an object described elsewhere; they have no content model of their own.
        if (node.conditional) continue;
        const s = node.schema;
        const isObject = typesOf(s).includes('object') || (s.properties !== undefined && s.type === undefined);
        if (!isObject || 'additionalProperties' in s || 'unevaluatedProperties' in s || '$ref' in s) continue;
        const at = node.path;
        findings.push({
          file: node.file,
          path: at,
          message: `The object at '${pointer(at)}' of ${node.message.name} does not say whether other properties are allowed.`,
          hint: 'Set "additionalProperties": false (closed) or true (open) on purpose; it decides which changes are compatible.',
        });
      }
      return findings;
    });
  },
};
