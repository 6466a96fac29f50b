/**
 * Shared components (issue 17, item 7): a component schema several operations or messages use is
 * imported once, as `schemas/<Name>.v<n>.json` in the service's folder, and referred to; a changed
 * component gets a new revision file, the messages using it new versions, and the old versions keep
 * meaning what they meant. Documents: tests/fixtures/import/shared-components/ (written for these tests).
 */
import path from 'node:path';
import { copyFile, cp, readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Message } from '../../src/catalog/model.ts';
import { exportAsyncapi } from '../../src/export/asyncapi.ts';
import { validateAsyncapiDocument } from '../../src/export/validate.ts';
import { bundleFiles } from '../../src/import/schema-bundle.ts';
import { jsonSchemaNode, walkProperties } from '../../src/site/schema/properties.ts';
import { errors, FIXTURES, importInto, lint, snapshot, tempDir } from '../helpers/import.ts';
import { stringify } from 'yaml';
import { writeFile } from 'node:fs/promises';

const DOCS = path.join(FIXTURES, 'shared-components');
const SCHEMAS = 'services/Kennel/schemas';

/** A message version's schema with the files it refers to inlined, as the catalog resolves them. */
function meaning(catalog: Catalog, message: Message): unknown {
  return bundleFiles(message.schema?.value, message.schema?.file ?? '', (file) => catalog.documents.get(file));
}

function responseMeaning(catalog: Catalog, message: Message, status: string): unknown {
  const response = message.operation?.responses.find((r) => r.status === status);
  return bundleFiles(response?.schema?.value, response?.schema?.file ?? '', (file) => catalog.documents.get(file));
}

describe('OpenAPI 3.0: components used by two or more operations', async () => {
  const root = await tempDir();
  const source = path.join(root, '..', `${path.basename(root)}-kennel.openapi-3.0.yaml`);
  await copyFile(path.join(DOCS, 'kennel-v1.openapi-3.0.yaml'), source);
  const first = await importInto(root, source, 'openapi');
  const v1 = await snapshot(root);
  // Collected before the nested describe below imports the changed document.
  const again = await importInto(root, source, 'openapi');
  const afterAgain = await snapshot(root);
  const v1Lint = errors(await lint(root));
  const v1Catalog = await loadCatalog(root);

  test('each shared component is one file; nested ones refer to each other, a recursive one to itself', () => {
    expect(first.plan.changes.filter((c) => c.kind === 'schema').map((c) => `${c.action} ${c.id} ${c.file}`)).toEqual([
      `create Dog ${SCHEMAS}/Dog.v1.json`,
      `create Owner ${SCHEMAS}/Owner.v1.json`,
      `create Pedigree ${SCHEMAS}/Pedigree.v1.json`,
    ]);
    expect(JSON.parse(v1[`${SCHEMAS}/Dog.v1.json`]).properties.owner).toEqual({ $ref: 'Owner.v1.json' });
    expect(JSON.parse(v1[`${SCHEMAS}/Owner.v1.json`]).properties.phone).toEqual({ type: ['string', 'null'] });
    expect(JSON.parse(v1[`${SCHEMAS}/Pedigree.v1.json`]).properties).toEqual({ dog: { $ref: 'Dog.v1.json' }, parents: { type: 'array', items: { $ref: '#' } } });
  });

  test('message and response schemas refer to the files; a component one operation uses stays inline', () => {
    expect(JSON.parse(v1['services/Kennel/commands/addDog/schema.json'])).toEqual({ $schema: 'http://json-schema.org/draft-07/schema#', $ref: '../../schemas/Dog.v1.json' });
    expect(JSON.parse(v1['services/Kennel/queries/getDog/response-200.json']).$ref).toBe('../../schemas/Dog.v1.json');
    expect(JSON.parse(v1['services/Kennel/queries/listDogs/response-200.json']).items).toEqual({ $ref: '../../schemas/Dog.v1.json' });
    expect(JSON.parse(v1['services/Kennel/commands/registerLitter/schema.json']).properties.mother).toEqual({ $ref: '../../schemas/Pedigree.v1.json' });
    // Rename is used by renameDog alone: inline, beside the path parameter.
    expect(JSON.parse(v1['services/Kennel/commands/renameDog/schema.json']).properties).toEqual({ dogId: { type: 'string' }, name: { type: 'string' } });
    expect(Object.keys(v1).filter((f) => f.includes('Rename'))).toEqual([]);
  });

  test('the catalog resolves them: no lint errors, and the schema viewer shows the referenced fields', () => {
    expect(v1Lint).toEqual([]);
    const catalog = v1Catalog;
    const addDog = catalog.latest('message', 'addDog') as Message;
    const node = jsonSchemaNode(addDog.schema?.value, { file: addDog.schema?.file, resolveDocument: (file) => catalog.documents.get(file) });
    expect([...walkProperties(node.children)].map((p) => p.path)).toEqual(expect.arrayContaining(['id', 'name', 'owner', 'owner.name', 'owner.phone']));
  });

  test('re-importing the document writes nothing', () => {
    expect(again.plan.operations).toEqual([]);
    expect(afterAgain).toEqual(v1);
  });

  describe('a component changed between imports', async () => {
    await copyFile(path.join(DOCS, 'kennel-v2.openapi-3.0.yaml'), source);
    const second = await importInto(root, source, 'openapi');
    const v2 = await snapshot(root);
    const catalog = await loadCatalog(root);

    test('the component and those that reach it get a new revision; every message using them a new version', () => {
      const versioned = second.plan.changes.filter((c) => c.action === 'new-version').map((c) => `${c.id}@${c.version}`).sort();
      expect(versioned).toEqual(['Dog@v2', 'Owner@v2', 'Pedigree@v2', 'addDog@2.0.0', 'getDog@1.1.0', 'getPedigree@1.1.0', 'listDogs@1.1.0', 'registerLitter@2.0.0']);
      expect(second.plan.changes.find((c) => c.id === 'renameDog')?.action).toBe('unchanged');
      expect(JSON.parse(v2[`${SCHEMAS}/Owner.v2.json`]).properties.email).toEqual({ type: 'string' });
      expect(JSON.parse(v2[`${SCHEMAS}/Dog.v2.json`]).properties.owner).toEqual({ $ref: 'Owner.v2.json' });
      // Revision files are never rewritten.
      for (const name of ['Dog', 'Owner', 'Pedigree']) expect(v2[`${SCHEMAS}/${name}.v1.json`]).toBe(v1[`${SCHEMAS}/${name}.v1.json`]);
    });

    test('the old versions still resolve to the old component content, the new ones to the new', () => {
      for (const id of ['addDog', 'registerLitter', 'getDog']) {
        const [old, current] = catalog.versions('message', id) as Message[];
        expect(old.file).toContain('/versioned/1.0.0/');
        const oldText = JSON.stringify(old.schema?.format ? [meaning(catalog, old), responseMeaning(catalog, old, '200'), responseMeaning(catalog, old, '201')] : []);
        const newText = JSON.stringify([meaning(catalog, current), responseMeaning(catalog, current, '200'), responseMeaning(catalog, current, '201')]);
        expect(oldText).toContain('"phone"');
        expect(oldText).not.toContain('"email"');
        expect(newText).toContain('"email"');
      }
      const oldLitter = (catalog.versions('message', 'registerLitter') as Message[])[0];
      expect((oldLitter.schema?.value as { properties: Record<string, unknown> }).properties.mother).toEqual({ $ref: '../../../../schemas/Pedigree.v1.json' });
    });

    test('lint: no errors but the compatibility findings the change deserves; re-import writes nothing', async () => {
      expect(errors(await lint(root)).filter((e) => !e.startsWith('schema-compatibility'))).toEqual([]);
      const again = await importInto(root, source, 'openapi');
      expect(again.plan.operations).toEqual([]);
    });
  });
});

describe('Swagger 2.0 definitions and OpenAPI 3.1 components', () => {
  test('#/definitions/X shared by two operations is one draft-07 file', async () => {
    const root = await tempDir();
    await importInto(root, path.join(DOCS, 'kennel.swagger-2.0.json'), 'openapi');
    const files = await snapshot(root);
    expect(JSON.parse(files['services/Kennel2/schemas/Dog.v1.json'])).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { name: { type: 'string' }, tag: { type: ['string', 'null'] } },
    });
    expect(JSON.parse(files['services/Kennel2/commands/addDog/schema.json']).$ref).toBe('../../schemas/Dog.v1.json');
    expect(errors(await lint(root))).toEqual([]);
  });

  test('a 3.1 component reached through a $ref path item is one 2020-12 file', async () => {
    const root = await tempDir();
    const result = await importInto(root, path.join(DOCS, 'kennel.openapi-3.1.yaml'), 'openapi');
    expect(result.diagnostics).toEqual([]);
    const files = await snapshot(root);
    expect(JSON.parse(files['services/Kennel31/schemas/Dog.v1.json'])).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', properties: { name: { description: "The dog's name" } } });
    expect(JSON.parse(files['services/Kennel31/commands/replaceDogs/schema.json']).items).toEqual({ $ref: '../../schemas/Dog.v1.json' });
    // The attached document (with its $ref path item) is valid: no false spec-invalid.
    expect((await lint(root)).filter((d) => d.code === 'spec-invalid')).toEqual([]);
  });
});

describe('AsyncAPI 3.0: payload components several messages use', async () => {
  const root = await tempDir();
  await importInto(root, path.join(DOCS, 'kennel-events.asyncapi-3.0.yaml'), 'asyncapi');
  const files = await snapshot(root);
  const catalog = await loadCatalog(root);

  test('Dog and Owner are files; Pedigree, used by one message, stays inline with its recursion', () => {
    const dir = 'services/KennelEvents';
    expect(Object.keys(files).filter((f) => f.startsWith(`${dir}/schemas/`)).sort()).toEqual([`${dir}/schemas/Dog.v1.json`, `${dir}/schemas/Owner.v1.json`]);
    expect(JSON.parse(files[`${dir}/events/dogAdded/schema.json`]).$ref).toBe('../../schemas/Dog.v1.json');
    const recorded = JSON.parse(files[`${dir}/events/pedigreeRecorded/schema.json`]);
    expect(recorded.properties.recordedBy).toEqual({ $ref: '../../schemas/Owner.v1.json' });
    expect(recorded.definitions.Pedigree.properties.parents.items).toEqual({ $ref: '#/definitions/Pedigree' });
  });

  test('export puts the files back under components/schemas: a valid document that stands alone', async () => {
    const { document } = exportAsyncapi(catalog, 'KennelEvents');
    expect(await validateAsyncapiDocument(document, 'KennelEvents')).toEqual([]);
    const text = JSON.stringify(document);
    expect(text).not.toMatch(/\.json"/);
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    expect(schemas.Dog).toMatchObject({ properties: { owner: { $ref: '#/components/schemas/Owner' } } });
    expect((document.components as { messages: Record<string, { payload: unknown }> }).messages.dogAdded.payload).toEqual({ $ref: '#/components/schemas/Dog' });
  });

  test('importing the export into the catalog changes only the attached document', async () => {
    const { document } = exportAsyncapi(catalog, 'KennelEvents');
    const exported = path.join(root, '..', `${path.basename(root)}-kennel-events.asyncapi-3.0.yaml`);
    await writeFile(exported, stringify(document));
    const again = await importInto(root, exported, 'asyncapi', { serviceId: 'KennelEvents' });
    expect(again.plan.changes.filter((c) => c.action !== 'unchanged').map((c) => `${c.action} ${c.kind}`)).toEqual(['update asyncapi']);
    expect(await readFile(path.join(root, 'services/KennelEvents/schemas/Dog.v1.json'), 'utf8')).toBe(files['services/KennelEvents/schemas/Dog.v1.json']);
  });
});

describe('a catalog the importer wrote before components were kept once', () => {
  test('re-importing splits the components out in place, with no new version; then nothing changes', async () => {
    const root = await tempDir();
    await cp(path.join(DOCS, 'kennel-v1-inlined'), root, { recursive: true });
    const upgraded = await importInto(root, path.join(DOCS, 'kennel-v1.openapi-3.0.yaml'), 'openapi');
    const changed = upgraded.plan.changes.filter((c) => c.action !== 'unchanged');
    expect(changed.filter((c) => c.action === 'new-version')).toEqual([]);
    expect(changed.filter((c) => c.kind === 'schema').map((c) => `${c.action} ${c.id}`)).toEqual(['create Dog', 'create Owner', 'create Pedigree']);
    // The recursive Pedigree (inlined at another depth before) is recognised as the same schema too.
    expect(changed.filter((c) => c.kind !== 'schema').map((c) => `${c.action} ${c.id} ${c.detail}`).sort()).toEqual(
      ['addDog', 'getDog', 'getPedigree', 'listDogs', 'registerLitter'].map((id) => `update ${id} schema files refer to shared components`),
    );
    const files = await snapshot(root);
    expect(JSON.parse(files['services/Kennel/commands/registerLitter/schema.json']).properties.mother).toEqual({ $ref: '../../schemas/Pedigree.v1.json' });
    expect(Object.keys(files).filter((f) => f.includes('/versioned/'))).toEqual([]);
    expect(errors(await lint(root))).toEqual([]);
    const again = await importInto(root, path.join(DOCS, 'kennel-v1.openapi-3.0.yaml'), 'openapi');
    expect(again.plan.operations).toEqual([]);
  });
});

describe('two documents imported into one service, each with its own Dog and Owner', () => {
  test('each keeps its own revision; re-importing either changes nothing', async () => {
    const root = await tempDir();
    const openapi = path.join(DOCS, 'kennel-v1.openapi-3.0.yaml');
    const asyncapi = path.join(DOCS, 'kennel-events.asyncapi-3.0.yaml');
    await importInto(root, openapi, 'openapi');
    const second = await importInto(root, asyncapi, 'asyncapi', { serviceId: 'Kennel' });
    // The events' Owner has no phone: a revision of its own, and Dog, which refers to it, too.
    expect(second.plan.changes.filter((c) => c.kind === 'schema' && c.action !== 'unchanged').map((c) => `${c.id}@${c.version}`).sort()).toEqual(['Dog@v2', 'Owner@v2']);
    const before = await snapshot(root);
    expect((await importInto(root, openapi, 'openapi')).plan.operations).toEqual([]);
    expect((await importInto(root, asyncapi, 'asyncapi', { serviceId: 'Kennel' })).plan.operations).toEqual([]);
    expect(await snapshot(root)).toEqual(before);
    expect(JSON.parse(before['services/Kennel/commands/addDog/schema.json']).$ref).toBe('../../schemas/Dog.v1.json');
    expect(JSON.parse(before['services/Kennel/events/dogAdded/schema.json']).$ref).toBe('../../schemas/Dog.v2.json');
  });
});
