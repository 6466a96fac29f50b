/**
 * The typed view of an OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1), read once per document: its
 * servers and base path, and every operation — of `paths`, of 3.1 `webhooks` and of 3.x `callbacks` —
 * with its parameters, request body and responses by status and media type. Each part keeps its JSON
 * pointer in the document, so a finding can be located. Parameters, request bodies, responses, headers,
 * examples and path items reached by a local `$ref` are followed; schemas are left as written (their
 * `$ref`s resolve against the document).
 *
 * Where the specifications leave room, this follows them to the letter:
 * - Swagger 2.0: servers are `schemes` × `host` + `basePath` (no `host`: a relative URL); `basePath`
 *   defaults to `/`; `consumes`/`produces` of an operation replace the document's (an empty list clears
 *   them); `formData` parameters make a `application/x-www-form-urlencoded` (or `multipart/form-data`,
 *   when consumed) body; a `body` parameter's media types are the consumed ones, else JSON.
 * - OpenAPI 3.x: no `servers` means one server `/`; an operation's or path item's own `servers` replace
 *   the document's; server variables take their `default`; a relative server URL is a path.
 * - The base path is the path of the (first) server's URL without a trailing `/`; an operation's full path
 *   is its base path and its path, joined with one `/`.
 * - Operation parameters replace path-item parameters of the same location and name (header names
 *   compare case-insensitively).
 */
import { followLocal, type Pointer } from './local-ref.ts';

type Json = Record<string, unknown>;

/** A schema as written in the document, with where it is. */
export interface SchemaAt {
  readonly value: unknown;
  readonly pointer: Pointer;
}

/** One media type of a request or response body. */
export interface MediaType {
  /** The schema (`{}` when none is written: any content). */
  readonly schema: SchemaAt;
  /** Whether a schema is written. */
  readonly hasSchema: boolean;
  /** Examples of the media type itself (`example`, `x-example`, each of `examples`' values). */
  readonly examples: readonly unknown[];
  readonly pointer: Pointer;
}

/** Media type → its schema and examples, in written order. */
export type Content = ReadonlyMap<string, MediaType>;

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly deprecated: boolean;
  readonly description?: string;
  /** Its schema (Swagger 2.0: the schema keywords of the parameter object itself). */
  readonly schema: SchemaAt;
  /** `example`, `x-example` and the values of `examples`. */
  readonly examples: readonly unknown[];
  /** The parameter object as written (after its `$ref`). */
  readonly object: Json;
  readonly pointer: Pointer;
}

/** A Swagger 2.0 `body` or `formData` parameter: part of the request body, not a parameter. */
export type BodyParameter = Omit<OpenApiParameter, 'in'> & { readonly in: 'body' | 'formData' };

export interface OpenApiRequestBody {
  readonly required: boolean;
  readonly description?: string;
  readonly content: Content;
  /** Swagger 2.0: the `body` parameter, or the `formData` parameters, it is made of. */
  readonly parameters?: readonly BodyParameter[];
  readonly pointer: Pointer;
}

export interface OpenApiHeader {
  readonly name: string;
  readonly required: boolean;
  readonly schema: SchemaAt;
  readonly pointer: Pointer;
}

export interface OpenApiResponse {
  /** `200`, `4XX` or `default`. */
  readonly status: string;
  readonly description?: string;
  readonly content: Content;
  readonly headers: readonly OpenApiHeader[];
  readonly pointer: Pointer;
}

export interface OpenApiServer {
  /** The URL as written. */
  readonly url: string;
  /** The URL with every variable replaced by its default. */
  readonly expanded: string;
  /** The path of the expanded URL, without a trailing `/` (`''` for the root). */
  readonly basePath: string;
  readonly description?: string;
  readonly pointer: Pointer;
}

export interface OpenApiOperation {
  /** `path` (of `paths`), `webhook` (3.1 `webhooks`) or `callback` (3.x `callbacks` of another operation). */
  readonly kind: 'path' | 'webhook' | 'callback';
  /** Lower case: get, put, post, delete, options, head, patch, trace. */
  readonly method: string;
  /** The path template as written (`/baskets/{id}`), the webhook's name, or the callback's expression. */
  readonly path: string;
  /** The base path of the operation's first server (`''` for the root). */
  readonly basePath: string;
  /** The distinct base paths of all its servers, first server first. */
  readonly basePaths: readonly string[];
  /** The path under the base path: what a client requests (`/v1/baskets/{id}`). */
  readonly fullPath: string;
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly deprecated: boolean;
  readonly tags: readonly string[];
  /** Path-item and operation parameters merged (no Swagger 2.0 `body`/`formData`: they are the request body). */
  readonly parameters: readonly OpenApiParameter[];
  readonly requestBody?: OpenApiRequestBody;
  /** By status, in written order (`x-` keys are not responses). */
  readonly responses: ReadonlyMap<string, OpenApiResponse>;
  /** For a callback: its name and the operation it belongs to. */
  readonly callback?: { readonly name: string; readonly parent: Pointer };
  /** The operation object as written. */
  readonly object: Json;
  /** Its path item (after a `$ref`). */
  readonly pathItem: Json;
  readonly pathItemPointer: Pointer;
  readonly pointer: Pointer;
}

export interface OpenApiView {
  /** `2.0`, `3.0.3`, `3.1.0`, … */
  readonly version: string;
  readonly swagger2: boolean;
  /** The servers the document declares (none: see {@link basePath}). */
  readonly servers: readonly OpenApiServer[];
  /** The document's base path: its first server's (`''` for the root). */
  readonly basePath: string;
  /** Path operations, each followed by its callbacks, then webhooks (and theirs). */
  readonly operations: readonly OpenApiOperation[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Parameter keywords of Swagger 2.0 that are schema keywords. */
const PARAMETER_SCHEMA_KEYS = ['type', 'format', 'items', 'enum', 'default', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf'];
const FORM_MEDIA = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** True for Swagger 2.0. */
export function isSwagger2(doc: Json): boolean {
  return typeof doc.swagger === 'string' || typeof doc.swagger === 'number';
}

/** A base path as the specifications join it: no trailing `/`, `''` for the root. */
function normalizeBase(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The path of a server URL (absolute or relative), or `''`. */
function pathOfUrl(url: string): string {
  try {
    return normalizeBase(new URL(url, 'http://relative.invalid/').pathname);
  } catch {
    return '';
  }
}

/** A server URL with its variables replaced by their defaults. */
function expandUrl(url: string, variables: unknown): string {
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = isRecord(variables) ? variables[name] : undefined;
    return isRecord(variable) && variable.default !== undefined ? String(variable.default) : whole;
  });
}

/** `/v1` + `/baskets` → `/v1/baskets`. */
export function joinPath(base: string, path: string): string {
  if (!base) return path;
  return `${base}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** A parameter as written: any location (`body` and `formData` become the request body). */
type WrittenParameter = Omit<OpenApiParameter, 'in'> & { readonly in: string };

/** Reads the parts of one document, following its local references. */
class Reader {
  readonly #doc: Json;
  readonly swagger2: boolean;

  constructor(doc: Json) {
    this.#doc = doc;
    this.swagger2 = isSwagger2(doc);
  }

  follow(value: unknown, pointer: Pointer) {
    return followLocal(this.#doc, value, pointer);
  }

  examples(object: Json, at: Pointer): unknown[] {
    const out: unknown[] = [];
    if ('example' in object) out.push(object.example);
    if ('x-example' in object) out.push(object['x-example']);
    if (isRecord(object.examples)) {
      for (const [name, raw] of Object.entries(object.examples)) {
        const example = this.follow(raw, [...at, 'examples', name]).value;
        if (isRecord(example) && 'value' in example) out.push(example.value);
      }
    }
    return out;
  }

  servers(raw: unknown, at: Pointer): OpenApiServer[] {
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((entry, i) => {
      const { value: s, pointer } = this.follow(entry, [...at, i]);
      if (!isRecord(s) || typeof s.url !== 'string') return [];
      const expanded = expandUrl(s.url, s.variables);
      return [{ url: s.url, expanded, basePath: pathOfUrl(expanded), ...(text(s.description) ? { description: text(s.description) } : {}), pointer }];
    });
  }

  documentServers(): OpenApiServer[] {
    const doc = this.#doc;
    if (!this.swagger2) return this.servers(doc.servers, ['servers']);
    const host = text(doc.host);
    const basePath = text(doc.basePath);
    if (host === undefined && basePath === undefined) return [];
    const base = normalizeBase(basePath ?? '/');
    const pointer = host !== undefined ? ['host'] : ['basePath'];
    if (host === undefined) return [{ url: basePath!, expanded: basePath!, basePath: base, pointer }];
    const schemes = Array.isArray(doc.schemes) && doc.schemes.length ? doc.schemes.map(String) : ['https'];
    return schemes.map((scheme) => {
      const url = `${scheme}://${host}${base}`;
      return { url, expanded: url, basePath: base, pointer };
    });
  }

  parameter(raw: unknown, pointer: Pointer): WrittenParameter | undefined {
    const { value, pointer: at } = this.follow(raw, pointer);
    if (!isRecord(value) || typeof value.name !== 'string' || typeof value.in !== 'string') return undefined;
    const schema: SchemaAt = 'schema' in value
      ? { value: value.schema, pointer: [...at, 'schema'] }
      : { value: Object.fromEntries(PARAMETER_SCHEMA_KEYS.filter((k) => k in value).map((k) => [k, value[k]])), pointer: at };
    return {
      name: value.name,
      in: value.in,
      required: value.required === true || value.in === 'path',
      deprecated: value.deprecated === true,
      ...(text(value.description) ? { description: text(value.description) } : {}),
      schema,
      examples: this.examples(value, at),
      object: value,
      pointer: at,
    };
  }

  content(raw: unknown, at: Pointer): Map<string, MediaType> {
    const content = new Map<string, MediaType>();
    if (!isRecord(raw)) return content;
    for (const [media, entry] of Object.entries(raw)) {
      const pointer = [...at, media];
      const hasSchema = isRecord(entry) && 'schema' in entry;
      content.set(media, {
        schema: hasSchema ? { value: entry.schema, pointer: [...pointer, 'schema'] } : { value: {}, pointer },
        hasSchema,
        examples: isRecord(entry) ? this.examples(entry, pointer) : [],
        pointer,
      });
    }
    return content;
  }

  headers(raw: unknown, at: Pointer): OpenApiHeader[] {
    if (!isRecord(raw)) return [];
    return Object.entries(raw).flatMap(([name, entry]) => {
      const { value: h, pointer } = this.follow(entry, [...at, name]);
      if (!isRecord(h)) return [];
      const schema: SchemaAt = 'schema' in h ? { value: h.schema, pointer: [...pointer, 'schema'] } : { value: Object.fromEntries(PARAMETER_SCHEMA_KEYS.filter((k) => k in h).map((k) => [k, h[k]])), pointer };
      return [{ name, required: h.required === true, schema, pointer }];
    });
  }

  /** Swagger 2.0 media types: the operation's list replaces the document's; an empty list clears it. */
  mediaList(own: unknown, global: unknown): string[] {
    const list = Array.isArray(own) ? own : Array.isArray(global) ? global : [];
    return list.map(String);
  }

  responses(op: Json, at: Pointer): Map<string, OpenApiResponse> {
    const responses = new Map<string, OpenApiResponse>();
    if (!isRecord(op.responses)) return responses;
    const produces = this.mediaList(op.produces, this.#doc.produces);
    for (const [status, raw] of Object.entries(op.responses)) {
      if (status.startsWith('x-')) continue;
      const { value: r, pointer } = this.follow(raw, [...at, 'responses', status]);
      if (!isRecord(r)) continue;
      let content: Map<string, MediaType>;
      if (this.swagger2) {
        content = new Map();
        if ('schema' in r) {
          const examples = isRecord(r.examples) ? r.examples : {};
          for (const media of produces.length ? produces : ['application/json']) {
            content.set(media, { schema: { value: r.schema, pointer: [...pointer, 'schema'] }, hasSchema: true, examples: media in examples ? [examples[media]] : [], pointer });
          }
        }
      } else content = this.content(r.content, [...pointer, 'content']);
      responses.set(status, { status, ...(text(r.description) ? { description: text(r.description) } : {}), content, headers: this.headers(r.headers, [...pointer, 'headers']), pointer });
    }
    return responses;
  }

  swagger2Body(op: Json, at: Pointer, all: readonly WrittenParameter[]): OpenApiRequestBody | undefined {
    const consumes = this.mediaList(op.consumes, this.#doc.consumes);
    const body = all.find((p) => p.in === 'body');
    if (body) {
      const media = consumes.length ? consumes : ['application/json'];
      return {
        required: body.required,
        ...(body.description ? { description: body.description } : {}),
        content: new Map(media.map((m) => [m, { schema: body.schema, hasSchema: 'schema' in body.object, examples: body.examples, pointer: body.pointer }])),
        parameters: [body as BodyParameter],
        pointer: body.pointer,
      };
    }
    const form = all.filter((p) => p.in === 'formData');
    if (!form.length) return undefined;
    const required = form.filter((p) => p.required).map((p) => p.name);
    const schema = { type: 'object', properties: Object.fromEntries(form.map((p) => [p.name, p.schema.value])), ...(required.length ? { required } : {}) };
    const formMedia = consumes.filter((m) => FORM_MEDIA.test(m));
    const media = formMedia.length ? formMedia : ['application/x-www-form-urlencoded'];
    return {
      required: required.length > 0,
      content: new Map(media.map((m) => [m, { schema: { value: schema, pointer: at }, hasSchema: true, examples: [], pointer: at }])),
      parameters: form as BodyParameter[],
      pointer: at,
    };
  }

  operation(kind: OpenApiOperation['kind'], path: string, method: string, op: Json, at: Pointer, item: Json, itemAt: Pointer, documentServers: OpenApiServer[]): OpenApiOperation {
    const shared = Array.isArray(item.parameters) ? item.parameters.map((p, i) => this.parameter(p, [...itemAt, 'parameters', i])) : [];
    const own = Array.isArray(op.parameters) ? op.parameters.map((p, i) => this.parameter(p, [...at, 'parameters', i])) : [];
    const byKey = new Map<string, WrittenParameter>();
    for (const p of [...shared, ...own]) if (p) byKey.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, p);
    const all = [...byKey.values()];
    let requestBody: OpenApiRequestBody | undefined;
    if (this.swagger2) requestBody = this.swagger2Body(op, at, all);
    else if ('requestBody' in op) {
      const { value: rb, pointer } = this.follow(op.requestBody, [...at, 'requestBody']);
      if (isRecord(rb)) requestBody = { required: rb.required === true, ...(text(rb.description) ? { description: text(rb.description) } : {}), content: this.content(rb.content, [...pointer, 'content']), pointer };
    }
    const ownServers = this.swagger2 ? [] : this.servers(op.servers, [...at, 'servers']);
    const itemServers = this.swagger2 ? [] : this.servers(item.servers, [...itemAt, 'servers']);
    const servers = ownServers.length ? ownServers : itemServers.length ? itemServers : documentServers;
    const basePaths = servers.length ? [...new Set(servers.map((s) => s.basePath))] : [''];
    const applies = kind === 'path';
    return {
      kind,
      method,
      path,
      basePath: applies ? basePaths[0] : '',
      basePaths: applies ? basePaths : [''],
      fullPath: applies ? joinPath(basePaths[0], path) : path,
      ...(text(op.operationId) !== undefined ? { operationId: text(op.operationId) } : {}),
      ...(text(op.summary) !== undefined ? { summary: text(op.summary) } : {}),
      ...(text(op.description) !== undefined ? { description: text(op.description) } : {}),
      deprecated: op.deprecated === true,
      tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
      parameters: all.filter((p): p is OpenApiParameter => p.in === 'path' || p.in === 'query' || p.in === 'header' || p.in === 'cookie'),
      ...(requestBody ? { requestBody } : {}),
      responses: this.responses(op, at),
      object: op,
      pathItem: item,
      pathItemPointer: itemAt,
      pointer: at,
    };
  }

  /**
   * A path item after its `$ref`; operations written beside the `$ref` (undefined behaviour in the
   * specifications) are kept where the target has none.
   */
  pathItem(raw: unknown, at: Pointer): { item: Json; at: Pointer; beside?: { item: Json; at: Pointer } } | undefined {
    const { value, pointer } = this.follow(raw, at);
    if (!isRecord(value)) return undefined;
    const beside = isRecord(raw) && raw !== value && Object.keys(raw).some((k) => k !== '$ref') ? { item: raw, at } : undefined;
    return { item: value, at: pointer, ...(beside ? { beside } : {}) };
  }

  operationsOf(kind: 'path' | 'webhook' | 'callback', key: string, raw: unknown, at: Pointer, documentServers: OpenApiServer[], out: OpenApiOperation[]): void {
    const found = this.pathItem(raw, at);
    if (!found) return;
    for (const method of HTTP_METHODS) {
      const source = isRecord(found.item[method]) ? found : found.beside && isRecord(found.beside.item[method]) ? found.beside : undefined;
      if (!source) continue;
      const op = source.item[method] as Json;
      const opAt = [...source.at, method];
      const operation = this.operation(kind, key, method, op, opAt, found.item, found.at, documentServers);
      out.push(operation);
      if (this.swagger2 || !isRecord(op.callbacks)) continue;
      for (const [name, rawCallback] of Object.entries(op.callbacks)) {
        const { value: callback, pointer: callbackAt } = this.follow(rawCallback, [...opAt, 'callbacks', name]);
        if (!isRecord(callback)) continue;
        const start = out.length;
        for (const [expression, item] of Object.entries(callback)) {
          if (expression.startsWith('x-')) continue;
          this.operationsOf('callback', expression, item, [...callbackAt, expression], documentServers, out);
        }
        for (let i = start; i < out.length; i++) if (!out[i].callback) out[i] = { ...out[i], callback: { name, parent: opAt } };
      }
    }
  }
}

/** Reads an OpenAPI document into its view; prefer {@link openApiView}, which reads each document once. */
export function readOpenApiView(doc: Json): OpenApiView {
  const reader = new Reader(doc);
  const servers = reader.documentServers();
  const operations: OpenApiOperation[] = [];
  for (const [kind, field] of [['path', 'paths'], ['webhook', 'webhooks']] as const) {
    if (kind === 'webhook' && reader.swagger2) continue;
    const items = doc[field];
    if (!isRecord(items)) continue;
    for (const [key, item] of Object.entries(items)) {
      if (kind === 'path' && key.startsWith('x-')) continue;
      reader.operationsOf(kind, key, item, [field, key], servers, operations);
    }
  }
  return {
    version: String(doc.openapi ?? doc.swagger ?? ''),
    swagger2: reader.swagger2,
    servers,
    basePath: servers[0]?.basePath ?? '',
    operations,
  };
}

/** The documented response for a status: exact code, then its `4XX`-style range, then `default`. */
export function responseFor(responses: ReadonlyMap<string, OpenApiResponse>, status: number | string): OpenApiResponse | undefined {
  const code = String(status);
  return responses.get(code) ?? [...responses.values()].find((r) => r.status.toUpperCase() === `${code[0]}XX`) ?? responses.get('default');
}

/** The first JSON media type of a body (`application/json`, `application/problem+json`, …). */
export function jsonMedia(content: Content): [string, MediaType] | undefined {
  for (const entry of content) if (/json/i.test(entry[0])) return entry;
  return undefined;
}

/**
 * How well a concrete path fits a path template (`/baskets/{id}` fits `/baskets/b-1`): 0 when it does not,
 * more for each literal segment than for a template one.
 */
export function pathScore(template: string, path: string): number {
  const a = template.split('/');
  const b = path.split('?')[0].split('/');
  if (a.length !== b.length) return 0;
  let score = 1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) score += 2;
    else if (/^\{[^}]+\}$/.test(a[i]) && b[i] !== '') score += 1;
    else if (/\{[^}]+\}/.test(a[i])) {
      const re = new RegExp(`^${a[i].split(/\{[^}]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
      let segment = b[i];
      try {
        segment = decodeURIComponent(segment);
      } catch {
        // A malformed escape is matched as written.
      }
      if (!re.test(segment)) return 0;
      score += 1;
    } else return 0;
  }
  return score;
}
