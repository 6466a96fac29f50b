/**
 * The schema viewer as HTML: the property tree (types, required marks, formats, enums, constraints,
 * descriptions, nested objects, array items, variants), an example payload and the raw schema. The
 * message page and the `<SchemaViewer />` MDX component share it. It is on every message page, so it
 * is written as strings (hast plus hast-util-to-html cost ten times as much); every catalog value goes
 * through `escapeHtml`.
 */
import type { SchemaDocument } from '../../catalog/model.ts';
import { escapeHtml as esc, highlightJson } from '../markdown/json-highlight.ts';
import { examplePayload } from './example.ts';
import { typeLabel, type PropertyNode } from './properties.ts';

const literal = (v: unknown) => JSON.stringify(v) ?? String(v);
const code = (text: string) => `<code>${esc(text)}</code>`;

/** The property tree of a schema (a `<ul>`), or a sentence when it has no properties. */
export function propertyTreeHtml(nodes: readonly PropertyNode[], depth = 0): string {
  if (!nodes.length) return '<p class="schema-empty">No properties.</p>';
  return `<ul class="props"${depth === 0 ? ' role="list"' : ''}>${nodes.map((n) => propertyItem(n, depth)).join('')}</ul>`;
}

function propertyItem(node: PropertyNode, depth: number): string {
  let head = `<code class="prop-name">${esc(node.name)}</code><span class="prop-type">${esc(typeLabel(node))}</span>`;
  if (node.ref && !node.recursive) head += `<span class="prop-ref" title="Defined once and referenced">${esc(node.ref)}</span>`;
  if (node.required) head += '<span class="badge badge-required">required</span>';
  if (node.deprecated) head += '<span class="badge badge-deprecated">deprecated</span>';
  if (node.readOnly) head += '<span class="badge">read-only</span>';
  if (node.writeOnly) head += '<span class="badge">write-only</span>';
  let body = `<div class="prop-head">${head}</div>`;
  if (node.description) body += `<p class="prop-desc">${esc(node.description)}</p>`;
  let meta = node.constraints.map((c) => `<span class="chip">${esc(c)}</span>`).join('');
  if (node.enum) meta += `<span class="prop-enum"><span class="meta-label">one of</span>${node.enum.slice(0, 50).map((v) => code(literal(v))).join('')}</span>`;
  if (node.const !== undefined) meta += `<span class="prop-enum"><span class="meta-label">always</span>${code(literal(node.const))}</span>`;
  if (node.default !== undefined) meta += `<span class="prop-enum"><span class="meta-label">default</span>${code(literal(node.default))}</span>`;
  if (node.additional === false && node.children.length) meta += '<span class="chip">no other properties</span>';
  if (meta) body += `<div class="prop-meta">${meta}</div>`;
  const nested = nestedOf(node);
  if (nested.length) {
    const count = nested.length === 1 ? '1 property' : `${nested.length} properties`;
    const what = node.items && !node.children.length ? `each item: ${count}` : count;
    body += `<details class="prop-children"${depth < 1 ? ' open' : ''}><summary>${what}</summary>${propertyTreeHtml(nested, depth + 1)}</details>`;
  }
  if (node.variants) {
    const options = node.variants.options
      .map((o) => `<li><div class="prop-head"><strong>${esc(o.name)}</strong><span class="prop-type">${esc(typeLabel(o))}</span></div>${nestedOf(o).length ? propertyTreeHtml(nestedOf(o), depth + 1) : ''}</li>`)
      .join('');
    body += `<div class="prop-variants"><p class="meta-label">${node.variants.kind === 'oneOf' ? 'Exactly one of:' : 'Any of:'}</p><ol class="variants">${options}</ol></div>`;
  }
  if (node.additional) body += `<p class="prop-desc"><span class="meta-label">other properties: </span><span class="prop-type">${esc(typeLabel(node.additional))}</span></p>`;
  return `<li class="prop">${body}</li>`;
}

/** The properties shown under a node: its own, else its array item's. */
function nestedOf(node: PropertyNode): PropertyNode[] {
  if (node.children.length) return node.children;
  if (node.items?.children.length) return node.items.children;
  return [];
}

/**
 * A JSON block with a copy button (the page's copy script works it). `highlight: false` leaves the text
 * plain — the page highlights it when it is shown, so long raw schemas stay small.
 */
export function jsonPanelHtml(value: unknown, title: string, id: string, highlight = true): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return (
    `<div class="code-panel"><div class="code-panel-head"><span>${esc(title)}</span>` +
    `<button class="copy" type="button" data-copy="${esc(id)}" aria-label="Copy ${esc(title.toLowerCase())}">Copy</button></div>` +
    `<pre class="code-block json" id="${esc(id)}" tabindex="0"${highlight ? '' : ' data-highlight="json"'}><code>${highlight ? highlightJson(text) : esc(text)}</code></pre></div>`
  );
}

export interface SchemaViewerOptions {
  /** Prefix for element ids (unique per page). */
  idPrefix?: string;
  /** Show the raw schema and the example (default true). */
  full?: boolean;
}

/** The whole viewer: properties, example payload, raw schema. `nodes` is the schema's property tree. */
export function schemaViewerHtml(schema: SchemaDocument, nodes: readonly PropertyNode[], options: SchemaViewerOptions = {}): string {
  const prefix = options.idPrefix ?? 'schema';
  let html = `<div class="schema-viewer"><p class="schema-source"><span class="chip">${esc(formatLabel(schema))}</span> ${code(schema.file)}</p>${propertyTreeHtml(nodes)}`;
  if (options.full !== false) {
    const example = examplePayload(schema, nodes);
    html += jsonPanelHtml(example.value, example.source === 'schema' ? 'Example payload' : 'Example payload (generated from the schema)', `${prefix}-example`);
    if (schema.format !== 'protobuf') {
      html += `<details class="raw-schema"><summary>Raw schema</summary>${jsonPanelHtml(schema.value, schema.format === 'avro' ? 'Avro schema' : 'JSON Schema', `${prefix}-raw`, false)}</details>`;
    }
  }
  return `${html}</div>`;
}

function formatLabel(schema: SchemaDocument): string {
  if (schema.format === 'avro') return 'Avro';
  if (schema.format === 'protobuf') return 'Protobuf';
  const d = schema.dialect ?? '';
  const draft = /draft-0?(\d+)/.exec(d)?.[1] ?? /draft\/(\d{4}-\d{2})/.exec(d)?.[1];
  return draft ? `JSON Schema ${draft.includes('-') ? draft : `draft-${draft.padStart(2, '0')}`}` : 'JSON Schema';
}
