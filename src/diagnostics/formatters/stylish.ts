/**
 * Human output in the manner of ESLint's `stylish`: diagnostics grouped by file, one aligned row each
 * (`line:col  severity  message  code`), hints indented underneath, then a summary line.
 */
import { createColors } from 'picocolors';
import type { Diagnostic } from '../diagnostic.ts';
import { plural, prepareDiagnostics, showControls, summarize, type FormatOptions } from './prepare.ts';

/** Heading of the group of diagnostics that are about the catalog as a whole (no file). */
const NO_FILE = '(catalog)';
/** Widest message column rows are padded to. */
const MAX_PADDED_WIDTH = 160;

export function formatStylish(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const c = createColors(options.color);
  const diags = prepareDiagnostics(diagnostics);
  if (diags.length === 0) return `${c.green('✔')} ${options.tool}: no problems\n`;

  const groups = new Map<string, Diagnostic[]>();
  for (const d of diags) {
    const key = d.file === undefined ? NO_FILE : showControls(d.file);
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  }

  const severityColor = { error: c.red, warning: c.yellow, info: c.blue } as const;
  const out: string[] = [];
  for (const [file, group] of groups) {
    out.push('', c.underline(file));
    const rows = group.map((d) => ({
      position: d.line ? `${d.line}:${d.column ?? 0}` : '',
      severity: d.severity,
      message: showControls(d.message.trimEnd()),
      code: showControls(d.code),
      hint: d.hint === undefined ? undefined : showControls(d.hint),
    }));
    // Loops, not Math.max(...list): a spread of 200,000 values overflows the stack.
    let positionWidth = 0;
    let severityWidth = 0;
    let messageWidth = 0;
    for (const r of rows) {
      positionWidth = Math.max(positionWidth, r.position.length);
      severityWidth = Math.max(severityWidth, r.severity.length);
      // A message line longer than MAX_PADDED_WIDTH does not widen the column (every row would be padded to it).
      for (const line of r.message.split('\n')) if (line.length <= MAX_PADDED_WIDTH) messageWidth = Math.max(messageWidth, line.length);
    }
    // Continuation lines and hints start under the message column.
    const indent = ' '.repeat(2 + positionWidth + 2 + severityWidth + 2);
    for (const r of rows) {
      const [first, ...rest] = r.message.split('\n');
      const single = rest.length === 0;
      out.push(
        `  ${c.dim(r.position.padEnd(positionWidth))}  ${severityColor[r.severity](r.severity.padEnd(severityWidth))}  ` +
          `${single ? first.padEnd(messageWidth) : first}  ${c.dim(r.code)}`,
      );
      for (const line of rest) out.push(indent + line);
      if (r.hint) {
        const [hintFirst, ...hintRest] = r.hint.split('\n');
        out.push(`${indent}${c.dim(`hint: ${hintFirst}`)}`);
        for (const line of hintRest) out.push(`${indent}${c.dim(`      ${line}`)}`);
      }
    }
  }

  const s = summarize(diags);
  const color = s.errors ? c.red : s.warnings ? c.yellow : c.blue;
  const detail = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`;
  out.push('', c.bold(color(`✖ ${plural(diags.length, 'problem')} (${detail})`)), '');
  return out.map(trimBlanks).join('\n');
}

/** `line` without trailing spaces and tabs (a loop: `/[ \t]+$/` backtracks quadratically on long runs). */
function trimBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return end === line.length ? line : line.slice(0, end);
}
