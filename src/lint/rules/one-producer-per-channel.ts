import type { Rule, Finding } from '../rule.ts';

export const oneProducerPerChannel: Rule = {
  id: 'one-producer-per-channel',
  description: 'One stream, one owner: the events on a channel are published by exactly one service.',
  severity: 'error',
  category: 'conventions',
  convention: true,
  check(catalog) {
    const findings: Finding[] = [];
    for (const channel of catalog.channels()) {
      if (!channel.isLatest) continue;
      const producers = new Set<string>();
      for (const message of catalog.messagesOn(channel)) {
        if (message.kind !== 'event') continue;
        for (const p of catalog.producersOf(message)) {
          if (p.channels.length === 0 || p.channels.includes(channel.key)) producers.add(p.service);
        }
      }
      if (producers.size > 1) {
        const names = [...producers].map((k) => catalog.get(k)?.name ?? k).sort();
        findings.push({
          file: channel.file,
          path: ['id'],
          message: `Channel ${channel.address} is published by ${names.length} services (${names.join(', ')}); a stream should be owned by one.`,
          hint: 'Give each producer its own channel, or route the others through the owning service.',
        });
      }
    }
    return findings;
  },
};
