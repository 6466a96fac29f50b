/**
 * The first hour of a new user, as a table: each bad input, each typo and each broken file goes through
 * the real CLI as a child process, and each case asserts the exit code, the message (the diagnostic at
 * file:line where there is one) and that no stack trace reaches the user. Building and serving the site
 * (build, dev, preview, the README's examples) are in tests/e2e/first-hour.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SMALL = path.join(ROOT, 'tests/fixtures/eventcatalog');
/** A Node stack frame, or Node's own crash banner. */
const STACK = /\n\s+at .+[:(]\d+|node:internal|Node\.js v\d/;

function waybill(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/waybill.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectNoStack(result: { stdout: string; stderr: string }): void {
  expect(result.stderr).not.toMatch(STACK);
  expect(result.stdout).not.toMatch(STACK);
  expect(result.stderr).not.toMatch(/internal error/);
}

/** A copy of the small EventCatalog fixture to break. */
function smallCatalog(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'waybill-first-hour-'));
  cpSync(SMALL, path.join(dir, 'catalog'), { recursive: true });
  return path.join(dir, 'catalog');
}

describe('typos and bad arguments are usage errors (exit 2) with a did-you-mean', () => {
  test.each([
    { args: ['lint', '--fromat', 'json'], message: /Unknown option '--fromat' for `waybill lint`\. Did you mean '--format'\?/ },
    { args: ['lint', 'catalog'], message: /Unexpected argument 'catalog': `waybill lint` takes no positional arguments/ },
    { args: ['lint', '-x'], message: /Unknown option '-x'/ },
    { args: ['lint', '--catalog'], message: /Option '--catalog' needs a value/ },
    { args: ['lnt'], message: /Unknown command 'lnt' for `waybill`\. Did you mean 'lint'\?/ },
    { args: ['build', '--port', '4000'], message: /Unknown option '--port' for `waybill build`/ },
    { args: ['build', '--fail-severity', 'fatal'], message: /Unknown severity 'fatal'.*\n.*none/ },
    { args: ['new', 'event', 'A', 'B'], message: /Unexpected argument 'B': `waybill new` takes KIND ID/ },
    { args: ['export', 'asyncpi'], message: /Unknown command 'asyncpi' for `waybill export`\. Did you mean 'asyncapi'\?/ },
    { args: ['export', 'asyncapi', '--servce', 'Stores'], message: /Did you mean '--service'\?/ },
    { args: ['verify', '--alow-empty'], message: /Did you mean '--allow-empty'\?/ },
    { args: ['diff', '--againts', 'HEAD'], message: /Did you mean '--against'\?/ },
  ])('waybill $args', ({ args, message }) => {
    const result = waybill(args);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expectNoStack(result);
  });

  test('values that look like flags are values: --seed -5 is not an unknown option', () => {
    const result = waybill(['verify', '--from', '-', '--seed', '-5', '--catalog', 'tests/fixtures/verify', '--allow-empty'], { input: '' });
    expect(result.stderr).not.toMatch(/Unknown option/);
    expect(result.code).toBe(0);
  });
});

describe('a missing or unusable catalog is exit 2 before anything runs', () => {
  test.each([
    { args: ['build', '--catalog', '/nope/catalog'], message: /The catalog folder \/nope\/catalog does not exist/ },
    { args: ['build', '--catalog', 'package.json'], message: /package\.json is a file, not a catalog folder/ },
    { args: ['dev', '--catalog', '/nope/catalog'], message: /The catalog folder \/nope\/catalog does not exist/ },
    { args: ['verify', '--catalog', '/nope/catalog'], message: /no catalog folder at \/nope\/catalog/ },
  ])('waybill $args', ({ args, message }) => {
    const result = waybill(args);
    expect(result.stderr).toMatch(message);
    expect(result.stdout + result.stderr).not.toMatch(/Building the site|astro/i);
    expect(result.code).toBe(2);
    expectNoStack(result);
  });

  test('build refuses a non-empty --out it did not build, unless --force', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'waybill-out-'));
    writeFileSync(path.join(out, 'thesis.docx'), 'years of work');
    const result = waybill(['build', '--catalog', SMALL, '--out', out]);
    expect(result.stderr).toMatch(/is not empty and was not built by Waybill.*\n.*--force/);
    expect(result.code).toBe(2);
    expect(readFileSync(path.join(out, 'thesis.docx'), 'utf8')).toBe('years of work');
    expectNoStack(result);
  });
});

describe('a broken file is reported at file:line by every command, before anything else', () => {
  function broken(): string {
    const catalog = smallCatalog();
    const file = path.join(catalog, 'domains/Orders/subdomains/Payments/services/PaymentService/events/PaymentProcessed/index.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^name: .*$/m, (line) => `${line}\n  bad: [unclosed`));
    return catalog;
  }
  const finding = /events\/PaymentProcessed\/index\.md\n\s+\d+:\d+\s+error\s+The frontmatter is not valid YAML.*yaml-syntax/;

  test('lint', () => {
    const result = waybill(['lint', '--catalog', broken()]);
    expect(result.stdout).toMatch(finding);
    expect(result.code).toBe(1);
  });

  test('build: printed (with what the broken file breaks elsewhere), not built, exit 1 (the e2e test builds with --fail-severity none)', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'waybill-out-')), 'dist');
    const result = waybill(['build', '--catalog', broken(), '--out', out]);
    expect(result.stderr).toMatch(finding);
    expect(result.stderr).toMatch(/not built — the catalog has 3 findings at or above 'error'.*--fail-severity none/);
    expect(existsSync(out)).toBe(false);
    expect(result.code).toBe(1);
    expectNoStack(result);
  });

  test('verify: reported first, then the run, exit 1', () => {
    const result = waybill(['verify', '--catalog', broken(), '--from', '-', '--allow-empty'], { input: '' });
    expect(result.stderr).toMatch(/waybill verify: the catalog has problems/);
    expect(result.stderr).toMatch(finding);
    expect(result.code).toBe(1);
    expectNoStack(result);
  });

  test('diff: reported first, exit 1', () => {
    const result = waybill(['diff', '--catalog', broken(), '--against-dir', SMALL]);
    expect(result.stderr).toMatch(finding);
    expect(result.code).toBe(1);
    expectNoStack(result);
  });

  test('export asyncapi: reported first, the document still written', () => {
    const result = waybill(['export', 'asyncapi', '--catalog', broken(), '--service', 'PaymentService']);
    expect(result.stderr).toMatch(finding);
    expect(parse(result.stdout)).toMatchObject({ asyncapi: '3.0.0' });
    expect(result.code).toBe(1);
    expectNoStack(result);
  });
});

describe('commands say what happened', () => {
  test('export asyncapi of a service with findings prints them and the whole document', () => {
    const result = waybill(['export', 'asyncapi', '--service', 'AccountingApp']);
    expect(result.stderr).not.toMatch(/Unknown severity/);
    expect(result.stderr).toMatch(/error\s+AsyncAPI .*export-invalid/);
    expect(parse(result.stdout)).toMatchObject({ asyncapi: '3.0.0', info: expect.any(Object), channels: expect.any(Object) });
    expect(result.code).toBe(1);
    expectNoStack(result);
  });

  test('verify with nothing to check is a warning and exit 1, unless --allow-empty', () => {
    const empty = waybill(['verify', '--catalog', 'tests/fixtures/verify', '--from', '-'], { input: '' });
    expect(empty.stdout).toMatch(/warning\s+The capture held nothing to check\.\s+nothing-verified/);
    expect(empty.stdout).toMatch(/0 passed, 0 failed/);
    expect(empty.code).toBe(1);
    const allowed = waybill(['verify', '--catalog', 'tests/fixtures/verify', '--from', '-', '--allow-empty'], { input: '' });
    expect(allowed.code).toBe(0);
    const service = waybill(['verify', '--service', 'PlaygroundAuthServer', '--target', 'PlaygroundAuthServer=http://127.0.0.1:9']);
    expect(service.stdout).toMatch(/Nothing was checked: the services chosen have no OpenAPI document, channels or flows/);
    expect(service.code).toBe(1);
    expectNoStack(service);
  });

  test('diff calls plain additions changes, not problems', () => {
    const catalog = smallCatalog();
    const before = smallCatalog();
    writeFileSync(path.join(catalog, 'teams', 'second.md'), `---\nid: second\nname: Second\nmembers: []\n---\n`);
    const result = waybill(['diff', '--catalog', catalog, '--against-dir', before]);
    expect(result.stdout).toMatch(/• 1 change \(0 errors, 0 warnings, 1 info\)/);
    expect(result.stdout).not.toMatch(/problem/);
    expect(result.code).toBe(0);
  });

  test('help is plain text when piped, without padding, and build lists no --port', () => {
    const help = waybill(['lint', '--help']);
    expect(help.stdout).not.toMatch(/\x1b\[/);
    expect(help.stdout).not.toMatch(/[ \t]+$/m);
    const build = waybill(['build', '--help']);
    expect(build.stdout).toMatch(/--fail-severity/);
    expect(build.stdout).toMatch(/--force/);
    expect(build.stdout).not.toMatch(/--port|--host/);
  });

  test('a closed pipe ends quietly: waybill lint --rules | head -1', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" bin/waybill.js lint --rules | head -1`], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toBe('');
  });

  const oldNode = '/usr/bin/node';
  const oldVersion = existsSync(oldNode) ? spawnSync(oldNode, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
  const tooOld = /^v(\d+)\.(\d+)/.exec(oldVersion);
  const hasOldNode = !!tooOld && (Number(tooOld[1]) < 22 || (Number(tooOld[1]) === 22 && Number(tooOld[2]) < 12));
  // With an older Node on the machine (Node 20 here and in CI) the file is run by it, which also proves it
  // parses there; elsewhere this Node runs it with an older version number reported.
  test(`bin/waybill.js on ${hasOldNode ? `the machine's ${oldVersion}` : 'a Node reporting 20.11.0'}: one line saying what to do`, () => {
    const result = hasOldNode
      ? spawnSync(oldNode, ['bin/waybill.js', '--version'], { cwd: ROOT, encoding: 'utf8' })
      : spawnSync(process.execPath, ['--import', 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.11.0"})', 'bin/waybill.js', '--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/Waybill needs Node ≥ 22\.12; this is Node \d+.*npx waybill/);
    expect(result.status).toBe(2);
  });
});

describe('waybill new makes resources that lint clean', () => {
  function catalogWithService(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'waybill-new-'));
    mkdirSync(path.join(dir, 'teams'));
    writeFileSync(path.join(dir, 'teams/core.md'), '---\nid: core\nname: Core\nmembers: []\n---\n');
    for (const id of ['Orders', 'Billing']) expect(waybill(['new', 'service', id, '--catalog', dir, '--owner', 'core']).code).toBe(0);
    return dir;
  }

  test('an event under a service goes into its sends; --receiver adds it to receives; lint exits 0', () => {
    const dir = catalogWithService();
    const made = waybill(['new', 'event', 'OrderShipped', '--catalog', dir, '--in', 'services/Orders', '--owner', 'core', '--receiver', 'Billing']);
    expect(made.stdout).toMatch(/added OrderShipped to the sends of Orders/);
    expect(made.stdout).toMatch(/added OrderShipped to the receives of Billing/);
    expect(made.code).toBe(0);
    expect(readFileSync(path.join(dir, 'services/Orders/index.md'), 'utf8')).toMatch(/sends:\n {2}- id: OrderShipped\n {4}version: latest/);
    const lint = waybill(['lint', '--catalog', dir, '--fail-severity', 'warning']);
    expect(lint.stdout).toMatch(/no problems/);
    expect(lint.code).toBe(0);
  });

  test("the example in init's README (new event PaymentTaken …) leaves the starter catalog lint clean", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'waybill-init-')), 'catalog');
    expect(waybill(['init', dir]).code).toBe(0);
    const example = readFileSync(path.join(dir, 'README.md'), 'utf8').match(/`npx waybill (new event [^`]+)`/)![1];
    const made = waybill(example.split(' '), { cwd: dir });
    expect(made.stdout).toMatch(/added PaymentTaken to the sends of Orders/);
    expect(made.code).toBe(0);
    const lint = waybill(['lint', '--catalog', dir, '--fail-severity', 'warning']);
    expect(lint.stdout).toMatch(/no problems/);
    expect(lint.code).toBe(0);
  });

  test.each([
    { args: ['new', 'event', 'X', '--owner', 'core'], message: /Which service sends the new event\?.*\n.*--sender/ },
    { args: ['new', 'event', 'X', '--owner', 'core', '--in', 'services/Nope'], message: /--in services\/Nope: there is no such folder/ },
    { args: ['new', 'event', 'X', '--owner', 'cor', '--in', 'services/Orders'], message: /--owner cor is not a team or user.*\n.*Did you mean 'core'\?/ },
    { args: ['new', 'event', 'X', '--in', 'services/Orders'], message: /needs an owner: pass --owner ID/ },
    { args: ['new', 'event', 'X', '--owner', 'core', '--sender', 'Order'], message: /--sender Order is not a service.*\n.*Did you mean 'Orders'\?/ },
    { args: ['new', 'channel', 'x.y', '--owner', 'core', '--sender', 'Orders'], message: /--sender and --receiver are for events, commands and queries/ },
  ])('waybill $args is refused before anything is written', ({ args, message }) => {
    const dir = catalogWithService();
    const before = readFileSync(path.join(dir, 'services/Orders/index.md'), 'utf8');
    const result = waybill([...args, '--catalog', dir]);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(readFileSync(path.join(dir, 'services/Orders/index.md'), 'utf8')).toBe(before);
    expect(existsSync(path.join(dir, 'services/Orders/events/X'))).toBe(false);
    expectNoStack(result);
  });
});
