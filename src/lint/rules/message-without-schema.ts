import type { Rule } from '../rule.ts';

export const messageWithoutSchema: Rule = {
  id: 'message-without-schema',
  description: 'Schema first: every message has a schema ("first class schema for all events").',
  severity: 'warning',
  category: 'conventions',
  convention: true,
  check: (catalog) =>
    catalog
      .messages()
      .filter((m) => m.isLatest && !m.schema && typeof m.frontmatter.schemaPath !== 'string')
      .map((m) => ({
        file: m.file,
        path: ['id'],
        message: `${m.kind} ${m.name} has no schema.`,
        hint: 'Add a schema.json (or .avsc/.proto) beside index.md and set schemaPath.',
      })),
};
