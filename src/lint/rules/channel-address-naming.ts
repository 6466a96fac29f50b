import type { Rule } from '../rule.ts';

export const channelAddressNaming: Rule = {
  id: 'channel-address-naming',
  description: 'Channel addresses follow the naming convention set in lint.naming.channelAddress, so a stream name can be deduced.',
  severity: 'warning',
  category: 'conventions',
  convention: true,
  check(catalog) {
    const patterns = (catalog.config.lint?.naming?.channelAddress ?? []).flatMap((p) => {
      try {
        return [new RegExp(p, 'u')];
      } catch {
        return []; // reported as config-invalid
      }
    });
    if (patterns.length === 0) return [];
    return catalog
      .channels()
      .filter((c) => c.isLatest && !patterns.some((p) => p.test(c.address)))
      .map((c) => ({
        file: c.file,
        path: [typeof c.frontmatter.address === 'string' ? 'address' : 'id'],
        message: `Channel address '${c.address}' matches none of the naming patterns (${patterns.map((p) => p.source).join(' | ')}).`,
        hint: 'Rename the channel, or add its convention to lint.naming.channelAddress in the catalog config.',
      }));
  },
};
