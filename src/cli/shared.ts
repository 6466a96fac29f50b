/**
 * What every command shares: the --catalog argument, colour and progress on the terminal, and writing
 * diagnostics through the formatters.
 */
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ArgsDef } from 'citty';
import { atLeast, type Diagnostic, type Severity } from '../diagnostics/diagnostic.ts';
import { UserError } from '../diagnostics/user-error.ts';

/** Output formats of every command that reports diagnostics (see src/diagnostics/formatters). */
export const FORMAT_NAMES = ['stylish', 'json', 'junit', 'github', 'sarif'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Waybill's own folder: the nearest one up holding package.json (from src/cli, or dist-cli/src/cli when packed). */
export const PACKAGE_ROOT = packageRoot(path.dirname(fileURLToPath(import.meta.url)));

function packageRoot(from: string): string {
  return existsSync(path.join(from, 'package.json')) || path.dirname(from) === from ? from : packageRoot(path.dirname(from));
}
export const VERSION: string = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

export const catalogArg = {
  catalog: {
    type: 'string',
    alias: 'c',
    description: 'Catalog folder (default: $WAYBILL_CATALOG or ./catalog)',
    valueHint: 'DIR',
  },
} as const satisfies ArgsDef;

export const outputArgs = {
  format: {
    type: 'string',
    alias: 'f',
    description: `Output format: ${FORMAT_NAMES.join(', ')}`,
    default: 'stylish',
    valueHint: 'NAME',
  },
  'fail-severity': {
    type: 'string',
    description: 'Exit 1 when a finding is at or above this severity: error, warning, info',
    default: 'error',
    valueHint: 'SEVERITY',
  },
  output: {
    type: 'string',
    alias: 'o',
    description: 'Write the report to this file instead of standard output',
    valueHint: 'FILE',
  },
} as const satisfies ArgsDef;

export function catalogDir(arg: string | undefined): string {
  return path.resolve(arg ?? process.env.WAYBILL_CATALOG ?? 'catalog');
}

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
}

export function parseFormat(value: string | undefined): FormatName {
  const format = (value ?? 'stylish') as FormatName;
  if (!(FORMAT_NAMES as readonly string[]).includes(format)) {
    throw new UserError('bad-format', `Unknown format '${value}'.`, { hint: `Use one of: ${FORMAT_NAMES.join(', ')}.` });
  }
  return format;
}

export function parseSeverity(value: string | undefined): Severity {
  if (value === 'error' || value === 'warning' || value === 'info') return value;
  throw new UserError('bad-severity', `Unknown severity '${value}'.`, { hint: 'Use error, warning or info.' });
}

/**
 * A status line for work that takes more than a second: on a terminal it is redrawn in place and
 * cleared when done; elsewhere one plain line is printed once.
 */
export function progress(label: string): { update(text: string): void; done(): void } {
  const stream = process.stderr;
  let text = label;
  let shown = false;
  const timer = setTimeout(() => {
    shown = true;
    stream.write(stream.isTTY ? `\r\x1b[2K${text}…` : `${text}…\n`);
  }, 1000);
  timer.unref();
  return {
    update(next) {
      text = next;
      if (shown && stream.isTTY) stream.write(`\r\x1b[2K${text}…`);
    },
    done() {
      clearTimeout(timer);
      if (shown && stream.isTTY) stream.write('\r\x1b[2K');
    },
  };
}

/** Prints diagnostics in the chosen format and returns the exit code (0 clean, 1 findings at the threshold). */
export async function report(
  diagnostics: readonly Diagnostic[],
  args: { format?: string; 'fail-severity'?: string; output?: string },
  tool: string,
  extra: { rules?: { id: string; description: string }[]; checks?: { name: string; file?: string; passed: boolean }[]; suiteName?: string; root?: string;
    /** Where the report goes without --output (standard error when standard output carries a document). */
    stream?: NodeJS.WriteStream;
    /** What the findings are, when not problems (`diff` reports changes, most of them fine). */
    noun?: string } = {},
): Promise<number> {
  const { formatDiagnostics } = await import('../diagnostics/formatters/index.ts');
  const format = parseFormat(args.format);
  const threshold = parseSeverity(args['fail-severity']);
  const { stream = process.stdout, noun, ...options } = extra;
  const formatted = formatDiagnostics([...diagnostics], format, {
    tool,
    toolVersion: VERSION,
    color: !args.output && useColor(stream),
    cwd: process.cwd(),
    ...options,
  });
  const text = noun && format === 'stylish' ? renameFindings(formatted, noun, diagnostics.some((d) => d.severity !== 'info')) : formatted;
  if (args.output) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(args.output, text.endsWith('\n') ? text : `${text}\n`);
  } else if (text) {
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  return diagnostics.some((d) => atLeast(d, threshold)) ? 1 : 0;
}

/** The stylish summary in a command's own words: `• 5 changes (…)`, `✔ waybill diff: no changes`. */
function renameFindings(text: string, noun: string, alarming: boolean): string {
  return text
    .replace(/✖ (\d+) problems?\b/, (_, n: string) => `${alarming ? '✖' : '•'} ${n} ${noun}${n === '1' ? '' : 's'}`)
    .replace(/: no problems$/m, `: no ${noun}s`);
}
