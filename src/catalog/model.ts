/**
 * The catalog model: every resource as plain, serialisable, frozen data. Cross-references are stored
 * as resource keys (`service:Stores@1.0.0`) and followed through the {@link Catalog} that owns them, so
 * the same objects can be handed to Astro's content layer, the graph builder or a JSON report.
 */
import type {
  AdrFrontmatter,
  AgentFrontmatter,
  ChannelFrontmatter,
  ContainerFrontmatter,
  DataProductFrontmatter,
  DiagramFrontmatter,
  DomainFrontmatter,
  EntityFrontmatter,
  ResourceDocFrontmatter,
  CustomPageFrontmatter,
  SystemFrontmatter,
  FlowFrontmatter,
  GuideFrontmatter,
  MessageFrontmatter,
  ServiceFrontmatter,
  TeamFrontmatter,
  UserFrontmatter,
} from './frontmatter.generated.ts';

export type MessageKind = 'event' | 'command' | 'query';
/** EventCatalog 4's newer collections, each a kind of its own. */
export type ArchitectureKind = 'system' | 'container' | 'adr' | 'data-product' | 'agent' | 'diagram';
export type VersionedKind = 'domain' | 'service' | MessageKind | 'channel' | 'flow' | 'entity' | ArchitectureKind;
export type ResourceKind = VersionedKind | 'team' | 'user';
/** Kinds that share one id space: a `sends` entry names a message without saying which kind. */
export type KindFamily = 'domain' | 'service' | 'message' | 'channel' | 'flow' | 'entity' | 'team' | 'user' | ArchitectureKind;

export const MESSAGE_KINDS: readonly MessageKind[] = ['event', 'command', 'query'];
/** Every kind, in the order of the layout table (src/catalog/layout.ts). */
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'domain', 'system', 'service', 'agent', 'event', 'command', 'query', 'channel', 'container', 'data-product', 'flow', 'entity', 'diagram', 'adr', 'team', 'user',
];

export function familyOf(kind: ResourceKind): KindFamily {
  return kind === 'event' || kind === 'command' || kind === 'query' ? 'message' : kind;
}

export function isMessageKind(kind: string): kind is MessageKind {
  return kind === 'event' || kind === 'command' || kind === 'query';
}

/** A place in a catalog file: path relative to the catalog root (posix), 1-based line and column. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A reference written in a file, and what it resolved to. */
export interface Link {
  readonly id: string;
  /** As written: `latest` when omitted, an exact version or a semver range. */
  readonly version: string;
  /** Key of the resolved resource; absent when nothing matches. */
  readonly target?: string;
  /** Field path of the reference inside the frontmatter, e.g. ['sends', 2]. */
  readonly path: readonly (string | number)[];
}

export interface MessageLink extends Link {
  /** Channels named in `to` / `from`, else the message's own channels. */
  readonly channels: readonly Link[];
  /** Waybill: payload fields a consumer reads. */
  readonly fields?: readonly string[];
  /** Waybill: consumer group. */
  readonly group?: string;
  /** Waybill: the answer to this message when it is a request (AsyncAPI 3 `reply`). */
  readonly reply?: MessageReply;
  /** Waybill: the AsyncAPI operation it travels in (id, title, summary, description, bindings, traits), as imported. */
  readonly operation?: Readonly<Record<string, unknown>>;
  /**
   * Waybill: when it travels this way through several channels, each channel's operation (`channel` is
   * the channel id; the other fields as in `operation`), as imported.
   */
  readonly operations?: readonly Readonly<Record<string, unknown>>[];
}

/** The reply to a request message: the messages that may come back, and where they go. */
export interface MessageReply {
  readonly channel?: Link;
  /** A runtime expression saying where the reply goes, when the request carries it. */
  readonly address?: string;
  readonly messages: readonly Link[];
}

export interface Changelog {
  readonly file: string;
  readonly body: string;
  /** Line of the file where the body starts (for diagnostics in it). */
  readonly bodyLine?: number;
}

/** A reference that names its kind (`appliesTo`, `resourceGroups[].items`, `[[type|id]]`). */
export interface TypedLink extends Link {
  /** The type as written: `service`, `event`, `data-product`, … */
  readonly type: string;
}

/** An attachment (EventCatalog `attachments`): a URL, with a title and type when given. */
export interface Attachment {
  readonly url: string;
  readonly title?: string;
  readonly type?: string;
  readonly description?: string;
  readonly icon?: string;
}

/** A named group of references shown as a table (EventCatalog `resourceGroups`). */
export interface ResourceGroup {
  readonly id?: string;
  readonly title?: string;
  readonly items: readonly TypedLink[];
  readonly limit: number;
  readonly sidebar: boolean;
}

/** A documentation page kept inside a resource's folder (`<resource>/docs/**`). */
export interface ResourceDoc {
  /** `id` from the frontmatter, else the path below docs/ without extension. */
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** Free-form grouping (`type: runbook`); the folder below docs/ when absent. */
  readonly type?: string;
  readonly order: number;
  readonly hidden: boolean;
  readonly file: string;
  readonly format: 'md' | 'mdx';
  readonly frontmatter: Readonly<ResourceDocFrontmatter>;
  readonly body: string;
  readonly bodyLine: number;
}

/** A term of a domain's ubiquitous language (`ubiquitous-language.mdx` → `dictionary`). */
export interface Term {
  readonly id: string;
  readonly name: string;
  readonly summary?: string;
  /** Markdown. */
  readonly description?: string;
  readonly icon?: string;
  readonly editUrl?: string;
}

/** A custom page (`pages/*.md[x]`); `homepage` replaces the site's home page. */
export interface CustomPage {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly format: 'md' | 'mdx';
  readonly frontmatter: Readonly<CustomPageFrontmatter>;
  readonly body: string;
  readonly bodyLine: number;
}

/** A schema file a message (or entity) points at, parsed. */
export interface SchemaDocument {
  readonly file: string;
  readonly format: 'json-schema' | 'avro' | 'protobuf';
  /** JSON Schema dialect URI (from `$schema`), when it has one. */
  readonly dialect?: string;
  /** Parsed value: a JSON Schema or Avro schema object; for Protobuf the field tree below. */
  readonly value: unknown;
  /** For Avro and Protobuf: the top-level fields, for display and diffs. */
  readonly fields?: readonly SchemaField[];
}

export interface SchemaField {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly repeated?: boolean;
  readonly description?: string;
  readonly fields?: readonly SchemaField[];
}

/** An AsyncAPI or OpenAPI document attached to a resource. */
export interface SpecDocument {
  readonly file: string;
  readonly type: 'asyncapi' | 'openapi' | 'graphql';
  /** `asyncapi`, `openapi` or `swagger` field value, e.g. 2.3.0, 3.1.0, 2.0; empty for GraphQL. */
  readonly specVersion: string;
  readonly title: string;
  readonly name?: string;
  /** The document as parsed (YAML or JSON), not dereferenced. */
  readonly document: Readonly<Record<string, unknown>>;
  /** GraphQL: the schema's SDL text, as written (the document is then empty). */
  readonly source?: string;
}

/** Where an included resource comes from (federation: `include` in the catalog config). */
export interface ResourceOrigin {
  /** The included catalog's name: as configured, else its folder or repository name. */
  readonly name: string;
  /** `folder`: another folder on disk; `git`: a folder of a local git repository at a ref. */
  readonly kind: 'folder' | 'git';
  /** `folder`: the folder as configured; `git`: the catalog folder inside the repository (absent: its root). */
  readonly path?: string;
  /** `git`: the repository as configured. */
  readonly repository?: string;
  /** `git`: the ref as configured. */
  readonly ref?: string;
  /** `git`: the commit the ref named when the catalog was loaded. */
  readonly commit?: string;
}

interface ResourceBase<K extends ResourceKind, F> {
  readonly kind: K;
  readonly id: string;
  /** Empty for teams and users. */
  readonly version: string;
  readonly name: string;
  readonly summary: string;
  /** `kind:id@version`, unique in the catalog. */
  readonly key: string;
  /**
   * Source file relative to the catalog root; for an included resource, relative to the root too
   * (`../team-a/services/X/index.md`) or, read from git, `repository@ref:path` (see {@link origin}).
   */
  readonly file: string;
  /** Set on a resource of an included catalog: where it comes from. */
  readonly origin?: ResourceOrigin;
  readonly format: 'md' | 'mdx';
  readonly frontmatter: Readonly<F>;
  readonly body: string;
  /** Line of the file where the body starts. */
  readonly bodyLine: number;
  readonly owners: readonly Link[];
  /** Highest version of its id. */
  readonly isLatest: boolean;
  readonly draft: boolean;
  /** EventCatalog's `draft: { title, message }`: the banner a draft shows. */
  readonly draftNote?: { readonly title?: string; readonly message?: string };
  /** Where to edit this resource (`editUrl`), when given. */
  readonly editUrl?: string;
  readonly deprecated?: { readonly message?: string; readonly date?: string };
  readonly hidden: boolean;
  readonly changelog?: Changelog;
  /** Key of the domain this resource belongs to (by folder or by a domain's reference). */
  readonly domain?: string;
  /** Key of the service whose folder holds this resource (messages nested under a service). */
  readonly folderService?: string;
  readonly specifications: readonly SpecDocument[];
  /** Key of the system this resource belongs to (by folder, or listed in a system's `services`/`containers`/…). */
  readonly system?: string;
  /** Set on a resource read from `federated/<name>/`: that name. */
  readonly federated?: string;
  /** Custom properties: every `x-*` field of the frontmatter, in written order. */
  readonly customProperties: Readonly<Record<string, unknown>>;
  readonly attachments: readonly Attachment[];
  readonly resourceGroups: readonly ResourceGroup[];
  /** Diagrams this resource shows (`diagrams`). */
  readonly diagrams: readonly Link[];
  /** Pages of its `docs/` folder, in order. */
  readonly docs: readonly ResourceDoc[];
}

/** How a service or agent uses a data store. */
export interface DataLink extends Link {
  readonly access: 'write' | 'read';
}

export interface Domain extends ResourceBase<'domain', DomainFrontmatter> {
  /** Key of the parent domain when this is a subdomain. */
  readonly parent?: string;
  readonly services: readonly Link[];
  readonly subdomains: readonly Link[];
  readonly entities: readonly Link[];
  readonly flows: readonly Link[];
  readonly systems: readonly Link[];
  readonly agents: readonly Link[];
  readonly dataProducts: readonly Link[];
  readonly sends: readonly MessageLink[];
  readonly receives: readonly MessageLink[];
  /** The domain's `ubiquitous-language.md`: its body, and its `dictionary` as `terms`. */
  readonly ubiquitousLanguage?: Changelog & { readonly terms: readonly Term[] };
  /** The ubiquitous language's `dictionary`: one entry per term (the same list as `ubiquitousLanguage.terms`). */
  readonly terms: readonly Term[];
}

/** A message a service or agent receives that makes it send others (`receives[].triggers`). */
export interface Trigger extends Link {
  readonly condition?: string;
}

export interface ReceiveLink extends MessageLink {
  readonly triggers?: readonly Trigger[];
}

export interface Service extends ResourceBase<'service', ServiceFrontmatter> {
  readonly sends: readonly MessageLink[];
  readonly receives: readonly ReceiveLink[];
  readonly entities: readonly Link[];
  readonly flows: readonly Link[];
  /** Data stores it writes to (`writesTo`). */
  readonly writesTo: readonly Link[];
  /** Data stores it reads from (`readsFrom`). */
  readonly readsFrom: readonly Link[];
  /** EventCatalog `externalSystem: true`: a system outside the organisation. */
  readonly external: boolean;
}

export interface Agent extends ResourceBase<'agent', AgentFrontmatter> {
  readonly sends: readonly MessageLink[];
  readonly receives: readonly ReceiveLink[];
  readonly writesTo: readonly Link[];
  readonly readsFrom: readonly Link[];
  readonly flows: readonly Link[];
  readonly model?: { readonly provider?: string; readonly name?: string; readonly version?: string };
  readonly tools: readonly { readonly name: string; readonly type: string; readonly icon?: string; readonly url?: string; readonly description?: string }[];
}

/** A system: a group of services and data stores inside a domain, with its relationships and actors. */
export interface System extends ResourceBase<'system', SystemFrontmatter> {
  readonly scope: 'internal' | 'external';
  readonly services: readonly Link[];
  readonly containers: readonly Link[];
  readonly flows: readonly Link[];
  readonly entities: readonly Link[];
  /** Key of the enclosing system when nested (`systems/A/systems/B/`). */
  readonly parent?: string;
  readonly relationships: readonly (Link & { readonly label?: string })[];
  readonly actors: readonly { readonly id: string; readonly name: string; readonly label?: string; readonly direction: 'inbound' | 'outbound' }[];
}

/** A data store (EventCatalog container): a database, cache, object store, … */
export interface Container extends ResourceBase<'container', ContainerFrontmatter> {
  readonly containerType: string;
  readonly technology?: string;
  readonly purpose?: string;
  readonly authoritative: boolean;
  readonly accessMode?: string;
  readonly classification?: string;
  readonly residency?: string;
  readonly retention?: string;
}

export interface DataProduct extends ResourceBase<'data-product', DataProductFrontmatter> {
  /** Inputs: messages, services, containers or other data products, by id. */
  readonly inputs: readonly Link[];
  readonly outputs: readonly (Link & { readonly contract?: { readonly path: string; readonly name: string; readonly type?: string } })[];
}

export type AdrStatus = 'proposed' | 'accepted' | 'rejected' | 'deprecated' | 'superseded';

/** An architecture decision record. */
export interface Adr extends ResourceBase<'adr', AdrFrontmatter> {
  readonly status: AdrStatus;
  /** ISO date (YYYY-MM-DD). */
  readonly date: string;
  readonly decisionMakers: readonly Link[];
  readonly appliesTo: readonly TypedLink[];
  readonly supersedes: readonly Link[];
  readonly supersededBy: readonly Link[];
  readonly amends: readonly Link[];
  readonly amendedBy: readonly Link[];
  readonly related: readonly Link[];
}

export type Diagram = ResourceBase<'diagram', DiagramFrontmatter>;

export interface Message extends ResourceBase<MessageKind, MessageFrontmatter> {
  readonly channels: readonly Link[];
  readonly schema?: SchemaDocument;
  readonly compatibility: NonNullable<MessageFrontmatter['compatibility']>;
  /**
   * Whether `compatibility` was chosen (in the message or the catalog config) rather than defaulted:
   * a breaking change is an error only under a chosen mode.
   */
  readonly compatibilityChosen: boolean;
  /** Further schemas (`schemas[]`: one per format or environment), as written. */
  readonly schemas: readonly { readonly id?: string; readonly name?: string; readonly path?: string; readonly format?: string; readonly environments?: readonly string[]; readonly default?: boolean }[];
  readonly wireName: string;
  /** The HTTP operation this message is (from `operation`), when it is one. */
  readonly operation?: HttpOperation;
}

/** An HTTP operation behind a message: method, path template, response status codes and schemas. */
export interface HttpOperation {
  /** Upper case; empty when the frontmatter names none (EventCatalog allows `operation` without `method`). */
  readonly method: string;
  readonly path: string;
  readonly statusCodes: readonly string[];
  /** Waybill: the schema of each response body that has one (`operation.responses`). */
  readonly responses: readonly HttpResponse[];
}

export interface HttpResponse {
  readonly status: string;
  /** The schema file as written in the frontmatter. */
  readonly schemaPath: string;
  /** Parsed; absent when the file is missing or broken (a diagnostic says why). */
  readonly schema?: SchemaDocument;
}

export interface Channel extends ResourceBase<'channel', ChannelFrontmatter> {
  readonly address: string;
  readonly protocols: readonly string[];
  readonly deliveryGuarantee?: 'at-most-once' | 'at-least-once' | 'exactly-once';
  /** Channels this one routes to (`routes`, and EventCatalog's older `channels`). */
  readonly routes: readonly Link[];
}

export interface FlowStep {
  readonly id: string;
  readonly title: string;
  readonly summary?: string;
  readonly type: 'message' | 'service' | 'flow' | 'agent' | 'container' | 'data-product' | 'actor' | 'externalSystem' | 'custom';
  readonly ref?: Link;
  readonly actor?: string;
  readonly next: readonly { readonly id: string; readonly label?: string }[];
}

export interface Flow extends ResourceBase<'flow', FlowFrontmatter> {
  readonly steps: readonly FlowStep[];
  readonly latencyBudgetMs?: number;
}

/** A property of an entity; `references` names another entity (a relation). */
export interface EntityProperty {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly description?: string;
  readonly enum?: readonly string[];
  /** The entity this property refers to, resolved. */
  readonly references?: Link;
  readonly referencesIdentifier?: string;
  readonly relationType?: string;
  readonly properties?: readonly EntityProperty[];
  readonly items?: { readonly type: string; readonly properties?: readonly EntityProperty[] };
}

export interface Entity extends ResourceBase<'entity', EntityFrontmatter> {
  readonly schema?: SchemaDocument;
  readonly aggregateRoot: boolean;
  readonly identifier?: string;
  readonly properties: readonly EntityProperty[];
  /** Every entity a property (at any depth) refers to. */
  readonly relations: readonly (Link & { readonly property: string; readonly relationType?: string })[];
  readonly services: readonly Link[];
  readonly domains: readonly Link[];
}

export interface Team extends ResourceBase<'team', TeamFrontmatter> {
  readonly members: readonly Link[];
}

export interface User extends ResourceBase<'user', UserFrontmatter> {
  readonly teams: readonly Link[];
}

export type Resource = Domain | Service | Message | Channel | Flow | Entity | Team | User | System | Container | DataProduct | Agent | Adr | Diagram;

/** A page of the catalog's guide (docs/**). */
export interface Guide {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly order: number;
  readonly file: string;
  readonly format: 'md' | 'mdx';
  readonly frontmatter: Readonly<GuideFrontmatter>;
  readonly body: string;
  readonly bodyLine: number;
}

/** Where a message is produced or consumed. */
export interface MessageEndpoint {
  /** Service key. */
  readonly service: string;
  /** Channel keys it goes through (may be empty). */
  readonly channels: readonly string[];
  /** The `sends` / `receives` entry, for its requested version, fields and group. */
  readonly link: MessageLink;
}

export function resourceKey(kind: ResourceKind, id: string, version: string): string {
  return version ? `${kind}:${id}@${version}` : `${kind}:${id}`;
}
