/**
 * compareMessageVersions (what the site's version diff shows) and the field paths consumers write.
 */
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Message } from '../../src/catalog/model.ts';
import { compareMessageVersions } from '../../src/compat/index.ts';
import { FieldPathError, formatFieldPath, parseFieldPath } from '../../src/compat/fields/field-path.ts';
import { baseCatalog, md, writeCatalog } from '../helpers/catalog.ts';

const dir = 'services/Stores/events/StoreCreated';
const closed = (properties: object, required: string[]) => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties, required, additionalProperties: false });
const text = { type: 'string', minLength: 1 };

async function versions(mode: string) {
  const message = (version: string) => md({ id: 'StoreCreated', version, owners: ['core'], schemaPath: 'schema.json', compatibility: mode, channels: [{ id: 'shop.stores.events' }] });
  const catalog = await loadCatalog(await writeCatalog({
    ...baseCatalog(),
    [`${dir}/versioned/1.0.0/index.md`]: message('1.0.0'),
    [`${dir}/versioned/1.0.0/schema.json`]: closed({ id: text, name: text }, ['id', 'name']),
    [`${dir}/index.md`]: message('2.0.0'),
    [`${dir}/schema.json`]: closed({ id: text, size: { type: 'integer', default: 0 } }, ['id']),
    'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated', fields: ['/id', '/name'] }] }),
  }));
  const [older, newer] = catalog.versions('message', 'StoreCreated') as Message[];
  return compareMessageVersions(catalog, older, newer);
}

describe('compareMessageVersions', () => {
  test('change codes, the verdict under the mode and the consumers whose fields change', async () => {
    const result = await versions('BACKWARD');
    expect(result).toMatchObject({ status: 'compared', mode: 'BACKWARD', compatible: false, older: '1.0.0', newer: '2.0.0', against: ['1.0.0'] });
    expect(result.changes.map((c) => `${c.code} ${c.path} ${c.allowed ? 'allowed' : 'not allowed'}`)).toEqual([
      'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/name not allowed',
      'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/size allowed',
    ]);
    expect(result.consumers).toEqual([
      { service: 'service:Baskets@1.0.0', name: 'Baskets', changes: [{ field: '/name', code: 'FIELD_REMOVED', breaking: true, reason: 'the field is no longer in the schema', path: ['properties'] }] },
    ]);
  });

  test('a transitive mode is the plain mode for a pair; NONE allows every change but still lists it', async () => {
    expect((await versions('FULL_TRANSITIVE')).mode).toBe('FULL');
    const none = await versions('NONE');
    expect(none.compatible).toBe(true);
    expect(none.changes.every((c) => c.allowed)).toBe(true);
    expect(none.changes).toHaveLength(2);
    expect(none.consumers[0].changes[0].code).toBe('FIELD_REMOVED');
  });
});

describe('field paths', () => {
  test.each([
    ['/id', ['id']],
    ['#/customer/name', ['customer', 'name']],
    ['/items/*/product_id', ['items', '*', 'product_id']],
    ['/a~1b/c~0d', ['a/b', 'c~d']],
    ['items.product_id', ['items', 'product_id']],
    ['items[*].product_id', ['items', '*', 'product_id']],
    ['lines[0].sku', ['lines', '0', 'sku']],
    ['matrix[][1]', ['matrix', '*', '1']],
  ])('%s', (written, segments) => {
    expect(parseFieldPath(written)).toEqual(segments);
  });

  test.each(['', '/', 'a..b', '/a//b', 'items[x].id'])('%j is not a field path', (written) => {
    expect(() => parseFieldPath(written)).toThrow(FieldPathError);
  });

  test('formats back to a pointer', () => {
    expect(formatFieldPath(['a/b', '*', 'c'])).toBe('/a~1b/*/c');
  });
});
