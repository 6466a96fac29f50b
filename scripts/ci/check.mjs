#!/usr/bin/env node
/**
 * One step of Waybill's GitHub Action (action.yml): runs a Waybill command once, with its findings as JSON,
 * then writes them with Waybill's own formatters as GitHub annotations (on standard output, where the
 * runner picks them up), a JUnit report and a SARIF report, adds a line to the job summary and sets the
 * step's outputs. It exits 0 so that every check runs; `finish.mjs` fails the job afterwards.
 *
 *   node scripts/ci/check.mjs NAME REPORTS_DIR -- COMMAND [ARGS...]    e.g. check.mjs lint reports -- lint --catalog catalog
 *
 * With WAYBILL_CHECK_EXIT=1 it exits with the command's code instead (GitLab CI, see the README).
 * WAYBILL_BIN is the command that runs Waybill (default `npx --no-install waybill`, the project's own copy).
 * WAYBILL_EXTRA_ARGS (the action's `verify-args`) is split into words and appended to COMMAND: quotes and
 * backslashes are honoured as a shell would, but nothing is expanded or run (`$(…)` stays literal text).
 * Plain JavaScript on purpose: it runs from the action's folder, before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [name, reportsDir, separator, ...command] = process.argv.slice(2);
if (!name || !reportsDir || separator !== '--' || command.length === 0) {
  process.stderr.write('usage: check.mjs NAME REPORTS_DIR -- COMMAND [ARGS...]\n');
  process.exit(2);
}
const reports = path.resolve(reportsDir);
mkdirSync(reports, { recursive: true });
const json = path.join(reports, `${name}.json`);

if (process.env.WAYBILL_EXTRA_ARGS) command.push(...shellWords(process.env.WAYBILL_EXTRA_ARGS));

const [bin, ...binArgs] = (process.env.WAYBILL_BIN ?? 'npx --no-install waybill').split(' ').filter(Boolean);
const run = spawnSync(bin, [...binArgs, ...command, '--format', 'json', '--output', json], { stdio: ['ignore', 'inherit', 'inherit'] });
const code = run.status ?? 1;

const output = (key, value) => process.env.GITHUB_OUTPUT && appendFileSync(process.env.GITHUB_OUTPUT, `${key}=${value}\n`);
const summary = (text) => process.env.GITHUB_STEP_SUMMARY && appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${text}\n`);
output('exit-code', code);

if (!existsSync(json)) {
  // A usage error (exit 2) or a crash: Waybill printed why; there are no findings to report.
  process.stdout.write(`::error title=waybill ${name}::waybill ${command.join(' ')} stopped with exit code ${code} before reporting.\n`);
  summary(`- **waybill ${name}**: stopped with exit code ${code} (see the log)`);
  output('errors', 0);
  process.exit(process.env.WAYBILL_CHECK_EXIT === '1' ? code : 0);
}

const { diagnostics, summary: counts, tool } = JSON.parse(readFileSync(json, 'utf8'));
const { formatDiagnostics } = await import(formattersOfWaybill());
// Findings name files relative to the catalog; annotations and reports name them relative to the repository.
const catalogAt = command.findIndex((arg) => arg === '--catalog' || arg === '-c');
const root = path.resolve(catalogAt >= 0 ? command[catalogAt + 1] : (process.env.WAYBILL_CATALOG ?? 'catalog'));
const options = { tool: tool.name, toolVersion: tool.version, color: false, cwd: process.cwd(), root, suiteName: tool.name };
process.stdout.write(formatDiagnostics(diagnostics, 'github', options));
writeFileSync(path.join(reports, `${name}.junit.xml`), formatDiagnostics(diagnostics, 'junit', options));
writeFileSync(path.join(reports, `${name}.sarif`), formatDiagnostics(diagnostics, 'sarif', options));

const verdict = code === 0 ? 'passed' : 'failed';
summary(`- **waybill ${name}** ${verdict}: ${counts.errors} errors, ${counts.warnings} warnings, ${counts.infos} infos`);
output('errors', counts.errors);
output('warnings', counts.warnings);
process.exitCode = process.env.WAYBILL_CHECK_EXIT === '1' ? code : 0;

/** The formatters of the Waybill that ran: compiled in an installed package, sources in a checkout. */
function formattersOfWaybill() {
  const root = process.env.WAYBILL_ROOT ?? path.dirname(createRequire(path.join(process.cwd(), 'package.json')).resolve('waybill/package.json'));
  const compiled = path.join(root, 'dist-cli/src/diagnostics/formatters/index.js');
  return pathToFileURL(existsSync(compiled) ? compiled : path.join(root, 'src/diagnostics/formatters/index.ts')).href;
}

/** Words of `text` as a POSIX shell splits them (single and double quotes, backslash), without any expansion. */
function shellWords(text) {
  const words = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) usage('an unclosed single quote');
      word += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1])) j++;
        word += text[j];
      }
      if (j >= text.length) usage('an unclosed double quote');
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function usage(what) {
  process.stderr.write(`check.mjs: WAYBILL_EXTRA_ARGS has ${what}.\n`);
  process.exit(2);
}
