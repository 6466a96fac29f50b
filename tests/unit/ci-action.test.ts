/**
 * The GitHub Action (action.yml) run step by step as the runner would: each `run:` with its inputs and the
 * outputs of earlier steps filled in, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files, Waybill from this
 * checkout. Checks the annotations, the JUnit/SARIF reports, the summary and the final verdict.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Step { id?: string; if?: string; run?: string; uses?: string; with?: Record<string, string>; env?: Record<string, string> }
interface Action { inputs: Record<string, { default: string }>; runs: { using: string; steps: Step[] } }

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

/** Runs the action's steps; `uses:` steps (the artifact upload) are returned, not run. */
function runAction(given: Record<string, string>) {
  const work = mkdtempSync(path.join(tmpdir(), 'waybill-action-'));
  const inputs: Record<string, string> = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])), reports: path.join(work, 'reports'), waybill: `node ${path.join(ROOT, 'bin/waybill.js')}`, ...given };
  const outputs: Record<string, Record<string, string>> = {};
  const summary = path.join(work, 'summary.md');
  const fill = (text: string) => text
    .replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, k: string) => inputs[k] ?? '')
    .replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (_, id: string, k: string) => outputs[id]?.[k] ?? '');
  const log: { id?: string; code: number | null; stdout: string }[] = [];
  const uploads: Step[] = [];
  for (const step of action.runs.steps) {
    // The conditions the action uses: `inputs.X != ''`, `always() && inputs.X == 'true'`.
    if (step.if) {
      const condition = step.if.replace('always() && ', '');
      const m = /^inputs\.([\w-]+) (==|!=) '(.*)'$/.exec(condition);
      if (!m) throw new Error(`unknown condition ${step.if}`);
      if ((inputs[m[1]] === m[3]) !== (m[2] === '==')) continue;
    }
    if (step.uses) {
      uploads.push({ ...step, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, fill(String(v))])) });
      continue;
    }
    const outputFile = path.join(work, `output-${log.length}`);
    writeFileSync(outputFile, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(v)]));
    const result = spawnSync('bash', ['-e', '-c', fill(step.run!)], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...env, NO_COLOR: '1', GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summary, WAYBILL_ROOT: ROOT, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` },
      timeout: 120_000,
    });
    if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split('=') as [string, string]));
    log.push({ id: step.id, code: result.status, stdout: result.stdout + result.stderr });
  }
  return { log, outputs, uploads, reports: inputs.reports, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '' };
}

describe('the GitHub Action', () => {
  test('lint findings become annotations and reports, and fail the job', () => {
    const { log, outputs, uploads, reports, summary } = runAction({ catalog: 'tests/fixtures/bad-inputs' });
    expect(log.map((s) => s.id)).toEqual(['lint', undefined]); // can-i-deploy and verify skipped without inputs
    const lint = log[0];
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/^::error file=tests\/fixtures\/bad-inputs\/services\/Tabs\/index\.md,line=5,col=1,title=yaml-syntax::/m);
    expect(outputs.lint['exit-code']).toBe('1');
    expect(Number(outputs.lint.errors)).toBeGreaterThan(0);
    const junit = readFileSync(path.join(reports, 'lint.junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="waybill lint"');
    expect(junit).toContain('yaml-syntax');
    const sarif = JSON.parse(readFileSync(path.join(reports, 'lint.sarif'), 'utf8'));
    expect(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'yaml-syntax')).toBe(true);
    expect(summary).toMatch(/- \*\*waybill lint\*\* failed: \d+ errors/);
    expect(uploads).toEqual([expect.objectContaining({ uses: 'actions/upload-artifact@v4', with: expect.objectContaining({ path: reports }) })]);
    expect(log[1].code).toBe(1);
    expect(log[1].stdout).toContain('waybill lint failed (exit code 1).');
  }, 120_000);

  test('for GitLab, WAYBILL_CHECK_EXIT=1 makes a check exit with its command\'s code', () => {
    const reports = mkdtempSync(path.join(tmpdir(), 'waybill-gitlab-'));
    const result = spawnSync(process.execPath, ['scripts/ci/check.mjs', 'lint', reports, '--', 'lint', '--catalog', 'tests/fixtures/bad-inputs'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WAYBILL_CHECK_EXIT: '1', WAYBILL_BIN: `${process.execPath} bin/waybill.js`, WAYBILL_ROOT: ROOT, GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '' },
    });
    expect(result.status).toBe(1);
    expect(existsSync(path.join(reports, 'lint.junit.xml'))).toBe(true);
  });

  test('lint, can-i-deploy and verify of a capture pass on a clean catalog', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'waybill-capture-'));
    const capture = path.join(work, 'capture.jsonl');
    const message = { channel: 'mallbots.stores.events.Store', headers: { 'content-type': 'application/json' }, payload: { ID: 'x', Name: 'storesapi.StoreCreated', Payload: { id: 's', name: 'A', location: 'L' } } };
    writeFileSync(capture, `${JSON.stringify(message)}\n`);
    const { log, outputs, reports, summary } = runAction({ catalog: 'tests/fixtures/verify', service: 'Stores', against: 'HEAD', 'verify-args': `--from ${capture}` });
    expect(log.map((s) => s.id)).toEqual(['lint', 'can-i-deploy', 'verify', undefined]);
    expect(outputs['can-i-deploy']['exit-code'], log[1].stdout).toBe('0');
    expect(outputs.verify['exit-code'], log[2].stdout).toBe('0');
    for (const name of ['lint', 'can-i-deploy', 'verify']) {
      expect(existsSync(path.join(reports, `${name}.junit.xml`)), name).toBe(true);
      expect(existsSync(path.join(reports, `${name}.sarif`)), name).toBe(true);
    }
    expect(summary).toContain('**waybill can-i-deploy** passed');
    expect(summary).toContain('**waybill verify** passed');
    expect(log[3].code, `${log[0].stdout}\n${log[3].stdout}`).toBe(outputs.lint['exit-code'] === '0' ? 0 : 1);
  }, 120_000);

  test('no input is written into a shell command: each reaches its step through env and is quoted there', () => {
    for (const step of action.runs.steps.filter((s) => s.run)) expect(step.run, step.id).not.toContain('${{');
    const inputs = Object.keys(action.inputs).filter((k) => k !== 'upload');
    const passed = action.runs.steps.flatMap((s) => Object.values(s.env ?? {}).concat(Object.values(s.with ?? {})));
    for (const input of inputs) expect(passed.join('\n'), input).toContain(`\${{ inputs.${input} }}`);
  });

  test('inputs that try to run commands stay literal arguments', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'waybill-inject-'));
    // Steps run in ROOT: a command that got through would create this file there.
    const pwned = path.join(ROOT, 'waybill-pwned');
    // A folder whose name is a command substitution, with a space: verify-args must quote it to reach it.
    const dir = path.join(work, 'a b $(touch waybill-pwned)');
    mkdirSync(dir);
    const capture = path.join(dir, 'capture.jsonl');
    const message = { channel: 'mallbots.stores.events.Store', headers: { 'content-type': 'application/json' }, payload: { ID: 'x', Name: 'storesapi.StoreCreated', Payload: { id: 's', name: 'A', location: 'L' } } };
    writeFileSync(capture, `${JSON.stringify(message)}\n`);
    const { log, outputs } = runAction({
      catalog: 'tests/fixtures/verify',
      service: 'Stores',
      against: 'HEAD"; touch waybill-pwned; echo "',
      'verify-args': `--from "${capture}" --timeout '1000'`,
    });
    const created = existsSync(pwned);
    rmSync(pwned, { force: true });
    expect(created).toBe(false);
    // The hostile ref reached can-i-deploy whole, as one argument naming no commit.
    expect(outputs['can-i-deploy']['exit-code'], log[1].stdout).not.toBe('0');
    expect(log[1].stdout).toContain('touch waybill-pwned');
    expect(outputs.verify['exit-code'], log[2].stdout).toBe('0');
  }, 120_000);
});

