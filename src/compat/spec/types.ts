/** What a spec diff reports. */
import type { Pointer } from '../../spec/index.ts';

/**
 * How much a change matters to the API's users: `breaking` — some client or consumer stops working;
 * `warning` — some may (e.g. a new response status they do not handle); `info` — additive.
 */
export type ChangeLevel = 'breaking' | 'warning' | 'info';

/** One difference between two versions of an OpenAPI or AsyncAPI document. */
export interface SpecChange {
  /**
   * Change code: `OPERATION_REMOVED`, `REQUIRED_PARAMETER_ADDED`, `SERVER_CHANGED`, `BINDING_CHANGED`, …,
   * or, inside a request/response/payload schema, the JSON Schema diff's own code (`TYPE_CHANGED`).
   */
  code: string;
  level: ChangeLevel;
  /** Where, in the API's own terms: `PUT /baskets/{id} request body`, `send mallbots.stores.events.Store`. */
  where: string;
  /** One sentence for people. */
  message: string;
  /** Pointer to the part in the document it is about: the newer one, or the older when the part is gone. */
  pointer: Pointer;
  side: 'old' | 'new';
  /** For a schema change: the JSON pointer inside the schema (`#/properties/name`). */
  schemaPath?: string;
}

/** Builds a change; `pointer` is in the newer document unless `side` says otherwise. */
export function change(code: string, level: ChangeLevel, where: string, message: string, pointer: Pointer, side: 'old' | 'new' = 'new', schemaPath?: string): SpecChange {
  return { code, level, where, message, pointer, side, ...(schemaPath ? { schemaPath } : {}) };
}
