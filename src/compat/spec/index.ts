/**
 * Spec diffs: breaking-change detection between two versions of a service's OpenAPI (Swagger 2.0,
 * OpenAPI 3.0, 3.1) or AsyncAPI (2.x, 3.x) document, with change codes in the style of the schema
 * checks. {@link diffSpecs} picks the right one.
 *
 * @module
 */
import type { SpecDocument } from '../../catalog/model.ts';
import { diffAsyncApi } from './asyncapi-diff.ts';
import { diffOpenApi } from './openapi-diff.ts';
import { change, type SpecChange } from './types.ts';

export { diffAsyncApi } from './asyncapi-diff.ts';
export { diffOpenApi } from './openapi-diff.ts';
export type { ChangeLevel, SpecChange } from './types.ts';

/**
 * Every change from `before` to `after`, two versions of the same document. Documents of different
 * types cannot be compared: that is one `SPEC_TYPE_CHANGED` change.
 */
export function diffSpecs(before: Pick<SpecDocument, 'type' | 'document'>, after: Pick<SpecDocument, 'type' | 'document'>): SpecChange[] {
  if (before.type !== after.type) {
    return [change('SPEC_TYPE_CHANGED', 'breaking', 'document', `The document changed from ${before.type} to ${after.type}; its operations cannot be compared.`, [])];
  }
  const oldDoc = before.document as Record<string, unknown>;
  const newDoc = after.document as Record<string, unknown>;
  return before.type === 'openapi' ? diffOpenApi(oldDoc, newDoc) : diffAsyncApi(oldDoc, newDoc);
}
