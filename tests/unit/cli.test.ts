/**
 * The `waybill` CLI as a user runs it: exit codes 0/1/2, formats, help and version, and never a stack
 * trace for a user error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EC = 'tests/fixtures/eventcatalog';
const BAD = 'tests/fixtures/bad-inputs';

function waybill(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['bin/waybill.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STACK = /\n\s+at .+:\d+:\d+/;

describe('waybill CLI', () => {
  test('--version and --help', () => {
    const version = waybill(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const help = waybill(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['lint', 'build', 'dev', 'preview', 'new']) expect(help.stdout).toContain(command);
    const lintHelp = waybill(['lint', '--help']);
    expect(lintHelp.stdout).toContain('--fail-severity');
  });

  test('a clean catalog lints with exit 0', () => {
    const result = waybill(['lint', '--catalog', EC]);
    expect(result.stderr).not.toMatch(/error|warning/i); // a progress line may appear after 1 s
    expect(result.code).toBe(0);
  });

  test('findings exit 1; the json format lists each with code, file and line', () => {
    const result = waybill(['lint', '--catalog', BAD, '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    const tabs = report.diagnostics.find((d: { file: string }) => d.file === 'services/Tabs/index.md');
    expect(tabs).toMatchObject({ code: 'yaml-syntax', line: 5, severity: 'error' });
  });

  test('stylish output names file, line and code, without colour when not a terminal', () => {
    const result = waybill(['lint', '--catalog', BAD]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('services/Tabs/index.md');
    expect(result.stdout).toMatch(/5:1\s+error\s+.*yaml-syntax/);
    expect(result.stdout).not.toMatch(/\x1b\[/);
  });

  test('--fail-severity decides what fails', () => {
    const warnings = waybill(['lint', '--catalog', BAD, '--rule', 'unknown-file-kind', '--fail-severity', 'warning']);
    expect(warnings.code).toBe(1);
    const errorsOnly = waybill(['lint', '--catalog', BAD, '--rule', 'unknown-file-kind']);
    expect(errorsOnly.code).toBe(0);
  });

  test.each([
    [['lint', '--catalog', 'no/such/folder'], /does not exist/],
    [['lint', '--catalog', EC, '--format', 'yaml'], /Unknown format 'yaml'/],
    [['lint', '--catalog', EC, '--fail-severity', 'fatal'], /Unknown severity 'fatal'/],
    [['lint', '--catalog', EC, '--rule', 'no-such-rule'], /Unknown rule no-such-rule/],
    [['frobnicate'], /Unknown command 'frobnicate'/i],
    [['new', 'widget', 'X'], /Unknown kind 'widget'/],
  ])('user error %j exits 2 with a message and no stack trace', (args, message) => {
    const result = waybill(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK);
  });

  test('new scaffolds resources that lint clean', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'waybill-new-'));
    mkdirSync(path.join(dir, 'teams'));
    writeFileSync(path.join(dir, 'teams/core.md'), '---\nid: core\nname: Core\n---\n');
    expect(waybill(['new', 'service', 'Orders', '--catalog', dir, '--owner', 'core']).code).toBe(0);
    expect(waybill(['new', 'event', 'OrderShipped', '--catalog', dir, '--in', 'services/Orders', '--owner', 'core']).code).toBe(0);
    expect(waybill(['new', 'channel', 'orders.events', '--catalog', dir, '--owner', 'core']).code).toBe(0);
    expect(waybill(['new', 'user', 'ada', '--catalog', dir]).code).toBe(0);
    expect(readFileSync(path.join(dir, 'services/Orders/events/OrderShipped/index.md'), 'utf8')).toContain('# yaml-language-server: $schema=');
    const again = waybill(['new', 'service', 'Orders', '--catalog', dir]);
    expect(again.code).toBe(2);
    const lint = waybill(['lint', '--catalog', dir, '--format', 'json']);
    const problems = JSON.parse(lint.stdout).diagnostics.filter((d: { code: string }) => !['message-without-producer', 'message-without-consumer'].includes(d.code));
    expect(problems).toEqual([]);
  });
});
