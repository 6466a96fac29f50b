/**
 * Finds the line and column of a field path in YAML or JSON text. Used lazily, only for the files a
 * diagnostic points into, because the `yaml` CST parser is several times slower than js-yaml.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

/**
 * Position of `fieldPath` in `text` (YAML or JSON), offset by `firstLine - 1` lines. For a path that
 * does not exist, the position of its deepest existing ancestor; for an empty path, the first line.
 */
export function locatePath(text: string, fieldPath: readonly (string | number)[], firstLine = 1): Position {
  return positionIn(parseForLocating(text), fieldPath, firstLine);
}

/** A document parsed for locating paths in it (undefined when it cannot be parsed). */
type Locatable = { doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter } | undefined;

function parseForLocating(text: string): Locatable {
  const lineCounter = new LineCounter();
  try {
    return { doc: parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false }), lineCounter };
  } catch {
    return undefined;
  }
}

function positionIn(parsed: Locatable, fieldPath: readonly (string | number)[], firstLine: number): Position {
  if (!parsed) return { line: firstLine, column: 1 };
  const { doc, lineCounter } = parsed;
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const seg of fieldPath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  if (offset === undefined) return { line: firstLine, column: 1 };
  const pos = lineCounter.linePos(offset);
  return { line: pos.line + firstLine - 1, column: pos.col };
}

/** Turns an ajv/JSON-pointer instance path (`/sends/2/id`) into segments, numbers for indices. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `['sends', 2, 'id']` → `sends[2].id` for messages. */
export function formatPath(fieldPath: readonly (string | number)[]): string {
  return fieldPath.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/**
 * Locates field paths in catalog files, reading each file at most once: frontmatter fields for Markdown
 * files, JSON pointers for schema and spec documents.
 */
/** How many parsed files a locator keeps. */
const PARSED_KEPT = 256;

export class SourceLocator {
  readonly #root: string;
  readonly #resolve?: (file: string) => string;
  readonly #sources = new Map<string, { text: string; firstLine: number } | null>();
  /**
   * The last files parsed, most recent last: a file with many findings is parsed once, not once per
   * finding (the `yaml` parser made 1,292 findings cost 3 s of a 1,000-message lint), and memory stays bounded.
   */
  readonly #parsed = new Map<string, Locatable>();

  /** `resolve` maps a file name to its path on disk, for files that are not below `root` (included catalogs). */
  constructor(root: string, resolve?: (file: string) => string) {
    this.#root = root;
    this.#resolve = resolve;
  }

  locate(file: string, fieldPath: readonly (string | number)[]): Position {
    let source = this.#sources.get(file);
    if (source === undefined) {
      source = readSource(this.#resolve?.(file) ?? join(this.#root, file), file);
      this.#sources.set(file, source);
    }
    if (!source) return { line: 1, column: 1 };
    let parsed = this.#parsed.get(file);
    if (parsed === undefined && !this.#parsed.has(file)) parsed = parseForLocating(source.text);
    this.#parsed.delete(file);
    this.#parsed.set(file, parsed);
    if (this.#parsed.size > PARSED_KEPT) this.#parsed.delete(this.#parsed.keys().next().value as string);
    return positionIn(parsed, fieldPath, source.firstLine);
  }
}

function readSource(absolute: string, file: string): { text: string; firstLine: number } | null {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch {
    return null;
  }
  if (/\.mdx?$/i.test(file)) {
    const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(\n|$)/.exec(text);
    return match ? { text: match[1], firstLine: 2 } : { text: '', firstLine: 1 };
  }
  return { text, firstLine: 1 };
}
