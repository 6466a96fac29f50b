/**
 * `waybill import`, `waybill export` and `waybill codegen` as a user runs them: the plan on standard
 * output, exit codes, user errors without a stack trace, the exported document on standard output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, REFERENCE, ROOT, tempDir } from '../helpers/import.ts';

function waybill(args: string[]) {
  const result = spawnSync(process.execPath, ['bin/waybill.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STACK = /\n\s+at .+:\d+:\d+/;
const STORES = path.join(REFERENCE, 'mallbots-stores.asyncapi.yaml');

describe('waybill import / export / codegen', () => {
  test('--help lists the commands', () => {
    const help = waybill(['--help']);
    for (const command of ['import', 'export', 'codegen']) expect(help.stdout).toContain(command);
    const nested = waybill(['import', 'asyncapi', '--help']);
    expect(nested.code).toBe(0);
    for (const option of ['--dry-run', '--domain', '--service', '--owner']) expect(nested.stdout).toContain(option);
  });

  test('import --dry-run prints the plan and the findings, and writes nothing', async () => {
    const catalog = await tempDir();
    const run = waybill(['import', 'asyncapi', STORES, '--catalog', catalog, '--service', 'Stores', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^create +service Stores@1\.0\.0 +services\/Stores\/index\.md$/m);
    expect(run.stdout).toMatch(/^create +event storesapiStoreCreatedEvent@1\.0\.0/m);
    // 20 for the resources, and one file each for StoreId and ProductId, which several messages share.
    expect(run.stdout).toMatch(/^create +schema StoreId@v1 +services\/Stores\/schemas\/StoreId\.v1\.json$/m);
    expect(run.stdout).toContain('would write 22 file operations');
    expect(run.stdout).toMatch(/51:5 +warning +The message name 'storesapi\.StoreCreatedEvent' is not safe as an id/);
    expect(readdirSync(catalog)).toEqual([]);
  });

  test('import, then export to standard output, then codegen', async () => {
    const catalog = await tempDir();
    expect(waybill(['import', 'asyncapi', STORES, '--catalog', catalog, '--service', 'Stores', '--owner', 'stores-team', '--format', 'json']).code).toBe(0);
    expect(existsSync(path.join(catalog, 'teams/stores-team.md'))).toBe(true);
    const exported = waybill(['export', 'asyncapi', '--catalog', catalog, '--service', 'Stores', '--format', 'json']);
    expect(exported.code).toBe(0);
    const document = JSON.parse(exported.stdout);
    expect(document).toMatchObject({ asyncapi: '3.0.0', info: { title: 'Store Management AsyncAPI', 'x-waybill-id': 'Stores' } });
    // The document's operationIds are kept by the import and written back.
    expect(Object.keys(document.operations)).toEqual(['storeAggregateEvents', 'productAggregateEvents']);
    const out = await tempDir('waybill-codegen-');
    const generated = waybill(['codegen', 'typescript', '--catalog', catalog, '--out', out, '--validators']);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^8 message types, 2 channel unions, 8 validators in .* \(12 files written, 0 removed\)\.$/m);
    expect(readFileSync(path.join(out, 'index.ts'), 'utf8')).toContain('export type MallbotsStoresEventsStoreMessages =');
  });

  test('user errors exit 2 with one message and no stack trace', async () => {
    const catalog = await tempDir();
    const wrongKind = waybill(['import', 'openapi', STORES, '--catalog', catalog]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toMatch(/is an AsyncAPI document, not OpenAPI\.\n\s+Use `waybill import asyncapi/);
    const missing = waybill(['import', 'asyncapi', 'nope.yaml', '--catalog', catalog]);
    expect(missing.code).toBe(2);
    const unknown = waybill(['export', 'asyncapi', '--catalog', 'tests/fixtures/eventcatalog', '--service', 'Nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no service 'Nope'/);
    for (const run of [wrongKind, missing, unknown]) expect(run.stderr).not.toMatch(STACK);
  });

  test('an invalid document exits 1 with the parser\'s findings and imports nothing', async () => {
    const catalog = await tempDir();
    const run = waybill(['import', 'asyncapi', path.join(FIXTURES, 'invalid.asyncapi.yaml'), '--catalog', catalog]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/error +AsyncAPI asyncapi-document-resolved: "info" property must have required property "title"|error +AsyncAPI .*"info"/);
    expect(run.stderr).toContain('nothing was imported');
    expect(readdirSync(catalog)).toEqual([]);
  });
});
