/**
 * The operations of an OpenAPI 3.x or Swagger 2.0 document, read from the catalog's parsed
 * {@link SpecDocument}: method, path, parameters, request body (schema location and examples) and the
 * documented responses (status, content types, required headers, schema location). Schemas are not
 * copied: each is named by its field path in the document, so ajv compiles it in place (its `$ref`s
 * resolve against the document) and a violation points at the document's line.
 */
import type { SpecDocument } from '../src/catalog/model.ts';
import { resolvePointer } from '../src/catalog/schema-files.ts';
import type { Dialect } from './validate.ts';
import { jsonPreview } from './json-preview.ts';

export type FieldPath = (string | number)[];

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** The parameter's schema (Swagger 2.0: the parameter object itself holds type/format). */
  readonly schema: unknown;
  readonly examples: readonly unknown[];
}

export interface ResponseSpec {
  /** `200`, `4XX` or `default`. */
  readonly status: string;
  /** Documented content types (empty: no body documented). */
  readonly contentTypes: readonly string[];
  /** Field path of the JSON body schema in the document, if one is documented. */
  readonly schemaAt?: FieldPath;
  readonly requiredHeaders: readonly string[];
  /** Field path of the response object, for pointing a diagnostic at it. */
  readonly at: FieldPath;
}

export interface Operation {
  readonly spec: SpecDocument;
  readonly operationId?: string;
  readonly method: string;
  /** The path as documented, e.g. `/api/stores/{id}`. */
  readonly path: string;
  /** Base path of the document (Swagger `basePath`, the path of OpenAPI's first server). */
  readonly basePath: string;
  readonly parameters: readonly Parameter[];
  readonly body?: { readonly schemaAt?: FieldPath; readonly required: boolean; readonly contentType: string; readonly examples: readonly unknown[] };
  readonly responses: readonly ResponseSpec[];
  /** Field path of the operation object. */
  readonly at: FieldPath;
  readonly dialect: Dialect;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** Follows a local `$ref` (one level at a time, up to 10); returns the object and its field path. */
function deref(doc: unknown, value: unknown, at: FieldPath): { value: Obj | undefined; at: FieldPath } {
  let current = obj(value);
  let path = at;
  for (let i = 0; i < 10 && current && typeof current.$ref === 'string'; i++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#')) break;
    path = ref
      .slice(2)
      .split('/')
      .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
    current = obj(resolvePointer(doc, ref));
  }
  return { value: current, at: path };
}

function examplesOf(o: Obj | undefined): unknown[] {
  if (!o) return [];
  const out: unknown[] = [];
  if ('example' in o) out.push(o.example);
  if ('x-example' in o) out.push(o['x-example']);
  const examples = obj(o.examples);
  if (examples) for (const ex of Object.values(examples)) if (obj(ex) && 'value' in (ex as Obj)) out.push((ex as Obj).value);
  return out;
}

function basePathOf(doc: Obj): string {
  if (typeof doc.swagger === 'string') return typeof doc.basePath === 'string' ? doc.basePath : '/';
  const server = obj(Array.isArray(doc.servers) ? doc.servers[0] : undefined);
  if (!server || typeof server.url !== 'string') return '/';
  const vars = obj(server.variables) ?? {};
  const url = server.url.replace(/\{(\w+)\}/g, (_m, name: string) => String(obj(vars[name])?.default ?? ''));
  try {
    return new URL(url, 'http://placeholder').pathname;
  } catch {
    return '/';
  }
}

export function dialectOfSpec(spec: SpecDocument): Dialect {
  return spec.specVersion.startsWith('3.1') ? 'draft2020' : 'draft4';
}

/** Every operation of an OpenAPI/Swagger document, in document order. */
export function operationsOf(spec: SpecDocument): Operation[] {
  const doc = spec.document as Obj;
  const swagger2 = typeof doc.swagger === 'string';
  const paths = obj(doc.paths) ?? {};
  const basePath = basePathOf(doc);
  const dialect = dialectOfSpec(spec);
  const globalProduces = Array.isArray(doc.produces) ? (doc.produces as string[]) : [];
  const globalConsumes = Array.isArray(doc.consumes) ? (doc.consumes as string[]) : [];
  const out: Operation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(doc, rawItem, ['paths', path]);
    if (!item.value) continue;
    const shared = Array.isArray(item.value.parameters) ? item.value.parameters : [];
    for (const method of METHODS) {
      const op = obj(item.value[method]);
      if (!op) continue;
      const at: FieldPath = [...item.at, method];
      const params = new Map<string, Parameter>();
      let body: Operation['body'];
      const all = [
        ...shared.map((p, i) => ({ p, at: [...item.at, 'parameters', i] })),
        ...(Array.isArray(op.parameters) ? op.parameters : []).map((p, i) => ({ p, at: [...at, 'parameters', i] })),
      ];
      for (const { p, at: pAt } of all) {
        const param = deref(doc, p, pAt);
        const v = param.value;
        if (!v || typeof v.name !== 'string' || typeof v.in !== 'string') continue;
        if (v.in === 'body') {
          const consumes = Array.isArray(op.consumes) ? (op.consumes as string[]) : globalConsumes;
          const schema = obj(v.schema);
          body = {
            schemaAt: schema ? [...param.at, 'schema'] : undefined,
            required: v.required === true,
            contentType: consumes.find((c) => /json/i.test(c)) ?? 'application/json',
            examples: [...examplesOf(v), ...examplesOf(schema)],
          };
          continue;
        }
        if (v.in === 'formData') continue;
        const schema = swagger2 ? v : (v.schema ?? {});
        params.set(`${v.in}:${v.name}`, {
          name: v.name,
          in: v.in as Parameter['in'],
          required: v.required === true || v.in === 'path',
          schema,
          examples: [...examplesOf(v), ...(swagger2 ? [] : examplesOf(obj(v.schema)))],
        });
      }
      if (!swagger2) {
        const rb = deref(doc, op.requestBody, [...at, 'requestBody']);
        const content = obj(rb.value?.content);
        if (content) {
          const type = Object.keys(content).find((c) => /json/i.test(c));
          if (type) {
            const media = obj(content[type]);
            body = {
              schemaAt: media?.schema ? [...rb.at, 'content', type, 'schema'] : undefined,
              required: rb.value?.required === true,
              contentType: type,
              examples: [...examplesOf(media), ...examplesOf(obj(media?.schema))],
            };
          }
        }
      }
      const responses: ResponseSpec[] = [];
      for (const [status, rawResponse] of Object.entries(obj(op.responses) ?? {})) {
        const response = deref(doc, rawResponse, [...at, 'responses', status]);
        const r = response.value;
        if (!r) continue;
        const requiredHeaders = Object.entries(obj(r.headers) ?? {})
          .filter(([, h]) => obj(deref(doc, h, []).value)?.required === true)
          .map(([name]) => name);
        if (swagger2) {
          const produces = Array.isArray(op.produces) ? (op.produces as string[]) : globalProduces;
          responses.push({
            status,
            contentTypes: r.schema ? (produces.length ? produces : ['application/json']) : [],
            schemaAt: r.schema ? [...response.at, 'schema'] : undefined,
            requiredHeaders,
            at: response.at,
          });
        } else {
          const content = obj(r.content) ?? {};
          const jsonType = Object.keys(content).find((c) => /json/i.test(c));
          responses.push({
            status,
            contentTypes: Object.keys(content),
            schemaAt: jsonType && obj(content[jsonType])?.schema ? [...response.at, 'content', jsonType, 'schema'] : undefined,
            requiredHeaders,
            at: response.at,
          });
        }
      }
      out.push({
        spec,
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        method: method.toUpperCase(),
        path,
        basePath,
        parameters: [...params.values()],
        body,
        responses,
        at,
        dialect,
      });
    }
  }
  return out;
}

/** The documented response for a status: exact code, then `4XX`-style ranges, then `default`. */
export function responseFor(operation: Operation, status: number): ResponseSpec | undefined {
  const code = String(status);
  return (
    operation.responses.find((r) => r.status === code) ??
    operation.responses.find((r) => r.status.toUpperCase() === `${code[0]}XX`) ??
    operation.responses.find((r) => r.status === 'default')
  );
}

/** Fills `{name}` path segments and appends query parameters. */
export function buildPath(operation: Pick<Operation, 'basePath' | 'path'>, values: Readonly<Record<string, unknown>>, query: Readonly<Record<string, unknown>> = {}): string {
  const base = operation.basePath === '/' ? '' : operation.basePath.replace(/\/+$/, '');
  const filled = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(values[name] ?? '')));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) search.append(k, typeof v === 'string' ? v : jsonPreview(v, 2000));
  const qs = search.toString();
  return `${base}${filled}${qs ? `?${qs}` : ''}`;
}
