/**
 * Components that show a file of the catalog: <File> (its text, with a copy button), <MermaidFileLoader>
 * (a .mmd / .mermaid diagram), <RemoteSchema> (a schema: a catalog file is shown in the schema viewer;
 * a remote URL becomes a link, since the build reads no network) and <Design> (an EventCatalog Studio
 * `.ecstudio` design drawn as a diagram). Only files the catalog holds are read, by the catalog's own
 * path, with the loader's size and encoding checks; text is redacted before it is shown.
 */
import { readFileSync, statSync } from 'node:fs';
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import YAML from 'yaml';
import { MAX_DOCUMENT_BYTES, decodeText } from '../../../catalog/read-file.ts';
import type { SchemaDocument } from '../../../catalog/model.ts';
import { redactSecrets } from '../../../diagnostics/redact.ts';
import { label } from '../../diagrams.ts';
import { schemaViewerHtml } from '../../schema/render.ts';
import { schemaProperties } from '../../schema/properties.ts';
import type { SiteIndex } from '../../site-index.ts';
import { diagramElement, noticeElement } from '../elements.ts';
import { joinRelative } from '../links.ts';
import { titled, type ComponentContext, type Renderer } from './context.ts';

/** The text of a catalog file, or why it cannot be shown. */
export function catalogText(site: SiteIndex, file: string): { ok: true; text: string } | { ok: false; reason: string } {
  if (!site.catalog.hasFile(file)) return { ok: false, reason: `the catalog has no file ${file}` };
  const abs = site.catalog.pathOf(file);
  try {
    if (statSync(abs).size > MAX_DOCUMENT_BYTES) return { ok: false, reason: `${file} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB` };
    const decoded = decodeText(readFileSync(abs));
    return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, reason: `${file}: ${decoded.problem.message}` };
  } catch (error) {
    return { ok: false, reason: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

/** A JSON or YAML schema file of the catalog in the schema viewer, or a notice saying why not. */
export function schemaFile(ctx: ComponentContext, path: string, written: string, title?: string): ElementContent[] {
  const read = catalogText(ctx.site, path);
  if (!read.ok) return [noticeElement(`The schema ${written} could not be loaded: ${read.reason}.`)];
  if (!/\.(json|ya?ml)$/i.test(path)) {
    // GraphQL SDL, Protobuf, Avro IDL…: shown as written.
    return [titled('remote-schema', title ?? written, [h('pre.code-block', { tabIndex: 0, dataLanguage: path.split('.').pop() }, h('code', redactSecrets(read.text)))])];
  }
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(path) ? YAML.parse(read.text) : JSON.parse(read.text);
  } catch (error) {
    return [noticeElement(`The schema ${written} could not be parsed: ${String((error as Error).message).split('\n')[0]}.`)];
  }
  if (!value || typeof value !== 'object') return [noticeElement(`The file ${written} holds no schema object.`)];
  const schema: SchemaDocument = { file: path, format: 'json-schema', value };
  const nodes = schemaProperties(schema, { resolveDocument: (f) => ctx.site.catalog.documents.get(f) });
  const viewer = { type: 'raw', value: schemaViewerHtml(schema, nodes, { idPrefix: ctx.nextId('schema-file') }) } as unknown as ElementContent;
  return [titled('remote-schema', title, [viewer])];
}

/** The file components for one page; paths are relative to the body's folder, like EventCatalog's. */
export function fileComponents(ctx: ComponentContext): Record<string, Renderer> {
  const near = (name: string | undefined) => (name ? joinRelative(ctx.file, name.replace(/^\.\//, '')) : undefined);

  const file: Renderer = ({ props }) => {
    const name = ctx.str(props.file);
    const path = near(name);
    if (!path) return [noticeElement('<File> names no file.')];
    const read = catalogText(ctx.site, path);
    if (!read.ok) return [noticeElement(`<File> could not show ${name}: ${read.reason}.`)];
    const id = ctx.nextId('file');
    return [h('figure.file-block', [
      h('figcaption.file-title', [h('span', ctx.str(props.title) ?? name), h('button.copy', { type: 'button', dataCopy: id, ariaLabel: `Copy ${name}` }, 'Copy')]),
      h('pre.code-block', { id, tabIndex: 0 }, h('code', redactSecrets(read.text))),
    ])];
  };

  const mermaidFile: Renderer = ({ props }) => {
    const name = ctx.str(props.file);
    if (!name || !/\.(mmd|mermaid)$/i.test(name)) return [noticeElement('<MermaidFileLoader> needs a .mmd or .mermaid file: ', name ?? '(none)')];
    const read = catalogText(ctx.site, near(name) as string);
    if (!read.ok) return [noticeElement(`<MermaidFileLoader> could not load ${name}: ${read.reason}.`)];
    return [diagramElement(read.text, ctx.str(props.title) ?? `Diagram ${name}`)];
  };

  const remoteSchema: Renderer = ({ props }) => {
    const url = ctx.str(props.url) ?? ctx.str(props.file);
    const title = ctx.str(props.title);
    if (!url) return [noticeElement('<RemoteSchema> names no schema.')];
    if (/^https?:\/\//i.test(url)) {
      return [titled('remote-schema', title ?? 'Schema', [
        h('p', 'EventCatalog fetches this schema when the page is served; Waybill builds without the network, so it links to it instead.'),
        h('p', h('a', { href: url, rel: 'noopener noreferrer' }, `${url} ↗`)),
      ])];
    }
    return schemaFile(ctx, near(url) as string, url, title);
  };

  const design: Renderer = ({ props }) => {
    const name = ctx.str(props.file);
    if (!name) return [noticeElement('<Design> names no design file.')];
    const path = near(/\.ecstudio$/.test(name) ? name : `${name}.ecstudio`) as string;
    const read = catalogText(ctx.site, path);
    if (!read.ok) return [noticeElement(`<Design> could not load ${name}: ${read.reason}.`)];
    let doc: { name?: unknown; nodes?: unknown; edges?: unknown };
    try {
      doc = JSON.parse(read.text);
    } catch {
      return [noticeElement(`<Design> could not parse ${name} (not JSON).`)];
    }
    const nodes = Array.isArray(doc.nodes) ? (doc.nodes as Record<string, unknown>[]) : [];
    const edges = Array.isArray(doc.edges) ? (doc.edges as Record<string, unknown>[]) : [];
    const ids = new Map<string, string>();
    const lines = ['flowchart LR'];
    nodes.slice(0, 200).forEach((n, i) => {
      const data = (n.data ?? {}) as Record<string, unknown>;
      const inner = (data.message ?? data.service ?? data.channel ?? data) as Record<string, unknown>;
      const text = ctx.str(inner.name) ?? ctx.str(data.label) ?? ctx.str(n.id) ?? `node ${i + 1}`;
      ids.set(String(n.id), `n${i}`);
      lines.push(`  n${i}["${label(ctx.str(n.type) ? `${text} · ${n.type}` : text)}"]`);
    });
    for (const e of edges.slice(0, 400)) {
      const from = ids.get(String(e.source));
      const to = ids.get(String(e.target));
      if (from && to) lines.push(`  ${from} -->${ctx.str(e.label) ? `|"${label(String(e.label))}"|` : ''} ${to}`);
    }
    const title = ctx.str(props.title) ?? ctx.str(doc.name) ?? name;
    return [titled('design', title, [diagramElement(lines.join('\n'), `Design ${title}`)])];
  };

  return { File: file, MermaidFileLoader: mermaidFile, RemoteSchema: remoteSchema, Design: design };
}
