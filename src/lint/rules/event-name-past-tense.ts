import type { Rule } from '../rule.ts';
import { eventVerb, isPastTenseName } from '../naming.ts';

export const eventNamePastTense: Rule = {
  id: 'event-name-past-tense',
  description: 'Events are facts and are named in the past tense (StoreCreated, not CreateStore).',
  severity: 'warning',
  category: 'conventions',
  convention: true,
  check: (catalog) =>
    catalog
      .messages()
      .filter((m) => m.kind === 'event' && m.isLatest)
      .filter((m) => !isPastTenseName(m.id))
      .map((m) => ({
        file: m.file,
        path: ['id'],
        message: `Event '${m.id}' is not named in the past tense ('${eventVerb(m.id)}').`,
        hint: 'Name events after what happened: <Entity><PastTenseVerb>, e.g. StoreCreated.',
      })),
};
