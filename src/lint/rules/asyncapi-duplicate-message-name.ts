import type { Rule, Finding } from '../rule.ts';
import { asyncApiView } from '../../spec/index.ts';

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
        // Every message of the document once, its traits applied (a trait's title is the message's title).
        const messages = asyncApiView(spec).messages;
        for (const field of ['title', 'name'] as const) {
          const first = new Map<string, string>();
          for (const m of messages) {
            const value = m[field];
            const label = m.componentName ?? m.key;
            if (value === undefined) continue;
            const earlier = first.get(value);
            if (earlier === undefined) {
              first.set(value, label);
              continue;
            }
            findings.push({
              file: spec.file,
              path: [...m.pointer, field],
              message: `Messages '${earlier}' and '${label}' both have the ${field} '${value}'.`,
              hint: `Give each message its own ${field}.`,
            });
          }
        }
      }
    }
    return findings;
  },
};
