/**
 * Validators for the frontmatter of each kind, compiled from src/schemas/*.schema.json once per Waybill
 * version: the compiled code is cached (cache/validator-code.ts) and later runs only evaluate it.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { ResourceKind } from './model.ts';
import { layoutOf, type SchemaName } from './layout.ts';
import { cacheValidators, cachedValidators, validatorCodeCached } from './cache/validator-code.ts';

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
import system from '../schemas/system.schema.json' with { type: 'json' };
import container from '../schemas/container.schema.json' with { type: 'json' };
import adr from '../schemas/adr.schema.json' with { type: 'json' };
import dataProduct from '../schemas/data-product.schema.json' with { type: 'json' };
import agent from '../schemas/agent.schema.json' with { type: 'json' };
import diagram from '../schemas/diagram.schema.json' with { type: 'json' };
import resourceDoc from '../schemas/resource-doc.schema.json' with { type: 'json' };
import customPage from '../schemas/custom-page.schema.json' with { type: 'json' };
import ubiquitousLanguage from '../schemas/ubiquitous-language.schema.json' with { type: 'json' };
import changelog from '../schemas/changelog.schema.json' with { type: 'json' };

export type { SchemaName };
/** Loaded as JSON modules so the bundled site finds them as well as the CLI does. */
const SCHEMAS: object[] = [
  common, domain, service, message, channel, flow, entity, team, user, guide, config,
  system, container, adr, dataProduct, agent, diagram, resourceDoc, customPage, ubiquitousLanguage, changelog,
];
const BY_ID = new Map(SCHEMAS.map((s) => [(s as { $id: string }).$id, s as Record<string, unknown>]));

const NAMES: SchemaName[] = [
  'domain', 'service', 'message', 'channel', 'flow', 'entity', 'system', 'container', 'adr', 'data-product', 'agent', 'diagram',
  'team', 'user', 'guide', 'resource-doc', 'custom-page', 'ubiquitous-language', 'changelog', 'config',
];
const idOf = (name: SchemaName) => `https://waybill.dev/schemas/${name}.schema.json`;

/** Validators by schema name: every one once read from the code cache or compiled for it, else those asked for so far. */
const validators: Partial<Record<SchemaName, ValidateFunction>> = {};
let cacheRead = false;
/** The compiler of the validators asked for one by one, when the code cache is off. */
let compiler: Ajv | undefined;

function newCompiler(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, code: { source: true } });
  for (const schema of SCHEMAS) ajv.addSchema(schema);
  return ajv;
}

/**
 * The validator of `name`: from the cached code; else, with the cache on, every kind's compiled now (and
 * the code cached for the next run); with the cache off, only the kinds a run meets, each when first met
 * (a catalog uses a few of the twenty, and compiling all of them took ~0.65 s).
 */
function validatorOf(name: SchemaName): ValidateFunction {
  if (!cacheRead) {
    cacheRead = true;
    const cached = cachedValidators('frontmatter-validators');
    if (cached && NAMES.every((n) => typeof cached[n] === 'function')) Object.assign(validators, cached);
    else if (validatorCodeCached()) {
      const ajv = newCompiler();
      for (const n of NAMES) validators[n] = ajv.getSchema(idOf(n)) as ValidateFunction;
      cacheValidators('frontmatter-validators', ajv, Object.fromEntries(NAMES.map((n) => [n, idOf(n)])));
    }
  }
  return (validators[name] ??= (compiler ??= newCompiler()).getSchema(idOf(name)) as ValidateFunction);
}

export function schemaNameOf(kind: ResourceKind): SchemaName {
  return layoutOf(kind).schema;
}

const knownCache = new Map<SchemaName, ReadonlySet<string>>();

/**
 * The top-level frontmatter fields a schema knows (its own `properties` and those of the schemas it
 * extends through `allOf`), for the unknown-field warning: the schemas stay the one list of fields.
 */
export function knownFields(name: SchemaName): ReadonlySet<string> {
  let known = knownCache.get(name);
  if (!known) {
    const fields = new Set<string>();
    const visit = (schema: Record<string, unknown> | undefined, base: string) => {
      if (!schema) return;
      for (const key of Object.keys((schema.properties as object | undefined) ?? {})) fields.add(key);
      for (const part of (schema.allOf as { $ref?: string }[] | undefined) ?? []) {
        if (!part.$ref) continue;
        const [file, pointer] = part.$ref.split('#');
        const target = file ? BY_ID.get(new URL(file, base).href) : BY_ID.get(base);
        const resolved = (pointer ?? '').split('/').filter(Boolean).reduce<unknown>((node, seg) => (node as Record<string, unknown> | undefined)?.[seg], target);
        visit(resolved as Record<string, unknown> | undefined, target ? (target.$id as string) : base);
      }
    };
    const id = `https://waybill.dev/schemas/${name}.schema.json`;
    visit(BY_ID.get(id), id);
    known = fields;
    knownCache.set(name, known);
  }
  return known;
}

/** The validator of one kind's frontmatter (or of the catalog config). */
export function frontmatterValidator(name: SchemaName): ValidateFunction {
  return validatorOf(name);
}
