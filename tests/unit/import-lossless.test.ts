/**
 * Import and export without loss (issue 17): each case is a small document of its own under
 * tests/fixtures/import/lossless/ (written for these tests), asserting what is kept, what is said, and
 * the exit code where the CLI is involved.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Message } from '../../src/catalog/model.ts';
import { FIXTURES, importInto, snapshot, tempDir } from '../helpers/import.ts';

const LOSSLESS = path.join(FIXTURES, 'lossless');

describe('a shared catalog: two services receive one message from different channels', () => {
  test('the second import adds its channel and drops none; re-importing either changes nothing', { timeout: 180_000 }, async () => {
    const root = await tempDir();
    await importInto(root, path.join(LOSSLESS, 'lamp-a.asyncapi-3.0.yaml'), 'asyncapi');
    await importInto(root, path.join(LOSSLESS, 'lamp-b.asyncapi-3.0.yaml'), 'asyncapi');
    const channelsOf = async () => {
      const catalog = await loadCatalog(root);
      const message = catalog.latest('message', 'lightMeasured') as Message;
      return message.channels.map((c) => c.id).sort();
    };
    expect(await channelsOf()).toEqual(['hallLight', 'kitchenLight']);
    const before = await snapshot(root);
    for (const file of ['lamp-a.asyncapi-3.0.yaml', 'lamp-b.asyncapi-3.0.yaml']) {
      const again = await importInto(root, path.join(LOSSLESS, file), 'asyncapi');
      expect(again.plan.operations).toEqual([]);
    }
    expect(await snapshot(root)).toEqual(before);
    expect(await channelsOf()).toEqual(['hallLight', 'kitchenLight']);
    const catalog = await loadCatalog(root);
    const receivers = (catalog.latest('message', 'lightMeasured') as Message);
    expect(catalog.consumersOf(receivers).map((c) => catalog.get(c.service)?.id).sort()).toEqual(['LampA', 'LampB']);
  });
});

describe('duplicate operationIds and extensions under responses (OpenAPI)', () => {
  test('the second operation is renamed after its method and path, with a warning; x- keys are not status codes', { timeout: 120_000 }, async () => {
    const root = await tempDir();
    const result = await importInto(root, path.join(LOSSLESS, 'duplicate-ids.openapi-3.0.yaml'), 'openapi');
    expect(result.service?.messages.map((m) => m.id)).toEqual(['listParcels', 'getParcelsArchived']);
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([['import-duplicate-operation-id', 16]]);
    expect(result.diagnostics[0].message).toBe("The operationId 'listParcels' is used by an earlier operation too; GET /parcels/archived is imported under its method and path instead.");
    const catalog = await loadCatalog(root);
    expect(catalog.messages().map((m) => `${m.id}:${m.operation?.path}`).sort()).toEqual(['getParcelsArchived:/parcels/archived', 'listParcels:/parcels']);
    const again = await importInto(root, path.join(LOSSLESS, 'duplicate-ids.openapi-3.0.yaml'), 'openapi');
    expect(again.plan.operations).toEqual([]);
  });
});

describe('unnamed AsyncAPI 2 messages', () => {
  test('are named after their operation, else their channel, never anonymous-message-N', { timeout: 120_000 }, async () => {
    const root = await tempDir();
    const result = await importInto(root, path.join(LOSSLESS, 'unnamed.asyncapi-2.6.yaml'), 'asyncapi');
    expect(result.service?.messages.map((m) => m.id).sort()).toEqual(['doorOpened', 'ringPressed']);
    expect(result.diagnostics.filter((d) => d.code === 'import-message-unnamed').map((d) => d.message)).toEqual([
      "A message has no name, messageId or title; it is imported as 'ringPressed', after its operation or channel.",
      "A message has no name, messageId or title; it is imported as 'doorOpened', after its operation or channel.",
    ]);
    expect(JSON.stringify(await snapshot(root))).not.toContain('anonymous');
  });
});
