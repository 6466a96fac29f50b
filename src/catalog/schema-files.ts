/**
 * Parses the schema files messages and entities point at — JSON Schema (draft-07, 2019-09, 2020-12, in
 * JSON or YAML), Avro `.avsc` and Protobuf `.proto` — and checks their `$ref`s without any network:
 * a URL or a path outside the catalog is reported, never fetched.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type avro from 'avsc';
import type protobuf from 'protobufjs';
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaDocument, SchemaField } from './model.ts';
import { MAX_DOCUMENT_BYTES, readTextFile } from './read-file.ts';
import { pointerToPath } from './locate.ts';
import { parseJson, parseYaml } from './read-yaml.ts';
import type { LoadCache } from './cache/load-cache.ts';
import { LazyValue, lazySchemaDocument } from './lazy-document.ts';

export interface DocumentProblem {
  code: string;
  message: string;
  file: string;
  /** Field path inside the document, located lazily; or an explicit line. */
  path?: (string | number)[];
  line?: number;
  column?: number;
  hint?: string;
  severity?: 'error' | 'warning' | 'info';
}

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
export const DRAFT_2019 = 'https://json-schema.org/draft/2019-09/schema';
export const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** One ajv per dialect, made on first use: each compiles its meta-schema, and many catalogs need only one. */
const metaValidators: Partial<Record<'draft7' | 'draft2019' | 'draft2020', Ajv>> = {};
function metaValidator(name: 'draft7' | 'draft2019' | 'draft2020'): Ajv {
  const options = { strict: false, validateFormats: false, allErrors: true };
  return (metaValidators[name] ??= name === 'draft2020' ? new Ajv2020(options) : name === 'draft2019' ? new Ajv2019(options) : new Ajv(options));
}

/** avsc and protobufjs are imported only when a catalog has an Avro or Protobuf schema. */
async function avroModule(): Promise<typeof avro> {
  return (await import('avsc')).default;
}
async function protobufModule(): Promise<typeof import('protobufjs')> {
  return (await import('protobufjs')).default;
}

/**
 * Parses JSON or YAML text (by the file's extension), reporting syntax errors with their line; alias
 * bombs, alias cycles and too-deep nesting are refused (see read-yaml.ts).
 */
export function parseStructured(text: string, file: string): { ok: true; value: unknown } | { ok: false; problem: DocumentProblem } {
  const parsed = /\.(json|avsc)$/i.test(file) ? parseJson(text) : parseYaml(text);
  return parsed.ok ? parsed : { ok: false, problem: { ...parsed.problem, file } };
}

/** The code a parse problem is reported under: a syntax error takes the reader's own code (`schema-unparsable`, …). */
export function parseProblemCode(problem: { code: string }, syntaxCode: string): string {
  return problem.code === 'document-syntax' ? syntaxCode : problem.code;
}

export function schemaFormatOf(file: string): SchemaDocument['format'] | undefined {
  if (/\.avsc$/i.test(file)) return 'avro';
  if (/\.proto$/i.test(file)) return 'protobuf';
  if (/\.(json|ya?ml)$/i.test(file)) return 'json-schema';
  return undefined;
}

/** Collects every `$ref` string in a JSON value with its JSON-pointer location. */
export function collectRefs(value: unknown, at: (string | number)[] = [], out: { ref: string; path: (string | number)[] }[] = []) {
  // One path stack, copied only where a `$ref` is found: most nodes have none, and a new array per node
  // was a large share of the load's garbage.
  const stack = [...at];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        stack.push(i);
        walk(node[i]);
        stack.pop();
      }
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key in record) {
        const child = record[key];
        if (key === '$ref' && typeof child === 'string') out.push({ ref: child, path: [...stack, key] });
        else if (key !== 'examples' && key !== 'example' && key !== 'const' && key !== 'default' && key !== 'enum' && child !== null && typeof child === 'object') {
          stack.push(key);
          walk(child);
          stack.pop();
        }
      }
    }
  };
  walk(value);
  return out;
}

/** Resolves a JSON pointer (`#/definitions/x`) in a value; undefined when absent. */
export function resolvePointer(value: unknown, fragment: string): unknown {
  let node = value;
  for (const seg of pointerToPath(fragment.startsWith('#') ? fragment : `#${fragment}`)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
    if (node === undefined) return undefined;
  }
  return node;
}

export interface RefCheckContext {
  root: string;
  /** Loads another document of the catalog (cached by the caller). */
  load(file: string): Promise<unknown | undefined>;
  /** Whether a catalog file exists (from the scan, saving a system call per reference). */
  exists?(file: string): boolean;
  /** Where results computed from one file's text alone are kept between runs. */
  cache?: LoadCache;
}

/**
 * A `$ref` of a document as far as the document alone decides it: a local pointer that points at nothing
 * and a URL are problems (`problem`, naming no file); a relative file is left to {@link checkRefSites}, which
 * knows the catalog. Local pointers that resolve are left out.
 */
export interface RefSite {
  ref: string;
  path: (string | number)[];
  problem?: Omit<DocumentProblem, 'file'>;
}

/** The {@link RefSite}s of a document, in document order: pure in its value, so the load cache keeps them by the text's digest. */
export function refSites(value: unknown): RefSite[] {
  const out: RefSite[] = [];
  let anchors: Set<string> | undefined;
  for (const { ref, path: at } of collectRefs(value)) {
    if (ref.startsWith('#')) {
      const missing = ref.length > 1 && !ref.startsWith('#/') ? !(anchors ??= collectAnchors(value)).has(ref.slice(1)) : resolvePointer(value, ref) === undefined;
      if (missing) out.push({ ref, path: at, problem: { code: 'ref-unresolvable', path: at, message: `The $ref '${ref}' points at nothing in this document.` } });
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
      if (isKnownMetaSchema(ref)) continue;
      out.push({
        ref,
        path: at,
        problem: {
          code: 'ref-remote',
          path: at,
          message: `The $ref '${ref}' is a URL; Waybill never fetches from the network, so it was not followed.`,
          hint: 'Copy the referenced schema into the catalog and point at it with a relative path.',
        },
      });
      continue;
    }
    out.push({ ref, path: at });
  }
  return out;
}

/**
 * Checks the `$ref`s of a document: local pointers must exist; relative files must exist inside the
 * catalog (and their pointer too); URLs are not followed. Returns the catalog files it depends on.
 */
export async function checkRefs(value: unknown, file: string, ctx: RefCheckContext, problems: DocumentProblem[]): Promise<string[]> {
  return checkRefSites(refSites(value), file, ctx, problems);
}

/** {@link checkRefs} from a document's {@link RefSite}s: the document's value is not needed. */
export async function checkRefSites(sites: readonly RefSite[], file: string, ctx: RefCheckContext, problems: DocumentProblem[]): Promise<string[]> {
  const deps = new Set<string>();
  for (const { ref, path: at, problem } of sites) {
    if (problem) {
      problems.push({ ...problem, file });
      continue;
    }
    const [target, fragment = ''] = ref.split('#');
    const absolute = path.resolve(ctx.root, path.dirname(file), target);
    const relative = path.relative(ctx.root, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      problems.push({
        code: 'ref-outside-catalog',
        file,
        path: at,
        message: `The $ref '${ref}' leads outside the catalog folder; it was not followed.`,
        hint: 'Schemas may only reference files inside the catalog.',
      });
      continue;
    }
    const relPosix = relative.split(path.sep).join('/');
    if (!(ctx.exists ? ctx.exists(relPosix) : existsSync(absolute))) {
      problems.push({ code: 'ref-unresolvable', file, path: at, message: `The $ref '${ref}' names ${relPosix}, which does not exist.` });
      continue;
    }
    deps.add(relPosix);
    if (fragment) {
      const other = await ctx.load(relPosix);
      if (other !== undefined && resolvePointer(other, fragment) === undefined) {
        problems.push({ code: 'ref-unresolvable', file, path: at, message: `The $ref '${ref}' points at nothing in ${relPosix}.` });
      }
    }
  }
  return [...deps];
}

/** A regular expression in a schema that cannot be compiled, so the schema cannot check anything. */
export interface UnusablePattern {
  /** Field path of the `pattern` keyword, or of the `patternProperties` key. */
  path: (string | number)[];
  pattern: string;
  reason: string;
}

/** Keywords whose values are data, not schemas: a `pattern` inside them is not a regular expression. */
const DATA_KEYWORDS = new Set(['examples', 'example', 'const', 'default', 'enum']);

/**
 * Every `pattern` and `patternProperties` key of a JSON Schema (or a document holding schemas) that is not
 * a valid regular expression as validators compile it (Unicode mode, as ajv does). Walked with an
 * explicit stack.
 */
export function unusablePatterns(value: unknown): UnusablePattern[] {
  const out: UnusablePattern[] = [];
  const check = (pattern: string, at: (string | number)[]) => {
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      out.push({ path: at, pattern, reason: (error as Error).message.replace(/^Invalid regular expression: /, '') });
    }
  };
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length) {
    const [node, at] = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) if (node[i] !== null && typeof node[i] === 'object') stack.push([node[i], [...at, i]]);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'pattern' && typeof child === 'string') check(child, [...at, key]);
      else if (key === 'patternProperties' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        for (const name of Object.keys(child)) check(name, [...at, key, name]);
      }
      if (!DATA_KEYWORDS.has(key) && child !== null && typeof child === 'object') stack.push([child, [...at, key]]);
    }
  }
  return out;
}

/** The problems of {@link unusablePatterns}: a schema that cannot be compiled checks nothing. */
export function unusablePatternProblems(value: unknown, file: string): DocumentProblem[] {
  return unusablePatterns(value).map((p) => ({
    code: 'schema-unusable',
    file,
    path: p.path,
    message: `The regular expression '${p.pattern}' is not valid (${p.reason}), so this schema cannot be compiled and checks nothing.`,
    hint: 'Fix the expression; validators read it in Unicode mode, as JavaScript\'s RegExp with the u flag.',
  }));
}

function collectAnchors(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => collectAnchors(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === '$anchor' || k === '$dynamicAnchor') && typeof v === 'string') out.add(v);
      else if (k === '$id' && typeof v === 'string' && v.startsWith('#')) out.add(v.slice(1));
      else collectAnchors(v, out);
    }
  }
  return out;
}

function isKnownMetaSchema(ref: string): boolean {
  return /^https?:\/\/json-schema\.org\//.test(ref);
}

/** Validates a JSON Schema against its dialect's meta-schema; problems carry the path into the schema. */
export function validateJsonSchema(value: unknown, file: string): { dialect?: string; problems: DocumentProblem[] } {
  if (typeof value === 'boolean') return { problems: [] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problems: [{ code: 'schema-invalid', file, line: 1, column: 1, message: 'A JSON Schema must be an object (or true/false).' }] };
  }
  const declared = (value as Record<string, unknown>).$schema;
  const dialect = typeof declared === 'string' ? declared : undefined;
  const validator = metaValidator(dialect?.includes('2020-12') ? 'draft2020' : dialect?.includes('2019-09') ? 'draft2019' : 'draft7');
  const problems: DocumentProblem[] = [];
  if (dialect && !/json-schema\.org\/(draft-0[4-7]|draft\/2019-09|draft\/2020-12)/.test(dialect)) {
    problems.push({ code: 'schema-invalid', file, path: ['$schema'], severity: 'warning', message: `Unknown JSON Schema dialect '${dialect}'; validated as draft-07.` });
  }
  let valid: boolean | Promise<unknown>;
  try {
    valid = validator.validateSchema(value as object);
  } catch (error) {
    problems.push({ code: 'schema-invalid', file, line: 1, column: 1, message: `The schema could not be checked: ${(error as Error).message}` });
    return { dialect, problems };
  }
  if (!valid) problems.push(...ajvProblems(validator.errors ?? [], file, 'schema-invalid', 'The schema is not a valid JSON Schema'));
  return { dialect, problems };
}

/** Turns ajv errors into problems: one per location, most specific first. */
export function ajvProblems(errors: ErrorObject[], file: string, code: string, lead: string): DocumentProblem[] {
  const byPath = new Map<string, ErrorObject>();
  for (const error of errors) {
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') {
      if (!byPath.has(error.instancePath)) byPath.set(error.instancePath, error);
      continue;
    }
    const existing = byPath.get(error.instancePath);
    if (!existing || existing.keyword === 'oneOf' || existing.keyword === 'anyOf' || existing.keyword === 'if') byPath.set(error.instancePath, error);
  }
  // Drop an umbrella error when a more specific one exists below it.
  const paths = [...byPath.keys()];
  return [...byPath.entries()]
    .filter(([p, e]) => !((e.keyword === 'oneOf' || e.keyword === 'anyOf') && paths.some((q) => q !== p && q.startsWith(`${p}/`))))
    .map(([p, e]) => {
      const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty?: string }).additionalProperty : undefined;
      const at = extra === undefined ? pointerToPath(p) : [...pointerToPath(p), extra];
      const where = p ? `'${p}'` : 'the document';
      return { code, file, path: at, message: `${lead}: ${where} ${describeAjvError(e)}.` };
    });
}

function describeAjvError(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `is missing the required field '${params.missingProperty}'`;
    case 'additionalProperties':
      return `has an unknown field '${params.additionalProperty}'`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${params.type}`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/** Parses one schema file into a {@link SchemaDocument}; problems go to `problems`. */
export async function parseSchemaFile(file: string, ctx: RefCheckContext, problems: DocumentProblem[]): Promise<{ doc?: SchemaDocument; dependencies: string[] }> {
  const format = schemaFormatOf(file);
  if (!format) {
    problems.push({ code: 'schema-unsupported', file, line: 0, message: `Waybill does not know this kind of schema file (${path.extname(file) || 'no extension'}); use .json, .yaml, .avsc or .proto.`, severity: 'warning' });
    return { dependencies: [] };
  }
  const read = await readTextFile(path.join(ctx.root, file), MAX_DOCUMENT_BYTES);
  if (!read.ok) {
    problems.push({ code: read.problem.code, file, line: read.problem.line, message: read.problem.message });
    return { dependencies: [] };
  }
  // Everything but the $ref checks depends on the text alone, and is cached by its digest.
  const jsonText = /\.(json|avsc)$/i.test(file);
  const compute = () => parseSchemaText(read.text, file, format);
  const pure = ctx.cache ? await ctx.cache.memo(`schema:${format}:${jsonText}`, read.text, file, () => compute().then((r) => withoutJsonValue(r, jsonText)), path.join(ctx.root, file)) : await compute();
  problems.push(...pure.problems);
  if (!pure.doc) return { dependencies: [] };
  const { value: known, dialect, fields } = pure.doc;
  const text = read.text;
  // A JSON file's value is parsed from its text when first read (see lazy-document.ts).
  const value = 'value' in pure.doc ? LazyValue.of(known) : new LazyValue(() => JSON.parse(text));
  const doc = lazySchemaDocument(format === 'json-schema' ? { file, format, dialect } : { file, format, fields }, value);
  const dependencies = pure.refs ? await checkRefSites(pure.refs, file, ctx, problems) : [];
  return { doc, dependencies };
}

type ParsedSchemaText = {
  doc?: Omit<SchemaDocument, 'file' | 'value'> & { value?: unknown };
  problems: DocumentProblem[];
  /** A JSON Schema's `$ref`s, checked against the catalog by each load. */
  refs?: RefSite[];
};

/** A schema file's document and the problems found in its text alone. */
async function parseSchemaText(text: string, file: string, format: SchemaDocument['format']): Promise<ParsedSchemaText> {
  const problems: DocumentProblem[] = [];
  if (format === 'protobuf') {
    const doc = parseProto(await protobufModule(), text, file, problems);
    return { doc, problems };
  }
  const parsed = parseStructured(text, file);
  if (!parsed.ok) return { problems: [{ ...parsed.problem, code: parseProblemCode(parsed.problem, 'schema-unparsable') }] };
  if (format === 'avro') {
    try {
      (await avroModule()).Type.forSchema(parsed.value as avro.Schema, { wrapUnions: true });
    } catch (error) {
      problems.push({ code: 'schema-invalid', file, line: 1, column: 1, message: `Not a valid Avro schema: ${(error as Error).message}` });
    }
    return { doc: { format, value: parsed.value, fields: avroFields(parsed.value) }, problems };
  }
  const { dialect, problems: schemaProblems } = validateJsonSchema(parsed.value, file);
  return { doc: { format, dialect, value: parsed.value }, problems: [...schemaProblems, ...unusablePatternProblems(parsed.value, file)], refs: refSites(parsed.value) };
}

/** A JSON file's document is parsed again from its text rather than kept twice in the cache. */
function withoutJsonValue(result: ParsedSchemaText, jsonText: boolean): ParsedSchemaText {
  if (!jsonText || !result.doc) return result;
  const { value: _value, ...doc } = result.doc;
  return { ...result, doc };
}

function avroFields(schema: unknown): SchemaField[] | undefined {
  if (!schema || typeof schema !== 'object' || (schema as { type?: unknown }).type !== 'record') return undefined;
  const fields = (schema as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return undefined;
  return fields.map((f: Record<string, unknown>) => {
    const type = f.type;
    const nullable = Array.isArray(type) && type.includes('null');
    const nested = typeof type === 'object' && !Array.isArray(type) ? avroFields(type) : undefined;
    return {
      name: String(f.name),
      type: avroTypeName(type),
      required: !nullable && f.default === undefined,
      description: typeof f.doc === 'string' ? f.doc : undefined,
      fields: nested,
    };
  });
}

function avroTypeName(type: unknown): string {
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.map(avroTypeName).join(' | ');
  if (type && typeof type === 'object') {
    const t = type as Record<string, unknown>;
    if (t.type === 'array') return `array<${avroTypeName(t.items)}>`;
    if (t.type === 'map') return `map<${avroTypeName(t.values)}>`;
    if (typeof t.logicalType === 'string') return `${String(t.type)} (${t.logicalType})`;
    return typeof t.name === 'string' ? `${String(t.type)} ${t.name}` : String(t.type);
  }
  return 'unknown';
}

function parseProto(protobuf: typeof import('protobufjs'), text: string, file: string, problems: DocumentProblem[]): SchemaDocument | undefined {
  let root: protobuf.Root;
  try {
    root = protobuf.parse(text, { keepCase: true, alternateCommentMode: true }).root;
  } catch (error) {
    const message = (error as Error).message;
    const line = Number(/line (\d+)/.exec(message)?.[1] ?? 1);
    problems.push({ code: 'schema-unparsable', file, line, column: 1, message: `Not valid Protobuf: ${message.replace(/\s*\(line \d+\)/, '')}` });
    return undefined;
  }
  const messages: protobuf.Type[] = [];
  const visit = (ns: protobuf.NamespaceBase) => {
    for (const nested of ns.nestedArray) {
      if (nested instanceof protobuf.Type) messages.push(nested);
      if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) visit(nested);
    }
  };
  visit(root);
  const toFields = (type: protobuf.Type, depth: number): SchemaField[] =>
    type.fieldsArray.map((field) => {
      field.resolve();
      const nested = field.resolvedType instanceof protobuf.Type && depth < 4 ? toFields(field.resolvedType, depth + 1) : undefined;
      return {
        name: field.name,
        type: field.type,
        required: field.required,
        repeated: field.repeated,
        description: field.comment ?? undefined,
        fields: nested,
      };
    });
  const value = messages.map((m) => ({ name: m.fullName.replace(/^\./, ''), fields: toFields(m, 0) }));
  return { file, format: 'protobuf', value, fields: messages[0] ? toFields(messages[0], 0) : [] };
}
