/**
 * The load cache (src/catalog/cache/): a load that reads the cache equals a load that does not, after every
 * kind of edit; the cache is used (hits) when files are unchanged; a damaged or foreign cache is ignored.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { LoadCache } from '../../src/catalog/cache/load-cache.ts';
import type { DocumentMap } from '../../src/catalog/lazy-document.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { lintCatalog } from '../../src/lint/engine.ts';
import { md, writeCatalog, type Files } from '../helpers/catalog.ts';

const ASYNCAPI = `asyncapi: 3.0.0
info: { title: Stores, version: 1.0.0 }
channels:
  stores:
    address: stores.events
    messages:
      StoreCreated: { payload: { type: object, properties: { id: { type: string } } } }
operations:
  sendStoreCreated:
    action: send
    channel: { $ref: '#/channels/stores' }
`;

const OPENAPI = { openapi: '3.0.3', info: { title: 'Stores API', version: '1.0.0' }, paths: { '/stores': { get: { responses: { '200': { description: 'ok' } } } } } };

function files(): Files {
  return {
    'waybill.config.yaml': 'compatibility: BACKWARD\n',
    'teams/core.md': md({ id: 'core', name: 'Core' }),
    'domains/Shop/index.md': md({ id: 'Shop', version: '1.0.0', owners: ['core'] }, '# Shop\n\nSells things. See [Stores](./services/Stores/index.md).\n'),
    'domains/Shop/services/Stores/index.md': md(
      {
        id: 'Stores',
        version: '1.0.0',
        owners: ['core'],
        sends: [{ id: 'StoreCreated' }],
        specifications: [
          { type: 'asyncapi', path: 'stores.asyncapi.yaml' },
          { type: 'openapi', path: 'stores.openapi.json' },
        ],
      },
      'The stores service.\n',
    ),
    // A consumer listing the fields it reads: consumer-fields and schema-compatibility look them up in the schemas.
    'domains/Shop/services/Tills/index.md': md({ id: 'Tills', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated', fields: ['id', 'price.amount', 'price.currency', 'price..x'] }] }),
    'domains/Shop/services/Stores/stores.asyncapi.yaml': ASYNCAPI,
    'domains/Shop/services/Stores/stores.openapi.json': OPENAPI,
    'domains/Shop/services/Stores/events/StoreCreated/index.md': md({ id: 'StoreCreated', version: '1.0.0', owners: ['core'], schemaPath: 'schema.json' }),
    'domains/Shop/services/Stores/events/StoreCreated/schema.json': {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { id: { type: 'string' }, price: { $ref: '../../../../../../common/money.json#/definitions/Money' } },
    },
    'domains/Shop/services/Stores/events/StoreCreated/versioned/0.9.0/index.md': md({ id: 'StoreCreated', version: '0.9.0', owners: ['core'], schemaPath: 'schema.yaml' }),
    'domains/Shop/services/Stores/events/StoreCreated/versioned/0.9.0/schema.yaml': 'type: object\nproperties:\n  id: { type: string }\n',
    'domains/Shop/services/Stores/events/StoreClosed/index.md': md({ id: 'StoreClosed', version: '1.0.0', owners: ['core'], schemaPath: 'schema.avsc' }),
    'domains/Shop/services/Stores/events/StoreClosed/schema.avsc': { type: 'record', name: 'StoreClosed', fields: [{ name: 'id', type: 'string' }] },
    'domains/Shop/services/Stores/events/StoreMoved/index.md': md({ id: 'StoreMoved', version: '1.0.0', owners: ['core'], schemaPath: 'schema.proto' }),
    'domains/Shop/services/Stores/events/StoreMoved/schema.proto': 'syntax = "proto3";\nmessage StoreMoved { string id = 1; }\n',
    'common/money.json': { definitions: { Money: { type: 'object', properties: { amount: { type: 'number' } } } } },
    'events/Broken/index.md': md({ id: 'Broken', version: '1.0.0', owners: 5, channels: 'none' }),
    'docs/guide.md': md({ title: 'A guide' }, '# A guide\n'),
  };
}

/** Everything a reader of the catalog can see, as plain data. */
function view(catalog: Catalog): unknown {
  return JSON.parse(
    JSON.stringify({
      resources: catalog.resources,
      guides: catalog.guides,
      // In the order files finished loading (concurrent reads); lint's own output below is sorted.
      diagnostics: [...catalog.diagnostics].map((d) => JSON.stringify(d)).sort(),
      documents: [...catalog.documents].sort(([a], [b]) => a.localeCompare(b)),
      referenced: [...catalog.referenced].sort(),
      config: catalog.config,
      lint: lintCatalog(catalog),
    }),
  );
}

async function write(root: string, file: string, content: string | object): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content));
}

async function editJson(root: string, file: string, change: (value: Record<string, any>) => void): Promise<void> {
  await edit(root, file, (text) => {
    const value = JSON.parse(text) as Record<string, any>;
    change(value);
    return JSON.stringify(value, null, 2);
  });
}

async function edit(root: string, file: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(path.join(root, file), 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(path.join(root, file), after);
}

/** Loads with a fresh handle on the catalog's cache, and without any cache; both must agree. */
async function compare(root: string): Promise<{ hits: number; misses: number }> {
  const cache = LoadCache.open(root);
  const warm = await loadCatalog(root, { cache });
  const cold = await loadCatalog(root, { cache: false });
  const [a, b] = [view(warm), view(cold)] as Record<string, unknown>[];
  for (const key of Object.keys(b)) expect(a[key], key).toEqual(b[key]);
  return { hits: cache.hits, misses: cache.misses };
}

beforeAll(async () => {
  // The signing key lives in the user's cache folder: a test's own, so the test proves a fresh machine too.
  process.env.XDG_CACHE_HOME = await mkdtemp(path.join(tmpdir(), 'waybill-user-cache-'));
  delete process.env.WAYBILL_CACHE_DIR;
  delete process.env.WAYBILL_CACHE;
});

describe('a cached load equals a cold load', () => {
  test('after every kind of edit', async () => {
    const root = await writeCatalog(files());
    const first = await compare(root);
    expect(first.hits).toBe(0);
    expect(first.misses).toBeGreaterThan(10);

    const unchanged = await compare(root);
    expect(unchanged.misses).toBe(0);
    expect(unchanged.hits).toBe(first.misses);
    // The lint's compatibility verdicts are among the entries a warm run reads, not recomputed.
    const [stored] = (await readdir(path.join(root, '.waybill', 'cache'))).filter((n) => n.startsWith('load-'));
    expect(await readFile(path.join(root, '.waybill', 'cache', stored), 'utf8')).toContain('"compat:');
    // A warm load + lint with nothing changed writes nothing (neither the load's save nor the lint's).
    const written = (await stat(path.join(root, '.waybill', 'cache', stored))).mtimeMs;
    await compare(root);
    expect((await stat(path.join(root, '.waybill', 'cache', stored))).mtimeMs).toBe(written);

    const service = 'domains/Shop/services/Stores/index.md';
    const event = 'domains/Shop/services/Stores/events/StoreCreated/index.md';
    const schema = 'domains/Shop/services/Stores/events/StoreCreated/schema.json';
    const edits: [string, () => Promise<void>][] = [
      ['body', () => edit(root, service, (t) => t.replace('The stores service.', 'The stores service, renamed [Home](../../index.md).'))],
      ['frontmatter', () => edit(root, event, (t) => t.replace('id: StoreCreated', 'id: StoreCreated\nsummary: A store opened.\nunknown: 1'))],
      ['frontmatter, its last field', () => edit(root, event, (t) => t.replace(/\n---\n/, '\nchannels: not-a-list\n---\n'))],
      ['frontmatter made invalid YAML', () => edit(root, service, (t) => t.replace('owners:', 'owners: [\n'))],
      ['frontmatter repaired', () => edit(root, service, (t) => t.replace('owners: [\n', 'owners:'))],
      ['schema', () => editJson(root, schema, (v) => Object.assign(v, { required: ['id'], additionalProperties: false }))],
      ['schema made invalid', () => editJson(root, schema, (v) => Object.assign(v, { required: 'id' }))],
      ['$ref target', () => editJson(root, 'common/money.json', (v) => (v.definitions = { Cash: v.definitions.Money }))],
      ['$ref target restored', () => editJson(root, 'common/money.json', (v) => (v.definitions = { Money: v.definitions.Cash }))],
      ['YAML schema', () => edit(root, 'domains/Shop/services/Stores/events/StoreCreated/versioned/0.9.0/schema.yaml', (t) => `${t}required: [id]\n`)],
      ['Avro schema', () => editJson(root, 'domains/Shop/services/Stores/events/StoreClosed/schema.avsc', (v) => (v.fields[0].type = 'strin'))],
      ['Protobuf schema', () => edit(root, 'domains/Shop/services/Stores/events/StoreMoved/schema.proto', (t) => t.replace('string id = 1;', 'string id = 1; int32 floor'))],
      ['AsyncAPI document', () => edit(root, 'domains/Shop/services/Stores/stores.asyncapi.yaml', (t) => t.replace('action: send', 'action: sned'))],
      ['OpenAPI document', () => editJson(root, 'domains/Shop/services/Stores/stores.openapi.json', (v) => (v.paths['/stores'].get.responses['200'] = { descr: 'ok' }))],
      ['older version given the $ref-ed field inline', () => edit(root, 'domains/Shop/services/Stores/events/StoreCreated/versioned/0.9.0/schema.yaml', (t) => t.replace('  id: { type: string }\n', '  id: { type: string }\n  price: { type: object, properties: { amount: { type: number } } }\n'))],
      ['$ref target, a breaking change', () => editJson(root, 'common/money.json', (v) => (v.definitions.Money.properties.amount.type = 'string'))],
      ['compatibility mode in frontmatter', () => edit(root, event, (t) => t.replace('id: StoreCreated', 'id: StoreCreated\ncompatibility: FORWARD'))],
      ['added version', () => write(root, 'domains/Shop/services/Stores/events/StoreCreated/versioned/0.8.0/index.md', md({ id: 'StoreCreated', version: '0.8.0', owners: ['core'], schemaPath: 'schema.json' }))],
      ['added version, its schema', () => write(root, 'domains/Shop/services/Stores/events/StoreCreated/versioned/0.8.0/schema.json', { type: 'object', properties: { id: { type: 'integer' } }, additionalProperties: false })],
      ['compatibility mode made transitive', () => edit(root, event, (t) => t.replace('compatibility: FORWARD', 'compatibility: FULL_TRANSITIVE'))],
      ['removed version', () => rm(path.join(root, 'domains/Shop/services/Stores/events/StoreCreated/versioned/0.9.0'), { recursive: true })],
      ['compatibility mode in config', () => edit(root, 'waybill.config.yaml', () => 'compatibility: NONE\n')],
      ['rule settings in config', () => edit(root, 'waybill.config.yaml', () => 'compatibility: NONE\nlint:\n  rules:\n    schema-compatibility: warning\n    schema-empty-string: off\n')],
      ['added file', () => write(root, 'domains/Shop/services/Stores/events/StoreOpened/index.md', md({ id: 'StoreOpened', version: '1.0.0', owners: ['core'], schemaPath: 'schema.json' }))],
      ['added schema', () => write(root, 'domains/Shop/services/Stores/events/StoreOpened/schema.json', { type: 'object', properties: { at: { $ref: '../../../../../../common/money.json#/definitions/Money' } } })],
      ['the message reaching a shared schema first renamed', () => edit(root, event, (t) => t.replace('id: StoreCreated', 'id: StoreCreated\nname: Store created'))],
      ['the shared schema reached first by another message', () => editJson(root, schema, (v) => delete v.properties.price)],
      ['the shared schema reached again', () => editJson(root, schema, (v) => (v.properties.price = { $ref: '../../../../../../common/money.json#/definitions/Money' }))],
      ['a field the consumer reads added to a $ref target', () => editJson(root, 'common/money.json', (v) => (v.definitions.Money.properties.currency = { type: 'string', enum: ['EUR'] }))],
      ['the consumer reads other fields', () => edit(root, 'domains/Shop/services/Tills/index.md', (t) => t.replace('price.currency', 'price.cents'))],
      ['removed file', () => rm(path.join(root, 'common/money.json'))],
      ['removed resource', () => rm(path.join(root, 'teams/core.md'))],
      ['config', () => edit(root, 'waybill.config.yaml', () => 'compatibility: FULL\nlint:\n  rules:\n    message-without-consumer: off\n')],
      ['config made invalid', () => edit(root, 'waybill.config.yaml', () => 'compatibility: SOMETIMES\n')],
      ['a copy of another file (same bytes, two files)', () => write(root, 'events/Copy/index.md', md({ id: 'Broken', version: '1.0.0', owners: 5, channels: 'none' }))],
    ];
    for (const [name, apply] of edits) {
      await apply();
      const { hits } = await compare(root).catch((error: Error) => {
        throw new Error(`after the ${name} edit: ${error.message}`);
      });
      expect(hits, `the unchanged files are read from the cache after the ${name} edit`).toBeGreaterThan(0);
    }
  }, 300_000);
});

describe('a warm lint', () => {
  test('parses no schema: every verdict that reads one comes from the cache', async () => {
    const root = await writeCatalog(files());
    await compare(root);
    const catalog = await loadCatalog(root, { cache: LoadCache.open(root) });
    const documents = catalog.documents as DocumentMap;
    const lint = lintCatalog(catalog);
    expect(lint.some((d) => d.code === 'schema-empty-string'), 'the walk rules found something').toBe(true);
    expect(lint.some((d) => d.code === 'consumer-fields'), 'a consumer reads an undeclared field').toBe(true);
    // Messages' JSON schema files (a file reached only by a `$ref` is parsed by the load, which checks the pointers into it).
    const schemas = catalog.messages().flatMap((m) => (/\.(json|avsc)$/.test(m.schema?.file ?? '') ? [m.schema!.file] : []));
    expect(schemas.length).toBeGreaterThan(1);
    expect(schemas.filter((file) => documents.isRead(file))).toEqual([]);
    // Read on demand, they are what a load without the cache parses.
    const cold = await loadCatalog(root, { cache: false });
    for (const file of schemas) expect(documents.get(file), file).toEqual(cold.documents.get(file));
  });
});

describe('a cache that cannot be trusted is ignored', () => {
  async function cacheFile(root: string): Promise<string> {
    const dir = path.join(root, '.waybill', 'cache');
    const names = (await readdir(dir)).filter((n) => n.startsWith('load-'));
    expect(names).toHaveLength(1);
    return path.join(dir, names[0]);
  }

  test('truncated, altered or signed elsewhere: no entry is used, and the load is right', async () => {
    const root = await writeCatalog(files());
    await compare(root);
    const file = await cacheFile(root);
    const good = await readFile(file, 'utf8');
    // A finding hidden in a forged entry: every frontmatter check answers "no problems".
    const entries = JSON.parse(good.slice(65)) as Record<string, unknown>;
    const hidden = Object.keys(entries).filter((k) => k.startsWith('frontmatter:') && (entries[k] as unknown[]).length > 0);
    expect(hidden.length).toBeGreaterThan(0);
    for (const key of hidden) entries[key] = [];
    const forged = JSON.stringify(entries);
    const damaged = {
      truncated: good.slice(0, good.length / 2),
      altered: `${good.slice(0, 64)}\n${forged}`,
      'signed with another key': `${createHmac('sha256', randomBytes(32)).update(forged).digest('hex')}\n${forged}`,
      empty: '',
    };
    for (const [name, content] of Object.entries(damaged)) {
      await writeFile(file, content);
      const { hits } = await compare(root);
      expect(hits, name).toBe(0);
    }
    // Deleting it is safe, and the next load writes it again.
    await rm(path.join(root, '.waybill'), { recursive: true });
    expect((await compare(root)).hits).toBe(0);
    expect((await compare(root)).misses).toBe(0);
  }, 120_000);

  test('the cache folder keeps itself out of version control', async () => {
    const root = await writeCatalog(files());
    await compare(root);
    expect(await readFile(path.join(root, '.waybill', 'cache', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  test('WAYBILL_CACHE=off reads and writes nothing', async () => {
    const root = await writeCatalog(files());
    process.env.WAYBILL_CACHE = 'off';
    try {
      const cache = LoadCache.open(root);
      await loadCatalog(root, { cache });
      await loadCatalog(root, { cache: LoadCache.open(root) });
      expect(cache.hits).toBe(0);
      expect((await readdir(root)).includes('.waybill')).toBe(false);
    } finally {
      delete process.env.WAYBILL_CACHE;
    }
  });
});

describe('cached validator code', () => {
  test('the frontmatter validators evaluated from the cache answer as freshly compiled ones', async () => {
    const { cachedValidators } = await import('../../src/catalog/cache/validator-code.ts');
    const { frontmatterValidator } = await import('../../src/catalog/frontmatter-validate.ts');
    frontmatterValidator('message'); // compiles and caches the code when it is not cached yet
    const cached = cachedValidators('frontmatter-validators');
    expect(cached, 'the code was cached and loads').toBeDefined();
    const { Ajv } = await import('ajv');
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const names = ['common', 'domain', 'service', 'message', 'channel', 'flow', 'entity', 'team', 'user', 'guide', 'config'];
    for (const name of names) ajv.addSchema(JSON.parse(await readFile(path.join(import.meta.dirname, `../../src/schemas/${name}.schema.json`), 'utf8')));
    const samples = [
      { id: '', version: '1.0.0' },
      { id: 'OrderPlaced', version: '1.0.0', owners: 5, sends: [{ id: 3 }], unknown: { deep: [1, 'x'] } },
      { id: 'OrderPlaced', version: '1.0.0', summary: 'x'.repeat(5000), badges: [{ content: '🚚' }] },
    ];
    for (const name of ['message', 'service', 'channel', 'flow']) {
      const fresh = ajv.getSchema(`https://waybill.dev/schemas/${name}.schema.json`)!;
      for (const sample of samples) {
        expect(cached![name](sample), `${name} ${JSON.stringify(sample).slice(0, 40)}`).toBe(fresh(sample));
        expect(cached![name].errors ?? null).toEqual(fresh.errors ?? null);
      }
    }
  });
});
