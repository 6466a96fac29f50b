/**
 * The site's schema viewer is rendered once per schema and given each use its own ids
 * (src/site/schema/viewer.ts): every use equals a fresh rendering with that prefix.
 */
import { beforeAll, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { SchemaDocument } from '../../src/catalog/model.ts';
import { SiteIndex } from '../../src/site/site-index.ts';
import { schemaProperties } from '../../src/site/schema/properties.ts';
import { schemaViewerHtml } from '../../src/site/schema/render.ts';
import { siteSchemaViewerHtml } from '../../src/site/schema/viewer.ts';

let site: SiteIndex;
let schemas: SchemaDocument[];

beforeAll(async () => {
  site = new SiteIndex(await loadCatalog('catalog'));
  schemas = site.catalog.resources.flatMap((r) => ('schema' in r && r.schema ? [r.schema as SchemaDocument] : []));
});

test('each use of a kept viewer equals a fresh rendering with its own id prefix', () => {
  expect(schemas.length).toBeGreaterThan(5);
  const fresh = (s: SchemaDocument, idPrefix: string) => schemaViewerHtml(s, schemaProperties(s, { resolveDocument: (f) => site.catalog.documents.get(f) }), { idPrefix });
  for (const prefix of ['schema', 'mdx-schema-1', 'response-"4<0>4"', 'schema']) {
    for (const s of schemas) {
      const html = siteSchemaViewerHtml(site, s, prefix);
      expect(html).toBe(fresh(s, prefix));
    }
  }
  expect(siteSchemaViewerHtml(site, schemas[0], 'schema')).toContain('id="schema-example"');
});
