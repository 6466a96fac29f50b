/**
 * The operations of an OpenAPI 3.x or Swagger 2.0 document as verify calls them: the catalog's one view of
 * the document ({@link openApiView}) narrowed to what a request needs — method, full path under the base
 * path, parameters, the JSON request body (schema location and examples) and the documented responses
 * (status, content types, required headers, JSON schema location). Schemas are not copied: each is named
 * by its field path in the document, so ajv compiles it in place (its `$ref`s resolve against the
 * document) and a violation points at the document's line.
 */
import type { SpecDocument } from '../src/catalog/model.ts';
import { jsonMedia, openApiView, responseFor as documentedResponse, type MediaType, type OpenApiOperation } from '../src/spec/index.ts';
import type { Dialect } from './validate.ts';
import { jsonPreview } from './json-preview.ts';

export type FieldPath = (string | number)[];

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** The parameter's schema (Swagger 2.0: the schema keywords of the parameter object itself: type, format, …). */
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
  /** Base path of its first server (Swagger `basePath`; OpenAPI: the path of the server's URL), `''` for the root. */
  readonly basePath: string;
  readonly parameters: readonly Parameter[];
  readonly body?: { readonly schemaAt?: FieldPath; readonly required: boolean; readonly contentType: string; readonly examples: readonly unknown[] };
  readonly responses: readonly ResponseSpec[];
  /** Field path of the operation object. */
  readonly at: FieldPath;
  readonly dialect: Dialect;
  /** The operation in the document's view. */
  readonly view: OpenApiOperation;
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** Examples written on a schema (`example`, `x-example`). */
function schemaExamples(schema: unknown): unknown[] {
  const o = obj(schema);
  if (!o) return [];
  return [...('example' in o ? [o.example] : []), ...('x-example' in o ? [o['x-example']] : [])];
}

export function dialectOfSpec(spec: SpecDocument): Dialect {
  return spec.specVersion.startsWith('3.1') ? 'draft2020' : 'draft4';
}

function body(json: [string, MediaType] | undefined, required: boolean): Operation['body'] {
  if (!json) return undefined;
  const [contentType, media] = json;
  return {
    schemaAt: media.hasSchema ? media.schema.pointer : undefined,
    required,
    contentType,
    examples: [...media.examples, ...(media.hasSchema ? schemaExamples(media.schema.value) : [])],
  };
}

/** Every operation of an OpenAPI/Swagger document's `paths`, in document order. */
export function operationsOf(spec: SpecDocument): Operation[] {
  const dialect = dialectOfSpec(spec);
  return openApiView(spec).operations.filter((op) => op.kind === 'path').map((op) => ({
    spec,
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    basePath: op.basePath,
    parameters: op.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required,
      schema: p.schema.value ?? {},
      examples: [...p.examples, ...('schema' in p.object ? schemaExamples(p.schema.value) : [])],
    })),
    body: op.requestBody && body(jsonMedia(op.requestBody.content), op.requestBody.required),
    responses: [...op.responses.values()].map((r) => {
      const json = jsonMedia(r.content);
      return {
        status: r.status,
        contentTypes: [...r.content.keys()],
        schemaAt: json?.[1].hasSchema ? json[1].schema.pointer : undefined,
        requiredHeaders: r.headers.filter((h) => h.required).map((h) => h.name),
        at: r.pointer,
      };
    }),
    at: op.pointer,
    dialect,
    view: op,
  }));
}

/** The documented response for a status: exact code, then `4XX`-style ranges, then `default`. */
export function responseFor(operation: Operation, status: number): ResponseSpec | undefined {
  const found = documentedResponse(operation.view.responses, status);
  return found && operation.responses.find((r) => r.status === found.status);
}

/** Fills `{name}` path segments and appends query parameters. */
export function buildPath(operation: Pick<Operation, 'basePath' | 'path'>, values: Readonly<Record<string, unknown>>, query: Readonly<Record<string, unknown>> = {}): string {
  const base = operation.basePath.replace(/\/+$/, '');
  const filled = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(values[name] ?? '')));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) search.append(k, typeof v === 'string' ? v : jsonPreview(v, 2000));
  const qs = search.toString();
  return `${base}${filled}${qs ? `?${qs}` : ''}`;
}
