/**
 * Finds the line and column of a field path in YAML or JSON text. Used lazily, only for the files a
 * diagnostic points into, because the `yaml` CST parser is several times slower than js-yaml.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

/**
 * A YAML or JSON text parsed once for locating many field paths in it. Parsing is the costly part (the
 * CST parser reads the whole text), so a file with thousands of findings is parsed once, not once per
 * finding; a map's keys are indexed the first time a path goes through it.
 */
export class SourceText {
  readonly #firstLine: number;
  readonly #lineCounter = new LineCounter();
  readonly #root: unknown;
  readonly #keys = new WeakMap<YAMLMap, Map<string, Pair>>();

  /** `firstLine` is the line of the text's first line in its file (2 for frontmatter after `---`). */
  constructor(text: string, firstLine = 1) {
    this.#firstLine = firstLine;
    let root: unknown;
    try {
      root = parseDocument(text, { lineCounter: this.#lineCounter, keepSourceTokens: false, uniqueKeys: false }).contents;
    } catch {
      root = undefined;
    }
    this.#root = root;
  }

  /**
   * Position of `fieldPath`. For a path that does not exist, the position of its deepest existing
   * ancestor; for an empty path, the first line.
   */
  locate(fieldPath: readonly (string | number)[]): Position {
    let node: unknown = this.#root;
    let offset: number | undefined = (node as Node | null | undefined)?.range?.[0];
    for (const seg of fieldPath) {
      if (isMap(node)) {
        const pair = this.#keysOf(node).get(String(seg));
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
    if (offset === undefined) return { line: this.#firstLine, column: 1 };
    const pos = this.#lineCounter.linePos(offset);
    return { line: pos.line + this.#firstLine - 1, column: pos.col };
  }

  #keysOf(map: YAMLMap): Map<string, Pair> {
    let keys = this.#keys.get(map);
    if (!keys) {
      keys = new Map();
      // The first of duplicate keys wins, as a reader of the text would find it.
      for (const item of map.items) if (isPair(item) && isScalar(item.key) && !keys.has(String(item.key.value))) keys.set(String(item.key.value), item);
      this.#keys.set(map, keys);
    }
    return keys;
  }
}

/**
 * Position of `fieldPath` in `text` (YAML or JSON), offset by `firstLine - 1` lines. Parses `text` each
 * call: to locate several paths in one text, use a {@link SourceText}.
 */
export function locatePath(text: string, fieldPath: readonly (string | number)[], firstLine = 1): Position {
  return new SourceText(text, firstLine).locate(fieldPath);
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
export class SourceLocator {
  /** Parsed texts kept at once: a lint run locates file by file, and a parsed 1 MB document is ~50 MB. */
  static readonly PARSED_KEPT = 8;
  readonly #root: string;
  readonly #resolve?: (file: string) => string;
  readonly #sources = new Map<string, { text: string; firstLine: number } | null>();
  readonly #parsed = new Map<string, SourceText>();

  /** `resolve` maps a file name to its path on disk, for files that are not below `root` (included catalogs). */
  constructor(root: string, resolve?: (file: string) => string) {
    this.#root = root;
    this.#resolve = resolve;
  }

  locate(file: string, fieldPath: readonly (string | number)[]): Position {
    let parsed = this.#parsed.get(file);
    if (parsed) {
      // Most recently used last.
      this.#parsed.delete(file);
      this.#parsed.set(file, parsed);
    } else {
      let source = this.#sources.get(file);
      if (source === undefined) {
        source = readSource(this.#resolve?.(file) ?? join(this.#root, file), file);
        this.#sources.set(file, source);
      }
      if (!source) return { line: 1, column: 1 };
      parsed = new SourceText(source.text, source.firstLine);
      this.#parsed.set(file, parsed);
      if (this.#parsed.size > SourceLocator.PARSED_KEPT) this.#parsed.delete(this.#parsed.keys().next().value as string);
    }
    return parsed.locate(fieldPath);
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
