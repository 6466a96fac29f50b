/**
 * Servers of an exported AsyncAPI 3.0 document. The catalog does not model brokers; a service's attached
 * AsyncAPI document does, so its servers (and the security schemes they use) are carried over, converted
 * from 2.x (`url`, security requirements by name, OAuth `scopes`) to 3.0 (`host`/`pathname`, security
 * schemes by reference, `availableScopes`).
 */
import type { SpecDocument } from '../catalog/model.ts';
import { asyncApiView } from '../spec/index.ts';

type Json = Record<string, unknown>;

export interface ExportedServers {
  servers?: Json;
  securitySchemes?: Json;
}

/** Servers and security schemes from the service's first attached AsyncAPI document, as 3.0. */
export function serversOf(specs: readonly SpecDocument[]): ExportedServers {
  const spec = specs.find((s) => s.type === 'asyncapi' && s.document.servers && typeof s.document.servers === 'object');
  if (!spec) return {};
  const schemes = structuredClone(((spec.document.components as Json | undefined)?.securitySchemes ?? {}) as Json);
  if (spec.specVersion.startsWith('3')) {
    const servers = structuredClone(spec.document.servers) as Json;
    return { servers, ...(Object.keys(schemes).length ? { securitySchemes: schemes } : {}) };
  }
  const used = new Set<string>();
  const out: Json = {};
  for (const server of asyncApiView(spec).servers) {
    const security = server.security.filter((name) => name in schemes);
    for (const name of security) used.add(name);
    out[server.name] = {
      host: server.host,
      protocol: server.protocol,
      ...(server.pathname && server.pathname !== '/' ? { pathname: server.pathname } : {}),
      ...structuredClone(pick(server.object, ['protocolVersion', 'description', 'variables', 'tags', 'bindings'])),
      ...(security.length ? { security: security.map((name) => ({ $ref: `#/components/securitySchemes/${name}` })) } : {}),
    };
  }
  const securitySchemes: Json = {};
  for (const name of used) securitySchemes[name] = securityScheme3(schemes[name] as Json);
  return { servers: out, ...(used.size ? { securitySchemes } : {}) };
}

function pick(source: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/** A 2.x security scheme in 3.0 form: OAuth flows list `availableScopes` instead of `scopes`. */
function securityScheme3(scheme: Json): Json {
  if (!scheme || scheme.type !== 'oauth2' || !scheme.flows) return scheme;
  const flows: Json = {};
  for (const [name, flow] of Object.entries(scheme.flows as Json)) {
    const { scopes, ...rest } = flow as Json;
    flows[name] = { ...rest, availableScopes: scopes ?? {} };
  }
  return { ...scheme, flows };
}
