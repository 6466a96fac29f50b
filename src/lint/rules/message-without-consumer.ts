import type { Rule } from '../rule.ts';

export const messageWithoutConsumer: Rule = {
  id: 'message-without-consumer',
  description: 'A message that no service receives (deprecated and draft messages are exempt).',
  severity: 'warning',
  category: 'references',
  check: (catalog) =>
    catalog
      .messages()
      .filter((m) => m.isLatest && !m.deprecated && !m.draft && catalog.versionsOf(m).every((v) => catalog.consumersOf(v).length === 0))
      .map((m) => ({
        file: m.file,
        path: ['id'],
        message: `No service receives ${m.kind} ${m.name}.`,
        hint: 'Fine for an event published for the future; otherwise add the consumer to the catalog.',
      })),
};
