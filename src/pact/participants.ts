/**
 * Which catalog service a Pact participant is. Pact names are often the service's name with a role
 * (`stores-pub`, `baskets-sub`, `baskets-ui`, `orders-api`): the match ignores case, punctuation and
 * such a suffix. `pact.participants` in the catalog config, or an explicit id, decides when the name
 * does not say.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { Service } from '../catalog/model.ts';

const ROLE_SUFFIX = /[-_. ]?(pub|sub|publisher|subscriber|producer|consumer|api|service|svc|ui|web|app|client|server|handler|worker|events?)$/i;
const normal = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The latest version of the service `name` refers to; undefined when none or more than one fit. */
export function serviceOfParticipant(catalog: Catalog, name: string, explicit?: string): Service | undefined {
  const services = catalog.services().filter((s) => s.isLatest);
  const id = explicit ?? catalog.config.pact?.participants?.[name];
  if (id !== undefined) return services.find((s) => s.id === id);
  for (const candidate of [name, name.replace(ROLE_SUFFIX, '')]) {
    const wanted = normal(candidate);
    if (!wanted) continue;
    const found = services.filter((s) => normal(s.id) === wanted || normal(s.name) === wanted || normal(s.id.replace(/service$/i, '')) === wanted);
    if (found.length === 1) return found[0];
  }
  return undefined;
}
