/**
 * The one way Waybill turns YAML (and JSON) text into values: frontmatter, schema and spec documents, the
 * config and imported documents all come through here. Untrusted text cannot blow up what reads it:
 *
 * - aliases are counted before they are expanded: a document whose aliases would expand it past
 *   {@link MAX_EXPANDED_VALUES} values (a "billion laughs"), or an alias inside the node it names (a
 *   cycle, which no JSON value can hold), is refused with a problem at the alias's line;
 * - nesting is measured without recursion, before any recursive reader (the yaml library's own `toJS`,
 *   ajv, the schema walks, the site) sees the value: deeper than {@link MAX_DOCUMENT_DEPTH} is refused;
 * - a syntax error is reported where it starts (an unterminated quote where the quote opens, not at the
 *   end of the text).
 *
 * The `yaml` library's document model (`parseDocument`, iterative) is walked for these checks; plain
 * frontmatter without anchors and without deep indentation takes js-yaml (through gray-matter's engine,
 * several times faster on small documents), which cannot then meet either hazard.
 */
import { isAlias, isCollection, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** Deepest nesting of arrays and objects a document may have (JSON Schemas in practice stay under 40). */
export const MAX_DOCUMENT_DEPTH = 128;
/** Most values a YAML document may hold once its aliases are expanded. */
export const MAX_EXPANDED_VALUES = 1_000_000;

export interface TextProblem {
  code: 'document-syntax' | 'yaml-aliases' | 'document-too-deep';
  message: string;
  /** 1-based line and column in the text. */
  line: number;
  column: number;
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; problem: TextProblem };

/** Columns of indentation plus open brackets a line may reach before the parser is not given the text. */
const MAX_NESTING_COLUMNS = 2 * MAX_DOCUMENT_DEPTH;

export interface YamlOptions {
  /** Read `2024-01-31` as a timestamp (a Date), as frontmatter does; otherwise it stays a string. */
  dates?: boolean;
}

/** Parses YAML text with the checks above. */
export function parseYaml(text: string, options: YamlOptions = {}): ParseResult {
  const lineCounter = new LineCounter();
  // The library composes nested collections recursively: text nested past what any schema needs is refused
  // before it is parsed, so no recursion gets near the stack's end.
  const deep = nestingOffset(text, MAX_NESTING_COLUMNS);
  if (deep !== undefined) return tooDeep(text, deep);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, merge: true, ...(options.dates ? { customTags: ['timestamp'] } : {}), prettyErrors: false });
  } catch (error) {
    return { ok: false, problem: { code: 'document-syntax', message: `Not valid YAML: ${(error as Error).message.split('\n')[0]}`, line: 1, column: 1 } };
  }
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const error = doc.errors[0];
  if (error) {
    const offset = error.code === 'MISSING_CHAR' && /quote/i.test(error.message) ? (quoteOpening(text) ?? error.pos[0]) : error.pos[0];
    return { ok: false, problem: { code: 'document-syntax', message: `Not valid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, ...at(offset) } };
  }
  const shape = measure(doc);
  if (shape) {
    const where = at(shape.offset);
    const message =
      shape.kind === 'cycle'
        ? 'An alias here refers to a node that contains it (a cycle); no JSON value can hold that, so the document was not read.'
        : shape.kind === 'expansion'
          ? `Aliases here would expand the document past ${MAX_EXPANDED_VALUES.toLocaleString('en-US')} values (an alias bomb); it was not read.`
          : `The document nests deeper than ${MAX_DOCUMENT_DEPTH} levels here; it was not read.`;
    return { ok: false, problem: { code: shape.kind === 'depth' ? 'document-too-deep' : 'yaml-aliases', message, ...where } };
  }
  try {
    // Expansion was measured above, so the library's own alias budget is not needed.
    return { ok: true, value: doc.toJS({ maxAliasCount: -1 }) };
  } catch (error) {
    return { ok: false, problem: { code: 'document-syntax', message: `Not valid YAML: ${(error as Error).message.split('\n')[0]}`, line: 1, column: 1 } };
  }
}

/** Whether the yaml library may compose `text` (its nesting is within what Waybill reads). */
export function canCompose(text: string): boolean {
  return nestingOffset(text, MAX_NESTING_COLUMNS) === undefined;
}

/** Parses JSON text, refusing values nested deeper than {@link MAX_DOCUMENT_DEPTH}. */
export function parseJson(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    const line = lineCol ? Number(lineCol[1]) : position ? lineOf(text, Number(position)) : 1;
    const column = lineCol ? Number(lineCol[2]) : 1;
    return { ok: false, problem: { code: 'document-syntax', line, column, message: `Not valid JSON: ${message.replace(/^JSON\.parse: /, '').split('\n')[0]}` } };
  }
  if (depthOf(value) > MAX_DOCUMENT_DEPTH) return tooDeep(text, jsonDepthOffset(text, MAX_DOCUMENT_DEPTH));
  return { ok: true, value };
}

function tooDeep(text: string, offset: number): ParseResult {
  return {
    ok: false,
    problem: {
      code: 'document-too-deep',
      line: lineOf(text, offset),
      column: offset - text.lastIndexOf('\n', offset - 1),
      message: `The document nests deeper than ${MAX_DOCUMENT_DEPTH} levels here; it was not read.`,
    },
  };
}

/** Whether plain js-yaml can read `text` safely: no anchor or alias syntax, and no deep indentation or brackets. */
export function isPlainYaml(text: string): boolean {
  if (/(^|[\s[{,])[&*][^\s,\]}]/.test(text)) return false;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  if (max > 32) return false;
  // Block nesting needs at least one more column of indentation (or one more `- `) per level.
  return !/^[ \t-]{64,}/m.test(text);
}

/** Nesting depth of a JSON value (1 for a scalar), measured without recursion; cycles are not followed twice. */
export function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  const seen = new Set<object>();
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (depth > MAX_DOCUMENT_DEPTH) return depth;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return max;
}

interface Shape {
  kind: 'cycle' | 'expansion' | 'depth';
  offset: number;
}

/**
 * One pass over the document's nodes in document order (an explicit stack): the expanded size and depth
 * of every anchored node, an alias's taken from the node it names (which comes before it), so expansion
 * is measured, never performed.
 */
function measure(doc: Document.Parsed): Shape | undefined {
  const anchors = new Map<string, Node>();
  const size = new Map<Node, number>();
  const depth = new Map<Node, number>();
  const open = new Set<Node>();
  let total = 0;
  type Frame = { node: Node; children: Node[]; next: number; size: number; depth: number; level: number };
  const frame = (node: Node, level: number): Frame => ({ node, children: childrenOf(node), next: 0, size: 1, depth: 1, level });
  if (!doc.contents || !isCollection(doc.contents)) return undefined;
  const stack: Frame[] = [frame(doc.contents as Node, 1)];
  open.add(doc.contents as Node);
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.level > MAX_DOCUMENT_DEPTH) return { kind: 'depth', offset: top.node.range?.[0] ?? 0 };
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (isAlias(child)) {
        const target = anchors.get(child.source);
        if (!target) continue;
        if (open.has(target)) return { kind: 'cycle', offset: child.range?.[0] ?? 0 };
        const s = size.get(target) ?? 1;
        const d = depth.get(target) ?? 0;
        total += s;
        if (total > MAX_EXPANDED_VALUES) return { kind: 'expansion', offset: child.range?.[0] ?? 0 };
        if (top.level + d > MAX_DOCUMENT_DEPTH) return { kind: 'depth', offset: child.range?.[0] ?? 0 };
        top.size += s;
        top.depth = Math.max(top.depth, d + 1);
        continue;
      }
      if (child.anchor) anchors.set(child.anchor, child);
      if (!isCollection(child)) {
        size.set(child, 1);
        depth.set(child, 0);
        top.size += 1;
        if (++total > MAX_EXPANDED_VALUES) return { kind: 'expansion', offset: child.range?.[0] ?? 0 };
        continue;
      }
      open.add(child);
      stack.push(frame(child, top.level + 1));
      continue;
    }
    stack.pop();
    open.delete(top.node);
    total += 1;
    if (total > MAX_EXPANDED_VALUES) return { kind: 'expansion', offset: top.node.range?.[0] ?? 0 };
    size.set(top.node, top.size);
    depth.set(top.node, top.depth);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.size += top.size;
      parent.depth = Math.max(parent.depth, top.depth + 1);
    }
  }
  return undefined;
}

function childrenOf(node: Node): Node[] {
  if (!isCollection(node)) return [];
  const out: Node[] = [];
  for (const item of node.items as unknown[]) {
    if (isPair(item)) {
      if (item.key && typeof item.key === 'object' && !isScalar(item.key)) out.push(item.key as Node);
      if (item.value) out.push(item.value as Node);
    } else if (item) out.push(item as Node);
  }
  return out;
}

/**
 * Where an unterminated quoted scalar opens: the yaml library reports it at the end of the text, which
 * in a long frontmatter is far from the quote a person must fix.
 */
export function quoteOpening(text: string): number | undefined {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    const prev = i === 0 ? '\n' : text[i - 1];
    if ((c === '"' || c === "'") && /[\s:[{,-]/.test(prev)) {
      const close = closingQuote(text, i);
      if (close === -1) return i;
      i = close + 1;
      continue;
    }
    if (/[^\s]/.test(c)) {
      // A plain scalar runs to the end of its line (quotes inside it are text).
      const end = text.indexOf('\n', i);
      const colon = text.indexOf(': ', i);
      i = colon !== -1 && (end === -1 || colon < end) ? colon + 1 : end === -1 ? text.length : end;
      continue;
    }
    i++;
  }
  return undefined;
}

function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

/**
 * Offset of the first place where a line's indentation plus the brackets open there exceed `max` (quoted
 * text and comments skipped); undefined when none does.
 */
function nestingOffset(text: string, max: number): number | undefined {
  let flow = 0;
  let quote = '';
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && (c === ' ' || c === '-' || c === '?' || c === ':')) {
      if (++indent + flow > max) return i;
      continue;
    }
    lineStart = false;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end - 1;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,]/.test(text[i - 1]))) quote = c;
    else if (c === '[' || c === '{') {
      if (indent + ++flow > max) return i;
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return undefined;
}

/** Offset of the bracket that opens level `max + 1` of a JSON text (strings skipped). */
function jsonDepthOffset(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > max) return i;
    } else if (c === ']' || c === '}') depth--;
  }
  return 0;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
