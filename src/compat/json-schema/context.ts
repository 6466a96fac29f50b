import type { JsonSchemaChangeCode } from './change-codes.ts';
import type { SchemaNode } from './model.ts';
import { escapePointerSegment } from './json-value.ts';

/** One raw difference: a change code at a JSON pointer. */
export interface Difference {
  code: JsonSchemaChangeCode;
  path: string;
}

/**
 * State of one comparison: where we are in the schema, which schemas are being compared (to stop
 * on recursive references), and the differences found so far.
 */
export class DiffContext {
  readonly differences: Difference[] = [];
  private readonly compatibleChanges: ReadonlySet<JsonSchemaChangeCode>;
  private readonly path: string[];
  private readonly visiting: Set<SchemaNode>;

  constructor(
    compatibleChanges: ReadonlySet<JsonSchemaChangeCode>,
    path: string[] = [],
    visiting: Set<SchemaNode> = new Set(),
  ) {
    this.compatibleChanges = compatibleChanges;
    this.path = path;
    this.visiting = visiting;
  }

  /** A fresh context at the same place, for trying a comparison before keeping its result. */
  subcontext(): DiffContext {
    return new DiffContext(this.compatibleChanges, [...this.path], new Set(this.visiting));
  }

  /** Runs `body` with `segments` appended to the current path (segments are escaped). */
  at(segments: string | string[], body: () => void): void {
    const list = typeof segments === 'string' ? [segments] : segments;
    this.path.push(...list.map(escapePointerSegment));
    try {
      body();
    } finally {
      this.path.length -= list.length;
    }
  }

  /** Runs `body` unless `schema` is already being compared further up (a recursive schema). */
  enterSchema(schema: SchemaNode, body: () => void): void {
    if (this.visiting.has(schema)) return;
    this.visiting.add(schema);
    try {
      body();
    } finally {
      this.visiting.delete(schema);
    }
  }

  add(code: JsonSchemaChangeCode, attribute?: string): void {
    const segments = attribute === undefined ? this.path : [...this.path, escapePointerSegment(attribute)];
    this.differences.push({ code, path: `#/${segments.join('/')}` });
  }

  addAll(differences: readonly Difference[]): void {
    this.differences.push(...differences);
  }

  isCompatible(): boolean {
    return this.differences.every((d) => this.compatibleChanges.has(d.code));
  }
}
