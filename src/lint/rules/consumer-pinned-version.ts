import type { Message } from '../../catalog/model.ts';
import type { Rule, Finding } from '../rule.ts';

export const consumerPinnedVersion: Rule = {
  id: 'consumer-pinned-version',
  description: 'A consumer receives a message version that no longer exists or is deprecated.',
  severity: 'warning',
  category: 'references',
  check(catalog) {
    const findings: Finding[] = [];
    for (const service of catalog.services()) {
      if (!service.isLatest) continue;
      for (const link of service.receives) {
        const versions = catalog.versions('message', link.id) as Message[];
        if (versions.length === 0) continue;
        const target = catalog.resolve<Message>(link);
        if (!target) {
          findings.push({
            file: service.file,
            path: [...link.path, 'version'],
            severity: 'error',
            message: `${service.name} receives ${link.id} version '${link.version}', which no longer exists (versions: ${versions.map((v) => v.version).join(', ')}).`,
            hint: 'Move the consumer to a current version, or restore the old one under versioned/.',
          });
        } else if (target.deprecated && !versions[versions.length - 1].deprecated) {
          findings.push({
            file: service.file,
            path: [...link.path, 'version'],
            message: `${service.name} receives ${link.id} ${target.version}, which is deprecated${target.deprecated.message ? `: ${target.deprecated.message}` : ''}.`,
            hint: `The latest version is ${versions[versions.length - 1].version}.`,
          });
        }
      }
    }
    return findings;
  },
};
