/**
 * Splits a Markdown file into frontmatter data and body with gray-matter (js-yaml), turning YAML
 * errors into located problems.
 */
import matter from 'gray-matter';

export interface ParsedMarkdown {
  data: Record<string, unknown>;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** Raw YAML between the fences, and the file line its first line is on. */
  yaml: string;
  yamlLine: number;
  hasFrontmatter: boolean;
  /** Problems that do not stop the file from loading (e.g. tab indentation js-yaml tolerates). */
  problems: MarkdownProblem[];
}

export interface MarkdownProblem {
  code: 'yaml-syntax' | 'frontmatter-not-a-mapping' | 'empty-file';
  message: string;
  line: number;
  column: number;
  hint?: string;
}

const FENCE = /^---[ \t]*$/m;

export function parseMarkdown(text: string): { ok: true; value: ParsedMarkdown } | { ok: false; problem: MarkdownProblem } {
  if (text.trim() === '') {
    return { ok: false, problem: { code: 'empty-file', message: 'The file is empty.', line: 1, column: 1 } };
  }
  const hasFrontmatter = text.startsWith('---') && FENCE.test(text.slice(0, text.indexOf('\n') + 1 || undefined));
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options turns gray-matter's content cache off (it would keep every file in memory).
    parsed = matter(text, { excerpt: false });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
    // gray-matter hands js-yaml the text after the opening fence, starting with its newline, so the
    // 0-based line of the mark is the 1-based line of the file.
    const line = mark ? mark.line + 1 : 1;
    const yamlLine = text.split('\n')[line - 1] ?? '';
    return {
      ok: false,
      problem: {
        code: 'yaml-syntax',
        message: `The frontmatter is not valid YAML: ${reason}.`,
        line,
        column: mark ? mark.column + 1 : 1,
        hint: /^\s*\t/.test(yamlLine) || yamlLine.includes('\t') ? 'YAML does not allow tabs for indentation; use spaces.' : undefined,
      },
    };
  }
  const data = parsed.data as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, problem: { code: 'frontmatter-not-a-mapping', message: 'The frontmatter must be a YAML mapping of fields (key: value).', line: 2, column: 1 } };
  }
  const body = parsed.content;
  const bodyLine = text.slice(0, text.length - body.length).split('\n').length;
  const yaml = parsed.matter.replace(/^\n/, '');
  const problems: MarkdownProblem[] = [];
  yaml.split('\n').forEach((text, i) => {
    const tab = /^[ ]*\t/.exec(text);
    if (tab) {
      problems.push({
        code: 'yaml-syntax',
        message: 'A tab is used for indentation; YAML allows only spaces there.',
        line: i + 2,
        column: tab[0].length,
        hint: 'Replace the tab with spaces.',
      });
    }
  });
  return {
    ok: true,
    value: { data: normaliseDates(data) as Record<string, unknown>, body, bodyLine, yaml, yamlLine: 2, hasFrontmatter, problems },
  };
}

/** js-yaml turns `2024-01-31` into a Date; the model keeps it as the string that was written. */
function normaliseDates(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(normaliseDates);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normaliseDates(v);
    return out;
  }
  return value;
}
