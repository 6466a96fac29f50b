import type { Rule } from '../rule.ts';

export const messageWithoutProducer: Rule = {
  id: 'message-without-producer',
  description: 'A message that no service sends (deprecated and draft messages, and HTTP operations, whose callers are API clients, are exempt).',
  severity: 'error',
  category: 'references',
  convention: true,
  check: (catalog) =>
    catalog
      .messages()
      // An HTTP operation (`operation`) is sent by the API's clients, which the catalog usually does not hold.
      .filter((m) => m.isLatest && !m.deprecated && !m.draft && !m.operation && catalog.versionsOf(m).every((v) => catalog.producersOf(v).length === 0))
      .map((m) => ({
        file: m.file,
        path: ['id'],
        message: `No service sends ${m.kind} ${m.name}.`,
        hint: "Add it to the producing service's sends, or mark the message deprecated or draft.",
      })),
};
