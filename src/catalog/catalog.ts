/**
 * The loaded catalog: one immutable graph of resources, with the indexes every reader needs (versions,
 * producers and consumers of each message version, messages on each channel, what each owner owns).
 * Built only by `loadCatalog`; everything else in Waybill reads it.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { CatalogConfig } from './frontmatter.generated.ts';
import { SourceLocator, type Position } from './locate.ts';
import {
  familyOf,
  type Adr,
  type Agent,
  type Container,
  type CustomPage,
  type DataProduct,
  type Diagram,
  type System,
  type Channel,
  type Domain,
  type Entity,
  type Flow,
  type Guide,
  type KindFamily,
  type Link,
  type Message,
  type MessageEndpoint,
  type Resource,
  type ResourceKind,
  type Service,
  type Team,
  type User,
} from './model.ts';
import { compareVersions } from './versions.ts';
import { FREEZE_DEEPLY } from './lazy-document.ts';

type ByKind = {
  domain: Domain;
  service: Service;
  event: Message;
  command: Message;
  query: Message;
  channel: Channel;
  flow: Flow;
  entity: Entity;
  team: Team;
  user: User;
  system: System;
  container: Container;
  adr: Adr;
  'data-product': DataProduct;
  agent: Agent;
  diagram: Diagram;
};

export interface CatalogParts {
  root: string;
  config: CatalogConfig;
  configFile?: string;
  resources: Resource[];
  guides: Guide[];
  /** Custom pages (`pages/*.md`). */
  pages?: CustomPage[];
  diagnostics: Diagnostic[];
  documents: Map<string, unknown>;
  files: string[];
  /** Shared with the loader, so files it already located are not read again. */
  locator?: SourceLocator;
  /** Where a file is on disk, for files of included catalogs (default: below the root). */
  pathOf?: (file: string) => string;
  /** Files that another document's `$ref` reaches. */
  referenced?: ReadonlySet<string>;
}

export class Catalog {
  /** Absolute path of the catalog folder. */
  readonly root: string;
  readonly config: Readonly<CatalogConfig>;
  readonly configFile?: string;
  /** Every resource, every version, in a stable order (kind, id, version). */
  readonly resources: readonly Resource[];
  readonly guides: readonly Guide[];
  /** Custom pages (`pages/*.md`); the one with id `homepage` replaces the site's home page. */
  readonly pages: readonly CustomPage[];
  /** Problems found while loading (unreadable files, invalid frontmatter, broken schemas, …). */
  readonly diagnostics: readonly Diagnostic[];
  /** Every file below the root (relative posix paths). */
  readonly files: readonly string[];
  /** Parsed schema documents (and the files they reference) by path. */
  readonly documents: ReadonlyMap<string, unknown>;
  /** Files that another document's `$ref` reaches: editing one changes the documents that refer to it. */
  readonly referenced: ReadonlySet<string>;

  readonly #byKey = new Map<string, Resource>();
  readonly #versions = new Map<string, Resource[]>();
  readonly #producers = new Map<string, MessageEndpoint[]>();
  readonly #consumers = new Map<string, MessageEndpoint[]>();
  readonly #onChannel = new Map<string, Set<string>>();
  readonly #owned = new Map<string, Resource[]>();
  readonly #writers = new Map<string, (Service | Agent)[]>();
  readonly #readers = new Map<string, (Service | Agent)[]>();
  readonly #fileSet: Set<string>;
  readonly #locator: SourceLocator;
  readonly #pathOf?: (file: string) => string;

  constructor(parts: CatalogParts) {
    this.root = parts.root;
    this.config = parts.config;
    this.configFile = parts.configFile;
    const freeze = DEEP_FREEZE ? deepFreeze : shallowFreeze;
    this.resources = Object.freeze(parts.resources.map(freeze));
    this.guides = Object.freeze(parts.guides.map(freeze));
    this.pages = Object.freeze((parts.pages ?? []).map(freeze));
    this.diagnostics = Object.freeze(parts.diagnostics.map((d) => Object.freeze(d)));
    this.files = Object.freeze(parts.files);
    this.#fileSet = new Set(parts.files);
    this.#pathOf = parts.pathOf;
    this.documents = parts.documents;
    this.referenced = parts.referenced ?? new Set();
    this.#locator = parts.locator ?? new SourceLocator(parts.root);
    for (const r of this.resources) {
      this.#byKey.set(r.key, r);
      const vk = versionKey(familyOf(r.kind), r.id);
      const list = this.#versions.get(vk);
      if (list) list.push(r);
      else this.#versions.set(vk, [r]);
      for (const owner of r.owners) if (owner.target) push(this.#owned, owner.target, r);
    }
    for (const list of this.#versions.values()) list.sort((a, b) => compareVersions(a.version, b.version));
    this.#deriveEndpoints();
    Object.freeze(this);
  }

  #deriveEndpoints(): void {
    for (const service of this.services()) {
      if (!service.isLatest) continue;
      for (const link of service.sends) {
        if (!link.target) continue;
        const channels = link.channels.flatMap((c) => (c.target ? [c.target] : []));
        push(this.#producers, link.target, { service: service.key, channels, link });
        for (const c of channels) add(this.#onChannel, c, link.target);
      }
      for (const link of service.receives) {
        if (!link.target) continue;
        const channels = link.channels.flatMap((c) => (c.target ? [c.target] : []));
        push(this.#consumers, link.target, { service: service.key, channels, link });
        for (const c of channels) add(this.#onChannel, c, link.target);
      }
    }
    for (const message of this.messages()) {
      for (const c of message.channels) if (c.target) add(this.#onChannel, c.target, message.key);
    }
    for (const r of this.resources) {
      if ((r.kind !== 'service' && r.kind !== 'agent') || !r.isLatest) continue;
      for (const l of r.writesTo) if (l.target) push(this.#writers, l.target, r);
      for (const l of r.readsFrom) if (l.target) push(this.#readers, l.target, r);
    }
  }

  /** Services and agents (latest versions) that write to a data store (`writesTo`). */
  writersOf(container: Container): readonly (Service | Agent)[] {
    return this.#writers.get(container.key) ?? [];
  }

  /** Services and agents (latest versions) that read from a data store (`readsFrom`). */
  readersOf(container: Container): readonly (Service | Agent)[] {
    return this.#readers.get(container.key) ?? [];
  }

  /** Latest resources that belong to a system (in its folder, or listed in its frontmatter). */
  inSystem(system: System): Resource[] {
    return this.resources.filter((r) => r.isLatest && r.system === system.key);
  }

  /** The resource with this key (`service:Stores@1.0.0`). */
  get(key: string | undefined): Resource | undefined {
    return key === undefined ? undefined : this.#byKey.get(key);
  }

  /** Follows a link to the resource it resolved to. */
  resolve<T extends Resource = Resource>(link: Link | undefined): T | undefined {
    return link?.target ? (this.#byKey.get(link.target) as T | undefined) : undefined;
  }

  /** Every version of `id` in a family, oldest first. */
  versions(family: KindFamily, id: string): readonly Resource[] {
    return this.#versions.get(versionKey(family, id)) ?? [];
  }

  /** Every version of the same resource as `r`, oldest first. */
  versionsOf<T extends Resource>(r: T): readonly T[] {
    return this.versions(familyOf(r.kind), r.id) as readonly T[];
  }

  /** The latest version of `id` in a family. */
  latest(family: KindFamily, id: string): Resource | undefined {
    const list = this.#versions.get(versionKey(family, id));
    return list?.[list.length - 1];
  }

  /** All ids of a family (for "did you mean"). */
  ids(family: KindFamily): string[] {
    const prefix = `${family}\u0000`;
    return [...this.#versions.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  all<K extends ResourceKind & keyof ByKind>(kind: K): ByKind[K][] {
    return this.resources.filter((r) => r.kind === kind) as ByKind[K][];
  }

  domains(): Domain[] {
    return this.all('domain');
  }
  services(): Service[] {
    return this.all('service');
  }
  messages(): Message[] {
    return this.resources.filter((r): r is Message => r.kind === 'event' || r.kind === 'command' || r.kind === 'query');
  }
  channels(): Channel[] {
    return this.all('channel');
  }
  flows(): Flow[] {
    return this.all('flow');
  }
  entities(): Entity[] {
    return this.all('entity');
  }
  teams(): Team[] {
    return this.all('team');
  }
  users(): User[] {
    return this.all('user');
  }
  systems(): System[] {
    return this.all('system');
  }
  containers(): Container[] {
    return this.all('container');
  }
  adrs(): Adr[] {
    return this.all('adr');
  }
  dataProducts(): DataProduct[] {
    return this.all('data-product');
  }
  agents(): Agent[] {
    return this.all('agent');
  }
  diagrams(): Diagram[] {
    return this.all('diagram');
  }

  /** Services (latest versions) that send this message version, with the channels they use. */
  producersOf(message: Message): readonly MessageEndpoint[] {
    return this.#producers.get(message.key) ?? [];
  }

  /** Services (latest versions) that receive this message version. */
  consumersOf(message: Message): readonly MessageEndpoint[] {
    return this.#consumers.get(message.key) ?? [];
  }

  /** Message versions carried on a channel (declared by the message or by a service's to/from). */
  messagesOn(channel: Channel): Message[] {
    return [...(this.#onChannel.get(channel.key) ?? [])].map((k) => this.#byKey.get(k) as Message).filter(Boolean);
  }

  /** Resources whose `owners` name this team or user. */
  ownedBy(owner: Team | User): readonly Resource[] {
    return this.#owned.get(owner.key) ?? [];
  }

  /** Latest resources that belong to a domain (directly, or through its subdomains when `deep`). */
  inDomain(domain: Domain, deep = false): Resource[] {
    const keys = new Set([domain.key]);
    if (deep) {
      for (const d of this.domains()) {
        let parent = d.parent;
        while (parent) {
          if (parent === domain.key) keys.add(d.key);
          parent = (this.#byKey.get(parent) as Domain | undefined)?.parent;
        }
      }
    }
    return this.resources.filter((r) => r.isLatest && r.domain !== undefined && keys.has(r.domain));
  }

  /** True when the catalog holds this file (relative posix path). */
  hasFile(file: string): boolean {
    return this.#fileSet.has(file);
  }

  /**
   * Line and column of a field path in a catalog file: frontmatter fields for Markdown files, JSON
   * pointers for schema and spec documents. Reads the file again (only files a diagnostic points into).
   */
  /**
   * Where a catalog file is on disk: below the root, or — for a file of an included catalog, named
   * `../team-a/…` or `repo@ref:path` — in that catalog's folder (a git one unpacked for this process).
   */
  /**
   * This catalog with one file's edit applied: `resources` and `documents` replace this catalog's, and the
   * loader's findings about `file` are replaced by `diagnostics`. Where files are (included catalogs) is
   * kept; positions are read afresh, since the edited file's lines may have moved.
   */
  withEdit(file: string, change: { resources: Resource[]; documents: Map<string, unknown>; diagnostics: Diagnostic[] }): Catalog {
    return new Catalog({
      root: this.root,
      config: this.config,
      configFile: this.configFile,
      resources: change.resources,
      guides: [...this.guides],
      pages: [...this.pages],
      diagnostics: [...this.diagnostics.filter((d) => d.file !== file), ...change.diagnostics],
      documents: change.documents,
      files: [...this.files],
      pathOf: this.#pathOf,
      locator: new SourceLocator(this.root, this.#pathOf),
      referenced: this.referenced,
    });
  }

  pathOf(file: string): string {
    return this.#pathOf?.(file) ?? path.join(this.root, file);
  }

  locate(file: string, fieldPath: readonly (string | number)[]): Position {
    return this.#locator.locate(file, fieldPath);
  }

  /** Positions of many field paths in one file, which is read and scanned once. */
  locateAll(file: string, fieldPaths: readonly (readonly (string | number)[])[]): Position[] {
    return this.#locator.locateAll(file, fieldPaths);
  }
}

function versionKey(family: KindFamily, id: string): string {
  return `${family}\u0000${id}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/**
 * Whether the graph is frozen all the way down: under the tests (Vitest sets VITEST) and with
 * WAYBILL_FREEZE=1, so a rule or page that writes to the graph fails there. Elsewhere each resource is
 * frozen at its top level only and the readonly model types guard the rest: freezing every nested object
 * of a 10,000-message catalog (~350,000 objects) cost 0.2–0.45 s of a lint's CPU, freezing the top level
 * 2–19 ms (measured in the lintcache round of issue 16).
 */
const DEEP_FREEZE = FREEZE_DEEPLY;

function shallowFreeze<T>(value: T): T {
  return Object.freeze(value);
}

/**
 * Freezes a resource and everything it holds, except the insides of parsed schema and spec documents
 * (large trees, typed read-only): walking them would cost more than the rest of the load.
 */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else if (!(value instanceof Map || value instanceof Set)) {
    // for…in, not Object.entries: no array per object (at 10,000 messages 0.57 s of CPU became 0.15 s).
    const record = value as Record<string, unknown>;
    for (const key in record) {
      // A schema's value read on first use (lazy-document.ts) is frozen when it is read, and not read here.
      if (key === 'value' && Object.getOwnPropertyDescriptor(record, key)?.get) continue;
      const child = record[key];
      if ((key === 'value' || key === 'document') && child && typeof child === 'object') Object.freeze(child);
      else deepFreeze(child);
    }
  }
  return value;
}
