/**
 * Validators for the frontmatter of each kind, compiled once from src/schemas/*.schema.json.
 */
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ResourceKind } from './model.ts';

const require = createRequire(import.meta.url);

export type SchemaName = 'domain' | 'service' | 'message' | 'channel' | 'flow' | 'entity' | 'team' | 'user' | 'guide' | 'config';
const NAMES: SchemaName[] = ['common' as SchemaName, 'domain', 'service', 'message', 'channel', 'flow', 'entity', 'team', 'user', 'guide', 'config'];

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function instance(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    for (const name of NAMES) ajv.addSchema(require(`../schemas/${name}.schema.json`));
  }
  return ajv;
}

export function schemaNameOf(kind: ResourceKind): SchemaName {
  return kind === 'event' || kind === 'command' || kind === 'query' ? 'message' : kind;
}

export function frontmatterValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = instance().getSchema(`https://waybill.dev/schemas/${name}.schema.json`) as ValidateFunction;
    compiled.set(name, validate);
  }
  return validate;
}
