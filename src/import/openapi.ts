/**
 * Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document into an {@link ImportedService}: every operation is a
 * message the service receives — GET/HEAD/OPTIONS a query, POST/PUT/PATCH/DELETE a command (or what
 * `x-eventcatalog-message-type` says) — and every 3.1 webhook a message it sends (an event unless said
 * otherwise). A message's schema is its request: path and query parameters and the JSON body's fields in
 * one object (as gRPC gateways and most HTTP handlers see a request); responses are schemas of their own.
 * Operations (paths, webhooks, callbacks), their parameters, bodies and responses are read from the
 * catalog's one view of the document (src/spec/), as verify, diff and pact read them; schemas are made
 * standalone here (local `$ref`s inlined: no library does that offline without also wanting to fetch).
 */
import path from 'node:path';
import semver from 'semver';
import { stringify } from 'yaml';
import type { MessageKind } from '../catalog/model.ts';
import { isMessageKind } from '../catalog/model.ts';
import { HTTP_METHODS, jsonMedia, openApiView, valueAt, type OpenApiOperation, type Pointer } from '../spec/index.ts';
import { DocumentFindings, firstLine } from './findings.ts';
import { IdAllocator, isSafeId, toSafeId } from './ids.ts';
import type { ImportedMessage, ImportedResponse, ImportedService, ImportReading } from './model.ts';
import { toJsonSchema } from './openapi-schema.ts';
import { inlineRefs } from './schema-bundle.ts';
import { COMPONENT_REF, componentName, sharedComponents } from './shared-components.ts';
import type { ReadOptions } from './asyncapi.ts';
import type { FollowedDocument } from './openapi-files.ts';

const QUERY_METHODS = new Set(['get', 'head', 'options', 'trace']);
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

type Json = Record<string, unknown>;

interface Context {
  doc: Json;
  legacy: boolean;
  swagger2: boolean;
  findings: DocumentFindings;
  /** Whether file references were followed (and those not followed reported) before reading. */
  followed: boolean;
  /** Component schemas several operations use (pointer → file name): kept once, referred to. */
  shared: Map<string, string>;
  /** Their schemas, by file name, made on first use. */
  components: Map<string, Json>;
}

/**
 * Reads an OpenAPI or Swagger document (already parsed); `followed` is the same document with its file
 * references followed (without it, a reference to another file is an empty schema). Returns no service
 * when it is not one.
 */
export function readOpenapi(file: string, text: string, doc: Json, options: ReadOptions = {}, followed?: FollowedDocument): { service?: ImportedService; diagnostics: ImportReading['diagnostics'] } {
  const findings = new DocumentFindings(options.displayName ?? file, text);
  const specVersion = String(doc.openapi ?? doc.swagger ?? '');
  if (!/^(2\.0|3\.0|3\.1)/.test(specVersion)) {
    findings.add('spec-invalid', 'error', `'${specVersion || 'no version'}' is not OpenAPI 2.0, 3.0 or 3.1.`, [doc.swagger ? 'swagger' : 'openapi']);
    return { diagnostics: findings.diagnostics };
  }
  // The document with the files it refers to followed (see openapi-files.ts); `doc` stays as written.
  const source = followed?.doc ?? doc;
  const swagger2 = specVersion.startsWith('2');
  const ctx: Context = { doc: source, legacy: !specVersion.startsWith('3.1'), swagger2, findings, followed: followed !== undefined, shared: new Map(), components: new Map() };
  const componentPointer = swagger2 ? /^#\/definitions\/[^/]+$/ : /^#\/components\/schemas\/[^/]+$/;
  ctx.shared = sharedComponents(source, operationsOf(ctx), (ref) => componentPointer.test(ref));
  const info = (doc.info ?? {}) as Json;
  const title = typeof info.title === 'string' ? info.title : path.basename(file);
  const serviceId = options.serviceId ?? toSafeId(title);
  if (!options.serviceId && serviceId !== title) {
    findings.add('import-id-changed', 'warning', `The title '${title}' is not safe as a service id ($, spaces, dots); the service is imported as '${serviceId}'.`, ['info', 'title'], 'Pass --service ID to choose the id.');
  }
  const ids = new IdAllocator();
  const operationIds = new Set<string>();
  const messages: ImportedMessage[] = [];
  const receives: string[] = [];
  const sends: string[] = [];
  // Webhooks and callbacks (requests the API makes to its caller) are messages the service sends.
  for (const operation of openApiView(source).operations) {
    const message = readOperation(ctx, ids, operationIds, siteOf(doc, operation));
    messages.push(message);
    (operation.kind === 'path' ? receives : sends).push(message.id);
  }
  for (const [pointer, name] of ctx.shared) componentSchema(ctx, name, pointer);
  const description = typeof info.description === 'string' ? info.description : undefined;
  const version = typeof info.version === 'string' ? info.version : '';
  return {
    service: {
      id: serviceId,
      sourceName: title,
      name: title,
      ...(semver.valid(version) ? { version } : {}),
      ...(firstLine(description) ? { summary: firstLine(description) } : {}),
      ...(description ? { description } : {}),
      sends: sends.map((message) => ({ message, channels: [] })),
      receives: receives.map((message) => ({ message, channels: [] })),
      messages,
      channels: [],
      ...(ctx.components.size ? { components: Object.fromEntries(ctx.components) } : {}),
      // A multi-file document is attached bundled (the files it refers to inside it), so the copy resolves.
      spec: { type: 'openapi', specVersion, title, fileName: path.basename(file), ...(source === doc ? { text, document: doc } : { text: serialize(source, file), document: source }) },
    },
    diagnostics: [...(followed?.diagnostics ?? []), ...findings.diagnostics],
  };
}

/** The parts of the document each operation (path, webhook) is read from, for finding shared components. */
function operationsOf(ctx: Context): unknown[] {
  return openApiView(ctx.doc).operations.filter((op) => op.kind !== 'callback').map((op) => [op.pathItem.parameters, op.object]);
}

/** A shared component's schema (its own file's content), made once. */
function componentSchema(ctx: Context, name: string, pointer: string): Json {
  let schema = ctx.components.get(name);
  if (!schema) {
    const at = pointer.slice(2).split('/').map((s) => decodeURIComponent(s.replace(/~1/g, '/').replace(/~0/g, '~')));
    schema = withDialect(ctx, standalone(ctx, valueAt(ctx.doc, at), at));
    ctx.components.set(name, schema);
  }
  return schema;
}

/** A schema that is only a reference to a shared component, with the component's content instead. */
function inlineComponent(ctx: Context, schema: Json): Json {
  const name = componentName(schema.$ref);
  const pointer = name === undefined ? undefined : [...ctx.shared].find(([, n]) => n === name)?.[0];
  if (name === undefined || pointer === undefined) return schema;
  const { $ref: _ref, ...siblings } = schema;
  const { $schema: _dialect, ...content } = componentSchema(ctx, name, pointer);
  return { ...content, ...siblings };
}

/** A document as text in its file's format (JSON for `.json`, else YAML). */
function serialize(document: Json, file: string): string {
  return /\.json$/i.test(file) ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
}

interface OperationSite {
  where: 'paths' | 'webhooks' | 'callbacks';
  /** Where the operation is in the document as written (a part in a followed file: where it is referred to). */
  at: Pointer;
  /** The callback's name, for an operation of a callback. */
  callback?: string;
  route: string;
  method: string;
  pathItem: Json;
  operation: Json;
  view: OpenApiOperation;
}

/** An operation of the view, located in the document as written. */
function siteOf(written: Json, view: OpenApiOperation): OperationSite {
  const where = view.kind === 'path' ? 'paths' : view.kind === 'webhook' ? 'webhooks' : 'callbacks';
  const fallback = view.callback?.parent ?? [where, view.path];
  const at = valueAt(written, view.pointer) !== undefined ? view.pointer : valueAt(written, fallback) !== undefined ? fallback : [];
  return { where, at, ...(view.callback ? { callback: view.callback.name } : {}), route: view.path, method: view.method, pathItem: view.pathItem, operation: view.object, view };
}

function readOperation(ctx: Context, ids: IdAllocator, operationIds: Set<string>, site: OperationSite): ImportedMessage {
  const { where, route, method, operation, at } = site;
  const pinnedId = operation['x-eventcatalog-message-id'];
  const pinned = typeof pinnedId === 'string' && isSafeId(pinnedId) ? pinnedId : undefined;
  let operationId = typeof operation.operationId === 'string' ? operation.operationId : undefined;
  if (operationId !== undefined && operationIds.has(operationId)) {
    // OpenAPI requires operationIds to be unique; the first keeps it, a later one is named by its method and path.
    ctx.findings.add('import-duplicate-operation-id', 'warning', `The operationId '${operationId}' is used by an earlier operation too; ${method.toUpperCase()} ${route} is imported under its method and path instead.`, [...at, 'operationId'], 'Give every operation its own operationId (OpenAPI requires them to be unique).');
    operationId = undefined;
  } else if (operationId !== undefined) operationIds.add(operationId);
  // A webhook is named by its key; a path operation without an operationId by its method and path.
  const methods = HTTP_METHODS.filter((m) => site.pathItem[m]);
  const named = site.callback ?? route;
  const source = pinned ?? operationId ?? (where !== 'paths' && methods.length === 1 ? named : `${method} ${named}`);
  const id = ids.allocate(source, pinned ? (s) => s : toSafeId);
  if (!pinned && operationId && id !== operationId) {
    ctx.findings.add('import-id-changed', 'warning', `The operationId '${operationId}' is not safe as an id ($, spaces, dots); it is imported as '${id}'.`, [...at, 'operationId']);
  }
  const declared = operation['x-eventcatalog-message-type'];
  const kind: MessageKind = typeof declared === 'string' && isMessageKind(declared) ? declared : where !== 'paths' ? 'event' : QUERY_METHODS.has(method) ? 'query' : 'command';
  const request = requestSchema(ctx, site, id);
  const responses = readResponses(ctx, site);
  const summary = typeof operation.summary === 'string' ? operation.summary : firstLine(operation.description as string | undefined);
  return {
    id,
    sourceName: source,
    kind,
    name: typeof operation['x-eventcatalog-message-name'] === 'string' ? (operation['x-eventcatalog-message-name'] as string) : operationId ?? id,
    ...(summary ? { summary } : {}),
    ...(typeof operation.description === 'string' ? { description: operation.description } : {}),
    ...(request.contentType ? { contentType: request.contentType } : {}),
    ...(request.schema ? { schema: request.schema } : {}),
    channels: [],
    operation: {
      method: method.toUpperCase(),
      path: route,
      statusCodes: responses.map((r) => r.status).filter((s) => s !== 'default'),
      ...(responses.some((r) => r.schema) ? { responses: Object.fromEntries(responses.filter((r) => r.schema).map((r) => [r.status, `response-${r.status}.json`])) } : {}),
    },
    ...(responses.length ? { responses } : {}),
  };
}

/** A schema of the document as standalone JSON Schema (refs inlined, OpenAPI keywords converted). */
function standalone(ctx: Context, schema: unknown, at: (string | number)[]): Json {
  const inlined = inlineRefs(schema, ctx.doc, {
    defsKey: ctx.legacy ? 'definitions' : '$defs',
    external: (ref) => (ctx.shared.has(ref) ? `${COMPONENT_REF}${ctx.shared.get(ref)}` : undefined),
    // A reference to another file that is still there was not followed, and that was said where it is written.
    onProblem: (p) => (p.reason === 'external' && ctx.followed) || ctx.findings.add('import-ref-not-followed', 'warning', `The reference '${p.ref}' ${p.reason === 'external' ? 'leaves the document' : 'points at nothing'}; it became an empty schema.`, at),
  });
  return toJsonSchema(inlined, ctx.legacy) as Json;
}

function withDialect(ctx: Context, schema: Json): Json {
  return { $schema: ctx.legacy ? DRAFT_07 : DRAFT_2020, ...schema };
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: Json;
  example?: unknown;
}

/** The operation's parameters (path-item ones replaced by the operation's), and Swagger 2.0's body and form ones. */
function parameters(ctx: Context, site: OperationSite): Parameter[] {
  const all = [...site.view.parameters, ...(site.view.requestBody?.parameters ?? [])];
  return all.map((p) => {
    const { name, in: location, required, description, example, schema, collectionFormat: _c, allowEmptyValue: _a, ...rest } = p.object;
    // Swagger 2.0 puts the type on the parameter itself; OpenAPI 3 in its schema.
    const base = ctx.swagger2 && location !== 'body' ? rest : ((schema ?? {}) as Json);
    const converted = standalone(ctx, base, [...site.at, 'parameters']);
    return {
      name: p.name,
      in: p.in,
      required: p.required,
      schema: typeof description === 'string' && !converted.description ? { ...converted, description } : converted,
      ...(example !== undefined ? { example } : {}),
    };
  });
}

function requestBody(ctx: Context, site: OperationSite, params: Parameter[]): { schema?: Json; contentType?: string; examples: unknown[] } {
  const requestBody = site.view.requestBody;
  const [contentType, media] = (requestBody && (jsonMedia(requestBody.content) ?? [...requestBody.content][0])) ?? [];
  if (ctx.swagger2) {
    const body = params.find((p) => p.in === 'body');
    const form = params.filter((p) => p.in === 'formData');
    if (body) return { schema: body.schema, contentType, examples: examplesOf(body.schema) };
    if (form.length) return { schema: objectOf(form), contentType, examples: [] };
    return { examples: [] };
  }
  if (!media?.hasSchema || !media.schema.value) return { examples: [] };
  const schema = standalone(ctx, media.schema.value, [...site.at, 'requestBody']);
  return { schema, contentType, examples: [...examplesOf(schema), ...media.examples] };
}

function requestSchema(ctx: Context, site: OperationSite, id: string): { schema?: Json; contentType?: string } {
  const params = parameters(ctx, site);
  const fields = params.filter((p) => p.in === 'path' || p.in === 'query');
  const found = requestBody(ctx, site, params);
  // Parameters join the body's fields, so a body that is a shared component is copied in here.
  const body = fields.length && found.schema ? { ...found, schema: inlineComponent(ctx, found.schema) } : found;
  if (!body.schema) {
    const schema = objectOf(fields);
    const example = exampleOf(fields, {});
    return { schema: withDialect(ctx, { ...schema, ...(example ? { examples: [example] } : {}) }) };
  }
  const isObject = body.schema.type === 'object' || (body.schema.properties && !body.schema.type);
  if (fields.length && !isObject) {
    ctx.findings.add('import-parameters-not-in-schema', 'info', `The body of '${id}' is not an object, so its path and query parameters are not part of the message schema.`, site.at);
  }
  if (!fields.length || !isObject) {
    const { examples: _e, ...rest } = body.schema;
    return { schema: withDialect(ctx, { ...rest, ...(body.examples.length ? { examples: body.examples } : {}) }), contentType: body.contentType };
  }
  const properties = { ...(objectOf(fields).properties as Json), ...((body.schema.properties ?? {}) as Json) };
  const required = [...new Set([...fields.filter((p) => p.required).map((p) => p.name), ...((body.schema.required ?? []) as string[])])];
  const examples = body.examples.map((e) => exampleOf(fields, e)).filter((e) => e !== undefined);
  const { examples: _e, ...rest } = body.schema;
  return {
    schema: withDialect(ctx, { ...rest, type: 'object', properties, ...(required.length ? { required } : {}), ...(examples.length ? { examples } : {}) }),
    contentType: body.contentType,
  };
}

function objectOf(fields: Parameter[]): Json {
  const required = fields.filter((p) => p.required).map((p) => p.name);
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map((p) => [p.name, p.schema])),
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

/** An example of the whole request: the body's example plus an example value of each parameter. */
function exampleOf(fields: Parameter[], body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const out: Json = { ...(body as Json) };
  for (const p of fields) {
    if (p.name in out) continue;
    const value = p.example ?? examplesOf(p.schema)[0] ?? p.schema.default ?? (Array.isArray(p.schema.enum) ? p.schema.enum[0] : undefined);
    if (value !== undefined) out[p.name] = value;
    else if (p.required) return undefined;
  }
  return out;
}

function examplesOf(schema: Json): unknown[] {
  return Array.isArray(schema.examples) ? schema.examples : [];
}

function readResponses(ctx: Context, site: OperationSite): ImportedResponse[] {
  const out: ImportedResponse[] = [];
  // Specification extensions (`x-…`) sit beside the status codes; they are not responses.
  for (const [status, response] of site.view.responses) {
    // The status names a file (response-<status>.json): only codes such as 200, 4XX or default.
    if (!/^[0-9A-Za-z]+$/.test(status)) {
      ctx.findings.add('import-response-skipped', 'warning', `'${status}' is not a response status code; the response is not imported.`, [...site.at, 'responses', status]);
      continue;
    }
    const media = (jsonMedia(response.content) ?? [...response.content][0])?.[1];
    const schema = media?.hasSchema ? media.schema.value : undefined;
    const description = response.description;
    out.push({
      status,
      ...(description ? { description } : {}),
      ...(schema ? { schema: withDialect(ctx, standalone(ctx, schema, [...site.at, 'responses', status])) } : {}),
    });
  }
  return out.sort((a, b) => a.status.localeCompare(b.status));
}
