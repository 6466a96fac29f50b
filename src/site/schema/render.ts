/**
 * The schema viewer as HTML: the property tree (types, required marks, formats, enums, constraints,
 * descriptions, nested objects, array items, variants), the raw schema and an example payload. Built
 * as hast so the message page and the `<SchemaViewer />` MDX component share one implementation;
 * every catalog value enters as text.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { SchemaDocument } from '../../catalog/model.ts';
import { highlightJson } from '../markdown/highlight.ts';
import { examplePayload } from './example.ts';
import { schemaProperties, typeLabel, type PropertyNode, type PropertyTreeOptions } from './properties.ts';

const raw = (value: string) => ({ type: 'raw', value }) as unknown as ElementContent;
const literal = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

/** The property tree of a schema (a `<ul>`), or a sentence when it has no properties. */
export function propertyTree(nodes: readonly PropertyNode[], depth = 0): Element {
  if (!nodes.length) return h('p.schema-empty', 'No properties.');
  return h('ul.props', { role: depth === 0 ? 'list' : undefined }, nodes.map((n) => propertyItem(n, depth)));
}

function propertyItem(node: PropertyNode, depth: number): Element {
  const head: ElementContent[] = [
    h('code.prop-name', node.name),
    h('span.prop-type', typeLabel(node)),
  ];
  if (node.ref && !node.recursive) head.push(h('span.prop-ref', { title: 'Defined once and referenced' }, node.ref));
  if (node.required) head.push(h('span.badge.badge-required', 'required'));
  if (node.deprecated) head.push(h('span.badge.badge-deprecated', 'deprecated'));
  if (node.readOnly) head.push(h('span.badge', 'read-only'));
  if (node.writeOnly) head.push(h('span.badge', 'write-only'));
  const body: ElementContent[] = [h('div.prop-head', head)];
  if (node.description) body.push(h('p.prop-desc', node.description));
  const meta: ElementContent[] = node.constraints.map((c) => h('span.chip', c));
  if (node.enum) meta.push(h('span.prop-enum', [h('span.meta-label', 'one of'), ...node.enum.slice(0, 50).map((v) => h('code', literal(v)))]));
  if (node.const !== undefined) meta.push(h('span.prop-enum', [h('span.meta-label', 'always'), h('code', literal(node.const))]));
  if (node.default !== undefined) meta.push(h('span.prop-enum', [h('span.meta-label', 'default'), h('code', literal(node.default))]));
  if (node.additional === false && node.children.length) meta.push(h('span.chip', 'no other properties'));
  if (meta.length) body.push(h('div.prop-meta', meta));
  const nested = nestedOf(node);
  if (nested.length) {
    const count = nested.length === 1 ? '1 property' : `${nested.length} properties`;
    const what = node.items && !node.children.length ? `each item: ${count}` : count;
    body.push(h('details.prop-children', { open: depth < 1 }, [h('summary', what), propertyTree(nested, depth + 1)]));
  }
  if (node.variants) {
    body.push(h('div.prop-variants', [
      h('p.meta-label', node.variants.kind === 'oneOf' ? 'Exactly one of:' : 'Any of:'),
      h('ol.variants', node.variants.options.map((o) => h('li', [h('div.prop-head', [h('strong', o.name), h('span.prop-type', typeLabel(o))]), ...(nestedOf(o).length ? [propertyTree(nestedOf(o), depth + 1)] : [])]))),
    ]));
  }
  if (node.additional) body.push(h('p.prop-desc', [h('span.meta-label', 'other properties: '), h('span.prop-type', typeLabel(node.additional))]));
  return h('li.prop', body);
}

/** The properties shown under a node: its own, else its array item's. */
function nestedOf(node: PropertyNode): PropertyNode[] {
  if (node.children.length) return node.children;
  if (node.items?.children.length) return node.items.children;
  return [];
}

/**
 * A JSON block with a copy button (the button works with the page's copy script). `highlight: false`
 * leaves the text plain — the page highlights it when it is shown (long raw schemas stay small).
 */
export function jsonPanel(value: unknown, title: string, id: string, highlight = true): Element {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return h('div.code-panel', [
    h('div.code-panel-head', [h('span', title), h('button.copy', { type: 'button', dataCopy: id, ariaLabel: `Copy ${title.toLowerCase()}` }, 'Copy')]),
    h('pre.code-block.json', { id, tabIndex: 0, dataHighlight: highlight ? undefined : 'json' }, [h('code', highlight ? [raw(highlightJson(text))] : [{ type: 'text', value: text }])]),
  ]);
}

export interface SchemaViewerOptions extends PropertyTreeOptions {
  /** Prefix for element ids (unique per page). */
  idPrefix?: string;
  /** Show the raw schema and the example (default true). */
  full?: boolean;
}

/** The whole viewer: properties, example payload, raw schema. */
export function schemaViewer(schema: SchemaDocument, options: SchemaViewerOptions = {}): Element {
  const prefix = options.idPrefix ?? 'schema';
  const nodes = schemaProperties(schema, options);
  const parts: ElementContent[] = [
    h('p.schema-source', [h('span.chip', formatLabel(schema)), ' ', h('code', schema.file)]),
    propertyTree(nodes),
  ];
  if (options.full !== false) {
    const example = examplePayload(schema, nodes);
    parts.push(h('div', { dataPagefindIgnore: '' }, [jsonPanel(example.value, example.source === 'schema' ? 'Example payload' : 'Example payload (generated from the schema)', `${prefix}-example`)]));
    const rawValue = schema.format === 'protobuf' ? undefined : schema.value;
    if (rawValue !== undefined) parts.push(h('details.raw-schema', { dataPagefindIgnore: '' }, [h('summary', 'Raw schema'), jsonPanel(rawValue, schema.format === 'avro' ? 'Avro schema' : 'JSON Schema', `${prefix}-raw`, false)]));
  }
  return h('div.schema-viewer', parts);
}

function formatLabel(schema: SchemaDocument): string {
  if (schema.format === 'avro') return 'Avro';
  if (schema.format === 'protobuf') return 'Protobuf';
  const d = schema.dialect ?? '';
  const draft = /draft-0?(\d+)/.exec(d)?.[1] ?? /draft\/(\d{4}-\d{2})/.exec(d)?.[1];
  return draft ? `JSON Schema ${draft.includes('-') ? draft : `draft-${draft.padStart(2, '0')}`}` : 'JSON Schema';
}
