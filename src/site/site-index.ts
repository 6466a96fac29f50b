/**
 * Everything the pages look up, computed once per build from the catalog: latest resources by kind,
 * domain membership (with subdomains), the services and messages of each domain, which catalog file
 * is which page, version neighbours. Pages then do O(1) lookups instead of scanning the catalog.
 */
import type { Catalog } from '../catalog/catalog.ts';
import {
  familyOf,
  isMessageKind,
  type Domain,
  type Entity,
  type Flow,
  type Guide,
  type Message,
  type Resource,
  type ResourceKind,
  type Service,
} from '../catalog/model.ts';
import { customPagePath, guidePath, resourceDocPath, resourcePath, specPath } from './paths.ts';
import type { FileTarget, LinkContext } from './markdown/links.ts';

const IMAGE = /\.(png|jpe?g|gif|webp|avif)$/i;

export class SiteIndex {
  readonly catalog: Catalog;
  readonly #latest = new Map<ResourceKind, Resource[]>();
  readonly #familyLatest = new Map<string, Resource>();
  /** Latest domain id → the ids of it and its subdomains, deep. */
  readonly #domainSets = new Map<string, Set<string>>();
  /** Latest domain id → latest services whose domain is exactly it. */
  readonly #servicesIn = new Map<string, Service[]>();
  readonly #messagesIn = new Map<string, Message[]>();
  readonly #flowsIn = new Map<string, Flow[]>();
  readonly #entitiesIn = new Map<string, Entity[]>();
  readonly #children = new Map<string, Domain[]>();
  readonly #homeDomain = new Map<string, string>();
  readonly #files = new Map<string, FileTarget>();
  readonly guides: readonly Guide[];
  readonly #guideIds = new Map<string, Guide>();

  constructor(catalog: Catalog) {
    this.catalog = catalog;
    for (const r of catalog.resources) {
      if (!r.isLatest) continue;
      push(this.#latest, r.kind, r);
      this.#familyLatest.set(`${familyOf(r.kind)}:${r.id}`, r);
    }
    for (const list of this.#latest.values()) list.sort((a, b) => a.name.localeCompare(b.name));
    this.#indexDomains();
    this.#indexFiles();
    this.guides = [...catalog.guides].sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
    for (const g of this.guides) this.#guideIds.set(g.id, g);
  }

  /** Latest versions of a kind, by name (hidden ones included; callers filter for navigation). */
  latest<K extends ResourceKind>(kind: K): readonly Extract<Resource, { kind: K }>[] {
    return (this.#latest.get(kind) ?? []) as Extract<Resource, { kind: K }>[];
  }

  /** The latest version of the resource a key or resource names (same kind family and id). */
  latestOf<T extends Resource>(r: T | undefined): T | undefined {
    return r ? (this.#familyLatest.get(`${familyOf(r.kind)}:${r.id}`) as T | undefined) : undefined;
  }

  /** The latest resource of a link's target. */
  target<T extends Resource = Resource>(key: string | undefined): T | undefined {
    return this.catalog.get(key) as T | undefined;
  }

  /** Top-level domains (latest, not hidden). */
  topDomains(): Domain[] {
    return this.latest('domain').filter((d) => !this.#parentId(d) && !d.hidden);
  }

  subdomains(domain: Domain): readonly Domain[] {
    return this.#children.get(domain.id) ?? [];
  }

  /** The id of the latest domain a resource belongs to (its folder's or a domain's `services` list). */
  domainIdOf(r: Resource): string | undefined {
    if (r.kind === 'domain') return r.id;
    const own = this.#homeDomain.get(`${familyOf(r.kind)}:${r.id}`);
    if (own) return own;
    const folderService = r.folderService ? this.catalog.get(r.folderService) : undefined;
    return folderService ? this.#homeDomain.get(`service:${folderService.id}`) : undefined;
  }

  /** Domains from the top down to the one a resource belongs to, for breadcrumbs. */
  domainChain(r: Resource): Domain[] {
    const chain: Domain[] = [];
    let id = this.domainIdOf(r);
    for (let guard = 0; id && guard < 20; guard++) {
      const d = this.#familyLatest.get(`domain:${id}`) as Domain | undefined;
      if (!d) break;
      chain.unshift(d);
      id = this.#parentId(d);
    }
    return r.kind === 'domain' ? chain.slice(0, -1) : chain;
  }

  /** True when `r` belongs to `domain` or one of its subdomains. */
  inDomain(domain: Domain, r: Resource): boolean {
    const id = this.domainIdOf(r);
    return id !== undefined && (this.#domainSets.get(domain.id)?.has(id) ?? false);
  }

  /** Services of a domain (directly, or with its subdomains when `deep`). */
  servicesOf(domain: Domain, deep = false): Service[] {
    return this.#collect(this.#servicesIn, domain, deep);
  }

  /** Messages of a domain: those in its folders and those its services send. */
  messagesOf(domain: Domain, deep = false): Message[] {
    return this.#collect(this.#messagesIn, domain, deep);
  }

  flowsOf(domain: Domain, deep = false): Flow[] {
    return this.#collect(this.#flowsIn, domain, deep);
  }

  entitiesOf(domain: Domain, deep = false): Entity[] {
    return this.#collect(this.#entitiesIn, domain, deep);
  }

  /** Latest, visible resources of any kind that belong to a domain (with its subdomains when `deep`). */
  ofKindIn<K extends ResourceKind>(kind: K, domain: Domain, deep = false): Extract<Resource, { kind: K }>[] {
    const ids = deep ? (this.#domainSets.get(domain.id) ?? new Set([domain.id])) : new Set([domain.id]);
    return this.latest(kind).filter((r) => !r.hidden && ids.has(this.domainIdOf(r) ?? ''));
  }

  #collect<T extends Resource>(map: Map<string, T[]>, domain: Domain, deep: boolean): T[] {
    const ids = deep ? [...(this.#domainSets.get(domain.id) ?? [domain.id])] : [domain.id];
    const out: T[] = [];
    const seen = new Set<string>();
    for (const id of ids) for (const r of map.get(id) ?? []) if (!seen.has(r.key)) (seen.add(r.key), out.push(r));
    return out;
  }

  #parentId(d: Domain): string | undefined {
    return d.parent ? this.catalog.get(d.parent)?.id : undefined;
  }

  #indexDomains(): void {
    const domains = this.latest('domain');
    for (const d of domains) {
      const parent = this.#parentId(d);
      if (parent) push(this.#children, parent, d);
    }
    for (const d of domains) {
      const set = new Set<string>();
      const visit = (x: Domain) => {
        if (set.has(x.id)) return;
        set.add(x.id);
        for (const c of this.#children.get(x.id) ?? []) visit(c);
      };
      visit(d);
      this.#domainSets.set(d.id, set);
      // A domain's own lists place resources that live elsewhere (EventCatalog's `services:`).
      for (const link of [...d.services, ...d.flows, ...d.entities, ...d.systems, ...d.agents, ...d.dataProducts]) {
        const t = this.catalog.get(link.target);
        if (t) this.#homeDomain.set(`${familyOf(t.kind)}:${t.id}`, d.id);
      }
    }
    for (const r of this.catalog.resources) {
      if (!r.isLatest || !r.domain) continue;
      const id = this.catalog.get(r.domain)?.id;
      const k = `${familyOf(r.kind)}:${r.id}`;
      if (id && !this.#homeDomain.has(k)) this.#homeDomain.set(k, id);
    }
    for (const r of this.catalog.resources) {
      if (!r.isLatest) continue;
      const id = this.domainIdOf(r);
      if (!id) continue;
      if (r.kind === 'service') push(this.#servicesIn, id, r);
      else if (isMessageKind(r.kind)) push(this.#messagesIn, id, r as Message);
      else if (r.kind === 'flow') push(this.#flowsIn, id, r);
      else if (r.kind === 'entity') push(this.#entitiesIn, id, r);
    }
    // Messages a domain's services send belong to it too (when they live in a shared folder).
    for (const [id, services] of this.#servicesIn) {
      const have = new Set((this.#messagesIn.get(id) ?? []).map((m) => m.id));
      for (const s of services) {
        for (const l of s.sends) {
          const m = this.latestOf(this.catalog.get(l.target) as Message | undefined);
          if (m && !have.has(m.id) && !this.domainIdOf(m)) (have.add(m.id), push(this.#messagesIn, id, m));
        }
      }
    }
    for (const list of [this.#servicesIn, this.#messagesIn, this.#flowsIn, this.#entitiesIn]) {
      for (const items of list.values()) items.sort((a, b) => a.name.localeCompare(b.name));
    }
  }

  #indexFiles(): void {
    for (const r of this.catalog.resources) {
      this.#files.set(r.file, { type: 'page', path: resourcePath(r) });
      if ('schema' in r && r.schema) this.#files.set(r.schema.file, { type: 'page', path: `${resourcePath(r)}#schema` });
      // An HTTP operation's response bodies are shown on its page, each under its status.
      if ('operation' in r && r.operation) for (const res of r.operation.responses) if (res.schema) this.#files.set(res.schema.file, { type: 'page', path: `${resourcePath(r)}#response-${res.status}` });
      if (r.kind === 'service') {
        for (const spec of r.specifications) this.#files.set(spec.file, { type: 'page', path: specPath(r, specSlug(r, spec)) });
      }
      if (r.changelog) this.#files.set(r.changelog.file, { type: 'page', path: `${resourcePath(r)}#changelog` });
      if (r.isLatest) for (const d of r.docs) this.#files.set(d.file, { type: 'page', path: resourceDocPath(r, d.id) });
    }
    for (const g of this.catalog.guides) this.#files.set(g.file, { type: 'page', path: guidePath(g.id) });
    for (const p of this.catalog.pages) this.#files.set(p.file, { type: 'page', path: customPagePath(p.id) });
    for (const f of this.catalog.files) if (IMAGE.test(f)) this.#files.set(f, { type: 'asset' });
  }

  /** Catalog images served under `/catalog-files/`. */
  assets(): string[] {
    return this.catalog.files.filter((f) => IMAGE.test(f));
  }

  guide(id: string): Guide | undefined {
    return this.#guideIds.get(id);
  }

  /** How links written in `file` resolve. */
  links(file: string): LinkContext {
    return {
      file,
      lookup: (f) => this.#files.get(f),
      latest: (kind, id, version) => {
        const family = familyOf(kind);
        if (!version) return this.#familyLatest.get(`${family}:${id}`);
        return this.catalog.versions(family, id).find((r) => r.version === version);
      },
    };
  }

  /** The versions before and after this one. */
  neighbours<T extends Resource>(r: T): { previous?: T; next?: T } {
    const list = this.catalog.versionsOf(r);
    const i = list.findIndex((v) => v.key === r.key);
    return { previous: list[i - 1], next: list[i + 1] };
  }

  /** Number of latest, visible resources of each kind. */
  counts(): Map<ResourceKind, number> {
    const out = new Map<ResourceKind, number>();
    for (const [kind, list] of this.#latest) out.set(kind, list.filter((r) => !r.hidden).length);
    return out;
  }
}

/** The URL slug of a service's specification: `asyncapi`, `openapi`, or with a name when there are several. */
export function specSlug(service: Service, spec: Service['specifications'][number]): string {
  const sameType = service.specifications.filter((s) => s.type === spec.type);
  if (sameType.length === 1) return spec.type;
  const i = sameType.indexOf(spec);
  const name = (spec.name ?? spec.title ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${spec.type}-${name || i + 1}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
