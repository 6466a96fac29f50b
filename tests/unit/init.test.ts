/**
 * `waybill init`: the starter catalog lints with zero diagnostics and builds into a site with its pages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/waybill.js');

function waybill(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 180_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('waybill init', () => {
  test('creates a catalog that lints clean and builds', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'waybill-init-'));
    const created = waybill(['init', 'my-catalog'], project);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created a catalog in my-catalog');
    for (const file of ['waybill.config.yaml', 'README.md', 'domains/Shop/index.md', 'domains/Shop/services/Orders/index.md',
      'domains/Shop/services/Orders/events/OrderPlaced/index.md', 'domains/Shop/services/Orders/events/OrderPlaced/schema.json']) {
      expect(existsSync(path.join(project, 'my-catalog', file)), file).toBe(true);
    }

    const lint = waybill(['lint', '--catalog', 'my-catalog', '--format', 'json', '--fail-severity', 'info'], project);
    expect(JSON.parse(lint.stdout).diagnostics).toEqual([]);
    expect(lint.code).toBe(0);

    const build = waybill(['build', '--catalog', 'my-catalog', '--out', 'site'], project);
    expect(build.code, build.stderr).toBe(0);
    const page = readFileSync(path.join(project, 'site/events/OrderPlaced/index.html'), 'utf8');
    expect(page).toContain('A customer placed an order.');
    expect(existsSync(path.join(project, 'site/services/Orders/index.html'))).toBe(true);
    expect(existsSync(path.join(project, 'site/domains/Shop/index.html'))).toBe(true);
  }, 240_000);

  test('refuses a folder that is not empty, without a stack trace', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'waybill-init-'));
    writeFileSync(path.join(project, 'notes.txt'), 'mine');
    const result = waybill(['init', '.'], project);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatchInlineSnapshot(`
      "waybill: . already exists and is not empty.
        Give \`waybill init\` a new or empty folder.
      "
    `);
  });
});
