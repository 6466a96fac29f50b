import { FieldPathError } from '../../compat/fields/field-path.ts';
import { findField } from '../../compat/fields/consumer-breaks.ts';
import { catalogRefs } from '../../compat/catalog-refs.ts';
import type { Message, SchemaDocument } from '../../catalog/model.ts';
import { cacheOf } from '../../catalog/cache/load-cache.ts';
import { schemaKey } from '../../catalog/cache/schema-key.ts';
import { digest } from '../../catalog/cache/signed-file.ts';
import type { Finding, Rule } from '../rule.ts';

export const consumerFields: Rule = {
  id: 'consumer-fields',
  description: 'The fields a consumer says it reads (receives[].fields) exist in the schema of the version it receives.',
  severity: 'error',
  category: 'references',
  check(catalog) {
    const findings: Finding[] = [];
    const refs = catalogRefs(catalog);
    const cache = cacheOf(catalog);
    /** Whether the schema declares the field, or why the field is malformed; cached by the schema's content key and the field. */
    const lookUp = (schema: SchemaDocument, field: string): boolean | { error: string } => {
      const compute = () => {
        try {
          return findField({ doc: schema, refs }, field) !== undefined;
        } catch (error) {
          if (!(error instanceof FieldPathError)) throw error;
          return { error: error.message };
        }
      };
      return cache ? cache.lintMemo('fields', digest(JSON.stringify(['declared', schemaKey(catalog, schema), field])), compute) : compute();
    };
    for (const service of catalog.services()) {
      if (!service.isLatest) continue;
      service.receives.forEach((link, i) => {
        const message = catalog.resolve<Message>(link);
        if (!link.fields?.length || !message?.schema) return;
        link.fields.forEach((field, j) => {
          const path = [...link.path, 'fields', j];
          const found = lookUp(message.schema!, field);
          if (found === true) return;
          if (found === false) {
            findings.push({
              file: service.file,
              path,
              message: `${service.name} reads ${field} of ${message.name} ${message.version}, which its schema (${message.schema!.file}) does not declare.`,
              hint: `Correct the field, or receive a version of ${message.name} that has it.`,
            });
          } else {
            findings.push({ file: service.file, path, message: `receives[${i}].fields: ${found.error}`, hint: 'Write a JSON pointer (/items/*/product_id) or a dotted path (items.product_id).' });
          }
        });
      });
    }
    return findings;
  },
};
