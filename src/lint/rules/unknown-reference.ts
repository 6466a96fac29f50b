import { closest } from 'fastest-levenshtein';
import type { Catalog } from '../../catalog/catalog.ts';
import { type KindFamily, type Link, type Resource } from '../../catalog/model.ts';
import type { Finding, Rule } from '../rule.ts';

/** Every link a resource holds, with the family it must resolve in. Owners are checked by owner-unknown. */
export function linksOf(r: Resource): { link: Link; family: KindFamily; field: string }[] {
  const out: { link: Link; family: KindFamily; field: string }[] = [];
  const add = (links: readonly Link[] | undefined, family: KindFamily, field: string) => links?.forEach((link) => out.push({ link, family, field }));
  switch (r.kind) {
    case 'domain':
      add(r.services, 'service', 'services');
      add(r.subdomains, 'domain', 'domains');
      add(r.entities, 'entity', 'entities');
      add(r.flows, 'flow', 'flows');
      break;
    case 'service':
      for (const [field, list] of [['sends', r.sends], ['receives', r.receives]] as const) {
        for (const m of list) {
          out.push({ link: m, family: 'message', field });
          m.channels.forEach((c) => c.path.length > 2 && out.push({ link: c, family: 'channel', field }));
          if (m.reply?.channel) out.push({ link: m.reply.channel, family: 'channel', field });
          m.reply?.messages.forEach((reply) => out.push({ link: reply, family: 'message', field }));
        }
      }
      break;
    case 'event':
    case 'command':
    case 'query':
      add(r.channels, 'channel', 'channels');
      break;
    case 'flow':
      for (const step of r.steps) if (step.ref) out.push({ link: step.ref, family: step.type === 'message' ? 'message' : (step.type as KindFamily), field: 'steps' });
      break;
    case 'team':
      add(r.members, 'user', 'members');
      break;
    case 'user':
      add(r.teams, 'team', 'associatedTeams');
      break;
    default:
      break;
  }
  return out;
}

export function suggestion(catalog: Catalog, family: KindFamily, id: string): string | undefined {
  const ids = catalog.ids(family);
  if (ids.length === 0 || !id) return undefined;
  const near = closest(id, ids);
  const limit = Math.max(2, Math.floor(id.length / 3));
  return distance(near, id) <= limit ? near : undefined;
}

function distance(a: string, b: string): number {
  // Case differences count once for the whole id: StoreCreated vs storecreated is a near miss.
  if (a.toLowerCase() === b.toLowerCase()) return 1;
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n];
}

export const unknownReference: Rule = {
  id: 'unknown-reference',
  description: 'A reference (sends, receives, channels, services, steps, members, …) names an id that is not in the catalog.',
  severity: 'error',
  category: 'references',
  check(catalog) {
    const findings: Finding[] = [];
    for (const r of catalog.resources) {
      for (const { link, family, field } of linksOf(r)) {
        if (link.target || catalog.versions(family, link.id).length > 0) continue;
        const near = suggestion(catalog, family, link.id);
        findings.push({
          file: r.file,
          path: [...link.path, 'id'],
          message: `${r.name} (${r.kind}) ${field} '${link.id}', which is not a ${family} in the catalog.${near ? ` Did you mean '${near}'?` : ''}`,
          hint: near ? undefined : `Add ${family} '${link.id}' to the catalog, or correct the id.`,
        });
      }
    }
    return findings;
  },
};

