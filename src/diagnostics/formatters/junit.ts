/**
 * JUnit XML for CI test reports: one `testsuite`, one `testcase` per file — or, when the command ran
 * named checks (verify), one per check, passing or failing. Errors and warnings fail a testcase; infos are
 * listed in its `system-out`. A testcase carries at most one `failure` (most JUnit readers show only one):
 * its attributes name the first problem and its text lists all of them with code, line and message.
 */
import type { Diagnostic } from '../diagnostic.ts';
import { displayPath, plural, prepareDiagnostics, type FormatOptions } from './prepare.ts';

const NO_FILE = '(catalog)';

// Characters XML 1.0 cannot carry at all, even as character references.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML element or a double-quoted attribute; invalid characters become `\uXXXX`. */
export function escapeXml(text: string, attribute = false): string {
  const escaped = text
    .replace(XML_INVALID, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  // Attribute values are whitespace-normalised by XML parsers unless line breaks are references.
  return attribute ? escaped.replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;') : escaped;
}

interface TestCase {
  name: string;
  classname: string;
  /** Diagnostics that fail it (errors, warnings). */
  failures: Diagnostic[];
  /** Diagnostics that are reported but do not fail it (infos). */
  notes: Diagnostic[];
  /** A check that failed without a diagnostic of its own still fails. */
  failed: boolean;
}

function describe(d: Diagnostic, file: string): string {
  const where = d.line ? `${file}:${d.line}${d.column ? `:${d.column}` : ''}` : file;
  return `${where} ${d.severity} ${d.code}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`;
}

function buildCases(diags: Diagnostic[], options: FormatOptions): TestCase[] {
  const suite = options.suiteName ?? options.tool;
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diags) {
    const key = d.file ?? NO_FILE;
    const list = byFile.get(key);
    if (list) list.push(d);
    else byFile.set(key, [d]);
  }
  const split = (list: Diagnostic[]) => ({
    failures: list.filter((d) => d.severity !== 'info'),
    notes: list.filter((d) => d.severity === 'info'),
  });

  if (!options.checks) {
    return [...byFile].map(([file, list]) => ({
      name: file === NO_FILE ? file : displayPath(file, options),
      classname: suite,
      failed: false,
      ...split(list),
    }));
  }

  // Checks: diagnostics go to the failed checks of their file; the rest get a testcase per file.
  const claimed = new Set<string>();
  const cases: TestCase[] = options.checks.map((check) => {
    const list = !check.passed && check.file !== undefined ? (byFile.get(check.file) ?? []) : [];
    if (list.length) claimed.add(check.file!);
    return {
      name: check.name,
      classname: check.file !== undefined ? displayPath(check.file, options) : suite,
      failed: !check.passed,
      ...split(list),
    };
  });
  for (const [file, list] of byFile) {
    if (claimed.has(file)) continue;
    cases.push({ name: file === NO_FILE ? file : displayPath(file, options), classname: suite, failed: false, ...split(list) });
  }
  return cases;
}

export function formatJunit(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const diags = prepareDiagnostics(diagnostics);
  const cases = buildCases(diags, options);
  const failing = cases.filter((t) => t.failed || t.failures.length > 0).length;
  const suite = escapeXml(options.suiteName ?? options.tool, true);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${suite}" tests="${cases.length}" failures="${failing}" errors="0" time="0">`,
    `  <testsuite name="${suite}" tests="${cases.length}" failures="${failing}" errors="0" skipped="0" time="0">`,
    `    <properties><property name="version" value="${escapeXml(options.toolVersion, true)}"/></properties>`,
  ];
  for (const t of cases) {
    const open = `    <testcase name="${escapeXml(t.name, true)}" classname="${escapeXml(t.classname, true)}" time="0"`;
    const label = (d: Diagnostic) => describe(d, d.file === undefined ? NO_FILE : displayPath(d.file, options));
    const body: string[] = [];
    if (t.failures.length) {
      const first = t.failures[0];
      const message = t.failures.length === 1 ? first.message : `${plural(t.failures.length, 'problem')}; first: ${first.message}`;
      body.push(
        `      <failure type="${escapeXml(first.code, true)}" message="${escapeXml(message, true)}">` +
          `${escapeXml(t.failures.map(label).join('\n'))}</failure>`,
      );
    } else if (t.failed) {
      body.push(`      <failure type="check-failed" message="${escapeXml(`${t.name} failed`, true)}"/>`);
    }
    if (t.notes.length) body.push(`      <system-out>${escapeXml(t.notes.map(label).join('\n'))}</system-out>`);
    out.push(body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}
