/**
 * The catalog's layout, in one table: for every kind, the folder(s) that hold it on disk, the URL
 * segment of its pages, its labels, the frontmatter schema that validates it and the type name used in
 * `[[type|id]]` references and EventCatalog's typed pointers. Every reader (the loader's classifier,
 * site paths, links, `waybill new`, the importers, the generator) derives from this table, so a new kind
 * is one entry here plus its page.
 */
import type { KindFamily, ResourceKind } from './model.ts';

/** Name of a frontmatter schema in src/schemas/ (`<name>.schema.json`). */
export type SchemaName =
  | 'domain'
  | 'service'
  | 'message'
  | 'channel'
  | 'flow'
  | 'entity'
  | 'system'
  | 'container'
  | 'adr'
  | 'data-product'
  | 'agent'
  | 'diagram'
  | 'team'
  | 'user'
  | 'guide'
  | 'resource-doc'
  | 'custom-page'
  | 'ubiquitous-language'
  | 'changelog'
  | 'config';

/** One kind's row of the layout table. */
export interface KindLayout {
  readonly kind: ResourceKind;
  /** Kinds of one family share an id space (`sends` names a message without saying which kind). */
  readonly family: KindFamily;
  /** Folder names holding this kind on disk; the first is the one Waybill writes. */
  readonly folders: readonly string[];
  /** URL segment of its pages: `/events/<id>/`. */
  readonly segment: string;
  readonly singular: string;
  readonly plural: string;
  readonly schema: SchemaName;
  /** False for teams and users: one file each (`teams/<id>.md`), no versions. */
  readonly versioned: boolean;
  /** The type in `[[type|id]]` and in EventCatalog's typed pointers (`appliesTo[].type`). */
  readonly refType: string;
  /**
   * Whether a resource folder of this kind may sit inside another folder of the same kind
   * (`systems/Checkout/systems/Payments/`, or grouping folders: `channels/<group>/<id>/`, `flows/<group>/<id>/`).
   */
  readonly nests: boolean;
}

/** Every kind of the model, in the order the site lists them. */
export const LAYOUT: readonly KindLayout[] = [
  { kind: 'domain', family: 'domain', folders: ['domains', 'subdomains'], segment: 'domains', singular: 'Domain', plural: 'Domains', schema: 'domain', versioned: true, refType: 'domain', nests: false },
  { kind: 'system', family: 'system', folders: ['systems'], segment: 'systems', singular: 'System', plural: 'Systems', schema: 'system', versioned: true, refType: 'system', nests: true },
  { kind: 'service', family: 'service', folders: ['services'], segment: 'services', singular: 'Service', plural: 'Services', schema: 'service', versioned: true, refType: 'service', nests: false },
  { kind: 'agent', family: 'agent', folders: ['agents'], segment: 'agents', singular: 'Agent', plural: 'Agents', schema: 'agent', versioned: true, refType: 'agent', nests: false },
  { kind: 'event', family: 'message', folders: ['events'], segment: 'events', singular: 'Event', plural: 'Events', schema: 'message', versioned: true, refType: 'event', nests: false },
  { kind: 'command', family: 'message', folders: ['commands'], segment: 'commands', singular: 'Command', plural: 'Commands', schema: 'message', versioned: true, refType: 'command', nests: false },
  { kind: 'query', family: 'message', folders: ['queries'], segment: 'queries', singular: 'Query', plural: 'Queries', schema: 'message', versioned: true, refType: 'query', nests: false },
  { kind: 'channel', family: 'channel', folders: ['channels'], segment: 'channels', singular: 'Channel', plural: 'Channels', schema: 'channel', versioned: true, refType: 'channel', nests: true },
  { kind: 'container', family: 'container', folders: ['containers'], segment: 'containers', singular: 'Data store', plural: 'Data stores', schema: 'container', versioned: true, refType: 'container', nests: true },
  { kind: 'data-product', family: 'data-product', folders: ['data-products'], segment: 'data-products', singular: 'Data product', plural: 'Data products', schema: 'data-product', versioned: true, refType: 'data-product', nests: false },
  { kind: 'flow', family: 'flow', folders: ['flows'], segment: 'flows', singular: 'Flow', plural: 'Flows', schema: 'flow', versioned: true, refType: 'flow', nests: true },
  { kind: 'entity', family: 'entity', folders: ['entities'], segment: 'entities', singular: 'Entity', plural: 'Entities', schema: 'entity', versioned: true, refType: 'entity', nests: false },
  { kind: 'diagram', family: 'diagram', folders: ['diagrams'], segment: 'diagrams', singular: 'Diagram', plural: 'Diagrams', schema: 'diagram', versioned: true, refType: 'diagram', nests: true },
  { kind: 'adr', family: 'adr', folders: ['adrs'], segment: 'adrs', singular: 'Decision record', plural: 'Decision records', schema: 'adr', versioned: true, refType: 'adr', nests: false },
  { kind: 'team', family: 'team', folders: ['teams'], segment: 'teams', singular: 'Team', plural: 'Teams', schema: 'team', versioned: false, refType: 'team', nests: false },
  { kind: 'user', family: 'user', folders: ['users'], segment: 'users', singular: 'User', plural: 'Users', schema: 'user', versioned: false, refType: 'user', nests: false },
];

const BY_KIND = new Map(LAYOUT.map((l) => [l.kind, l]));
const BY_FOLDER = new Map(LAYOUT.flatMap((l) => l.folders.map((f) => [f, l] as const)));
const BY_SEGMENT = new Map(LAYOUT.map((l) => [l.segment, l]));
const BY_REF_TYPE = new Map(LAYOUT.map((l) => [l.refType, l]));

/** The layout row of a kind. */
export function layoutOf(kind: ResourceKind): KindLayout {
  return BY_KIND.get(kind) as KindLayout;
}

/** The versioned kind a folder holds (`events` → event; `subdomains` → domain), or undefined. */
export function kindOfFolder(folder: string | undefined): KindLayout | undefined {
  const layout = folder === undefined ? undefined : BY_FOLDER.get(folder);
  return layout?.versioned ? layout : undefined;
}

/** The kind whose pages live under a URL segment (`events` → event), or undefined. */
export function kindOfSegment(segment: string): ResourceKind | undefined {
  return BY_SEGMENT.get(segment)?.kind;
}

/**
 * The kind a `[[type|id]]` type names. EventCatalog's spellings are accepted too: plural folder names
 * (`services`), `dataProduct` and `data-products`, and `message` (any of event, command, query).
 */
export function kindOfRefType(type: string): { kind?: ResourceKind; family: KindFamily } | undefined {
  const t = type.trim();
  const exact = BY_REF_TYPE.get(t) ?? BY_FOLDER.get(t) ?? BY_SEGMENT.get(t);
  if (exact) return { kind: exact.kind, family: exact.family };
  const lower = t.toLowerCase().replace(/_/g, '-');
  if (lower === 'message' || lower === 'messages') return { family: 'message' };
  if (lower === 'dataproduct' || lower === 'dataproducts') return { kind: 'data-product', family: 'data-product' };
  const loose = BY_REF_TYPE.get(lower) ?? BY_FOLDER.get(lower) ?? BY_SEGMENT.get(lower);
  return loose ? { kind: loose.kind, family: loose.family } : undefined;
}

/** Every `[[type|…]]` type Waybill knows, for did-you-mean hints. */
export const REF_TYPES: readonly string[] = [...LAYOUT.map((l) => l.refType), 'message'];

/** Kinds of a family (`message` → event, command, query). */
export function kindsOfFamily(family: KindFamily): ResourceKind[] {
  return LAYOUT.filter((l) => l.family === family).map((l) => l.kind);
}

/** Every versioned kind's folder names, for hints: `domains, systems, services, …`. */
export function folderList(): string {
  return LAYOUT.filter((l) => l.versioned).map((l) => l.folders[0]).join(', ');
}

/** Folder names that hold resource documentation pages inside a resource folder. */
export const RESOURCE_DOCS_FOLDER = 'docs';
/** The folder of a federated catalog's copies: `federated/<name>/…` holds a whole catalog layout. */
export const FEDERATED_FOLDER = 'federated';
/** Folder of custom pages (`pages/homepage.mdx`). */
export const PAGES_FOLDER = 'pages';
