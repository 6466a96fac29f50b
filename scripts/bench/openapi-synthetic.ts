/**
 * A deterministic large OpenAPI 3.0 document for the import bench: `operations` operations over
 * `operations * 8` shared component schemas. Schemas come in families of eight: each refers to the next of
 * its family, as a field or as a list (a deep, shared chain, as large public APIs nest their
 * components), has string fields
 * without `minLength` and nested objects without `additionalProperties` (so the schema rules find
 * something on every level), and each operation's request and responses refer to the head of a family.
 */
export function syntheticOpenapi(operations: number): Record<string, unknown> {
  const family = 8;
  const schemas: Record<string, unknown> = {};
  const families = operations;
  for (let f = 0; f < families; f++) {
    for (let i = 0; i < family; i++) {
      const next = i + 1 < family ? { $ref: `#/components/schemas/S${f}_${i + 1}` } : undefined;
      schemas[`S${f}_${i}`] = {
        type: 'object',
        description: `Schema ${i} of family ${f}.`,
        required: ['id'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          note: { type: 'string', nullable: true },
          count: { type: 'integer', minimum: 0 },
          tags: { type: 'array', items: { type: 'string' } },
          meta: { type: 'object', properties: { source: { type: 'string' }, at: { type: 'string', format: 'date-time' } } },
          ...(next ? (i % 2 ? { children: { type: 'array', items: next } } : { child: next }) : {}),
        },
      };
    }
  }
  const paths: Record<string, unknown> = {};
  for (let o = 0; o < operations; o++) {
    const head = { $ref: `#/components/schemas/S${o}_0` };
    paths[`/things${o}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: `getThing${o}`,
        summary: `Reads thing ${o}.`,
        responses: { '200': { description: 'The thing.', content: { 'application/json': { schema: head } } }, '404': { description: 'Not found.' } },
      },
      put: {
        operationId: `putThing${o}`,
        requestBody: { content: { 'application/json': { schema: head } } },
        responses: { '200': { description: 'Stored.', content: { 'application/json': { schema: head } } } },
      },
    };
  }
  return { openapi: '3.0.3', info: { title: 'Synthetic', version: '1.0.0', description: 'A large generated API.' }, paths, components: { schemas } };
}
