/**
 * Validators for the frontmatter of each kind, compiled once from src/schemas/*.schema.json.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { ResourceKind } from './model.ts';

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

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function instance(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    for (const schema of SCHEMAS) ajv.addSchema(schema);
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
