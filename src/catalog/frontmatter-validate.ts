/**
 * Validators for the frontmatter of each kind, compiled from src/schemas/*.schema.json once per Waybill
 * version: the compiled code is cached (cache/validator-code.ts) and later runs only evaluate it.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { ResourceKind } from './model.ts';
import { cacheValidators, cachedValidators } from './cache/validator-code.ts';

import common from '../schemas/common.schema.json' with { type: 'json' };
import domain from '../schemas/domain.schema.json' with { type: 'json' };
import service from '../schemas/service.schema.json' with { type: 'json' };
import message from '../schemas/message.schema.json' with { type: 'json' };
import channel from '../schemas/channel.schema.json' with { type: 'json' };
import flow from '../schemas/flow.schema.json' with { type: 'json' };
import entity from '../schemas/entity.schema.json' with { type: 'json' };
import team from '../schemas/team.schema.json' with { type: 'json' };
import user from '../schemas/user.schema.json' with { type: 'json' };
import guide from '../schemas/guide.schema.json' with { type: 'json' };
import config from '../schemas/config.schema.json' with { type: 'json' };

export type SchemaName = 'domain' | 'service' | 'message' | 'channel' | 'flow' | 'entity' | 'team' | 'user' | 'guide' | 'config';
/** Loaded as JSON modules so the bundled site finds them as well as the CLI does. */
const SCHEMAS: object[] = [common, domain, service, message, channel, flow, entity, team, user, guide, config];

const NAMES: SchemaName[] = ['domain', 'service', 'message', 'channel', 'flow', 'entity', 'team', 'user', 'guide', 'config'];
const idOf = (name: SchemaName) => `https://waybill.dev/schemas/${name}.schema.json`;

let validators: Record<string, ValidateFunction> | undefined;

/** Every kind's validator: from the cached code, else compiled now (and the code cached for the next run). */
function allValidators(): Record<string, ValidateFunction> {
  if (validators) return validators;
  validators = cachedValidators('frontmatter-validators');
  if (validators && NAMES.every((name) => typeof validators?.[name] === 'function')) return validators;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, code: { source: true } });
  for (const schema of SCHEMAS) ajv.addSchema(schema);
  validators = Object.fromEntries(NAMES.map((name) => [name, ajv.getSchema(idOf(name)) as ValidateFunction]));
  cacheValidators('frontmatter-validators', ajv, Object.fromEntries(NAMES.map((name) => [name, idOf(name)])));
  return validators;
}

export function schemaNameOf(kind: ResourceKind): SchemaName {
  return kind === 'event' || kind === 'command' || kind === 'query' ? 'message' : kind;
}

/** The validator of one kind's frontmatter (or of the catalog config). */
export function frontmatterValidator(name: SchemaName): ValidateFunction {
  return allValidators()[name];
}
