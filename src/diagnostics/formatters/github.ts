/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=<code>::message`, which GitHub
 * turns into annotations on the pull request. Infos become `notice`s.
 */
import type { Diagnostic } from '../diagnostic.ts';
import { displayPath, isUrl, prepareDiagnostics, type FormatOptions } from './prepare.ts';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Escapes a command's message the way GitHub's toolkit does (`%`, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property value: as data, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const lines = prepareDiagnostics(diagnostics).map((d) => {
    const props: string[] = [];
    // A URL subject (a broker, an HTTP endpoint) is not a file in the repository.
    if (d.file !== undefined && !isUrl(d.file)) {
      props.push(`file=${escapeProperty(displayPath(d.file, options))}`);
      if (d.line) {
        props.push(`line=${d.line}`);
        if (d.column) props.push(`col=${d.column}`);
      }
    }
    props.push(`title=${escapeProperty(d.code)}`);
    const subject = d.file !== undefined && isUrl(d.file) ? `${d.file}: ` : '';
    const message = `${subject}${d.message}${d.hint ? `\n${d.hint}` : ''}`;
    return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}
