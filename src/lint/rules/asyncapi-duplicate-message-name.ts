import type { Rule, Finding } from '../rule.ts';

/** Message definitions of an AsyncAPI document (components and inline), with their paths. */
export function asyncapiMessages(doc: Record<string, unknown>): { key: string; value: Record<string, unknown>; path: (string | number)[] }[] {
  const out: { key: string; value: Record<string, unknown>; path: (string | number)[] }[] = [];
  const components = (doc.components ?? {}) as Record<string, unknown>;
  const messages = (components.messages ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(messages)) {
    if (value && typeof value === 'object' && !('$ref' in value)) out.push({ key, value: value as Record<string, unknown>, path: ['components', 'messages', key] });
  }
  return out;
}

export const asyncapiDuplicateMessageName: Rule = {
  id: 'asyncapi-duplicate-message-name',
  description: 'Two messages in one AsyncAPI document share a title or name, so readers and generators confuse them.',
  severity: 'warning',
  category: 'content',
  check(catalog) {
    const findings: Finding[] = [];
    const seenFiles = new Set<string>();
    for (const r of catalog.resources) {
      for (const spec of r.specifications) {
        if (spec.type !== 'asyncapi' || seenFiles.has(spec.file)) continue;
        seenFiles.add(spec.file);
        for (const field of ['title', 'name'] as const) {
          const first = new Map<string, string>();
          for (const m of asyncapiMessages(spec.document)) {
            const value = m.value[field];
            if (typeof value !== 'string') continue;
            const earlier = first.get(value);
            if (earlier === undefined) {
              first.set(value, m.key);
              continue;
            }
            findings.push({
              file: spec.file,
              path: [...m.path, field],
              message: `Messages '${earlier}' and '${m.key}' both have the ${field} '${value}'.`,
              hint: `Give each message its own ${field}.`,
            });
          }
        }
      }
    }
    return findings;
  },
};
