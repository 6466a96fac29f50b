import { closest } from 'fastest-levenshtein';
import type { Catalog } from '../../catalog/catalog.ts';
import { type KindFamily, type Link, type Resource, type ResourceKind, type TypedLink } from '../../catalog/model.ts';
import { kindOfRefType } from '../../catalog/layout.ts';
import type { Finding, Rule } from '../rule.ts';

/** Every link a resource holds, with the family it must resolve in. Owners are checked by owner-unknown. */
export function linksOf(r: Resource): { link: Link; family: KindFamily; field: string; kind?: ResourceKind }[] {
  const out: { link: Link; family: KindFamily; field: string; kind?: ResourceKind }[] = [];
  const add = (links: readonly Link[] | undefined, family: KindFamily, field: string) => links?.forEach((link) => out.push({ link, family, field }));
  const typed = (links: readonly TypedLink[], field: string) =>
    links.forEach((link) => {
      const type = kindOfRefType(link.type);
      if (type) out.push({ link, family: type.family, field, ...(type.kind ? { kind: type.kind } : {}) });
    });
  type MessageEntry = Link & { channels: readonly Link[]; triggers?: readonly Link[]; reply?: { channel?: Link; messages: readonly Link[] } };
  const messages = (sends: readonly MessageEntry[], receives: readonly MessageEntry[]) => {
    for (const [field, list] of [['sends', sends], ['receives', receives]] as const) {
      for (const m of list) {
        out.push({ link: m, family: 'message', field });
        m.channels.forEach((c) => c.path.length > 2 && out.push({ link: c, family: 'channel', field }));
        m.triggers?.forEach((t) => out.push({ link: t, family: 'message', field: 'triggers' }));
        if (m.reply?.channel) out.push({ link: m.reply.channel, family: 'channel', field });
        m.reply?.messages.forEach((reply) => out.push({ link: reply, family: 'message', field }));
      }
    }
  };
  add(r.diagrams, 'diagram', 'diagrams');
  for (const group of r.resourceGroups) typed(group.items, 'resourceGroups');
  switch (r.kind) {
    case 'domain':
      add(r.services, 'service', 'services');
      add(r.subdomains, 'domain', 'domains');
      add(r.entities, 'entity', 'entities');
      add(r.flows, 'flow', 'flows');
      add(r.systems, 'system', 'systems');
      add(r.agents, 'agent', 'agents');
      add(r.dataProducts, 'data-product', 'data-products');
      messages(r.sends, r.receives);
      break;
    case 'service':
      messages(r.sends, r.receives);
      add(r.entities, 'entity', 'entities');
      add(r.flows, 'flow', 'flows');
      add(r.writesTo, 'container', 'writesTo');
      add(r.readsFrom, 'container', 'readsFrom');
      break;
    case 'agent':
      messages(r.sends, r.receives);
      add(r.flows, 'flow', 'flows');
      add(r.writesTo, 'container', 'writesTo');
      add(r.readsFrom, 'container', 'readsFrom');
      break;
    case 'system':
      add(r.services, 'service', 'services');
      add(r.containers, 'container', 'containers');
      add(r.flows, 'flow', 'flows');
      add(r.entities, 'entity', 'entities');
      add(r.relationships, 'system', 'relationships');
      break;
    case 'entity':
      add(r.services, 'service', 'services');
      add(r.domains, 'domain', 'domains');
      add(r.relations, 'entity', 'properties');
      break;
    case 'adr':
      typed(r.appliesTo, 'appliesTo');
      for (const field of ['supersedes', 'supersededBy', 'amends', 'amendedBy', 'related'] as const) add(r[field], 'adr', field);
      break;
    case 'data-product':
      r.inputs.forEach((link) => out.push({ link, family: familyOfTarget(link, ['message', 'service', 'container', 'data-product', 'agent']), field: 'inputs' }));
      r.outputs.forEach((link) => out.push({ link, family: familyOfTarget(link, ['message', 'container', 'data-product', 'service', 'channel']), field: 'outputs' }));
      break;
    case 'channel':
      add(r.routes, 'channel', 'routes');
      break;
    case 'event':
    case 'command':
    case 'query':
      add(r.channels, 'channel', 'channels');
      break;
    case 'flow':
      for (const step of r.steps) if (step.ref) out.push({ link: step.ref, family: step.type as KindFamily, field: 'steps' });
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

/** For a link that may name several families (data product inputs): the one it resolved in, else the first. */
function familyOfTarget(link: Link, families: KindFamily[]): KindFamily {
  const kind = link.target?.slice(0, link.target.indexOf(':'));
  if (kind === 'event' || kind === 'command' || kind === 'query') return 'message';
  return (families.find((f) => f === kind) ?? families[0]) as KindFamily;
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
      for (const { link, family, field, kind } of linksOf(r)) {
        if (link.target) continue;
        const found = catalog.versions(family, link.id);
        if (found.length > 0 && kind && found[0].kind !== kind) {
          findings.push({
            file: r.file,
            path: [...link.path, 'type'],
            message: `${r.name} (${r.kind}) ${field} names ${kind} '${link.id}', but '${link.id}' is ${/^[aeiou]/.test(found[0].kind) ? 'an' : 'a'} ${found[0].kind}.`,
            hint: `Set its type to ${found[0].kind}.`,
          });
          continue;
        }
        if (found.length > 0) continue;
        const near = suggestion(catalog, family, link.id);
        findings.push({
          file: r.file,
          path: [...link.path, 'id'],
          message: `${r.name} (${r.kind}) ${field} '${link.id}', which is not ${/^[aeiou]/.test(family) ? 'an' : 'a'} ${family} in the catalog.${near ? ` Did you mean '${near}'?` : ''}`,
          hint: near ? undefined : `Add ${family} '${link.id}' to the catalog, or correct the id.`,
          // An entity property's `references` describes a relation; EventCatalog draws only those it finds.
          ...(field === 'properties' ? { severity: 'warning' as const } : {}),
        });
      }
    }
    return findings;
  },
};

