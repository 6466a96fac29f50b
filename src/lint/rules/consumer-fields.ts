import { FieldPathError } from '../../compat/fields/field-path.ts';
import { findField } from '../../compat/fields/consumer-breaks.ts';
import { catalogRefs } from '../../compat/catalog-refs.ts';
import type { Message } from '../../catalog/model.ts';
import type { Finding, Rule } from '../rule.ts';

export const consumerFields: Rule = {
  id: 'consumer-fields',
  description: 'The fields a consumer says it reads (receives[].fields) exist in the schema of the version it receives.',
  severity: 'error',
  category: 'references',
  check(catalog) {
    const findings: Finding[] = [];
    const refs = catalogRefs(catalog);
    for (const service of catalog.services()) {
      if (!service.isLatest) continue;
      service.receives.forEach((link, i) => {
        const message = catalog.resolve<Message>(link);
        if (!link.fields?.length || !message?.schema) return;
        link.fields.forEach((field, j) => {
          const path = [...link.path, 'fields', j];
          try {
            if (findField({ doc: message.schema!, refs }, field)) return;
            findings.push({
              file: service.file,
              path,
              message: `${service.name} reads ${field} of ${message.name} ${message.version}, which its schema (${message.schema!.file}) does not declare.`,
              hint: `Correct the field, or receive a version of ${message.name} that has it.`,
            });
          } catch (error) {
            if (!(error instanceof FieldPathError)) throw error;
            findings.push({ file: service.file, path, message: `receives[${i}].fields: ${error.message}`, hint: 'Write a JSON pointer (/items/*/product_id) or a dotted path (items.product_id).' });
          }
        });
      });
    }
    return findings;
  },
};
