/**
 * Payload and response-body validation with ajv: one ajv instance per JSON Schema dialect, every schema
 * compiled once (cached by file and pointer), `$ref`s across catalog files resolved from
 * `catalog.documents` (only the documents a schema reaches are registered; never the network). A failure becomes a list of {@link Violation}s, each
 * with its JSON pointer, what was expected, what was found, and the offending value (truncated).
 */
import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Import from 'ajv-draft-04';
import addFormatsImport from 'ajv-formats';
import type { Catalog } from '../src/catalog/catalog.ts';
import type { Message } from '../src/catalog/model.ts';
import { pointerToPath } from '../src/catalog/locate.ts';
import { collectRefs } from '../src/catalog/schema-files.ts';
import path from 'node:path';
import { jsonPreview } from './json-preview.ts';

// ajv-draft-04 and ajv-formats are CommonJS; depending on the loader the export is the default or its .default.
const AjvDraft04 = ((AjvDraft04Import as unknown as { default?: unknown }).default ?? AjvDraft04Import) as unknown as typeof import('ajv-draft-04').default;
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as unknown as typeof import('ajv-formats').default;

export type Dialect = 'draft4' | 'draft7' | 'draft2019' | 'draft2020';

/** A compiled schema and where it lives, to point a violation at the keyword's line. */
export interface CompiledSchema {
  readonly validate: ValidateFunction;
  /** Catalog file holding the schema. */
  readonly file: string;
  /** Field path of the schema inside that file (empty for a whole schema file). */
  readonly at: readonly (string | number)[];
}

export type ViolationKind = 'missing-field' | 'wrong-type' | 'unknown-field' | 'invalid';

export interface Violation {
  readonly kind: ViolationKind;
  /** JSON pointer of the offending value in the payload ('' for the payload itself). */
  readonly pointer: string;
  readonly expected: string;
  readonly actual: string;
  /** The offending value as JSON, truncated; absent for a missing field. */
  readonly value?: string;
  readonly keyword: string;
  /** Field path of the failing keyword inside its schema file. */
  readonly schemaFile: string;
  readonly schemaPath: readonly (string | number)[];
}

const SCHEME = 'waybill://catalog/';

/** The URI a catalog document is registered under (relative `$ref`s resolve against it, as the loader does). */
/**
 * A `..` segment (a file of an included catalog beside this one, `../team-a/…`) is written as `~parent`:
 * URI resolution would drop it, and a relative `$ref` inside that catalog never climbs above it (the loader
 * refuses one that would).
 */
const PARENT_SEGMENT = '~parent';

export function documentUri(file: string): string {
  return SCHEME + file.split('/').map((seg) => (seg === '..' ? PARENT_SEGMENT : encodeURIComponent(seg))).join('/');
}

function fileOfUri(uri: string): string | undefined {
  if (!uri.startsWith(SCHEME)) return undefined;
  return uri.slice(SCHEME.length).split('#')[0].split('/').map((seg) => (seg === PARENT_SEGMENT ? '..' : decodeURIComponent(seg))).join('/');
}

export function dialectOf(schema: unknown): Dialect {
  const uri = schema && typeof schema === 'object' ? String((schema as { $schema?: unknown }).$schema ?? '') : '';
  if (uri.includes('2020-12')) return 'draft2020';
  if (uri.includes('2019-09')) return 'draft2019';
  if (uri.includes('draft-04')) return 'draft4';
  return 'draft7';
}

/** Encodes field-path segments as a URI fragment JSON pointer. */
export function fragmentOf(at: readonly (string | number)[]): string {
  return `#${at.map((s) => `/${encodeURIComponent(String(s).replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('')}`;
}

export class SchemaValidators {
  readonly #catalog: Catalog;
  readonly #instances = new Map<Dialect, Ajv>();
  readonly #compiled = new Map<string, CompiledSchema | Error>();
  readonly #registered = new Map<Dialect, Set<string>>();

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  #ajv(dialect: Dialect): Ajv {
    let ajv = this.#instances.get(dialect);
    if (ajv) return ajv;
    const options = { strict: false, allErrors: true, validateSchema: false, logger: false, discriminator: true } as const;
    ajv =
      dialect === 'draft2020' ? new Ajv2020(options) : dialect === 'draft2019' ? new Ajv2019(options) : dialect === 'draft4' ? (new AjvDraft04(options) as unknown as Ajv) : new Ajv(options);
    addFormats(ajv);
    this.#instances.set(dialect, ajv);
    this.#registered.set(dialect, new Set<string>());
    return ajv;
  }

  /** Registers `file` and every catalog document its `$ref`s reach (only those: a catalog has many). */
  #registerReachable(dialect: Dialect, ajv: Ajv, file: string, document?: unknown): void {
    const queue: [string, unknown][] = [[file, document ?? this.#catalog.documents.get(file)]];
    const registered = this.#registered.get(dialect)!;
    while (queue.length) {
      const [current, doc] = queue.shift()!;
      if (registered.has(current) || doc === undefined) continue;
      this.#register(dialect, ajv, current, doc);
      for (const { ref } of collectRefs(doc)) {
        const target = ref.split('#')[0];
        if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(current), target));
        if (!registered.has(resolved)) queue.push([resolved, this.#catalog.documents.get(resolved)]);
      }
    }
  }

  #register(dialect: Dialect, ajv: Ajv, file: string, doc: unknown): void {
    const registered = this.#registered.get(dialect)!;
    if (registered.has(file) || !doc || typeof doc !== 'object') return;
    registered.add(file);
    // The catalog file's own location is its identity: a root `$id` would send relative `$ref`s elsewhere.
    const copy = Array.isArray(doc) ? doc : { ...(doc as Record<string, unknown>) };
    if (!Array.isArray(copy)) {
      delete (copy as Record<string, unknown>).$id;
      delete (copy as Record<string, unknown>).id;
    }
    try {
      ajv.addSchema(copy as AnySchema, documentUri(file));
    } catch {
      // A document ajv cannot take (duplicate inner $id, …) stays unregistered; refs into it fail at compile.
    }
  }

  /** The compiled schema of a message (JSON Schema only), or an Error saying why there is none. */
  forMessage(message: Message): CompiledSchema | Error | undefined {
    const schema = message.schema;
    if (!schema) return undefined;
    if (schema.format !== 'json-schema') return new Error(`${message.id} ${message.version} has a ${schema.format} schema; only JSON Schema payloads can be checked.`);
    return this.forDocument(schema.file, [], dialectOf(schema.value), schema.value);
  }

  /**
   * The schema at `at` inside a catalog document (a schema file, or an OpenAPI/AsyncAPI document given
   * as `document`), compiled once in the ajv of `dialect`.
   */
  forDocument(file: string, at: readonly (string | number)[], dialect: Dialect, document?: unknown): CompiledSchema | Error {
    const key = `${dialect}\u0000${file}\u0000${at.join('\u0000')}`;
    const cached = this.#compiled.get(key);
    if (cached) return cached;
    let result: CompiledSchema | Error;
    try {
      const ajv = this.#ajv(dialect);
      this.#registerReachable(dialect, ajv, file, document);
      const validate = depthSafe(ajv.compile({ $ref: documentUri(file) + fragmentOf(at) }));
      result = { validate, file, at };
    } catch (error) {
      result = new Error(`The schema at ${file}${at.length ? fragmentOf(at) : ''} could not be compiled: ${(error as Error).message}`);
    }
    this.#compiled.set(key, result);
    return result;
  }
}

const MAX_VALUE = 80;

/** JSON of a value, cut to `max` characters with an ellipsis; safe for values nested any depth. */
export function truncate(value: unknown, max = MAX_VALUE): string {
  return jsonPreview(value, max);
}

/**
 * `validate` that fails, instead of overflowing the stack, on data nested deeper than a recursive schema
 * can follow (a 5,000-level `[[[…]]]` against a tree schema): the failure is an ordinary violation.
 */
function depthSafe(validate: ValidateFunction): ValidateFunction {
  const safe = ((data: unknown) => {
    try {
      const ok = validate(data);
      safe.errors = validate.errors;
      return ok;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      safe.errors = [{ keyword: 'depth', instancePath: '', schemaPath: '#', params: {}, message: 'is nested no deeper than the schema can be followed' }];
      return false;
    }
  }) as ValidateFunction;
  return Object.assign(safe, { schema: validate.schema, schemaEnv: validate.schemaEnv });
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const seg of pointerToPath(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Where a failing keyword is: the file and field path of `schemaPath` (ajv's `#/…` or `<uri>#/…`). */
function keywordLocation(schema: CompiledSchema, schemaPath: string): { file: string; path: (string | number)[] } {
  const hash = schemaPath.indexOf('#');
  const uri = hash > 0 ? schemaPath.slice(0, hash) : '';
  const fragment = hash >= 0 ? schemaPath.slice(hash) : schemaPath;
  const segments = pointerToPath(decodeURIComponent(fragment));
  const other = uri ? fileOfUri(uri) : undefined;
  if (other) return { file: other, path: segments };
  // Our wrapper schema is `{ $ref }`: ajv reports the root keyword path through it as `#/$ref/…`.
  const inner = segments[0] === '$ref' ? segments.slice(1) : segments;
  return { file: schema.file, path: [...schema.at, ...inner] };
}

/** The violations of the last failed `schema.validate` call, one per location, most specific first. */
export function violationsOf(schema: CompiledSchema, data: unknown, errors: readonly ErrorObject[] = schema.validate.errors ?? []): Violation[] {
  const umbrella = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if' || e.keyword === 'not';
  const out: Violation[] = [];
  const seen = new Set<string>();
  const specific = errors.filter((e) => !umbrella(e));
  for (const e of [...specific, ...errors.filter(umbrella)]) {
    const params = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    if (e.keyword === 'required') pointer += `/${escapeSegment(String(params.missingProperty))}`;
    if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      pointer += `/${escapeSegment(String(params.additionalProperty ?? params.unevaluatedProperty))}`;
    }
    if (umbrella(e) && specific.some((s) => s.instancePath === e.instancePath || s.instancePath.startsWith(`${e.instancePath}/`))) continue;
    const dedupe = `${pointer}\u0000${e.keyword}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const value = valueAt(data, pointer);
    const where = keywordLocation(schema, e.schemaPath);
    const base = { pointer, keyword: e.keyword, schemaFile: where.file, schemaPath: where.path };
    switch (e.keyword) {
      case 'required':
        out.push({ ...base, kind: 'missing-field', expected: `the required field '${String(params.missingProperty)}'`, actual: 'no such field' });
        break;
      case 'type':
        out.push({ ...base, kind: 'wrong-type', expected: String(params.type), actual: jsonType(value), value: truncate(value) });
        break;
      case 'additionalProperties':
      case 'unevaluatedProperties':
        out.push({ ...base, kind: 'unknown-field', expected: 'no other fields (additionalProperties: false)', actual: `the undeclared field '${String(params.additionalProperty ?? params.unevaluatedProperty)}'`, value: truncate(value) });
        break;
      case 'enum':
        out.push({ ...base, kind: 'invalid', expected: `one of ${truncate(params.allowedValues, 120)}`, actual: truncate(value), value: truncate(value) });
        break;
      case 'const':
        out.push({ ...base, kind: 'invalid', expected: truncate(params.allowedValue), actual: truncate(value), value: truncate(value) });
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
      case 'minProperties':
      case 'maxProperties':
      case 'multipleOf':
      case 'pattern':
      case 'format':
        out.push({ ...base, kind: 'invalid', expected: `a value that ${e.message ?? e.keyword}`, actual: truncate(value), value: truncate(value) });
        break;
      default:
        out.push({ ...base, kind: 'invalid', expected: `a value that ${e.message ?? `passes ${e.keyword}`}`, actual: truncate(value), value: truncate(value) });
    }
  }
  return out;
}

/** `at /price: expected number, found string "12.5"`. */
export function describeViolation(v: Violation): string {
  const at = v.pointer || '(the payload)';
  if (v.kind === 'missing-field') return `at ${at}: expected ${v.expected}, found ${v.actual}`;
  if (v.kind === 'unknown-field') return `at ${at}: expected ${v.expected}, found ${v.actual} = ${v.value}`;
  if (v.kind === 'wrong-type') return `at ${at}: expected ${v.expected}, found ${v.actual} ${v.value}`;
  return `at ${at}: expected ${v.expected}, found ${v.actual}`;
}
