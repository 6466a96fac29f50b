/**
 * `waybill export asyncapi`: the AsyncAPI 3.0 document assembled from the catalog is valid according to
 * @asyncapi/parser, and import → export → import gives back the same catalog (real documents and the
 * edge-case fixture). Also run on the default catalog.
 */
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Service } from '../../src/catalog/model.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { exportAsyncapi } from '../../src/export/asyncapi.ts';
import { validateAsyncapiDocument } from '../../src/export/validate.ts';
import { FIXTURES, importInto, REFERENCE, ROOT, tempDir } from '../helpers/import.ts';

/** What an import decides, per resource: frontmatter (without the attached documents), schema, flows. */
function view(catalog: Catalog): Record<string, unknown> {
  return Object.fromEntries(
    catalog.resources.map((r) => {
      const { specifications: _s, ...frontmatter } = r.frontmatter as Record<string, unknown>;
      const flows = (links?: readonly { target?: string; channels: readonly { target?: string }[] }[]) => links?.map((l) => [l.target, l.channels.map((c) => c.target).sort()]);
      const schema = 'schema' in r ? r.schema?.value : undefined;
      return [r.key, { frontmatter, schema, sends: flows('sends' in r ? r.sends : undefined), receives: flows('receives' in r ? r.receives : undefined) }];
    }),
  );
}

describe.each([
  ['mallbots-stores.asyncapi.yaml', REFERENCE, 'Stores'],
  ['streetlights-mqtt.asyncapi-2.6.0.yaml', REFERENCE, 'Streetlights'],
  ['streetlights-kafka.asyncapi-2.6.0.yaml', REFERENCE, 'Streetlights'],
  ['streetlights-kafka.asyncapi-3.0.0.yaml', REFERENCE, 'Streetlights'],
  ['edge.asyncapi-2.6.yaml', FIXTURES, 'OrderDesk'],
])('export asyncapi: %s', async (name, folder, serviceId) => {
  const file = path.join(folder, name);
  const first = await tempDir();
  await importInto(first, file, 'asyncapi', { serviceId, owners: ['core'] });
  const catalog = await loadCatalog(first);
  const { document } = exportAsyncapi(catalog, serviceId);
  const exported = path.join(await tempDir('waybill-export-'), `${serviceId}.asyncapi.yaml`);
  await writeFile(exported, stringify(document, { aliasDuplicateObjects: false }));

  test('is a valid AsyncAPI 3.0 document', async () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(await validateAsyncapiDocument(document, 'export')).toEqual([]);
  });

  test('import → export → import gives the same catalog', async () => {
    const second = await tempDir();
    await importInto(second, exported, 'asyncapi', { serviceId, owners: ['core'] });
    expect(view(await loadCatalog(second))).toEqual(view(catalog));
  });

  test('importing the export into the first catalog changes only the attached document', async () => {
    const again = await importInto(first, exported, 'asyncapi', { serviceId, owners: ['core'] });
    const changed = again.plan.changes.filter((c) => c.action !== 'unchanged');
    expect(changed.map((c) => `${c.action} ${c.kind}`)).toEqual(['update asyncapi']);
  });
});

describe('export asyncapi: the default catalog', () => {
  test.each(['Stores', 'Baskets', 'Ordering'])('%s: a valid document with its channels, operations and messages', async (serviceId) => {
    const catalog = await loadCatalog(path.join(ROOT, 'catalog'));
    const { document } = exportAsyncapi(catalog, serviceId);
    expect(await validateAsyncapiDocument(document, serviceId)).toEqual([]);
    const service = catalog.latest('service', serviceId) as Service;
    const channelled = [...service.sends, ...service.receives].filter((l) => l.channels.some((c) => c.target));
    expect(channelled.length).toBeGreaterThan(0);
    expect(Object.keys(document.operations as object).length).toBeGreaterThan(0);
  });

  test('an unknown service is a user error naming the services there are', async () => {
    const catalog = await loadCatalog(path.join(ROOT, 'catalog'));
    expect(() => exportAsyncapi(catalog, 'Nope')).toThrow(/no service 'Nope'/);
  });

  test('messages without a channel (HTTP operations) are left out and said so', async () => {
    const root = await tempDir();
    await importInto(root, path.join(REFERENCE, 'petstore.openapi-3.0.yaml'), 'openapi', { serviceId: 'Petstore' });
    const { document, diagnostics } = exportAsyncapi(await loadCatalog(root), 'Petstore');
    expect(document.channels).toEqual({});
    expect(diagnostics.map((d) => d.code)).toEqual(['export-no-channel', 'export-no-channel', 'export-no-channel']);
    expect(await validateAsyncapiDocument(document, 'Petstore')).toEqual([]);
  });
});
