import type { Rule } from '../rule.ts';
import { commandVerb, eventVerb, isPastTense } from '../naming.ts';

export const commandNameImperative: Rule = {
  id: 'command-name-imperative',
  description: 'Commands are requests and are named in the imperative (CreateStore, not StoreCreated).',
  severity: 'warning',
  category: 'conventions',
  convention: true,
  check: (catalog) =>
    catalog
      .messages()
      .filter((m) => m.kind === 'command' && m.isLatest)
      .filter((m) => {
        const first = commandVerb(m.id);
        const last = eventVerb(m.id);
        return (first !== undefined && (isPastTense(first) || /ing$/i.test(first))) || (last !== undefined && last !== first && isPastTense(last));
      })
      .map((m) => ({
        file: m.file,
        path: ['id'],
        message: `Command '${m.id}' is not named in the imperative.`,
        hint: 'Name commands after what is asked: <Verb><Entity>, e.g. CreateStore.',
      })),
};
