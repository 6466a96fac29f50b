/**
 * OpenAPI 2.0/3.0 Schema Objects to JSON Schema (draft-07). They are a dialect of draft-04 with a few
 * keywords of their own: `nullable` (3.0) and `x-nullable` (2.0) become a `null` type, `example` becomes
 * `examples`, boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers, 2.0's `type: file` becomes a
 * binary string. OpenAPI 3.1 schemas are JSON Schema 2020-12 already and only lose `example`.
 */

const DATA_KEYWORDS = new Set(['examples', 'enum', 'const', 'default']);
/** Keywords whose value is a map of schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);

/** Converts an (inlined) OpenAPI schema to JSON Schema; `legacy` for 2.0 and 3.0 documents. */
export function toJsonSchema(schema: unknown, legacy: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, legacy));
  if (!schema || typeof schema !== 'object') return schema;
  const input = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (DATA_KEYWORDS.has(key)) out[key] = structuredClone(value);
    else if (key === 'example') continue;
    else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, legacy)]));
    } else if (value && typeof value === 'object') out[key] = toJsonSchema(value, legacy);
    else out[key] = value;
  }
  if ('example' in input && !('examples' in input)) out.examples = [structuredClone(input.example)];
  if (!legacy) return out;
  if (out.type === 'file') {
    out.type = 'string';
    out.format = 'binary';
  }
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else if (typeof out[flag] === 'boolean') delete out[flag];
  }
  const nullable = out.nullable === true || out['x-nullable'] === true;
  delete out.nullable;
  delete out['x-nullable'];
  if (nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}
