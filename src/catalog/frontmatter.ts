/**
 * Splits a Markdown file into frontmatter data and body with gray-matter, turning YAML errors into located
 * problems. The YAML is read by read-yaml.ts (plain frontmatter by js-yaml, anything with anchors or deep
 * nesting by the checked reader); a fence naming another language (`---js`, which gray-matter would
 * evaluate as code) is refused, never run.
 */
import matter from 'gray-matter';
import { isPlainYaml, parseYaml, quoteOpening, type TextProblem } from './read-yaml.ts';

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
  code: 'yaml-syntax' | 'yaml-aliases' | 'document-too-deep' | 'frontmatter-not-a-mapping' | 'empty-file';
  message: string;
  line: number;
  column: number;
  hint?: string;
}

const FENCE = /^---[ \t]*$/m;

/** A problem found by the checked YAML reader, carried through gray-matter's engine call. */
class YamlProblem extends Error {
  readonly problem: TextProblem;
  constructor(problem: TextProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

function refuseLanguage(): never {
  throw new Error('only YAML frontmatter is read');
}

/** gray-matter's own js-yaml (3.x, its safe schema), which it exposes as `matter.engines.yaml`. */
const jsYamlLoad = (matter as unknown as { engines: { yaml: { parse(text: string): object } } }).engines.yaml.parse;

/** gray-matter's engines: YAML through read-yaml.ts; every other language (JSON, JavaScript, …) refused. */
const ENGINES = {
  yaml: (yaml: string) => {
    if (isPlainYaml(yaml)) return jsYamlLoad(yaml);
    const parsed = parseYaml(yaml, { dates: true });
    if (!parsed.ok) throw new YamlProblem(parsed.problem);
    return parsed.value as object;
  },
  json: refuseLanguage,
  js: refuseLanguage,
  javascript: refuseLanguage,
  coffee: refuseLanguage,
  coffeescript: refuseLanguage,
  toml: refuseLanguage,
};

export function parseMarkdown(text: string): { ok: true; value: ParsedMarkdown } | { ok: false; problem: MarkdownProblem } {
  if (text.trim() === '') {
    return { ok: false, problem: { code: 'empty-file', message: 'The file is empty.', line: 1, column: 1 } };
  }
  const hasFrontmatter = text.startsWith('---') && FENCE.test(text.slice(0, text.indexOf('\n') + 1 || undefined));
  const language = /^---[ \t]*(\S+)/.exec(text)?.[1];
  if (text.startsWith('---') && language && !/^-+$/.test(language) && !/^ya?ml$/i.test(language)) {
    return {
      ok: false,
      problem: {
        code: 'yaml-syntax',
        message: `The frontmatter fence names the language '${language}'; Waybill reads only YAML frontmatter, and this was neither read nor run.`,
        line: 1,
        column: 4,
        hint: 'Start the file with a line of just ---, then YAML fields.',
      },
    };
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options turns gray-matter's content cache off (it would keep every file in memory).
    parsed = matter(text, { excerpt: false, language: 'yaml', engines: ENGINES as unknown as matter.GrayMatterOption<string, never>['engines'] });
  } catch (error) {
    // gray-matter hands the engine the text after the opening fence, starting with its newline, so a
    // line of that text is the same line of the file.
    if (error instanceof YamlProblem) {
      const { code, message, line, column } = error.problem;
      return { ok: false, problem: code === 'document-syntax' ? { code: 'yaml-syntax', message: `The frontmatter is ${message.replace(/^Not /, 'not ')}.`, line, column } : { code, message, line, column } };
    }
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
    // gray-matter hands js-yaml the text after the opening fence, starting with its newline, so the
    // 0-based line of the mark is the 1-based line of the file.
    let line = mark ? mark.line + 1 : 1;
    let column = mark ? mark.column + 1 : 1;
    // js-yaml reports an unterminated quote where the text ends; a person must fix it where it opens.
    if (/quoted scalar/.test(reason)) {
      const end = /\n---[ \t]*(\n|$)/.exec(text.slice(3));
      const block = end ? text.slice(0, end.index + 3) : text;
      const open = quoteOpening(block);
      if (open !== undefined) {
        line = block.slice(0, open).split('\n').length;
        column = open - block.lastIndexOf('\n', open - 1);
      }
    }
    const yamlLine = text.split('\n')[line - 1] ?? '';
    return {
      ok: false,
      problem: {
        code: 'yaml-syntax',
        message: `The frontmatter is not valid YAML: ${reason}.`,
        line,
        column,
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
