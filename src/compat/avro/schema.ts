/**
 * Reads an Avro schema (parsed JSON) into a graph: named types are resolved by full name
 * (namespaces applied), so a recursive record refers to itself by object identity.
 */

export const AVRO_PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type AvroPrimitiveType = (typeof AVRO_PRIMITIVES)[number];

export interface AvroPrimitive { type: AvroPrimitiveType }

interface Named {
  /** Unqualified name. */
  name: string;
  /** Name with namespace, e.g. `com.acme.Order`. */
  fullName: string;
  /** Aliases, as full names. */
  aliases: string[];
}

export interface AvroField {
  name: string;
  aliases: string[];
  type: AvroSchema;
  hasDefault: boolean;
}

export interface AvroRecord extends Named { type: 'record'; fields: AvroField[] }
export interface AvroEnum extends Named { type: 'enum'; symbols: string[]; default?: string }
export interface AvroFixed extends Named { type: 'fixed'; size: number }
export interface AvroArray { type: 'array'; items: AvroSchema }
export interface AvroMap { type: 'map'; values: AvroSchema }
export interface AvroUnion { type: 'union'; branches: AvroSchema[] }

export type AvroSchema = AvroPrimitive | AvroRecord | AvroEnum | AvroFixed | AvroArray | AvroMap | AvroUnion;

/** An Avro schema that cannot be read; `path` points at the offending part. */
export class AvroSchemaError extends Error {
  readonly code = 'invalid-avro-schema';
  readonly path: string;
  constructor(message: string, path: string) {
    super(`${message} (at ${path})`);
    this.name = 'AvroSchemaError';
    this.path = path;
  }
}

type Json = Record<string, unknown>;
const isJsonObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitive = (v: string): v is AvroPrimitiveType => (AVRO_PRIMITIVES as readonly string[]).includes(v);

function qualify(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

/** Reads a parsed Avro schema. Throws {@link AvroSchemaError} when it is malformed. */
export function parseAvroSchema(schema: unknown): AvroSchema {
  return new AvroReader().read(schema, undefined, '#');
}

class AvroReader {
  private readonly named = new Map<string, AvroRecord | AvroEnum | AvroFixed>();

  read(schema: unknown, namespace: string | undefined, path: string): AvroSchema {
    if (typeof schema === 'string') return this.byName(schema, namespace, path);
    if (Array.isArray(schema)) {
      return { type: 'union', branches: schema.map((s, i) => this.read(s, namespace, `${path}/${i}`)) };
    }
    if (!isJsonObject(schema)) throw new AvroSchemaError('expected a type name, an object or a union', path);
    const type = schema.type;
    if (typeof type !== 'string') {
      if (type !== undefined) return this.read(type, namespace, `${path}/type`);
      throw new AvroSchemaError('missing "type"', path);
    }
    switch (type) {
      case 'record':
      case 'error': return this.record(schema, namespace, path);
      case 'enum': return this.enumeration(schema, namespace, path);
      case 'fixed': {
        const size = schema.size;
        if (typeof size !== 'number') throw new AvroSchemaError('fixed without a numeric "size"', path);
        return this.define({ type: 'fixed', size, ...this.names(schema, namespace, path) }, path);
      }
      case 'array': return { type: 'array', items: this.read(schema.items, namespace, `${path}/items`) };
      case 'map': return { type: 'map', values: this.read(schema.values, namespace, `${path}/values`) };
      default: return this.byName(type, namespace, path);
    }
  }

  private byName(name: string, namespace: string | undefined, path: string): AvroSchema {
    if (isPrimitive(name)) return { type: name };
    const found = this.named.get(qualify(name, namespace)) ?? this.named.get(name);
    if (!found) throw new AvroSchemaError(`unknown type '${name}'`, path);
    return found;
  }

  private names(schema: Json, enclosing: string | undefined, path: string): Named & { namespace?: string } {
    if (typeof schema.name !== 'string' || schema.name === '') {
      throw new AvroSchemaError('named type without a "name"', path);
    }
    const namespace = typeof schema.namespace === 'string' ? schema.namespace || undefined : enclosing;
    const fullName = qualify(schema.name, namespace);
    const ownNamespace = fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : undefined;
    const aliases = Array.isArray(schema.aliases)
      ? schema.aliases.filter((a): a is string => typeof a === 'string').map((a) => qualify(a, ownNamespace))
      : [];
    return { name: fullName.slice(fullName.lastIndexOf('.') + 1), fullName, aliases, namespace: ownNamespace };
  }

  private define<T extends AvroRecord | AvroEnum | AvroFixed>(named: T & { namespace?: string }, path: string): T {
    if (this.named.has(named.fullName)) throw new AvroSchemaError(`type '${named.fullName}' is defined twice`, path);
    delete named.namespace;
    this.named.set(named.fullName, named);
    return named;
  }

  private record(schema: Json, enclosing: string | undefined, path: string): AvroRecord {
    const names = this.names(schema, enclosing, path);
    const namespace = names.namespace;
    // Defined before its fields are read, so fields may refer to the record itself.
    const record = this.define<AvroRecord>({ type: 'record', fields: [], ...names }, path);
    if (!Array.isArray(schema.fields)) throw new AvroSchemaError('record without "fields"', path);
    schema.fields.forEach((field: unknown, i: number) => {
      const at = `${path}/fields/${i}`;
      if (!isJsonObject(field) || typeof field.name !== 'string') throw new AvroSchemaError('field without a "name"', at);
      record.fields.push({
        name: field.name,
        aliases: Array.isArray(field.aliases) ? field.aliases.filter((a): a is string => typeof a === 'string') : [],
        type: this.read(field.type, namespace, `${at}/type`),
        hasDefault: 'default' in field,
      });
    });
    return record;
  }

  private enumeration(schema: Json, enclosing: string | undefined, path: string): AvroEnum {
    if (!Array.isArray(schema.symbols) || schema.symbols.some((s) => typeof s !== 'string')) {
      throw new AvroSchemaError('enum without string "symbols"', path);
    }
    return this.define<AvroEnum>({
      type: 'enum',
      symbols: schema.symbols as string[],
      default: typeof schema.default === 'string' ? schema.default : undefined,
      ...this.names(schema, enclosing, path),
    }, path);
  }
}
