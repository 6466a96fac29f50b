/**
 * The allow-list catalog HTML is cut down to: GitHub's (hast-util-sanitize's default schema), with
 * remote images and form controls other than task-list checkboxes left out. Everything Waybill adds
 * itself (heading anchors, highlighted code, diagrams, MDX component output) is added after this pass,
 * through marker elements whose tag name the catalog cannot guess.
 */
import type { Root } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';

/** Builds the schema for one render; `slotTag` is that render's marker element. */
export function sanitizeSchema(slotTag: string): Schema {
  return {
    ...defaultSchema,
    tagNames: [...(defaultSchema.tagNames ?? []).filter((t) => t !== 'input'), 'input', 'figure', 'figcaption', 'mark', 'abbr', slotTag],
    attributes: {
      ...defaultSchema.attributes,
      [slotTag]: ['dataSlot'],
      img: [...(defaultSchema.attributes?.img ?? []), 'alt', 'title', 'width', 'height'],
      th: ['align'],
      td: ['align'],
    },
    protocols: { ...defaultSchema.protocols, src: ['http', 'https'] },
  };
}

const schemas = new Map<string, Schema>();

/** Sanitizes a tree with the catalog schema. */
export function sanitizeTree(tree: Root, slotTag: string): Root {
  let schema = schemas.get(slotTag);
  if (!schema) schemas.set(slotTag, (schema = sanitizeSchema(slotTag)));
  return sanitize(tree, schema) as Root;
}
