/**
 * An OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) read into one shape: its operations with their
 * parameters, request bodies and responses, and its servers. Each part keeps its JSON pointer in the
 * document, so that a finding can be located. Local `$ref`s to parameters, request bodies and responses
 * are followed; schemas are left as written (their `$ref`s resolve against the document).
 */
import { isObject, type JsonObject as Json } from '../json-schema/json-value.ts';
import { followLocal as follow, type Pointer } from './local-ref.ts';

export type { Pointer } from './local-ref.ts';

/** A schema as written in the document, with where it is. */
export interface SchemaAt {
  value: unknown;
  pointer: Pointer;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie' | 'formData';
  required: boolean;
  schema: SchemaAt;
  pointer: Pointer;
}

/** Media type → schema. */
export type Content = Map<string, SchemaAt>;

export interface OpenApiResponse {
  status: string;
  content: Content;
  pointer: Pointer;
}

export interface OpenApiOperation {
  /** Lower case: get, put, post, delete, options, head, patch, trace. */
  method: string;
  /** The path template as written, e.g. `/api/baskets/{id}`. */
  path: string;
  operationId?: string;
  deprecated: boolean;
  pointer: Pointer;
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; content: Content; pointer: Pointer };
  responses: Map<string, OpenApiResponse>;
}

export interface OpenApiServer {
  url: string;
  pointer: Pointer;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Parameter keywords of Swagger 2.0 that are schema keywords. */
const PARAMETER_SCHEMA_KEYS = ['type', 'format', 'items', 'enum', 'default', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf'];

/** True for Swagger 2.0. */
export function isSwagger2(doc: Json): boolean {
  return typeof doc.swagger === 'string' || typeof doc.swagger === 'number';
}

function contentOf(doc: Json, raw: unknown, pointer: Pointer): Content {
  const content: Content = new Map();
  if (!isObject(raw)) return content;
  for (const [media, entry] of Object.entries(raw)) {
    if (isObject(entry) && 'schema' in entry) content.set(media, { value: entry.schema, pointer: [...pointer, media, 'schema'] });
    else content.set(media, { value: {}, pointer: [...pointer, media] });
  }
  return content;
}

function parameter(doc: Json, raw: unknown, pointer: Pointer): OpenApiParameter | undefined {
  const { value, pointer: at } = follow(doc, raw, pointer);
  if (!isObject(value) || typeof value.name !== 'string' || typeof value.in !== 'string') return undefined;
  const schema: SchemaAt = 'schema' in value
    ? { value: value.schema, pointer: [...at, 'schema'] }
    : { value: Object.fromEntries(PARAMETER_SCHEMA_KEYS.filter((k) => k in value).map((k) => [k, value[k]])), pointer: at };
  return { name: value.name, in: value.in as OpenApiParameter['in'], required: value.required === true || value.in === 'path', schema, pointer: at };
}

/** Every operation of an OpenAPI document, in document order. */
export function openApiOperations(doc: Json): OpenApiOperation[] {
  const swagger2 = isSwagger2(doc);
  const out: OpenApiOperation[] = [];
  if (!isObject(doc.paths)) return out;
  const globalConsumes = Array.isArray(doc.consumes) ? doc.consumes.map(String) : ['application/json'];
  const globalProduces = Array.isArray(doc.produces) ? doc.produces.map(String) : ['application/json'];
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const { value: item, pointer: itemAt } = follow(doc, rawItem, ['paths', path]);
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters.map((p, i) => parameter(doc, p, [...itemAt, 'parameters', i])) : [];
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const at = [...itemAt, method];
      const own = Array.isArray(op.parameters) ? op.parameters.map((p, i) => parameter(doc, p, [...at, 'parameters', i])) : [];
      const byKey = new Map<string, OpenApiParameter>();
      for (const p of [...shared, ...own]) if (p) byKey.set(`${p.in}:${p.name}`, p);
      const all = [...byKey.values()];
      let requestBody: OpenApiOperation['requestBody'];
      if (swagger2) {
        const consumes = Array.isArray(op.consumes) ? op.consumes.map(String) : globalConsumes;
        const body = all.find((p) => (p.in as string) === 'body');
        const form = all.filter((p) => p.in === 'formData');
        if (body) requestBody = { required: body.required, content: new Map(consumes.map((m) => [m, body.schema])), pointer: body.pointer };
        else if (form.length) {
          const schema = { type: 'object', properties: Object.fromEntries(form.map((p) => [p.name, p.schema.value])), required: form.filter((p) => p.required).map((p) => p.name) };
          requestBody = { required: form.some((p) => p.required), content: new Map([['application/x-www-form-urlencoded', { value: schema, pointer: at }]]), pointer: at };
        }
      } else if ('requestBody' in op) {
        const { value: rb, pointer: rbAt } = follow(doc, op.requestBody, [...at, 'requestBody']);
        if (isObject(rb)) requestBody = { required: rb.required === true, content: contentOf(doc, rb.content, [...rbAt, 'content']), pointer: rbAt };
      }
      const responses = new Map<string, OpenApiResponse>();
      if (isObject(op.responses)) {
        const produces = Array.isArray(op.produces) ? op.produces.map(String) : globalProduces;
        for (const [status, raw] of Object.entries(op.responses)) {
          const { value: r, pointer: rAt } = follow(doc, raw, [...at, 'responses', status]);
          if (!isObject(r)) continue;
          const content: Content = swagger2
            ? new Map('schema' in r ? produces.map((m) => [m, { value: r.schema, pointer: [...rAt, 'schema'] }]) : [])
            : contentOf(doc, r.content, [...rAt, 'content']);
          responses.set(status, { status, content, pointer: rAt });
        }
      }
      out.push({
        method,
        path,
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        deprecated: op.deprecated === true,
        pointer: at,
        parameters: all.filter((p) => (p.in as string) !== 'body' && p.in !== 'formData'),
        requestBody,
        responses,
      });
    }
  }
  return out;
}

/** The servers of a document: 3.x `servers`, or 2.0's `schemes` × `host` + `basePath`. */
export function openApiServers(doc: Json): OpenApiServer[] {
  if (isSwagger2(doc)) {
    if (typeof doc.host !== 'string' && typeof doc.basePath !== 'string') return [];
    const schemes = Array.isArray(doc.schemes) && doc.schemes.length ? doc.schemes.map(String) : ['https'];
    return schemes.map((s) => ({ url: `${s}://${doc.host ?? ''}${doc.basePath ?? ''}`, pointer: typeof doc.host === 'string' ? ['host'] : ['basePath'] }));
  }
  return Array.isArray(doc.servers)
    ? doc.servers.flatMap((s, i) => (isObject(s) && typeof s.url === 'string' ? [{ url: s.url, pointer: ['servers', i] }] : []))
    : [];
}

/** The path prefix every operation's path is under (2.0 `basePath`, or the path of the only 3.x server). */
export function basePathOf(doc: Json): string {
  if (isSwagger2(doc)) return typeof doc.basePath === 'string' ? doc.basePath.replace(/\/$/, '') : '';
  const servers = openApiServers(doc);
  if (servers.length !== 1) return '';
  const match = /^(?:[a-z]+:\/\/[^/]*)?(\/[^?#]*)?/i.exec(servers[0].url);
  return (match?.[1] ?? '').replace(/\/$/, '');
}

/** Whether a concrete path fits a template (`/baskets/{id}` fits `/baskets/b-1`); literal segments count more. */
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
      if (!re.test(decodeURIComponent(b[i]))) return 0;
      score += 1;
    } else return 0;
  }
  return score;
}
