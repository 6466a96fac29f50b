/**
 * Finds the line and column of a field path in YAML or JSON text. Used lazily, only for the files a
 * diagnostic points into, because the `yaml` CST parser is several times slower than js-yaml.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { CST, isMap, isPair, isScalar, isSeq, LineCounter, Parser, parseDocument, type Node, type Pair } from 'yaml';
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
 * {@link ParsedSource.locate} places it. JSON text is read in one pass that builds nothing and skips every
 * value no path goes into (a schema file with findings costs about a scan for its brackets and quotes, not a
 * parse); YAML, and any JSON text that pass does not read, is parsed once by {@link ParsedSource}.
 */
export function locateAll(text: string, paths: readonly (readonly (string | number)[])[], firstLine = 1): Position[] {
  const found = /^\s*[[{]/.test(text) ? locateJsonAll(text, paths, firstLine) : canCompose(text) ? locateYamlAll(text, paths, firstLine) : undefined;
  if (found) return found;
  const source = new ParsedSource(text, firstLine);
  return paths.map((p) => source.locate(p));
}

/** Offsets in `text` to lines (from `firstLine`) and columns: the start of every line, then a binary search per offset. */
function positions(text: string, firstLine: number): (offset: number) => Position {
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + firstLine, column: offset - starts[lo] + 1 };
  };
}

/** A block-map key the CST reading takes as written: a plain word that the YAML core schema reads as that same string. */
const PLAIN_KEY = /^(?!(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$)[A-Za-z_$][\w$-]*$/;
/** Source tokens that change nothing about a node: anything else (an anchor, a tag, `?`) sends the text to the full reading. */
const NEUTRAL = new Set(['space', 'newline', 'comment', 'seq-item-ind', 'map-value-ind']);

/**
 * {@link locateAll} for YAML (frontmatter) from the `yaml` library's CST, without composing the document:
 * block maps and block sequences whose keys are plain words or quoted strings. Undefined for anything else
 * on the way (flow collections, anchors, tags, other keys, syntax errors), which the full reading places.
 */
function locateYamlAll(text: string, paths: readonly (readonly (string | number)[])[], firstLine: number): Position[] | undefined {
  let doc: CST.Document | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document' && !doc) doc = token;
    else if (token.type !== 'comment' && token.type !== 'newline' && token.type !== 'space') return undefined;
  }
  const root = doc?.value;
  if (!doc || !root || root.type !== 'block-map' || doc.start.some((t) => !NEUTRAL.has(t.type))) return undefined;
  // Text with a syntax error anywhere is composed as the full reading composes it.
  let broken = false;
  CST.visit(doc, (item) => {
    if (item.key?.type === 'error' || item.value?.type === 'error' || item.start.some((t) => (t.type as string) === 'error')) return (broken = true, CST.visit.BREAK);
  });
  if (broken) return undefined;
  const position = positions(text, firstLine);
  const keysOf = new Map<CST.BlockMap, Map<string, CST.BlockMap['items'][number]> | undefined>();
  /** A map's items by key (the first of equal keys); undefined when a key is not one the CST reading takes. */
  const itemsOf = (map: CST.BlockMap) => {
    if (keysOf.has(map)) return keysOf.get(map);
    let keys: Map<string, CST.BlockMap['items'][number]> | undefined = new Map();
    for (const item of map.items) {
      if (item.key === undefined && item.sep === undefined && item.value === undefined) continue;
      const key = item.key;
      let name: string | undefined;
      if (key?.type === 'scalar' && PLAIN_KEY.test(key.source)) name = key.source;
      else if (key?.type === 'single-quoted-scalar' || key?.type === 'double-quoted-scalar') {
        let bad = false;
        const resolved = CST.resolveAsScalar(key, true, () => (bad = true));
        if (!bad && resolved) name = resolved.value;
      }
      if (name === undefined || item.start.some((t) => !NEUTRAL.has(t.type)) || item.sep?.some((t) => !NEUTRAL.has(t.type))) {
        keys = undefined;
        break;
      }
      if (!keys.has(name)) keys.set(name, item);
    }
    keysOf.set(map, keys);
    return keys;
  };
  const out: Position[] = [];
  for (const p of paths) {
    let node: CST.Token | undefined = root;
    let offset = root.offset;
    for (const seg of p) {
      if (node?.type === 'block-map') {
        const keys = itemsOf(node);
        if (!keys) return undefined;
        const item = keys.get(String(seg));
        if (!item?.key) break;
        offset = item.key.offset;
        node = item.value;
      } else if (node?.type === 'block-seq' && typeof seg === 'number') {
        const item = node.items[seg];
        if (!item) break;
        if (!item.value || item.start.some((t) => !NEUTRAL.has(t.type))) return undefined;
        offset = item.value.offset;
        node = item.value;
      } else if (node?.type === 'flow-collection' || node?.type === 'error') {
        return undefined;
      } else {
        break;
      }
    }
    out.push(position(offset));
  }
  return out;
}

/** The paths asked for, as a tree of segments; `offset` is set when the text has the node. */
interface PathTrie {
  /** Children by key (every segment, as a string: an object's key). */
  keys?: Map<string, PathTrie>;
  /** Children by index (numeric segments only: an array's item). */
  items?: Map<number, PathTrie>;
  /** Where the node starts: its key in an object, the value itself in an array or at the root. */
  offset?: number;
}

/** Thrown inside {@link locateJsonAll} on text that is not JSON. */
const NOT_JSON = new Error('not JSON');

/** {@link locateAll} for JSON text; undefined when the text is not JSON. */
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
  let i = 0;
  const n = text.length;
  const space = () => {
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  };
  const expect = (code: number) => {
    if (text.charCodeAt(i) !== code) throw NOT_JSON;
    i++;
  };
  /** Past the string starting at `i` (a quote). */
  const string = () => {
    for (let from = i + 1; ; ) {
      const quote = text.indexOf('"', from);
      if (quote === -1) throw NOT_JSON;
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
      from = quote + 1;
      if (backslashes % 2 === 0) {
        i = from;
        return;
      }
    }
  };
  /** Past the value starting at `i`, without looking inside (no recursion, so no depth limit). */
  const skip = () => {
    let depth = 0;
    do {
      const c = text.charCodeAt(i);
      if (c === 0x22) string();
      else if (c === 0x7b || c === 0x5b) (depth++, i++);
      else if (c === 0x7d || c === 0x5d) (depth--, i++);
      else if (i >= n) throw NOT_JSON;
      else i++;
    } while (depth > 0 || !atEnd());
  };
  /** Whether `i` is past a scalar or a closed bracket: at a separator, a closing bracket or the end. */
  const atEnd = () => {
    const c = text.charCodeAt(i);
    return i >= n || c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  };
  /** Reads the value at `i`, the path node `node` (recursion only along the paths asked for). */
  const value = (node: PathTrie | undefined) => {
    space();
    const c = text.charCodeAt(i);
    if (c === 0x7b && node?.keys) {
      i++;
      space();
      if (text.charCodeAt(i) === 0x7d) return void i++;
      for (;;) {
        space();
        const start = i;
        if (text.charCodeAt(i) !== 0x22) throw NOT_JSON;
        string();
        const raw = text.slice(start + 1, i - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(start, i)) as string) : raw;
        space();
        expect(0x3a);
        const child = node.keys.get(key);
        // The first of two equal keys is the one found (as the YAML reading does).
        if (child && child.offset === undefined) {
          child.offset = start;
          value(child);
        } else {
          value(undefined);
        }
        space();
        if (text.charCodeAt(i) === 0x2c) i++;
        else return expect(0x7d);
      }
    }
    if (c === 0x5b && node?.items) {
      i++;
      space();
      if (text.charCodeAt(i) === 0x5d) return void i++;
      for (let index = 0; ; index++) {
        space();
        const item = node.items.get(index);
        if (item && item.offset === undefined) item.offset = i;
        value(item);
        space();
        if (text.charCodeAt(i) === 0x2c) i++;
        else return expect(0x5d);
      }
    }
    if (i >= n) throw NOT_JSON;
    skip();
  };
  try {
    space();
    root.offset = i;
    value(root);
    space();
    if (i < n) return undefined;
  } catch (error) {
    if (error === NOT_JSON || error instanceof SyntaxError) return undefined;
    throw error;
  }
  const position = positions(text, firstLine);
  return paths.map((p) => {
    let node: PathTrie | undefined = root;
    let at = root.offset!;
    for (const seg of p) {
      node = node.keys?.get(String(seg));
      if (node?.offset === undefined) break;
      at = node.offset;
    }
    return position(at);
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
    text = readFileSync(absolute, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // Most files have no carriage return: a search is cheaper than a replace that finds nothing.
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  } catch {
    return null;
  }
  if (/\.mdx?$/i.test(file)) {
    const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(\n|$)/.exec(text);
    return match ? { text: match[1], firstLine: 2 } : { text: '', firstLine: 1 };
  }
  return { text, firstLine: 1 };
}
