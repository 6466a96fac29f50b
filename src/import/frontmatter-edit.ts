/**
 * Writing catalog Markdown files: new files from frontmatter data and a body, and edits of existing files
 * that change only the named frontmatter fields. An edit keeps the body byte for byte and the rest of the
 * frontmatter as written (other fields, comments, order); what to change is decided from the loaded
 * catalog, the file's text is only rewritten.
 */
import { isScalar, parseDocument, stringify } from 'yaml';

const FRONTMATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** A new Markdown file: YAML frontmatter between fences, then the body. */
export function markdownFile(frontmatter: Record<string, unknown>, body: string): string {
  return `---\n${stringify(frontmatter, { lineWidth: 0 })}---\n${body}`;
}

/**
 * `text` with the top-level frontmatter fields in `changes` set (or removed, for `undefined`). Fields not
 * named, comments and the body are left exactly as they were.
 */
export function editFrontmatter(text: string, changes: Record<string, unknown>): string {
  const match = FRONTMATTER.exec(text);
  const yamlText = match?.[1] ?? '';
  const rest = match ? text.slice(match[0].length) : text;
  const doc = parseDocument(yamlText);
  for (const [key, value] of Object.entries(changes)) {
    const current = doc.get(key, true);
    if (value === undefined) doc.delete(key);
    // A scalar keeps its node, so a comment beside it stays.
    else if (isScalar(current) && (value === null || typeof value !== 'object')) current.value = value;
    else doc.set(key, doc.createNode(value));
  }
  const out = doc.toString({ lineWidth: 0 });
  return `---\n${out.endsWith('\n') ? out : `${out}\n`}---\n${rest}`;
}

/** Whether two JSON-like values are equal (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}
