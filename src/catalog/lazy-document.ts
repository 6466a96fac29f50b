/**
 * Parsed documents read on first use. A warm lint answers most schema questions from the load cache, so it
 * need not parse the 40 MB of JSON a 10,000-message catalog's schemas hold; whoever reads a schema's
 * `value` (a page, a rule whose verdict is not cached) gets it parsed then, once. A schema document and the
 * catalog's `documents` entry for its file share one {@link LazyValue}, so the file is parsed once whichever
 * is read first.
 *
 * Readers see the model as before: `doc.value` is an own, enumerable property (spread, `structuredClone`
 * and `JSON.stringify` read it), and `catalog.documents` is a `Map` whose `get`, iteration and copies yield
 * parsed values.
 */
import type { SchemaDocument } from './model.ts';

/**
 * Whether parsed documents are frozen when read: under the tests (Vitest sets VITEST) and with
 * WAYBILL_FREEZE=1, as the catalog freezes its graph (see catalog.ts).
 */
export const FREEZE_DEEPLY = Boolean(process.env.VITEST) || process.env.WAYBILL_FREEZE === '1';

/** A value computed by `read` on the first {@link get}, then kept (and `read`, with the text it holds, dropped). */
export class LazyValue {
  #read: (() => unknown) | undefined;
  #value: unknown;

  constructor(read: () => unknown) {
    this.#read = read;
  }

  /** A value known already. */
  static of(value: unknown): LazyValue {
    const lazy = new LazyValue(() => value);
    lazy.get();
    return lazy;
  }

  /** The value, read now when it has not been. */
  get(): unknown {
    const read = this.#read;
    if (read) {
      this.#read = undefined;
      this.#value = read();
      if (FREEZE_DEEPLY && this.#value && typeof this.#value === 'object') Object.freeze(this.#value);
    }
    return this.#value;
  }

  /** Whether the value has been read (for tests and the bench: a warm lint parses no schema). */
  get read(): boolean {
    return this.#read === undefined;
  }
}

/**
 * A {@link SchemaDocument} whose `value` is `value.get()`, read when first asked for. A dev snapshot can keep
 * the document without its value and make it again with a `LazyValue` that parses the file's text.
 */
export function lazySchemaDocument(doc: Omit<SchemaDocument, 'value'>, value: LazyValue): SchemaDocument {
  // Keys in the order the loader always wrote them: file, format, dialect, value, fields.
  const { fields, ...head } = doc;
  const out = head as SchemaDocument;
  Object.defineProperty(out, 'value', { enumerable: true, configurable: false, get: () => value.get() });
  if ('fields' in doc) Object.assign(out, { fields });
  valueOf.set(out, value);
  return out;
}

const valueOf = new WeakMap<object, LazyValue>();

/** The lazy value behind a schema document made by {@link lazySchemaDocument}; undefined for a plain one. */
export function lazyValueOf(doc: SchemaDocument): LazyValue | undefined {
  return valueOf.get(doc);
}

/**
 * The catalog's parsed documents by file: a `Map` whose entries may be {@link LazyValue}s, read when an
 * entry is first read. `new DocumentMap(other)` copies another one's entries without reading them.
 */
export class DocumentMap extends Map<string, unknown> {
  constructor(entries?: Iterable<readonly [string, unknown]> | null) {
    super();
    if (entries instanceof DocumentMap) for (const [file, value] of entries.#raw()) super.set(file, value);
    else if (entries) for (const [file, value] of entries) this.set(file, value);
  }

  /** Sets an entry read on first use. */
  setLazy(file: string, value: LazyValue): this {
    return super.set(file, value);
  }

  /** Whether the entry has been parsed (true for one set as a plain value). */
  isRead(file: string): boolean {
    const value = super.get(file);
    return !(value instanceof LazyValue) || value.read;
  }

  override get(file: string): unknown {
    const value = super.get(file);
    return value instanceof LazyValue ? value.get() : value;
  }

  override forEach(callback: (value: unknown, key: string, map: Map<string, unknown>) => void, thisArg?: unknown): void {
    for (const [file, value] of this.entries()) callback.call(thisArg, value, file, this);
  }

  override *entries(): MapIterator<[string, unknown]> {
    for (const [file, value] of this.#raw()) yield [file, value instanceof LazyValue ? value.get() : value];
  }

  override *values(): MapIterator<unknown> {
    for (const [, value] of this.entries()) yield value;
  }

  override [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }

  *#raw(): Generator<[string, unknown]> {
    yield* super.entries();
  }
}
