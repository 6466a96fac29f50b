/**
 * Seeded, reproducible values from a JSON Schema — for `--generate N` (request bodies, parameters,
 * consumer payloads). Same seed, same values. It covers the keywords payload schemas use (types,
 * properties/required, enum/const, string formats and lengths, number ranges, arrays, allOf/anyOf/oneOf,
 * local and cross-file `$ref`s); callers validate each value with ajv and drop the ones that fail
 * (a `pattern`, say), so a generated message is always schema-valid.
 *
 * Why not json-schema-faker: it resolves `$ref`s through a deprecated resolver that can fetch URLs,
 * and Waybill never touches the network for catalog content.
 */
import { resolvePointer } from '../src/catalog/schema-files.ts';

/** mulberry32: a small, fast, seedable PRNG. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  rng: () => number;
  /** The document the schema sits in, for `#/…` refs. */
  root: unknown;
  /** Another document by `$ref` (a relative file), or undefined. Returns its root and the resolved file. */
  resolveFile?: (ref: string) => { root: unknown } | undefined;
}

const WORDS = ['amber', 'basil', 'cedar', 'delta', 'ember', 'fjord', 'garnet', 'harbor', 'iris', 'juniper', 'kelp', 'lumen', 'maple', 'nectar', 'onyx', 'pepper', 'quartz', 'raven', 'sable', 'tundra'];

type Schema = Record<string, unknown>;

export function generate(schema: unknown, options: GenerateOptions): unknown {
  return new Generator(options).value(schema, options.root, 0);
}

class Generator {
  readonly #rng: () => number;
  readonly #resolveFile?: GenerateOptions['resolveFile'];

  constructor(options: GenerateOptions) {
    this.#rng = options.rng;
    this.#resolveFile = options.resolveFile;
  }

  #int(min: number, max: number): number {
    return Math.floor(min + this.#rng() * (max - min + 1));
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#rng() * items.length)];
  }

  #deref(schema: Schema, root: unknown): { schema: unknown; root: unknown } {
    const ref = schema.$ref as string;
    const hash = ref.indexOf('#');
    const file = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash);
    let doc = root;
    if (file) {
      const other = this.#resolveFile?.(file);
      if (!other) return { schema: {}, root };
      doc = other.root;
    }
    return { schema: fragment && fragment !== '#' ? resolvePointer(doc, fragment) ?? {} : doc, root: doc };
  }

  value(input: unknown, root: unknown, depth: number): unknown {
    if (input === true || input === undefined) return this.#word();
    if (!input || typeof input !== 'object') return null;
    let schema = input as Schema;
    if (typeof schema.$ref === 'string' && depth < 12) {
      const target = this.#deref(schema, root);
      return this.value(target.schema, target.root, depth + 1);
    }
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length) return this.#pick(schema.enum);
    if (Array.isArray(schema.examples) && schema.examples.length && this.#rng() < 0.3) return this.#pick(schema.examples);
    if (Array.isArray(schema.allOf)) {
      const merged: Schema = { ...schema };
      delete merged.allOf;
      for (const part of schema.allOf) {
        const resolved = part && typeof part === 'object' && typeof (part as Schema).$ref === 'string' ? this.#deref(part as Schema, root).schema : part;
        if (resolved && typeof resolved === 'object') mergeInto(merged, resolved as Schema);
      }
      schema = merged;
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(schema[key]) && (schema[key] as unknown[]).length) {
        const rest = { ...schema };
        delete rest[key];
        const choice = this.#pick(schema[key] as unknown[]);
        const resolved = choice && typeof choice === 'object' && typeof (choice as Schema).$ref === 'string' ? this.#deref(choice as Schema, root) : { schema: choice, root };
        return this.value({ ...rest, ...(resolved.schema as Schema) }, resolved.root, depth + 1);
      }
    }
    let type = schema.type;
    if (Array.isArray(type)) type = type.filter((t) => t !== 'null')[0] ?? 'null';
    if (type === undefined) type = schema.properties ? 'object' : schema.items ? 'array' : 'string';
    switch (type) {
      case 'object':
        return this.#object(schema, root, depth);
      case 'array':
        return this.#array(schema, root, depth);
      case 'string':
        return this.#string(schema);
      case 'integer':
        return this.#number(schema, true);
      case 'number':
        return this.#number(schema, false);
      case 'boolean':
        return this.#rng() < 0.5;
      case 'null':
        return null;
      default:
        return this.#word();
    }
  }

  #word(): string {
    return `${this.#pick(WORDS)}-${this.#int(1, 999)}`;
  }

  #object(schema: Schema, root: unknown, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    for (const [name, sub] of Object.entries(properties)) {
      if (required.has(name) || (depth < 6 && this.#rng() < 0.6)) out[name] = this.value(sub, root, depth + 1);
    }
    for (const name of required) if (!(name in out)) out[name] = this.#word();
    return out;
  }

  #array(schema: Schema, root: unknown, depth: number): unknown[] {
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 3);
    const count = depth > 6 ? min : this.#int(Math.max(min, Math.min(1, max)), Math.min(max, min + 3));
    if (Array.isArray(schema.prefixItems)) return (schema.prefixItems as unknown[]).map((s) => this.value(s, root, depth + 1));
    const items = Array.isArray(schema.items) ? schema.items : [schema.items];
    return Array.from({ length: count }, (_, i) => this.value(items[i % items.length], root, depth + 1));
  }

  #string(schema: Schema): string {
    const hex = (n: number) => Array.from({ length: n }, () => this.#int(0, 15).toString(16)).join('');
    switch (schema.format) {
      case 'uuid':
        return `${hex(8)}-${hex(4)}-4${hex(3)}-${this.#pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
      case 'date-time':
        return new Date(Date.UTC(2024, this.#int(0, 11), this.#int(1, 28), this.#int(0, 23), this.#int(0, 59), this.#int(0, 59))).toISOString();
      case 'date':
        return new Date(Date.UTC(2024, this.#int(0, 11), this.#int(1, 28))).toISOString().slice(0, 10);
      case 'time':
        return `${String(this.#int(0, 23)).padStart(2, '0')}:${String(this.#int(0, 59)).padStart(2, '0')}:00Z`;
      case 'email':
        return `${this.#pick(WORDS)}${this.#int(1, 99)}@example.com`;
      case 'uri':
      case 'url':
        return `https://example.com/${this.#pick(WORDS)}`;
      case 'hostname':
        return `${this.#pick(WORDS)}.example.com`;
      case 'ipv4':
        return `192.0.2.${this.#int(1, 254)}`;
    }
    const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : Math.max(min, 24);
    let text = this.#word();
    while (text.length < min) text += ` ${this.#word()}`;
    return text.slice(0, Math.max(min, Math.min(max, text.length)));
  }

  #number(schema: Schema, integer: boolean): number {
    let min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : 0.01) : 0;
    let max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (integer ? 1 : 0.01) : min + 1000;
    if (schema.exclusiveMinimum === true) min += integer ? 1 : 0.01;
    if (schema.exclusiveMaximum === true) max -= integer ? 1 : 0.01;
    if (max < min) max = min;
    if (typeof schema.maximum !== 'number' && typeof schema.exclusiveMaximum !== 'number' && max > min + 1000) max = min + 1000;
    if (typeof schema.minimum !== 'number' && typeof schema.exclusiveMinimum !== 'number' && max < 0) min = max - 1000;
    const multiple = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : undefined;
    if (integer || multiple) {
      const step = multiple ?? 1;
      const lo = Math.ceil(min / step);
      const hi = Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER) / step);
      return this.#int(lo, Math.max(lo, Math.min(hi, lo + 100_000))) * step;
    }
    return Math.round((min + this.#rng() * (max - min)) * 100) / 100;
  }
}

function mergeInto(target: Schema, part: Schema): void {
  for (const [key, value] of Object.entries(part)) {
    if (key === 'properties' && target.properties && typeof value === 'object') target.properties = { ...(target.properties as object), ...(value as object) };
    else if (key === 'required' && Array.isArray(target.required) && Array.isArray(value)) target.required = [...new Set([...(target.required as string[]), ...value])];
    else if (!(key in target)) target[key] = value;
  }
}
