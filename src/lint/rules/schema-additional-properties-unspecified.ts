import type { Rule, Finding } from '../rule.ts';
import { typesOf, walkMessageSchemas } from '../schema-walk.ts';
import { pointer } from './schema-empty-string.ts';

export const schemaAdditionalPropertiesUnspecified: Rule = {
  id: 'schema-additional-properties-unspecified',
  description: 'An object schema leaves additionalProperties unspecified, so its content model (open or closed) is accidental.',
  severity: 'warning',
  category: 'schemas',
  check(catalog) {
    const findings: Finding[] = [];
    walkMessageSchemas(catalog, (m, s, at) => {
      // Conditions (if/then/else/not) constrain an object described elsewhere; they have no content model of their own.
      if (at.some((seg) => seg === 'if' || seg === 'then' || seg === 'else' || seg === 'not')) return;
      const isObject = typesOf(s).includes('object') || (s.properties !== undefined && s.type === undefined);
      if (!isObject || 'additionalProperties' in s || 'unevaluatedProperties' in s || '$ref' in s) return;
      findings.push({
        file: m.schema!.file,
        path: at,
        message: `The object at '${pointer(at)}' of ${m.name} does not say whether other properties are allowed.`,
        hint: 'Set "additionalProperties": false (closed) or true (open) on purpose; it decides which changes are compatible.',
      });
    });
    return findings;
  },
};
