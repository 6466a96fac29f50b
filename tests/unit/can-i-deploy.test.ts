/**
 * `waybill diff` and `waybill can-i-deploy` on small catalogs in temporary git repositories: a change is
 * committed as the base, the working tree is changed, and the commands compare the two.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { loadCatalog } from '../../src/catalog/load.ts';
import { diffCatalogs, diagnosticsOf } from '../../src/compat/catalog-diff/index.ts';
import { baseCatalog, md, type Files } from '../helpers/catalog.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EVENT = 'services/Stores/events/StoreCreated';
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const closed = (properties: object, required: string[] = ['id']) => ({ $schema: DIALECT, type: 'object', properties, required, additionalProperties: false });
const text = { type: 'string', minLength: 1 };

/** The base: StoreCreated 1.0.0 { id, name }; Baskets reads /id and /name; Stores has an OpenAPI document. */
function base(): Files {
  return {
    ...baseCatalog(),
    [`${EVENT}/schema.json`]: closed({ id: text, name: text }, ['id', 'name']),
    'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated', fields: ['/id', '/name'] }] }),
    'services/Stores/index.md': md({
      id: 'Stores', version: '1.0.0', owners: ['core'],
      specifications: { openapiPath: 'openapi.yaml' },
      sends: [{ id: 'StoreCreated', version: 'latest', to: [{ id: 'shop.stores.events' }] }],
    }),
    'services/Stores/openapi.yaml': stringify({
      openapi: '3.0.3', info: { title: 'Stores', version: '1.0.0' },
      paths: {
        '/stores': { post: { responses: { '201': { description: 'made' } } } },
        '/stores/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } },
      },
    }),
  };
}

async function write(root: string, files: Files): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

function git(cwd: string, ...args: string[]): void {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
}

/** A git repository whose catalog/ folder is the base, committed; then `change` is applied to the working tree. */
async function repository(change: (catalog: string) => Promise<void>): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), 'waybill-repo-'));
  const catalog = path.join(repo, 'catalog');
  await write(catalog, base());
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'base');
  await change(catalog);
  return catalog;
}

/** StoreCreated 1.0.0 moves to versioned/, and 2.0.0 with `schema` and extra frontmatter becomes current. */
async function newVersion(catalog: string, schema: object, extra: object = {}): Promise<void> {
  const dir = path.join(catalog, EVENT);
  await mkdir(path.join(dir, 'versioned/1.0.0'), { recursive: true });
  await rename(path.join(dir, 'index.md'), path.join(dir, 'versioned/1.0.0/index.md'));
  await rename(path.join(dir, 'schema.json'), path.join(dir, 'versioned/1.0.0/schema.json'));
  await write(catalog, {
    [`${EVENT}/index.md`]: md({ id: 'StoreCreated', version: '2.0.0', owners: ['core'], schemaPath: 'schema.json', channels: [{ id: 'shop.stores.events' }], ...extra }),
    [`${EVENT}/schema.json`]: schema,
  });
}

function waybill(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/waybill.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('waybill can-i-deploy', () => {
  test('a breaking change the mode allows still fails, naming the consumer', async () => {
    // compatibility NONE allows dropping `name`, but Baskets reads it.
    const catalog = await repository((c) => newVersion(c, closed({ id: text }), { compatibility: 'NONE' }));
    const result = waybill('can-i-deploy', '--service', 'Stores', '--catalog', catalog);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error\s+Baskets reads \/name of StoreCreated \(1\.0\.0 → 2\.0\.0\): FIELD_REMOVED — the field is no longer in the schema\.\s+consumer-breaks/);
    expect(result.stdout).toMatch(/can-i-deploy Stores against HEAD \([0-9a-f]{7}\): NO — 1 reason:\n  - Baskets reads \/name/);
    // Baskets itself changed nothing.
    const baskets = waybill('can-i-deploy', '--service', 'Baskets', '--catalog', catalog);
    expect(baskets.code).toBe(0);
    expect(baskets.stdout).toContain('can-i-deploy Baskets against HEAD');
    expect(baskets.stdout).toContain('YES — nothing of Baskets changed.');
    await rm(path.dirname(catalog), { recursive: true, force: true });
  }, 240_000);

  test('a compatible change passes', async () => {
    const catalog = await repository((c) => newVersion(c, closed({ id: text, name: text, location: text }, ['id', 'name'])));
    const result = waybill('can-i-deploy', '--service', 'Stores', '--catalog', catalog, '--format', 'json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.diagnostics.map((d: { code: string; severity: string }) => `${d.code} ${d.severity}`)).toEqual(['version-added info', 'schema-changed info']);
    expect(report.diagnostics[1].message).toContain('StoreCreated 2.0.0 is a new version: BACKWARD compatible with 1.0.0 (OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/location).');
    await rm(path.dirname(catalog), { recursive: true, force: true });
  }, 240_000);

  test('an unknown ref, and a folder outside git, are usage errors', async () => {
    const catalog = await repository(async () => {});
    const ref = waybill('can-i-deploy', '--service', 'Stores', '--catalog', catalog, '--against', 'no-such-branch');
    expect(ref.code).toBe(2);
    expect(ref.stderr).toContain("The git ref 'no-such-branch' names no commit.");
    const outside = await mkdtemp(path.join(tmpdir(), 'waybill-nogit-'));
    await write(outside, base());
    const noGit = waybill('diff', '--catalog', outside);
    expect(noGit.code).toBe(2);
    expect(noGit.stderr).toContain('is not inside a git repository');
    await rm(path.dirname(catalog), { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  }, 240_000);
});

describe('waybill diff', () => {
  test('everything that changed, in every format of lint', async () => {
    const catalog = await repository(async (c) => {
      await newVersion(c, closed({ id: text, name: { type: 'integer' } }, ['id', 'name']));
      await write(c, {
        'services/Stores/openapi.yaml': stringify({ openapi: '3.0.3', info: { title: 'Stores', version: '1.1.0' }, paths: { '/stores': { post: { responses: { '201': { description: 'made' } } } } } }),
        'services/Orders/index.md': md({ id: 'Orders', version: '1.0.0', owners: ['core'] }),
      });
    });
    const result = waybill('diff', '--catalog', catalog, '--format', 'json');
    expect(result.code).toBe(1);
    const found = JSON.parse(result.stdout).diagnostics.map((d: { code: string; file: string; line: number }) => `${d.code} ${d.file}:${d.line}`);
    expect(found).toEqual([
      'resource-added services/Orders/index.md:2',
      `version-added ${EVENT}/index.md:3`,
      `consumer-breaks ${EVENT}/schema.json:9`,
      `schema-incompatible ${EVENT}/schema.json:9`,
      'spec-breaking-change services/Stores/openapi.yaml:5',
    ]);
    const stylish = waybill('diff', '--catalog', catalog);
    expect(stylish.stdout).toContain('schemas:   1 changed schema, 1 incompatible under its mode');
    expect(stylish.stdout).toContain('consumers: 1 breaking change for Baskets');
    expect(stylish.stdout).toContain('specs:     1 change, 1 breaking');
    expect(stylish.stdout).toContain('OPERATION_REMOVED — GET /stores/{id} was removed.');
    for (const format of ['junit', 'github', 'sarif']) expect(waybill('diff', '--catalog', catalog, '--format', format).code).toBe(1);
    await rm(path.dirname(catalog), { recursive: true, force: true });
  }, 240_000);
});

describe('diffCatalogs', () => {
  async function pair(change: (catalog: string) => Promise<void>) {
    const a = path.join(await mkdtemp(path.join(tmpdir(), 'waybill-pair-')), 'catalog');
    const b = path.join(path.dirname(a), 'after');
    await write(a, base());
    await write(b, base());
    await change(b);
    return diffCatalogs(await loadCatalog(a), await loadCatalog(b));
  }
  const codes = (d: Awaited<ReturnType<typeof pair>>) => diagnosticsOf(d.findings).map((x) => `${x.code} ${x.severity}`);

  test('nothing changed', async () => {
    expect(codes(await pair(async () => {}))).toEqual([]);
  });

  test('a schema changed in place is checked against what it was', async () => {
    const d = await pair((c) => write(c, { [`${EVENT}/schema.json`]: closed({ id: text, name: text }, ['id']) }));
    expect(codes(d)).toEqual(['schema-changed info', 'consumer-breaks error']);
    expect(diagnosticsOf(d.findings)[1].message).toBe('Baskets reads /name of StoreCreated (1.0.0, changed in place): FIELD_BECAME_OPTIONAL — it is no longer required.');
  });

  test('a change in a file the schema references counts', async () => {
    const d = await pair(async (c) => {
      await write(c, { [`${EVENT}/schema.json`]: closed({ id: text, name: { $ref: '../name.json' } }, ['id', 'name']), 'services/Stores/events/name.json': { type: 'string' } });
    });
    expect(codes(d)).toEqual(['schema-changed info']);
  });

  test('a producer that stops sending what a consumer receives', async () => {
    const d = await pair((c) => write(c, { 'services/Stores/index.md': md({ id: 'Stores', version: '1.0.1', owners: ['core'], specifications: { openapiPath: 'openapi.yaml' } }) }));
    expect(codes(d)).toEqual(['version-removed warning', 'consumer-breaks error', 'version-added info']);
    expect(diagnosticsOf(d.findings)[1].message).toBe('Stores no longer sends StoreCreated, which Baskets receives.');
    expect(d.summary.brokenConsumers).toEqual(['Baskets']);
  });
});
