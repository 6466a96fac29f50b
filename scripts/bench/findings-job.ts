/**
 * One measured job over N synthetic findings (issue 14: linear cost per finding):
 *   floor   — write N lines of `file:line:column severity message code` into one string (the least any
 *             format can do)
 *   locate  — locate N field paths in one JSON document of N properties (one parse, then a lookup each)
 *   <format> — formatDiagnostics in that format (stylish, json, junit, github, sarif)
 */
import { formatDiagnostics, type FormatName } from '../../src/diagnostics/formatters/index.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { ParsedSource } from '../../src/catalog/locate.ts';
import { printFigures } from './measure.ts';

const [mode, countText] = process.argv.slice(2);
const count = Number(countText);

/** Findings spread over 100 files, as a large catalog's lint gives them. */
const diagnostics: Diagnostic[] = Array.from({ length: count }, (_, i) => ({
  code: 'schema-empty-string',
  severity: i % 10 === 0 ? 'warning' : 'error',
  message: `The string at '#/properties/p${i}' accepts the empty string.`,
  file: `services/S${i % 100}/events/E${i % 100}/schema.json`,
  line: Math.floor(i / 100) + 1,
  column: 5,
  hint: 'Add minLength: 1, a pattern, or a format.',
}));

const start = performance.now();
let bytes = 0;
if (mode === 'floor') {
  const lines: string[] = [];
  for (const d of diagnostics) lines.push(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.message} ${d.code}`);
  bytes = lines.join('\n').length;
} else if (mode === 'locate') {
  const properties: Record<string, object> = {};
  for (let i = 0; i < count; i++) properties[`p${i}`] = { type: 'string' };
  const text = JSON.stringify({ type: 'object', properties }, null, 2);
  const begin = performance.now();
  const source = new ParsedSource(text);
  let lines = 0;
  for (let i = 0; i < count; i++) lines += source.locate(['properties', `p${i}`, 'type']).line > 0 ? 1 : 0;
  bytes = text.length;
  printFigures(begin, { bytes, located: lines });
  process.exit(0);
} else {
  bytes = formatDiagnostics(diagnostics, mode as FormatName, { tool: 'waybill lint', toolVersion: '0.0.0', color: false }).length;
}
printFigures(start, { bytes });
