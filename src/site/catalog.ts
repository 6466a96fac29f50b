/**
 * The site's one handle on the catalog: loaded once per build (or dev server) from WAYBILL_CATALOG_DIR.
 */
import path from 'node:path';
import { loadCatalog } from '../catalog/load.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Resource } from '../catalog/model.ts';

let pending: Promise<Catalog> | undefined;

export function getCatalog(): Promise<Catalog> {
  pending ??= loadCatalog(process.env.WAYBILL_CATALOG_DIR ?? path.resolve('catalog'));
  return pending;
}

const FOLDERS: Record<Resource['kind'], string> = {
  domain: 'domains',
  service: 'services',
  event: 'events',
  command: 'commands',
  query: 'queries',
  channel: 'channels',
  flow: 'flows',
  entity: 'entities',
  team: 'teams',
  user: 'users',
};

export function kindFolder(kind: Resource['kind']): string {
  return FOLDERS[kind];
}

/** Site path of a resource: /events/StoreCreated/1.0.0/ (teams and users: /teams/platform/). */
export function pagePath(r: Pick<Resource, 'kind' | 'id' | 'version'>, latest = false): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  const id = encodeURIComponent(r.id);
  return latest || !r.version ? `${base}/${FOLDERS[r.kind]}/${id}/` : `${base}/${FOLDERS[r.kind]}/${id}/${encodeURIComponent(r.version)}/`;
}
