/**
 * Import and export without loss (issue 17): each case is a small document of its own under
 * tests/fixtures/import/lossless/ (written for these tests), asserting what is kept, what is said, and
 * the exit code where the CLI is involved.
 */
import path from 'node:path';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Message, Service } from '../../src/catalog/model.ts';
import { exportAsyncapi } from '../../src/export/asyncapi.ts';
import { validateAsyncapiDocument } from '../../src/export/validate.ts';
import { lintCatalog } from '../../src/lint/engine.ts';
import { FIXTURES, importInto, ROOT, snapshot, tempDir } from '../helpers/import.ts';

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

describe('OpenAPI callbacks', () => {
  test('each callback operation is a message the service sends, with its summary and schema', { timeout: 120_000 }, async () => {
    const root = await tempDir();
    const result = await importInto(root, path.join(LOSSLESS, 'callbacks.openapi-3.0.yaml'), 'openapi');
    expect(result.diagnostics).toEqual([]);
    const catalog = await loadCatalog(root);
    const service = catalog.latest('service', 'Alerts') as Service;
    expect(service.sends.map((l) => l.id)).toEqual(['deliverAlert']);
    expect(service.receives.map((l) => l.id)).toEqual(['subscribe']);
    const alert = catalog.latest('message', 'deliverAlert') as Message;
    expect(alert).toMatchObject({ kind: 'event', summary: 'Tells the subscriber about one alert.' });
    expect(alert.operation).toMatchObject({ method: 'POST', path: '{$request.body#/url}', statusCodes: ['200'] });
    expect((alert.schema?.value as { properties: unknown }).properties).toEqual({ level: { type: 'string', enum: ['low', 'high'] } });
  });
});

describe('an OpenAPI document with a URL reference', () => {
  test('says "remote reference not followed" and fetches nothing; the import goes on, and exits 1 as AsyncAPI import does', { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, ['bin/waybill.js', 'import', 'openapi', path.join(LOSSLESS, 'remote.openapi-3.0.yaml'), '--catalog', path.join(tmpdir(), `waybill-remote-${process.pid}`)], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('create     query listTiles@1.0.0');
    expect(run.stdout).toContain('15:17  error  Remote reference not followed: https://example.com/schemas/tile.json. The importer never fetches anything.  import-ref-not-followed');
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

/**
 * Every resource's frontmatter (without the attached documents) and schema, by key. `sends`/`receives`
 * are compared as sets: the export orders operations by kind, so a reply may come back in another place.
 */
function view(catalog: Catalog): Record<string, unknown> {
  const byId = (list: unknown) => (Array.isArray(list) ? [...list].sort((a, b) => String(a.id).localeCompare(String(b.id))) : list);
  return Object.fromEntries(
    catalog.resources.map((r) => {
      const { specifications: _s, sends, receives, ...rest } = r.frontmatter as Record<string, unknown>;
      const frontmatter = { ...rest, ...(sends ? { sends: byId(sends) } : {}), ...(receives ? { receives: byId(receives) } : {}) };
      return [r.key, { frontmatter, schema: 'schema' in r ? r.schema?.value : undefined }];
    }),
  );
}

describe('AsyncAPI 3 replies: import, export, import again', async () => {
  const first = await tempDir();
  const result = await importInto(first, path.join(LOSSLESS, 'thermostat.asyncapi-3.0.yaml'), 'asyncapi');
  const catalog = await loadCatalog(first);
  const service = catalog.latest('service', 'Thermostat') as Service;
  const { document } = exportAsyncapi(catalog, 'Thermostat');
  const exported = path.join(await tempDir('waybill-export-'), 'Thermostat.asyncapi.yaml');
  await writeFile(exported, stringify(document, { aliasDuplicateObjects: false }));

  test('every channel and message of the document is in the catalog, replies sent by the service', () => {
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(catalog.ids('channel').sort()).toEqual(['thermostatCommands', 'thermostatReadings', 'thermostatReplies']);
    expect(catalog.ids('message').sort()).toEqual(['ping', 'pong', 'readingTaken', 'setTemperature', 'temperatureRejected', 'temperatureSet']);
    expect(service.sends.map((l) => `${l.id}@${l.channels.map((c) => c.id).join()}`).sort()).toEqual(['pong@', 'readingTaken@thermostatReadings', 'temperatureRejected@thermostatReplies', 'temperatureSet@thermostatReplies']);
    const set = service.receives.find((l) => l.id === 'setTemperature')!;
    expect(set.reply?.channel?.id).toBe('thermostatReplies');
    expect(set.reply?.messages.map((m) => m.id)).toEqual(['temperatureSet', 'temperatureRejected']);
    const ping = service.receives.find((l) => l.id === 'ping')!;
    expect(ping.reply).toMatchObject({ address: '$message.header#/replyTo', messages: [{ id: 'pong' }] });
  });

  test('headers, correlation id, bindings and traits are kept in the catalog and exported', () => {
    const set = catalog.latest('message', 'setTemperature') as Message;
    const kept = (set.frontmatter as { asyncapi?: Record<string, unknown> }).asyncapi;
    expect(kept).toEqual({
      headers: { type: 'object', additionalProperties: false, properties: { correlationId: { type: 'string', minLength: 1 }, replyTo: { type: 'string', minLength: 1 } } },
      correlationId: { description: 'Pairs the request with its reply.', location: '$message.header#/correlationId' },
      bindings: { kafka: { key: { type: 'string', minLength: 1 }, bindingVersion: '0.5.0' } },
      traits: [{ contentType: 'application/json', tags: [{ name: 'timed' }] }],
    });
    const exportedMessage = (document.components as { messages: Record<string, Record<string, unknown>> }).messages.setTemperature;
    expect(exportedMessage).toMatchObject(kept!);
    expect(exportedMessage.title).toBe('Set the temperature');
    expect((document.info as { description: string }).description).toContain('a request it cannot meet is rejected with a reason.');
  });

  test('operation ids, titles, summaries, bindings and traits are kept on the sends/receives entry and exported', () => {
    const reading = service.sends.find((l) => l.id === 'readingTaken')!;
    expect(reading.operation).toEqual({
      id: 'publishReading',
      // The parser applies traits: the trait's description is the operation's.
      description: 'Runs once a minute.',
      title: 'Publish a reading',
      summary: 'Every minute, the room temperature.',
      bindings: { kafka: { clientId: { type: 'string', enum: ['thermostat'] } } },
      traits: [{ description: 'Runs once a minute.' }],
    });
    expect(Object.keys(document.operations as object).sort()).toEqual(['handlePing', 'handleSetTemperature', 'publishReading']);
    expect((document.operations as Record<string, unknown>).publishReading).toMatchObject({ title: 'Publish a reading', summary: 'Every minute, the room temperature.', bindings: reading.operation!.bindings, traits: reading.operation!.traits });
  });

  test('the export is valid AsyncAPI 3.0 and carries the replies', async () => {
    expect(await validateAsyncapiDocument(document, 'export')).toEqual([]);
    const operations = Object.values(document.operations as Record<string, { reply?: unknown }>);
    expect(operations.map((o) => o.reply).filter(Boolean)).toEqual([
      { channel: { $ref: '#/channels/thermostatReplies' }, messages: [{ $ref: '#/channels/thermostatReplies/messages/temperatureSet' }, { $ref: '#/channels/thermostatReplies/messages/temperatureRejected' }] },
      { address: { location: '$message.header#/replyTo' }, messages: [{ $ref: '#/components/messages/pong' }] },
    ]);
  });

  test('import → export → import gives the same catalog', async () => {
    const second = await tempDir();
    await importInto(second, exported, 'asyncapi');
    expect(view(await loadCatalog(second))).toEqual(view(catalog));
  });

  test('re-importing the document changes nothing', async () => {
    const again = await importInto(first, path.join(LOSSLESS, 'thermostat.asyncapi-3.0.yaml'), 'asyncapi');
    expect(again.plan.operations).toEqual([]);
  });
});

describe('multi-file documents', async () => {
  // A repository: .git at its top, shared messages in common/, the document in services/comments/.
  const repo = await tempDir('waybill-repo-');
  await cp(path.join(LOSSLESS, 'multi-file'), repo, { recursive: true });
  await mkdir(path.join(repo, '.git'));
  const document = path.join(repo, 'services/comments/comments.asyncapi.yaml');
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/waybill.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });

  test('a reference to a sibling folder is followed under the nearest folder with .git', { timeout: 120_000 }, async () => {
    const root = await tempDir();
    const result = await importInto(root, document, 'asyncapi');
    expect(result.service?.messages.map((m) => m.id)).toEqual(['commentChanged']);
    expect(result.service?.messages[0].schema?.properties).toEqual({ text: { type: 'string', minLength: 1 } });
  });

  test('--root below the referenced file: the reference is refused, plainly, and the import exits 1', { timeout: 120_000 }, async () => {
    const run = cli('import', 'asyncapi', document, '--catalog', await tempDir(), '--root', path.join(repo, 'services'));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`10:9  error  Reference not followed: ${path.join(repo, 'common/messages.yaml')} is outside ${path.join(repo, 'services')}.  import-ref-not-followed`);
    expect(run.stdout).not.toContain('does not exist');
  });

  test('a URL is never fetched: "remote reference not followed", not parser errors', { timeout: 120_000 }, async () => {
    const run = cli('import', 'asyncapi', path.join(repo, 'services/comments/remote.asyncapi.yaml'), '--catalog', await tempDir());
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('error  Remote reference not followed: https://example.com/schemas/Remote.avsc. The importer never fetches anything.  import-ref-not-followed');
    expect(run.stdout).toContain('1 problem (1 error');
  });

  test('a --root that does not hold the document is a user error, not a stack trace', { timeout: 120_000 }, async () => {
    const run = cli('import', 'asyncapi', document, '--catalog', await tempDir(), '--root', path.join(repo, 'common'));
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('is not inside --root');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('one message sent through two channels by two operations (AsyncAPI 3)', async () => {
  const root = await tempDir();
  await importInto(root, path.join(LOSSLESS, 'lamp-two-ways.asyncapi-3.0.yaml'), 'asyncapi');
  const catalog = await loadCatalog(root);
  const service = catalog.latest('service', 'LampTwoWays') as Service;

  test('each operation keeps its id, title, summary and bindings, by channel', () => {
    expect(service.sends).toHaveLength(1);
    expect(service.sends[0].operation).toBeUndefined();
    expect(service.sends[0].operations).toEqual([
      { channel: 'hallLight', id: 'reportHall', title: 'Report the hall', summary: "Every minute, the hall's light level.", bindings: { mqtt: { qos: 1 } } },
      { channel: 'porchLight', id: 'reportPorch', summary: "On change only, the porch's light level.", bindings: { mqtt: { qos: 2, retain: true } } },
    ]);
  });

  test('the export has both operations back, under their ids; importing it again changes only the attached document', async () => {
    const { document } = exportAsyncapi(catalog, 'LampTwoWays');
    expect(await validateAsyncapiDocument(document, 'LampTwoWays')).toEqual([]);
    expect(document.operations).toEqual({
      reportHall: { action: 'send', channel: { $ref: '#/channels/hallLight' }, title: 'Report the hall', summary: "Every minute, the hall's light level.", bindings: { mqtt: { qos: 1 } }, messages: [{ $ref: '#/channels/hallLight/messages/lightMeasured' }] },
      reportPorch: { action: 'send', channel: { $ref: '#/channels/porchLight' }, summary: "On change only, the porch's light level.", bindings: { mqtt: { qos: 2, retain: true } }, messages: [{ $ref: '#/channels/porchLight/messages/lightMeasured' }] },
    });
    const exported = path.join(root, '..', `${path.basename(root)}-lamp-two-ways.asyncapi-3.0.yaml`);
    await writeFile(exported, stringify(document));
    const again = await importInto(root, exported, 'asyncapi');
    expect(again.plan.changes.filter((c) => c.action !== 'unchanged').map((c) => `${c.action} ${c.kind}`)).toEqual(['update asyncapi']);
  });

  test('re-importing the document changes nothing; lint has no errors', async () => {
    const fresh = await tempDir();
    await importInto(fresh, path.join(LOSSLESS, 'lamp-two-ways.asyncapi-3.0.yaml'), 'asyncapi');
    const again = await importInto(fresh, path.join(LOSSLESS, 'lamp-two-ways.asyncapi-3.0.yaml'), 'asyncapi');
    expect(again.plan.operations).toEqual([]);
    expect((await lintCatalog(await loadCatalog(fresh))).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
