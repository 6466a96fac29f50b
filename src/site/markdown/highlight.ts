/**
 * Code highlighting. Fenced code in Markdown goes through Shiki (one highlighter per build, languages
 * loaded on first use, light and dark colours as CSS variables). Schemas and payloads — on every
 * message page — go through a small JSON highlighter instead, which is two orders of magnitude faster.
 */
import type { Element, ElementContent } from 'hast';
import { bundledLanguages, createHighlighter, createJavaScriptRegexEngine, type Highlighter } from 'shiki';
import { highlightJson } from './json-highlight.ts';

export { escapeHtml, highlightJson } from './json-highlight.ts';

let highlighter: Promise<Highlighter> | undefined;
const loaded = new Set<string>(['text']);

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({
    themes: ['github-light', 'github-dark'],
    langs: [],
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  });
  return highlighter;
}

const ALIASES: Record<string, string> = { yml: 'yaml', sh: 'bash', shell: 'bash', ts: 'typescript', js: 'javascript', proto: 'protobuf', avsc: 'json', jsonc: 'json' };

/**
 * Highlights one code block into a `<pre>` element, or returns undefined for an unknown language
 * (the caller keeps the plain block).
 */
export async function highlightCode(code: string, language: string): Promise<Element | undefined> {
  const lang = ALIASES[language] ?? language;
  if (!(lang in bundledLanguages)) return undefined;
  const shiki = await getHighlighter();
  if (!loaded.has(lang)) {
    await shiki.loadLanguage(lang as keyof typeof bundledLanguages);
    loaded.add(lang);
  }
  const root = shiki.codeToHast(code.replace(/\n$/, ''), {
    lang,
    themes: { light: 'github-light', dark: 'github-dark' },
    defaultColor: false,
  });
  const pre = root.children.find((c): c is Element => c.type === 'element' && c.tagName === 'pre');
  if (!pre) return undefined;
  pre.properties = { className: ['shiki', 'code-block'], dataLanguage: lang, tabIndex: 0 };
  return pre;
}

/** The JSON highlighter's output as a hast `<pre>` element (for Markdown and MDX components). */
export function jsonBlock(value: unknown): Element {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  const children: ElementContent[] = [{ type: 'raw', value: highlightJson(text) } as unknown as ElementContent];
  return { type: 'element', tagName: 'pre', properties: { className: ['code-block', 'json'], tabIndex: 0 }, children: [{ type: 'element', tagName: 'code', properties: {}, children }] };
}
