/**
 * Federation: a catalog that includes one catalog by folder and one from a local git repository at a
 * ref (read from git objects — the repository's working tree is changed after the commit and must not
 * show). Included resources join the one model with their origin; a cross-catalog reference resolves;
 * an id defined in two catalogs is reported naming both files; a remote repository and a `$ref` out of
 * an included catalog are refused; and `waybill build` of the federated catalog shows each origin.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { isRemoteRepository } from '../../src/catalog/git-tree.ts';
import { removeUnpackedTrees } from '../../src/catalog/federation.ts';
import { SchemaValidators } from '../../contracts/validate.ts';
import type { Message, Service } from '../../src/catalog/model.ts';
import { runCli } from '../helpers/verify.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'waybill-federation-'));
afterAll(() => {
  removeUnpackedTrees();
  rmSync(tmp, { recursive: true, force: true });
});

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}
const event = (id: string, summary: string, schema = 'schema.json') => `---\nid: ${id}\nversion: 1.0.0\nname: ${id}\nsummary: ${summary}\nschemaPath: ${schema}\n---\n\n${summary}\n`;
const schema = (field: string) => JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: [field], properties: { [field]: { type: 'string' } } });
const service = (id: string, sends: string[] = [], receives: string[] = []) =>
  `---\nid: ${id}\nversion: 1.0.0\nname: ${id}\nsummary: The ${id} service.\nsends: [${sends.map((s) => `{ id: ${s} }`).join(', ')}]\nreceives: [${receives.map((s) => `{ id: ${s} }`).join(', ')}]\n---\n\n${id}.\n`;

beforeAll(() => {
  // Team A: a folder beside the catalog.
  write(path.join(tmp, 'team-a'), {
    'services/Orders/index.md': service('Orders', ['OrderPlaced']),
    'events/OrderPlaced/index.md': event('OrderPlaced', 'An order was placed.'),
    'events/OrderPlaced/schema.json': schema('orderId'),
    'docs/onboarding.md': '---\ntitle: Onboarding at Team A\n---\n\nWelcome to Team A.\n',
  });
  // Team A's folder is a repository of its own too (included by folder: its working tree is read).
  git(path.join(tmp, 'team-a'), 'init', '-q');
  git(path.join(tmp, 'team-a'), 'add', '-A');
  git(path.join(tmp, 'team-a'), 'commit', '-q', '-m', 'team a catalog');
  // Team B: a git repository whose catalog lives in catalog/; main is committed, then the work tree changes.
  const b = path.join(tmp, 'team-b');
  mkdirSync(b);
  git(b, 'init', '-q');
  write(b, {
    'README.md': 'Team B\n',
    'catalog/services/Payments/index.md': service('Payments', ['PaymentTaken'], ['OrderPlaced']),
    'catalog/events/PaymentTaken/index.md': event('PaymentTaken', 'A payment was taken.'),
    'catalog/events/PaymentTaken/schema.json': JSON.stringify({ ...JSON.parse(schema('paymentId')), properties: { paymentId: { type: 'string' }, amount: { $ref: '../../common/money.json' } } }),
    'catalog/common/money.json': JSON.stringify({ type: 'object', required: ['currency'], properties: { currency: { type: 'string' } } }),
  });
  git(b, 'add', '-A');
  git(b, 'commit', '-q', '-m', 'team b catalog');
  // A branch that also defines OrderPlaced (a clash with team A) and a schema $ref leaving its catalog.
  git(b, 'checkout', '-q', '-b', 'clash');
  write(b, {
    'catalog/events/OrderPlaced/index.md': event('OrderPlaced', 'Team B thinks it owns this.'),
    'catalog/events/OrderPlaced/schema.json': schema('orderId'),
    'catalog/events/Refunded/index.md': event('Refunded', 'A refund.'),
    'catalog/events/Refunded/schema.json': JSON.stringify({ type: 'object', properties: { secret: { $ref: '../../../../shop/secret.json' } } }),
    'catalog/events/Sneaky/index.md': event('Sneaky', 'Reads a file of the including catalog.', '../../../../shop/secret.json'),
  });
  git(b, 'add', '-A');
  git(b, 'commit', '-q', '-m', 'clash');
  git(b, 'checkout', '-q', 'main');
  // Uncommitted changes at main: not part of the ref, so never read.
  write(b, {
    'catalog/services/Payments/index.md': service('Payments').replace('The Payments service.', 'UNCOMMITTED'),
    'catalog/events/Uncommitted/index.md': event('Uncommitted', 'Not committed.'),
    'catalog/events/Uncommitted/schema.json': schema('x'),
  });
  // The federated catalog.
  write(path.join(tmp, 'shop'), {
    'waybill.config.yaml': 'title: Shop\ninclude:\n  - path: ../team-a\n    name: Team A\n  - git: ../team-b\n    ref: main\n    path: catalog\n',
    'services/Shop/index.md': service('Shop', [], ['OrderPlaced', 'PaymentTaken']),
    'secret.json': '{"type":"string"}',
  });
  const shop = path.join(tmp, 'shop');
  git(shop, 'init', '-q');
  git(shop, 'add', '-A');
  git(shop, 'commit', '-q', '-m', 'shop');
  write(path.join(tmp, 'shop-clash'), {
    'waybill.config.yaml': 'include:\n  - path: ../team-a\n  - git: ../team-b\n    ref: clash\n    path: catalog\n  - git: https://example.com/team-c.git\n',
    'services/Shop/index.md': service('Shop', [], ['OrderPlaced']),
  });
});

describe('a federated catalog of a folder and a git repository', () => {
  test('included resources join the model with their origin; cross-catalog references resolve', async () => {
    const catalog = await loadCatalog(path.join(tmp, 'shop'));
    expect(catalog.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const byId = Object.fromEntries(catalog.resources.map((r) => [r.id, r]));
    expect(Object.keys(byId).sort()).toEqual(['OrderPlaced', 'Orders', 'PaymentTaken', 'Payments', 'Shop']);
    expect(byId.Shop.origin).toBeUndefined();
    expect(byId.Orders.origin).toEqual({ name: 'Team A', kind: 'folder', path: '../team-a' });
    expect(byId.Orders.file).toBe('../team-a/services/Orders/index.md');
    const head = git(path.join(tmp, 'team-b'), 'rev-parse', 'main').trim();
    expect(byId.Payments.origin).toEqual({ name: 'team-b', kind: 'git', repository: '../team-b', ref: 'main', commit: head, path: 'catalog' });
    expect(byId.Payments.file).toBe('../team-b@main:catalog/services/Payments/index.md');
    // Read from the commit, not the working tree.
    expect(byId.Payments.summary).toBe('The Payments service.');
    expect(byId.Uncommitted).toBeUndefined();
    // The schema of a git-included message is in the model, under the name it goes by.
    const taken = byId.PaymentTaken as Message;
    expect(taken.schema).toMatchObject({ file: '../team-b@main:catalog/events/PaymentTaken/schema.json', value: { required: ['paymentId'] } });
    expect(catalog.documents.has('../team-b@main:catalog/events/PaymentTaken/schema.json')).toBe(true);
    // A relative $ref inside the git-included catalog reaches its file; payloads validate through it.
    expect(catalog.documents.has('../team-b@main:catalog/common/money.json')).toBe(true);
    const compiled = new SchemaValidators(catalog).forMessage(taken);
    if (!compiled || compiled instanceof Error) throw compiled ?? new Error('no schema');
    expect(compiled.validate({ paymentId: 'p1', amount: { currency: 'EUR' } })).toBe(true);
    expect(compiled.validate({ paymentId: 'p1', amount: {} })).toBe(false);
    // Readers that need the file itself find it through the catalog, never by joining paths.
    expect(readFileSync(catalog.pathOf(taken.schema!.file), 'utf8')).toContain('paymentId');
    expect(catalog.pathOf('../team-a/services/Orders/index.md')).toBe(path.join(tmp, 'team-a/services/Orders/index.md'));
    // Shop receives messages of both included catalogs; Payments (team B) receives one of team A.
    expect((byId.Shop as Service).receives.map((l) => l.target)).toEqual(['event:OrderPlaced@1.0.0', 'event:PaymentTaken@1.0.0']);
    expect((byId.Payments as Service).receives.map((l) => l.target)).toEqual(['event:OrderPlaced@1.0.0']);
    expect(catalog.producersOf(byId.OrderPlaced as Message).map((e) => e.service)).toEqual(['service:Orders@1.0.0']);
    // Its guide pages go under its name.
    expect(catalog.guides.map((g) => [g.id, g.file])).toEqual([['team-a/onboarding', '../team-a/docs/onboarding.md']]);
  });

  test('an id in two catalogs, a remote repository and a $ref out of an included catalog are reported', async () => {
    const catalog = await loadCatalog(path.join(tmp, 'shop-clash'));
    const errors = catalog.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, file: d.file, line: d.line, message: d.message }));
    expect(errors).toEqual(expect.arrayContaining([
      {
        code: 'federation-id-clash',
        file: '../team-b@clash:catalog/events/OrderPlaced/index.md',
        line: 2,
        message: "event 'OrderPlaced' in the included catalog 'team-b' (../team-b@clash:catalog/events/OrderPlaced/index.md) clashes with the one in the included catalog 'team-a' (../team-a/events/OrderPlaced/index.md); the one in the included catalog 'team-a' is kept.",
      },
      {
        code: 'federation-remote',
        file: 'waybill.config.yaml',
        line: 6,
        message: "The included repository 'https://example.com/team-c.git' is remote; Waybill never fetches, so it was not read.",
      },
      expect.objectContaining({ code: 'ref-outside-catalog', file: '../team-b@clash:catalog/events/Refunded/schema.json', line: 1 }),
      {
        code: 'ref-outside-catalog',
        file: '../team-b@clash:catalog/events/Sneaky/index.md',
        line: 6,
        message: "schemaPath '../../../../shop/secret.json' leads outside the catalog folder; it was not read.",
      },
    ]));
    expect(errors).toHaveLength(4);
    // The kept OrderPlaced is team A's.
    expect(catalog.resources.find((r) => r.id === 'OrderPlaced')?.origin?.name).toBe('team-a');
    expect(catalog.resources.find((r) => r.id === 'Refunded')?.origin).toMatchObject({ kind: 'git', ref: 'clash' });
  });

  test('waybill diff reads the catalog at a ref with its includes where they are', async () => {
    const result = await runCli(['diff', '--catalog', path.join(tmp, 'shop'), '--against', 'HEAD', '--format', 'json']);
    expect(result.stderr).not.toContain('federation');
    expect(result.stdout).not.toContain('federation');
    expect(result.code).toBe(0);
  });

  test.each([
    ['https://example.com/team.git', true],
    ['ssh://git@example.com/team.git', true],
    ['git@github.com:org/team.git', true],
    ['github.com:org/team', true],
    ['file:///srv/team.git', true],
    ['../team-b', false],
    ['/srv/git/team.git', false],
    ['team-b.git', false],
    ['C:/repos/team', false],
  ])('%s is remote: %s', (location, remote) => expect(isRemoteRepository(location)).toBe(remote));

  test('waybill build of the federated catalog shows where each resource comes from', async () => {
    const out = path.join(tmp, 'site');
    const result = await runCli(['build', '--catalog', path.join(tmp, 'shop'), '--out', out], { timeoutMs: 240_000 });
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(0);
    const pages = (dir: string): string[] => readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name === 'index.html').map((e) => path.join(e.parentPath, e.name));
    const html = pages(out).map((file) => readFileSync(file, 'utf8'));
    const page = (name: string) => html.find((h) => h.includes(`<h1>${name}</h1>`))!;
    expect(page('Payments')).toMatch(/From <strong>team-b<\/strong> <span class="origin-where"[^>]*>\.\.\/team-b@main:catalog \([0-9a-f]{7}\)<\/span>/);
    expect(page('OrderPlaced')).toMatch(/From <strong>Team A<\/strong> <span class="origin-where"[^>]*>\.\.\/team-a<\/span>/);
    expect(page('Shop')).not.toContain('class="origin"');
    expect(readFileSync(path.join(out, 'docs/team-a/onboarding/index.html'), 'utf8')).toContain('Welcome to Team A.');
    // The git-included message's schema is on its page.
    expect(page('PaymentTaken')).toContain('paymentId');
  }, 300_000);
});
