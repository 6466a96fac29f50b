/**
 * HTTP against OpenAPI. For each operation of a service's OpenAPI (or Swagger 2.0) documents: call it
 * with the document's examples (or, without any, one request generated from the schemas), plus
 * `--generate N` generated requests (seeded, reproducible); check that the status code is documented,
 * the content type and required headers are right, and the body validates against the response schema.
 * Only safe methods are called unless `--allow-writes` or the service lists the operation as safe.
 */
import type { Service } from '../../src/catalog/model.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { resolvePointer } from '../../src/catalog/schema-files.ts';
import { ActionFailed, callService, operationsOfService } from '../actions.ts';
import type { VerifyRun } from '../context.ts';
import { mediaType } from '../envelope.ts';
import { generate, random } from '../generate.ts';
import { buildPath, responseFor, SAFE_METHODS, type Operation } from '../openapi.ts';
import { describeViolation, violationsOf } from '../validate.ts';

interface PlannedRequest {
  readonly label: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers: Record<string, string>;
}

export async function checkHttp(run: VerifyRun, service: Service): Promise<void> {
  const operations = operationsOfService(service);
  if (!operations.length || run.unreachable.has(service.key)) return;
  const base = run.baseUrlOf(service);
  if (!base) {
    run.note(run.diagnostic({ code: 'verify-config', severity: 'warning', message: `${service.id} has an OpenAPI document but no base URL, so its HTTP API was not checked.`, hint: `Set verification.baseUrl or pass --target ${service.id}=URL.`, file: service.file, at: ['verification'] }));
    return;
  }
  const safe = new Set(service.frontmatter.verification?.safeOperations ?? []);
  const skipped: string[] = [];
  for (const op of operations) {
    if (run.unreachable.has(service.key)) return;
    const name = op.operationId ?? `${op.method} ${op.path}`;
    if (!SAFE_METHODS.has(op.method) && !run.options.allowWrites && !(op.operationId && safe.has(op.operationId))) {
      skipped.push(name);
      continue;
    }
    run.options.progress?.(`${service.id} ${op.method} ${op.path}`);
    for (const request of plannedRequests(run, op)) {
      run.throwIfAborted();
      await checkRequest(run, service, op, request);
      if (run.unreachable.has(service.key)) return;
    }
  }
  if (skipped.length) {
    run.notes.push(`${service.id}: ${skipped.length} HTTP operation${skipped.length === 1 ? '' : 's'} that write${skipped.length === 1 ? 's' : ''} not called (${skipped.join(', ')}); pass --allow-writes or list them in verification.safeOperations.`);
  }
}

function plannedRequests(run: VerifyRun, op: Operation): PlannedRequest[] {
  const doc = op.spec.document;
  let seed = run.options.seed;
  for (const ch of `${op.spec.file} ${op.method} ${op.path}`) seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) | 0;
  const rng = random(seed);
  const gen = (schema: unknown) => generate(schema, { rng, root: doc });
  const build = (label: string, pick: (examples: readonly unknown[], schema: unknown) => unknown, bodyValue: unknown): PlannedRequest => {
    const values: Record<string, unknown> = {};
    const query: Record<string, unknown> = {};
    const headers: Record<string, string> = {};
    for (const p of op.parameters) {
      if (!p.required && p.examples.length === 0) continue;
      const value = pick(p.examples, p.schema);
      if (p.in === 'path') values[p.name] = value;
      else if (p.in === 'query') query[p.name] = value;
      else if (p.in === 'header') headers[p.name] = String(value);
    }
    return { label, path: buildPath(op, values, query), body: bodyValue, headers };
  };
  const bodySchema = op.body?.schemaAt ? resolvePointer(doc, `#/${op.body.schemaAt.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`) : undefined;
  const out: PlannedRequest[] = [];
  const hasExamples = op.parameters.some((p) => p.examples.length) || Boolean(op.body?.examples.length);
  if (hasExamples) {
    out.push(build('the documented examples', (examples, schema) => (examples.length ? examples[0] : gen(schema)), op.body ? (op.body.examples[0] ?? (bodySchema ? gen(bodySchema) : undefined)) : undefined));
  } else {
    out.push(build(`generated from the schemas (seed ${run.options.seed})`, (_e, schema) => gen(schema), bodySchema ? gen(bodySchema) : undefined));
  }
  for (let i = 0; i < run.options.generate; i++) {
    out.push(build(`generated ${i + 1} (seed ${run.options.seed})`, (_e, schema) => gen(schema), bodySchema ? gen(bodySchema) : undefined));
  }
  return out;
}

async function checkRequest(run: VerifyRun, service: Service, op: Operation, request: PlannedRequest): Promise<void> {
  const label = `${service.id} ${op.method} ${request.path}${op.operationId ? ` (${op.operationId})` : ''}`;
  const name = `${label}, ${request.label}`;
  const subjects = [service.key];
  const file = op.spec.file;
  const diags: Diagnostic[] = [];
  let answer;
  try {
    answer = await callService(run, service, { method: op.method, path: request.path, body: request.body, headers: request.headers });
  } catch (error) {
    if (error instanceof ActionFailed) {
      run.record('http', name, subjects, [run.diagnostic({ code: error.code, message: error.message, hint: error.hint, file: service.file, at: ['verification', 'baseUrl'] })], service.file);
      return;
    }
    throw error;
  }
  const response = responseFor(op, answer.status);
  if (!response) {
    diags.push(run.diagnostic({
      code: 'http-status-undocumented',
      message: `${label} answered ${answer.status}, which ${file} does not document (documented: ${op.responses.map((r) => r.status).join(', ') || 'none'}).`,
      hint: 'Document the status in the operation\'s responses, or fix the service.',
      file,
      at: [...op.at, 'responses'],
    }));
    run.record('http', name, subjects, diags, file);
    return;
  }
  const hasBody = answer.text.trim() !== '';
  if (response.contentTypes.length && hasBody) {
    const actual = mediaType(answer.contentType);
    const ok = response.contentTypes.some((ct) => {
      const expected = mediaType(ct);
      return expected === actual || expected === '*/*' || (expected?.endsWith('/*') && actual?.startsWith(expected.slice(0, -1)));
    });
    if (!ok) {
      diags.push(run.diagnostic({
        code: 'http-content-type',
        message: `${label} answered ${answer.status} with content type ${answer.contentType ? `'${answer.contentType}'` : '(none)'}; ${file} documents ${response.contentTypes.join(', ')}.`,
        file,
        at: response.at,
      }));
    }
  }
  for (const header of response.requiredHeaders) {
    if (!answer.headers.has(header)) {
      diags.push(run.diagnostic({ code: 'http-header-missing', message: `${label} answered ${answer.status} without the required header ${header}.`, file, at: [...response.at, 'headers', header] }));
    }
  }
  if (response.schemaAt) {
    if (answer.notJson) {
      diags.push(run.diagnostic({ code: 'http-not-json', message: `${label} answered ${answer.status} with a body that is not JSON (${answer.notJson.reason}): ${answer.notJson.preview}.`, file, at: response.at }));
    } else if (!hasBody) {
      diags.push(run.diagnostic({ code: 'http-body-invalid', message: `${label} answered ${answer.status} with an empty body; ${file} documents a JSON body.`, file, at: response.schemaAt }));
    } else {
      const schema = run.validators.forDocument(file, response.schemaAt, op.dialect, op.spec.document);
      if (schema instanceof Error) {
        diags.push(run.diagnostic({ code: 'schema-unusable', severity: 'error', message: `${label}: ${schema.message}`, file, at: response.schemaAt }));
      } else if (!schema.validate(answer.json)) {
        for (const v of violationsOf(schema, answer.json)) {
          diags.push(run.diagnostic({ code: 'http-body-invalid', message: `${label} answered ${answer.status} with a body that does not match ${file}: ${describeViolation(v)}.`, file: v.schemaFile, at: v.schemaPath, path: v.pointer }));
        }
      }
    }
  }
  run.record('http', name, subjects, diags, file);
}
