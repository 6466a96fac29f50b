/**
 * Checks the HTTP interactions of a pact against the provider's OpenAPI document (Swagger 2.0, OpenAPI
 * 3.0/3.1) in the catalog, as PactFlow's bi-directional testing does: the operation exists; the request
 * the consumer sends has the required parameters and a body the provider accepts; the response status is
 * declared (or a `default` is); the response body the consumer expects is a subset of what the provider
 * declares. A provider without an OpenAPI document gets one clear finding per interaction.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { Service, SpecDocument } from '../catalog/model.ts';
import { catalogRefs } from '../compat/catalog-refs.ts';
import type { SchemaNode } from '../compat/fields/field-lookup.ts';
import { typesOf } from '../compat/fields/field-lookup.ts';
import { openApiView, pathScore, responseFor, type Content, type OpenApiOperation, type SchemaAt } from '../spec/index.ts';
import { checkContents } from './check-contents.ts';
import type { MatchingRules } from './matching-rules.ts';
import type { PactFile, PactHttpInteraction } from './pact-file.ts';
import type { Finding } from './verify.ts';

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

function queryNames(query: unknown): Set<string> {
  if (typeof query === 'string') return new Set(new URLSearchParams(query).keys());
  if (query && typeof query === 'object') return new Set(Object.keys(query));
  return new Set();
}

/** The media type of `content` that fits a Content-Type (exact, then `type/*`, then the first JSON one). */
function mediaFor(content: Content, contentType: string | undefined): SchemaAt | undefined {
  const wanted = contentType?.split(';')[0].trim().toLowerCase();
  if (wanted) {
    for (const [media, { schema }] of content) if (media.toLowerCase() === wanted) return schema;
    for (const [media, { schema }] of content) if (media.endsWith('/*') && wanted.startsWith(media.slice(0, -1))) return schema;
    for (const [media, { schema }] of content) if (media === '*/*') return schema;
    return undefined;
  }
  return ([...content].find(([media]) => /json/i.test(media))?.[1] ?? [...content.values()][0])?.schema;
}

function bodyFindings(
  spec: SpecDocument, catalog: Catalog, interaction: PactHttpInteraction, side: 'request' | 'response',
  content: Content, body: unknown, rules: MatchingRules, subject: string,
): Finding[] {
  const headers = side === 'request' ? interaction.requestHeaders : interaction.responseHeaders;
  const contentType = headerValue(headers, 'Content-Type');
  const schema = mediaFor(content, contentType);
  const at = [...interaction.at, side, 'body'];
  if (!schema) {
    if (content.size === 0) return [];
    return [{ code: 'pact-content-type-mismatch', at: [...interaction.at, side, 'headers'], message: `'${interaction.description}': ${side} Content-Type ${contentType} is not one of ${[...content.keys()].join(', ')} (${subject}).` }];
  }
  const root: SchemaNode = { value: schema.value, file: spec.file, root: spec.document, path: schema.pointer };
  return checkContents(body, root, rules, [], catalogRefs(catalog), subject, { request: side === 'request' }).map((p) => ({
    code: p.code,
    severity: p.severity,
    at: [...at, ...p.path.map((s) => (/^\d+$/.test(s) ? Number(s) : s))],
    message: `'${interaction.description}' ${side} ${p.message}`,
  }));
}

function requestFindings(spec: SpecDocument, catalog: Catalog, i: PactHttpInteraction, op: OpenApiOperation, subject: string, concretePath: string): Finding[] {
  const out: Finding[] = [];
  const query = queryNames(i.query ?? (concretePath.includes('?') ? concretePath.split('?')[1] : undefined));
  for (const p of op.parameters) {
    if (p.in === 'query' && p.required && !query.has(p.name)) {
      out.push({ code: 'pact-parameter-missing', at: [...i.at, 'request'], message: `'${i.description}': ${subject} requires the query parameter '${p.name}', which the request does not send.` });
    }
    if (p.in === 'header' && p.required && headerValue(i.requestHeaders, p.name) === undefined) {
      out.push({ code: 'pact-parameter-missing', at: [...i.at, 'request', 'headers'], message: `'${i.description}': ${subject} requires the header '${p.name}', which the request does not send.` });
    }
    if (p.in === 'path') {
      const index = op.path.split('/').findIndex((s) => s === `{${p.name}}`);
      const value = index >= 0 ? decodeURIComponent(concretePath.split('?')[0].split('/')[index] ?? '') : undefined;
      const types = typesOf({ value: p.schema.value, file: spec.file, root: spec.document, path: p.schema.pointer }, catalogRefs(catalog));
      if (value !== undefined && !types.has('string') && !types.has('any') && (types.has('integer') ? !/^-?\d+$/.test(value) : types.has('number') && Number.isNaN(Number(value)))) {
        out.push({ code: 'pact-parameter-invalid', at: [...i.at, 'request', 'path'], message: `'${i.description}': path parameter '${p.name}' is '${value}', but ${subject} declares it ${[...types].join(' | ')}.` });
      }
    }
  }
  if (op.requestBody?.required && i.requestBody === undefined) {
    out.push({ code: 'pact-field-missing', at: [...i.at, 'request'], message: `'${i.description}': ${subject} requires a request body; the request has none.` });
  }
  if (op.requestBody && i.requestBody !== undefined) {
    out.push(...bodyFindings(spec, catalog, i, 'request', op.requestBody.content, i.requestBody, i.requestRules, subject));
  }
  return out;
}

function responseFindings(spec: SpecDocument, catalog: Catalog, i: PactHttpInteraction, op: OpenApiOperation, subject: string): Finding[] {
  const status = String(i.status);
  const response = responseFor(op.responses, status);
  if (!response) {
    return [{ code: 'pact-status-undeclared', at: [...i.at, 'response', 'status'], message: `'${i.description}' expects status ${status}, which ${subject} does not declare (${[...op.responses.keys()].join(', ')}).` }];
  }
  if (i.responseBody === undefined) return [];
  if (response.content.size === 0) {
    return [{ code: 'pact-field-undeclared', at: [...i.at, 'response', 'body'], message: `'${i.description}' expects a response body with status ${status}, which ${subject} declares without one.` }];
  }
  return bodyFindings(spec, catalog, i, 'response', response.content, i.responseBody, i.responseRules, `${subject} ${response.status}`);
}

/** A request path under the operation's base path (any of its servers'), or as it is when under none. */
function underBase(op: OpenApiOperation, requestPath: string): string {
  for (const base of op.basePaths) {
    if (base && (requestPath === base || requestPath.startsWith(`${base}/`) || requestPath.startsWith(`${base}?`))) {
      const rest = requestPath.slice(base.length);
      return rest.startsWith('/') ? rest : `/${rest}`;
    }
  }
  return requestPath;
}

/** Checks a pact's HTTP interactions against the provider's OpenAPI documents. */
export function verifyHttp(catalog: Catalog, pact: PactFile, provider: Service): { findings: Finding[]; checks: { name: string; passed: boolean }[] } {
  const findings: Finding[] = [];
  const checks: { name: string; passed: boolean }[] = [];
  if (pact.http.length === 0) return { findings, checks };
  const specs = provider.specifications.filter((s) => s.type === 'openapi');
  if (specs.length === 0) {
    for (const i of pact.http) {
      findings.push({ code: 'pact-not-message-pact', severity: 'warning', at: i.at, message: `'${i.description}' is an HTTP interaction, not a message, and ${provider.name} has no OpenAPI document in the catalog to check it against.`, hint: `Attach the API's OpenAPI document to ${provider.name} (specifications.openapiPath).` });
    }
    return { findings, checks };
  }
  for (const i of pact.http) {
    const candidates = specs.flatMap((spec) =>
      openApiView(spec).operations
        .filter((op) => op.kind === 'path' && op.method === i.method.toLowerCase())
        .map((op) => ({ spec, op, path: underBase(op, i.path) }))
        .map((c) => ({ ...c, score: pathScore(c.op.path, c.path) }))
        .filter((c) => c.score > 0));
    candidates.sort((a, b) => b.score - a.score);
    const best = candidates[0];
    const mine: Finding[] = [];
    if (!best) {
      mine.push({ code: 'pact-operation-unknown', at: [...i.at, 'request', 'path'], message: `'${i.description}': ${provider.name}'s OpenAPI document has no operation ${i.method} ${i.path}.`, hint: 'Correct the request, or add the operation to the provider\'s API.' });
    } else {
      const subject = `${provider.name} ${best.op.method.toUpperCase()} ${best.op.path}`;
      mine.push(...requestFindings(best.spec, catalog, i, best.op, subject, best.path), ...responseFindings(best.spec, catalog, i, best.op, subject));
    }
    findings.push(...mine);
    checks.push({ name: `${pact.consumer} → ${pact.provider}: ${i.description} (${i.method} ${i.path} → ${i.status})`, passed: !mine.some((f) => (f.severity ?? 'error') === 'error') });
  }
  return { findings, checks };
}
