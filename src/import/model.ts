/**
 * What a specification document says, in the catalog's terms: one service, the messages it sends and
 * receives with their payload schemas, and the channels that carry them. The AsyncAPI and OpenAPI readers
 * produce this; the planner compares it with the loaded catalog and decides what to write.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { MessageKind } from '../catalog/model.ts';

/** An HTTP operation behind a command or query (EventCatalog's `operation` field). */
export interface ImportedOperation {
  method: string;
  path: string;
  statusCodes: string[];
  /** Response schema files by status (`response-<status>.json`), for responses with a body. */
  responses?: Record<string, string>;
}

/** A response schema of an HTTP operation, written as `response-<status>.json` beside the message. */
export interface ImportedResponse {
  status: string;
  description?: string;
  /** Absent when the response has no body. */
  schema?: Record<string, unknown>;
}

export interface ImportedMessage {
  /** Catalog id (safe); `sourceName` is the name in the document it came from. */
  id: string;
  sourceName: string;
  kind: MessageKind;
  name: string;
  summary?: string;
  description?: string;
  /** Version the document asks for (`x-eventcatalog-message-version`); otherwise the planner decides. */
  version?: string;
  /** The name on the wire, when it differs from the id. */
  wireName?: string;
  contentType?: string;
  /** The payload as a JSON Schema; absent for an empty payload. */
  schema?: Record<string, unknown>;
  /** Channel ids (as in {@link ImportedService.channels}). */
  channels: string[];
  /** Headers, correlation id, bindings and traits of an AsyncAPI message (the `asyncapi` frontmatter field). */
  asyncapi?: Record<string, unknown>;
  operation?: ImportedOperation;
  responses?: ImportedResponse[];
}

export interface ImportedChannel {
  id: string;
  sourceName: string;
  address: string;
  protocols: string[];
  summary?: string;
  parameters?: Record<string, { enum?: string[]; default?: string; description?: string; examples?: string[] }>;
  bindings?: Record<string, unknown>;
}

/** One `sends` / `receives` entry: a message id and the channel ids it goes through. */
export interface ImportedFlow {
  message: string;
  channels: string[];
  /** The answer when the message is a request (an AsyncAPI 3 operation's `reply`). */
  reply?: ImportedReply;
  /** The AsyncAPI operation it travels in: id, title, summary, description, bindings, traits. */
  operation?: Record<string, unknown>;
  /** When it travels through several channels: each channel's operation, with `channel` (the channel id). */
  operations?: Record<string, unknown>[];
}

/** An operation's reply: the message ids that may come back, through a channel or to an address. */
export interface ImportedReply {
  channel?: string;
  address?: string;
  messages: string[];
}

export interface ImportedSpec {
  type: 'asyncapi' | 'openapi';
  specVersion: string;
  title: string;
  /** File name to give the copy beside the service (the input's base name). */
  fileName: string;
  /** The document's text, copied verbatim. */
  text: string;
  /** The document as parsed, for comparison with the copy the catalog holds. */
  document: Record<string, unknown>;
}

export interface ImportedService {
  id: string;
  sourceName: string;
  name: string;
  /** The document's `info.version` when it is semver. */
  version?: string;
  summary?: string;
  description?: string;
  sends: ImportedFlow[];
  receives: ImportedFlow[];
  messages: ImportedMessage[];
  channels: ImportedChannel[];
  /**
   * Component schemas several messages share, by file name: written once as schema files, and referred
   * to from message schemas (and from each other) as `waybill-component:<name>` (shared-components.ts).
   */
  components?: Record<string, Record<string, unknown>>;
  spec: ImportedSpec;
}

/** A reader's result: the service it found and what it had to say about the document. */
export interface ImportReading {
  service: ImportedService;
  diagnostics: Diagnostic[];
}
