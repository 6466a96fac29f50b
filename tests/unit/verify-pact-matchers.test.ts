/**
 * Pact contents against a message schema, one matching rule at a time: what the consumer expects must be
 * a subset of what the provider's schema promises, as far as the matching rules make it matter.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { verifyPact } from '../../src/pact/verify.ts';
import { baseCatalog, writeCatalog } from '../helpers/catalog.ts';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['open', 'closed'] },
    count: { type: 'integer' },
    price: { type: 'number' },
    tags: { type: 'array', items: { type: 'string', minLength: 1 } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    lines: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } },
    },
  },
};

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(await writeCatalog({ ...baseCatalog(), 'services/Stores/events/StoreCreated/schema.json': schema }));
}, 60_000);

type Rules = Record<string, object | undefined>;
const rule = (...matchers: object[]) => ({ combine: 'AND', matchers });
/** A v3 message pact from baskets-sub to stores-pub with one message named StoreCreated. */
function pact(contents: unknown, rules: Rules = { $: rule({ match: 'type' }) }) {
  return JSON.stringify({
    consumer: { name: 'baskets-sub' },
    provider: { name: 'stores-pub' },
    messages: [{ description: 'a StoreCreated message', contents, matchingRules: { body: rules }, metadata: { name: 'StoreCreated', subject: 'shop.stores.events' } }],
    metadata: { pactSpecification: { version: '3.0.0' } },
  }, null, 2);
}
const codes = (text: string) => verifyPact(catalog, 'pact.json', text).diagnostics.map((d) => d.code);

describe('Pact matching rules against the schema', () => {
  const uuid = 'b6a1f9d2-4c3e-4d8a-9f21-7e5c2a1b0d34';
  test.each([
    { name: 'type: the types fit, values do not matter (id need not be a uuid)', contents: { id: 'store-id', status: 'whatever', count: 3, price: 2 }, rules: undefined, expected: [] },
    { name: 'no rule: the exact value must be one the schema allows', contents: { id: 'store-id' }, rules: {}, expected: ['pact-value-mismatch'] },
    { name: 'no rule: an allowed exact value', contents: { id: uuid, status: 'open' }, rules: {}, expected: [] },
    { name: 'a field the schema does not declare', contents: { id: 'x', name: 'Shop' }, rules: undefined, expected: ['pact-field-undeclared'] },
    { name: 'a string where the schema has an integer', contents: { id: 'x', count: '3' }, rules: undefined, expected: ['pact-type-mismatch'] },
    { name: 'a decimal where the schema has an integer', contents: { id: 'x', count: 1.5 }, rules: undefined, expected: ['pact-type-mismatch'] },
    { name: 'regex the enum values all match', contents: { id: 'x', status: 'open' }, rules: { $: rule({ match: 'type' }), '$.status': rule({ match: 'regex', regex: 'open|closed' }) }, expected: [] },
    { name: 'regex that rejects a value the provider may send', contents: { id: 'x', status: 'open' }, rules: { $: rule({ match: 'type' }), '$.status': rule({ match: 'regex', regex: 'open' }) }, expected: ['pact-matcher-mismatch'] },
    { name: 'integer on a number field', contents: { id: 'x', price: 2 }, rules: { $: rule({ match: 'type' }), '$.price': rule({ match: 'integer' }) }, expected: ['pact-matcher-mismatch'] },
    { name: 'decimal on an integer field', contents: { id: 'x', count: 2.5 }, rules: { $: rule({ match: 'type' }), '$.count': rule({ match: 'decimal' }) }, expected: ['pact-type-mismatch'] },
    { name: 'number on an integer field', contents: { id: 'x', count: 2 }, rules: { $: rule({ match: 'type' }), '$.count': rule({ match: 'number' }) }, expected: [] },
    { name: 'include that every enum value contains', contents: { id: 'x', status: 'open' }, rules: { $: rule({ match: 'type' }), '$.status': rule({ match: 'include', value: 'o' }) }, expected: [] },
    { name: 'include that one enum value lacks', contents: { id: 'x', status: 'open' }, rules: { $: rule({ match: 'type' }), '$.status': rule({ match: 'include', value: 'pen' }) }, expected: ['pact-matcher-mismatch'] },
    {
      name: 'eachLike: min on the array, type on its items; an item field by integer',
      contents: { id: 'x', lines: [{ sku: 'a', qty: 5 }] },
      rules: { $: rule({ match: 'type' }), '$.lines': rule({ match: 'type', min: 1 }), '$.lines[*].qty': rule({ match: 'integer' }) },
      expected: [],
    },
    { name: 'no rule on an array item: its exact value counts (qty 0 < minimum 1)', contents: { id: uuid, lines: [{ sku: 'a', qty: 0 }] }, rules: {}, expected: ['pact-value-mismatch'] },
    { name: 'an undeclared field inside array items', contents: { id: 'x', lines: [{ sku: 'a', colour: 'red' }] }, rules: undefined, expected: ['pact-field-undeclared'] },
    { name: 'values: any keys, values by the map schema', contents: { id: 'x', labels: { a: 'x', b: 'y' } }, rules: { $: rule({ match: 'type' }), '$.labels': rule({ match: 'values' }) }, expected: [] },
    { name: 'values: a value of the wrong type', contents: { id: 'x', labels: { a: 3 } }, rules: { $: rule({ match: 'type' }), '$.labels': rule({ match: 'values' }) }, expected: ['pact-type-mismatch'] },
    { name: 'OR: one matcher that fits is enough', contents: { id: 'x', status: 'open' }, rules: { $: rule({ match: 'type' }), '$.status': { combine: 'OR', matchers: [{ match: 'regex', regex: 'open' }, { match: 'type' }] } }, expected: [] },
    { name: 'null where the schema never sends null', contents: { id: 'x', status: null }, rules: undefined, expected: ['pact-type-mismatch'] },
    { name: 'date and time matchers compare the type', contents: { id: 'x', status: 'open' }, rules: { $: rule({ match: 'type' }), '$.status': rule({ match: 'date', format: 'yyyy-MM-dd' }) }, expected: [] },
    { name: 'an unknown matcher is named, and compared by type', contents: { id: 'x' }, rules: { $: rule({ match: 'fancy' }) }, expected: ['pact-matcher-unknown'] },
  ])('$name', ({ contents, rules, expected }) => {
    expect(codes(pact(contents, rules))).toEqual(expected);
  });

  test('a finding points at the line of the field in the pact file', () => {
    const text = pact({ id: 'x', name: 'Shop' });
    const [d] = verifyPact(catalog, 'pact.json', text).diagnostics;
    expect(d).toMatchObject({ code: 'pact-field-undeclared', file: 'pact.json', severity: 'error' });
    expect(text.split('\n')[d.line! - 1]).toContain('"name": "Shop"');
    expect(d.message).toContain("$.name: the consumer expects a field 'name' that StoreCreated 1.0.0 does not declare");
  });
});
