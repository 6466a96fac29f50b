/**
 * Avro compatibility by the specification's schema resolution rules, reporting the
 * incompatibility types of Avro's Java `SchemaCompatibility`.
 */
import { applyMode } from './modes.ts';
import type { CompatibilityMode, CompatibilityResult, SchemaChange } from './types.ts';
import {
  parseAvroSchema, type AvroEnum, type AvroRecord, type AvroSchema,
} from './avro/schema.ts';

export { AvroSchemaError, parseAvroSchema, type AvroSchema } from './avro/schema.ts';

/** The incompatibility types of Avro's `SchemaCompatibility.SchemaIncompatibilityType`. */
export const AVRO_CHANGE_CODES = [
  'NAME_MISMATCH',
  'FIXED_SIZE_MISMATCH',
  'MISSING_ENUM_SYMBOLS',
  'READER_FIELD_MISSING_DEFAULT_VALUE',
  'TYPE_MISMATCH',
  'MISSING_UNION_BRANCH',
] as const;

/** An Avro incompatibility type. */
export type AvroChangeCode = (typeof AVRO_CHANGE_CODES)[number];

/** An Avro incompatibility; `message` says which symbol, field or type is concerned. */
export interface AvroChange extends SchemaChange {
  code: AvroChangeCode;
  message: string;
}

interface Incompatibility {
  code: AvroChangeCode;
  /** Location relative to the pair being compared. */
  location: string[];
  message: string;
}

/** Integer and floating point promotions, and string/bytes, allowed by the specification. */
const PROMOTIONS: Record<string, readonly string[]> = {
  long: ['int'],
  float: ['int', 'long'],
  double: ['int', 'long', 'float'],
  string: ['bytes'],
  bytes: ['string'],
};

type NamedType = { name: string; fullName: string; aliases: string[] };

function describe(schema: AvroSchema): string {
  return 'fullName' in schema ? schema.fullName : schema.type;
}

class ResolutionChecker {
  /** Results per (reader, writer) pair; `null` while the pair is being compared (recursion). */
  private readonly memo = new Map<AvroSchema, Map<AvroSchema, Incompatibility[] | null>>();

  check(reader: AvroSchema, writer: AvroSchema): Incompatibility[] {
    let byWriter = this.memo.get(reader);
    if (!byWriter) this.memo.set(reader, (byWriter = new Map()));
    const known = byWriter.get(writer);
    if (known !== undefined) return known ?? [];
    byWriter.set(writer, null);
    const result = this.calculate(reader, writer);
    byWriter.set(writer, result);
    return result;
  }

  private at(segment: string, found: Incompatibility[]): Incompatibility[] {
    return found.map((f) => ({ ...f, location: [segment, ...f.location] }));
  }

  private calculate(reader: AvroSchema, writer: AvroSchema): Incompatibility[] {
    if (reader.type === writer.type) {
      switch (reader.type) {
        case 'array': return this.at('items', this.check(reader.items, (writer as typeof reader).items));
        case 'map': return this.at('values', this.check(reader.values, (writer as typeof reader).values));
        case 'fixed': {
          const other = writer as typeof reader;
          const sizes: Incompatibility[] = reader.size === other.size ? [] : [{
            code: 'FIXED_SIZE_MISMATCH',
            location: ['size'],
            message: `expected: ${other.size}, found: ${reader.size}`,
          }];
          return [...this.names(reader, other), ...sizes];
        }
        case 'enum': return [...this.names(reader, writer as AvroEnum), ...this.symbols(reader, writer as AvroEnum)];
        case 'record': return [...this.names(reader, writer as AvroRecord), ...this.fields(reader, writer as AvroRecord)];
        case 'union': return this.writerUnionInReaderUnion(reader, writer as typeof reader);
        default: return [];
      }
    }
    if (writer.type === 'union') {
      // Every branch the writer may have used must be readable.
      return writer.branches.flatMap((branch, i) => this.at(String(i), this.check(reader, branch)));
    }
    if (reader.type === 'union') {
      if (reader.branches.some((branch) => this.check(branch, writer).length === 0)) return [];
      return [{ code: 'MISSING_UNION_BRANCH', location: [], message: `reader union lacking writer type: ${describe(writer)}` }];
    }
    if (PROMOTIONS[reader.type]?.includes(writer.type)) return [];
    return [{
      code: 'TYPE_MISMATCH',
      location: [],
      message: `reader type: ${describe(reader)} not compatible with writer type: ${describe(writer)}`,
    }];
  }

  private writerUnionInReaderUnion(reader: AvroSchema, writer: { branches: AvroSchema[] }): Incompatibility[] {
    return writer.branches.flatMap((branch, i) =>
      this.check(reader, branch).length === 0
        ? []
        : [{ code: 'MISSING_UNION_BRANCH' as const, location: [String(i)], message: `reader union lacking writer type: ${describe(branch)}` }],
    );
  }

  /** Named types match by unqualified name, or when a reader alias is the writer's full name. */
  private names(reader: NamedType, writer: NamedType): Incompatibility[] {
    if (reader.name === writer.name || reader.aliases.includes(writer.fullName)) return [];
    return [{ code: 'NAME_MISMATCH', location: ['name'], message: `expected: ${writer.fullName}` }];
  }

  /** Writer symbols unknown to the reader are an error, unless the reader enum has a default (Avro 1.9+). */
  private symbols(reader: AvroEnum, writer: AvroEnum): Incompatibility[] {
    const missing = writer.symbols.filter((s) => !reader.symbols.includes(s)).sort();
    if (missing.length === 0) return [];
    if (reader.default !== undefined && reader.symbols.includes(reader.default)) return [];
    return [{ code: 'MISSING_ENUM_SYMBOLS', location: ['symbols'], message: `[${missing.join(', ')}]` }];
  }

  /** Each reader field needs a writer field (by name or reader alias) or a default value. */
  private fields(reader: AvroRecord, writer: AvroRecord): Incompatibility[] {
    return reader.fields.flatMap((field, position) => {
      const writerField =
        writer.fields.find((f) => f.name === field.name) ??
        field.aliases.map((alias) => writer.fields.find((f) => f.name === alias)).find((f) => f !== undefined);
      const here = ['fields', String(position)];
      if (!writerField) {
        return field.hasDefault
          ? []
          : [{ code: 'READER_FIELD_MISSING_DEFAULT_VALUE' as const, location: here, message: field.name }];
      }
      return this.check(field.type, writerField.type).map((f) => ({ ...f, location: [...here, 'type', ...f.location] }));
    });
  }
}

function toChange(found: Incompatibility): AvroChange {
  return {
    code: found.code,
    path: `#/${found.location.join('/')}`,
    compatible: false,
    compatibleLenient: false,
    message: found.message,
  };
}

/**
 * Whether data written with `writer` can be read with `reader` (both parsed Avro schemas), per the
 * specification's resolution rules: promotions int→long→float→double and string↔bytes, unions on
 * either side, named types matched by name or reader alias, fields by name or reader alias, enum
 * defaults (Avro 1.9+). Lists every incompatibility with its location. Throws
 * {@link AvroSchemaError} when a schema is malformed.
 */
export function checkAvroCompatibility(reader: unknown, writer: unknown): { compatible: boolean; changes: AvroChange[] } {
  const found = new ResolutionChecker().check(parseAvroSchema(reader), parseAvroSchema(writer));
  return { compatible: found.length === 0, changes: found.map(toChange) };
}

/**
 * Checks a candidate Avro schema against earlier versions (oldest first) under a Confluent
 * compatibility mode: BACKWARD, the candidate reads the latest version's data; FORWARD, the latest
 * version reads the candidate's data; FULL, both; `_TRANSITIVE`, against every version.
 */
export function checkAvroModes(
  previousVersions: readonly unknown[],
  candidate: unknown,
  mode: CompatibilityMode,
): CompatibilityResult {
  return applyMode(previousVersions, candidate, mode, checkAvroCompatibility);
}
