/**
 * Finds the line and column of a field path in YAML or JSON text. Used lazily, only for the files a
 * diagnostic points into, because the `yaml` CST parser is several times slower than js-yaml.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree, visit, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { canCompose } from './read-yaml.ts';

export interface Position {
  line: number;
  column: number;
}

/**
 * A YAML or JSON text parsed once for locating field paths in it. JSON text (most schema files) is read
 * with jsonc-parser's scanner, several times faster than the `yaml` CST parser; YAML, and JSON that does not
 * parse as JSON, with the `yaml` parser.
 */
export class ParsedSource {
  readonly #lineCounter = new LineCounter();
  readonly #contents: Node | null | undefined;
  readonly #json: JsonNode | undefined;
  readonly #firstLine: number;
  /** Each map's pairs by key, built when a path first goes through it (a file may have thousands of findings). */
  readonly #keys = new WeakMap<object, Map<string, Pair>>();
  readonly #jsonKeys = new WeakMap<JsonNode, Map<string, JsonNode>>();

  /** `text` starts on line `firstLine` of its file (2 for frontmatter). */
  constructor(text: string, firstLine = 1) {
    this.#firstLine = firstLine;
    // Text nested past what Waybill reads is not handed to the recursive composer (see read-yaml.ts).
    if (!canCompose(text)) return;
    if (/^\s*[[{]/.test(text)) {
      const errors: ParseError[] = [];
      const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
      if (tree && errors.length === 0) {
        this.#json = tree;
        this.#lineCounter.addNewLine(0);
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#lineCounter.addNewLine(i + 1);
        return;
      }
    }
    try {
      this.#contents = parseDocument(text, { lineCounter: this.#lineCounter, keepSourceTokens: false, uniqueKeys: false }).contents as Node | null;
    } catch {
      this.#contents = undefined;
    }
  }

  /**
   * Position of `fieldPath`, offset by `firstLine - 1` lines. For a path that does not exist, the position
   * of its deepest existing ancestor; for an empty path, the first line.
   */
  locate(fieldPath: readonly (string | number)[]): Position {
    if (this.#json) return this.#position(this.#locateJson(fieldPath));
    let node: unknown = this.#contents;
    let offset: number | undefined = (this.#contents as Node | null | undefined)?.range?.[0];
    for (const seg of fieldPath) {
      if (isMap(node)) {
        let keys = this.#keys.get(node);
        if (!keys) {
          keys = new Map();
          for (const item of node.items) if (isPair(item) && isScalar(item.key) && !keys.has(String(item.key.value))) keys.set(String(item.key.value), item as Pair);
          this.#keys.set(node, keys);
        }
        const pair = keys.get(String(seg));
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
    return this.#position(offset);
  }

  /** The offset of `fieldPath` (or of its deepest existing ancestor) in a JSON text. */
  #locateJson(fieldPath: readonly (string | number)[]): number {
    let node = this.#json as JsonNode;
    let offset = node.offset;
    for (const seg of fieldPath) {
      if (node.type === 'object') {
        let keys = this.#jsonKeys.get(node);
        if (!keys) {
          keys = new Map();
          for (const property of node.children ?? []) {
            const key = property.children?.[0];
            if (key && !keys.has(String(key.value))) keys.set(String(key.value), property);
          }
          this.#jsonKeys.set(node, keys);
        }
        const property = keys.get(String(seg));
        const value = property?.children?.[1];
        if (!property || !value) break;
        offset = property.offset;
        node = value;
      } else if (node.type === 'array' && typeof seg === 'number') {
        const item = node.children?.[seg];
        if (!item) break;
        offset = item.offset;
        node = item;
      } else {
        break;
      }
    }
    return offset;
  }

  #position(offset: number | undefined): Position {
    if (offset === undefined) return { line: this.#firstLine, column: 1 };
    const pos = this.#lineCounter.linePos(offset);
    return { line: pos.line + this.#firstLine - 1, column: pos.col };
  }
}

/**
 * Positions of many field paths in one YAML or JSON text, in the order of `paths`, each placed as
 * {@link ParsedSource.locate} places it. JSON text is read in one pass of jsonc-parser's scanner that builds no
 * tree and skips every object and array no path goes into (a schema file with a finding costs a scan, not a
 * parse); YAML, and JSON that does not parse as JSON, is parsed once by {@link ParsedSource}.
 */
export function locateAll(text: string, paths: readonly (readonly (string | number)[])[], firstLine = 1): Position[] {
  if (/^\s*[[{]/.test(text) && canCompose(text)) {
    const found = locateJsonAll(text, paths, firstLine);
    if (found) return found;
  }
  const source = new ParsedSource(text, firstLine);
  return paths.map((p) => source.locate(p));
}

/** The paths asked for, as a tree of segments; `at` is set when the text has the node. */
interface PathTrie {
  /** Children by key (every segment, as a string: an object's key). */
  keys?: Map<string, PathTrie>;
  /** Children by index (numeric segments only: an array's item). */
  items?: Map<number, PathTrie>;
  at?: Position;
}

/** {@link locateAll} for JSON text; undefined when the text is not plain JSON. */
function locateJsonAll(text: string, paths: readonly (readonly (string | number)[])[], firstLine: number): Position[] | undefined {
  const root: PathTrie = {};
  for (const p of paths) {
    let node = root;
    for (const seg of p) {
      let child = (node.keys ??= new Map()).get(String(seg));
      if (!child) node.keys.set(String(seg), (child = {}));
      if (typeof seg === 'number') (node.items ??= new Map()).set(seg, child);
      node = child;
    }
  }
  // The open objects and arrays: the path node each is (undefined: no path goes there) and, for an array, its next index.
  const open: { node: PathTrie | undefined; array: boolean; index: number }[] = [];
  // The path node of the value after the object key just read.
  let afterKey: PathTrie | undefined;
  let failed = false;
  const position = (line: number, character: number): Position => ({ line: line + firstLine, column: character + 1 });
  const valueStarts = (line: number, character: number): PathTrie | undefined => {
    const parent = open[open.length - 1];
    if (!parent) {
      root.at = position(line, character);
      return root;
    }
    if (!parent.array) return afterKey;
    const item = parent.node?.items?.get(parent.index++);
    if (item && !item.at) item.at = position(line, character);
    return item;
  };
  const begins = (array: boolean) => (_offset: number, _length: number, line: number, character: number) => {
    const node = valueStarts(line, character);
    open.push({ node, array, index: 0 });
    // Returning false skips the callbacks inside (until this value's end): nothing there is asked for.
    return (array ? node?.items : node?.keys) ? undefined : false;
  };
  visit(
    text,
    {
      onObjectBegin: begins(false),
      onArrayBegin: begins(true),
      onObjectEnd: () => void open.pop(),
      onArrayEnd: () => void open.pop(),
      onObjectProperty: (name, _offset, _length, line, character) => {
        const child = open[open.length - 1]?.node?.keys?.get(name);
        // The first of two equal keys is the one found (as the YAML reading does).
        if (child && !child.at) {
          child.at = position(line, character);
          afterKey = child;
        } else {
          afterKey = undefined;
        }
      },
      onLiteralValue: (_value, _offset, _length, line, character) => void valueStarts(line, character),
      onError: () => void (failed = true),
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  if (failed) return undefined;
  return paths.map((p) => {
    let node: PathTrie | undefined = root;
    let at = root.at ?? { line: firstLine, column: 1 };
    for (const seg of p) {
      node = node.keys?.get(String(seg));
      if (!node?.at) break;
      at = node.at;
    }
    return at;
  });
}

/**
 * Position of `fieldPath` in `text` (YAML or JSON), offset by `firstLine - 1` lines. Parses `text` each
 * call: to locate many paths in one text, make one {@link ParsedSource}.
 */
export function locatePath(text: string, fieldPath: readonly (string | number)[], firstLine = 1): Position {
  return new ParsedSource(text, firstLine).locate(fieldPath);
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
 * Locates field paths in catalog files, reading and parsing each file at most once: frontmatter fields for Markdown
 * files, JSON pointers for schema and spec documents.
 */
export class SourceLocator {
  /**
   * How many parsed files are kept, most recently used last: memory stays bounded on a catalog of tens of
   * thousands of files, and lint locates its findings grouped by file, so each file is still parsed once.
   */
  static readonly KEPT = 64;
  readonly #root: string;
  readonly #resolve?: (file: string) => string;
  readonly #sources = new Map<string, ParsedSource | null>();

  /** `resolve` maps a file name to its path on disk, for files that are not below `root` (included catalogs). */
  constructor(root: string, resolve?: (file: string) => string) {
    this.#root = root;
    this.#resolve = resolve;
  }

  /** Positions of many paths in one file, reading and scanning it once (see {@link locateAll}); nothing is kept. */
  locateAll(file: string, paths: readonly (readonly (string | number)[])[]): Position[] {
    const read = readSource(this.#resolve?.(file) ?? join(this.#root, file), file);
    return read ? locateAll(read.text, paths, read.firstLine) : paths.map(() => ({ line: 1, column: 1 }));
  }

  locate(file: string, fieldPath: readonly (string | number)[]): Position {
    let source = this.#sources.get(file);
    if (source === undefined) {
      const read = readSource(this.#resolve?.(file) ?? join(this.#root, file), file);
      source = read && new ParsedSource(read.text, read.firstLine);
    }
    this.#sources.delete(file);
    this.#sources.set(file, source);
    if (this.#sources.size > SourceLocator.KEPT) this.#sources.delete(this.#sources.keys().next().value as string);
    if (!source) return { line: 1, column: 1 };
    return source.locate(fieldPath);
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
