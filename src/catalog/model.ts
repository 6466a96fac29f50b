/**
 * The catalog model: every resource as plain, serialisable, frozen data. Cross-references are stored
 * as resource keys (`service:Stores@1.0.0`) and followed through the {@link Catalog} that owns them, so
 * the same objects can be handed to Astro's content layer, the graph builder or a JSON report.
 */
import type {
  ChannelFrontmatter,
  DomainFrontmatter,
  EntityFrontmatter,
  FlowFrontmatter,
  GuideFrontmatter,
  MessageFrontmatter,
  ServiceFrontmatter,
  TeamFrontmatter,
  UserFrontmatter,
} from './frontmatter.generated.ts';

export type MessageKind = 'event' | 'command' | 'query';
export type VersionedKind = 'domain' | 'service' | MessageKind | 'channel' | 'flow' | 'entity';
export type ResourceKind = VersionedKind | 'team' | 'user';
/** Kinds that share one id space: a `sends` entry names a message without saying which kind. */
export type KindFamily = 'domain' | 'service' | 'message' | 'channel' | 'flow' | 'entity' | 'team' | 'user';

export const MESSAGE_KINDS: readonly MessageKind[] = ['event', 'command', 'query'];
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'domain', 'service', 'event', 'command', 'query', 'channel', 'flow', 'entity', 'team', 'user',
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
  readonly type: 'asyncapi' | 'openapi';
  /** `asyncapi`, `openapi` or `swagger` field value, e.g. 2.3.0, 3.1.0, 2.0. */
  readonly specVersion: string;
  readonly title: string;
  readonly name?: string;
  /** The document as parsed (YAML or JSON), not dereferenced. */
  readonly document: Readonly<Record<string, unknown>>;
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
  readonly deprecated?: { readonly message?: string; readonly date?: string };
  readonly hidden: boolean;
  readonly changelog?: Changelog;
  /** Key of the domain this resource belongs to (by folder or by a domain's reference). */
  readonly domain?: string;
  /** Key of the service whose folder holds this resource (messages nested under a service). */
  readonly folderService?: string;
  readonly specifications: readonly SpecDocument[];
}

export interface Domain extends ResourceBase<'domain', DomainFrontmatter> {
  /** Key of the parent domain when this is a subdomain. */
  readonly parent?: string;
  readonly services: readonly Link[];
  readonly subdomains: readonly Link[];
  readonly entities: readonly Link[];
  readonly flows: readonly Link[];
  readonly ubiquitousLanguage?: Changelog;
}

export interface Service extends ResourceBase<'service', ServiceFrontmatter> {
  readonly sends: readonly MessageLink[];
  readonly receives: readonly MessageLink[];
}

export interface Message extends ResourceBase<MessageKind, MessageFrontmatter> {
  readonly channels: readonly Link[];
  readonly schema?: SchemaDocument;
  readonly compatibility: NonNullable<MessageFrontmatter['compatibility']>;
  readonly wireName: string;
  /** The HTTP operation this message is (from `operation`), when it is one. */
  readonly operation?: HttpOperation;
}

/** An HTTP operation behind a message: method, path template, response status codes and schemas. */
export interface HttpOperation {
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
}

export interface FlowStep {
  readonly id: string;
  readonly title: string;
  readonly summary?: string;
  readonly type: 'message' | 'service' | 'flow' | 'actor' | 'externalSystem' | 'custom';
  readonly ref?: Link;
  readonly actor?: string;
  readonly next: readonly { readonly id: string; readonly label?: string }[];
}

export interface Flow extends ResourceBase<'flow', FlowFrontmatter> {
  readonly steps: readonly FlowStep[];
  readonly latencyBudgetMs?: number;
}

export interface Entity extends ResourceBase<'entity', EntityFrontmatter> {
  readonly schema?: SchemaDocument;
}

export interface Team extends ResourceBase<'team', TeamFrontmatter> {
  readonly members: readonly Link[];
}

export interface User extends ResourceBase<'user', UserFrontmatter> {
  readonly teams: readonly Link[];
}

export type Resource = Domain | Service | Message | Channel | Flow | Entity | Team | User;

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
