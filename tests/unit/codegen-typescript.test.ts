/**
 * `waybill codegen typescript`: a type per message version, a union per channel, standalone validators.
 * The generated code compiles under `tsc --strict`, and each validator accepts every example of its
 * schema and rejects a mutated copy. On a fixture catalog built from real and edge-case documents, and
 * on the default catalog.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { generateTypescript, type CodegenResult } from '../../src/codegen/typescript.ts';
import type { Message } from '../../src/catalog/model.ts';
import { generateInto, loadValidators, mutate, tsc } from '../helpers/codegen.ts';
import { FIXTURES, importInto, REFERENCE, ROOT, tempDir } from '../helpers/import.ts';

/** Every example of every generated validator's schema: accepted; a mutated copy: rejected. */
async function checkExamples(catalog: Catalog, out: string, generated: CodegenResult) {
  const validators = await loadValidators(out);
  const problems: string[] = [];
  let accepted = 0;
  let rejected = 0;
  for (const entry of generated.messages) {
    const message = catalog.get(entry.key) as Message;
    const name = entry.validator as string;
    const validate = validators[name];
    if (message.schema?.format !== 'json-schema') continue;
    if (!validate) {
      problems.push(`${entry.key} has no validator`);
      continue;
    }
    const schema = message.schema.value as Record<string, unknown>;
    for (const example of (Array.isArray(schema.examples) ? schema.examples : []) as unknown[]) {
      if (validate(example)) accepted++;
      else problems.push(`${name} rejects its example ${JSON.stringify(example)}: ${JSON.stringify((validate as { errors?: unknown }).errors)}`);
      const mutated = mutate(schema, example);
      if (!mutated) continue;
      if (validate(mutated.value)) problems.push(`${name} accepts its example with ${mutated.how}`);
      else rejected++;
    }
  }
  return { problems, accepted, rejected };
}

describe('codegen typescript: a catalog imported from the real documents and the fixtures', async () => {
  const root = await tempDir();
  await importInto(root, path.join(REFERENCE, 'mallbots-stores.asyncapi.yaml'), 'asyncapi', { serviceId: 'Stores' });
  await importInto(root, path.join(FIXTURES, 'shop-v1.asyncapi-3.0.yaml'), 'asyncapi');
  await importInto(root, path.join(FIXTURES, 'shop-v2.asyncapi-3.0.yaml'), 'asyncapi');
  await importInto(root, path.join(FIXTURES, 'inventory.openapi-3.0.yaml'), 'openapi');
  await importInto(root, path.join(REFERENCE, 'webhook-example.openapi-3.1.yaml'), 'openapi');
  const catalog = await loadCatalog(root);
  const check = [
    "import type { OrderPlacedV1_0_0, OrderPlacedV2_0_0, OrderPlaced, OrdersMessages, NewPet } from './index.js';",
    "import { validateOrderPlacedV2_0_0, validateNewPetV1_0_0, type ValidationError } from './validators.mjs';",
    "const placed: OrderPlaced = { id: 'o-1', total: 3 };",
    "const old: OrderPlacedV1_0_0 = { id: 'o-1', total: 3, note: 'gift' };",
    "const onChannel: OrdersMessages[] = [placed, old, { id: 'o-2' }];",
    "const data: unknown = JSON.parse('{\"id\":\"o-3\",\"total\":1}');",
    'if (validateOrderPlacedV2_0_0(data)) { const narrowed: OrderPlacedV2_0_0 = data; void narrowed; }',
    'const problems: ValidationError[] | null | undefined = validateNewPetV1_0_0.errors;',
    "const pet: NewPet = { id: 1, name: 'Rex' };",
    'void onChannel; void problems; void pet;',
    '// @ts-expect-error: total is required by OrderPlaced 2.0.0',
    "const missing: OrderPlacedV2_0_0 = { id: 'o-4' };",
    'void missing;',
    '',
  ].join('\n');
  const { out, result } = await generateInto(catalog, check);

  test('a type per message version, a union per channel, a validator per message version', async () => {
    const versions = catalog.messages().filter((m) => m.schema?.format === 'json-schema');
    expect(result.messages.map((m) => m.key).sort()).toEqual(versions.map((m) => m.key).sort());
    expect(result.messages.every((m) => m.validator)).toBe(true);
    expect(result.counts).toEqual({ types: versions.length, channels: catalog.channels().filter((c) => catalog.messagesOn(c).some((m) => m.schema)).length, validators: versions.length });
    const index = await readFile(path.join(out, 'index.ts'), 'utf8');
    expect(index).toMatch(/export type OrdersMessages =\n {2}\| OrderCancelledV1_0_0\n {2}\| OrderCancelledV1_1_0\n {2}\| OrderPlacedV1_0_0\n {2}\| OrderPlacedV2_0_0\n/);
    expect(index).toContain('export type OrderPlaced = OrderPlacedV2_0_0;');
    expect(await readFile(path.join(out, 'messages/OrderPlacedV1_0_0.ts'), 'utf8')).toMatch(/note\?: string;/);
  });

  test('the generated code compiles with tsc --strict', () => {
    const run = tsc(out);
    expect(run.output).toBe('');
    expect(run.code).toBe(0);
  });

  test('validators accept every schema example and reject a mutated one', async () => {
    const { problems, accepted, rejected } = await checkExamples(catalog, out, result);
    expect(problems).toEqual([]);
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(rejected).toBe(accepted);
  });

  test('--service: only the message versions the service sends and receives', async () => {
    const shop = await generateTypescript(catalog, { service: 'Shop' });
    expect(shop.messages.map((m) => m.key).sort()).toEqual(['event:OrderCancelled@1.1.0', 'event:OrderPlaced@2.0.0', 'event:OrderRefunded@1.0.0', 'event:PaymentReceived@1.0.0']);
    await expect(generateTypescript(catalog, { service: 'Nope' })).rejects.toThrow(/no service 'Nope'/);
  });

  test('validators check the constraints of their version', async () => {
    const validators = await loadValidators(out);
    expect(validators.validateOrderPlacedV1_0_0({ id: 'o', total: 1, note: 'x' })).toBe(true);
    expect(validators.validateOrderPlacedV2_0_0({ id: 'o', total: 1, note: 'x' })).toBe(false);
    expect(validators.validateOrderPlacedV2_0_0({ id: 'o', total: -1 })).toBe(false);
    expect(validators.validateAdjustStockV1_0_0({ sku: 'ABC-1', quantity: 2, note: null })).toBe(true);
    expect(validators.validateAdjustStockV1_0_0({ sku: 'abc', quantity: 2 })).toBe(false);
  });
});

describe('codegen typescript: ids that differ only in case, recursive schemas', async () => {
  const root = await tempDir();
  await importInto(root, path.join(FIXTURES, 'edge.asyncapi-2.6.yaml'), 'asyncapi');
  await importInto(root, path.join(FIXTURES, 'shop-v1.asyncapi-3.0.yaml'), 'asyncapi');
  const catalog = await loadCatalog(root);
  const { out, result } = await generateInto(catalog, "export type { OrderPlaced, OrderPlaced_2 } from './index.js';\n");

  test('orderPlaced and OrderPlaced get types and files whose names differ ignoring case', () => {
    const files = result.files.map((f) => f.file.toLowerCase());
    expect(new Set(files).size).toBe(files.length);
    expect(result.files.map((f) => f.file)).toEqual(expect.arrayContaining(['messages/OrderPlacedV1_0_0.ts', 'messages/OrderPlacedV1_0_0_2.ts']));
  });

  test('the generated code compiles with tsc --strict', () => {
    const run = tsc(out);
    expect(run.output).toBe('');
    expect(run.code).toBe(0);
  });

  test('validators follow recursive schemas and accept the examples', async () => {
    const validators = await loadValidators(out);
    const recursive = Object.entries(validators).filter(([name]) => name.startsWith('validateOrderPlacedV1_0_0')).map(([, v]) => v);
    const deep = { id: 'o', total: 1, category: { name: 'a', children: [{ name: 'b', children: [] }] } };
    const broken = { id: 'o', total: 1, category: { name: 'a', children: [{ children: [] }] } };
    expect(recursive.filter((v) => v(deep) && !v(broken))).toHaveLength(1);
    const { problems, accepted } = await checkExamples(catalog, out, result);
    expect(problems).toEqual([]);
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('codegen typescript: the default catalog', async () => {
  const catalog = await loadCatalog(path.join(ROOT, 'catalog'));
  const { out, result } = await generateInto(catalog, "import type * as all from './index.js';\nimport * as validators from './validators.mjs';\nexport type All = typeof all;\nvoid validators;\n");

  test('every JSON Schema message version has a type and a validator', () => {
    const versions = catalog.messages().filter((m) => m.schema?.format === 'json-schema');
    expect(result.counts.types).toBe(versions.length);
    expect(result.counts.validators).toBe(versions.length);
    expect(result.counts.channels).toBeGreaterThan(0);
  });

  test('the generated code compiles with tsc --strict', () => {
    const run = tsc(out);
    expect(run.output).toBe('');
    expect(run.code).toBe(0);
  });

  test('validators accept every schema example and reject a mutated one', async () => {
    const { problems, accepted, rejected } = await checkExamples(catalog, out, result);
    expect(problems).toEqual([]);
    expect(accepted).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(20);
  });
});
