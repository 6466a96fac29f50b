/**
 * The schema viewer of a catalog schema on a site page: its property tree computed once per build, and its
 * HTML rendered once for the schemas met last, each use getting its own element ids. A message page
 * shows its schema twice (the body's `<SchemaViewer>` and the Schema section).
 */
import type { SchemaDocument } from '../../catalog/model.ts';
import { escapeHtml as esc } from '../markdown/json-highlight.ts';
import type { SiteIndex } from '../site-index.ts';
import { schemaProperties, type PropertyNode } from './properties.ts';
import { schemaViewerHtml } from './render.ts';

/**
 * Property trees kept. A tree is wanted by its page's viewer and once for its flat list (page-data.ts keeps
 * those), nearly always while one page renders; keeping every tree cost 71 MB at 10,000 messages.
 */
const TREES_KEPT = 256;
const trees = new Map<SchemaDocument, PropertyNode[]>();

/** The property tree of a schema (the viewer and the diffs' flat lists share it), kept for the schemas met last. */
export function propertiesOf(site: SiteIndex, schema: SchemaDocument): PropertyNode[] {
  let nodes = trees.get(schema);
  if (!nodes) {
    nodes = schemaProperties(schema, { resolveDocument: (f) => site.catalog.documents.get(f) });
    if (trees.size >= TREES_KEPT) trees.delete(trees.keys().next().value as SchemaDocument);
    trees.set(schema, nodes);
  }
  return nodes;
}

/** Stands for the id prefix in kept HTML: random per build, so catalog text cannot hold it. */
const ID_TOKEN = `wbviewer${Math.random().toString(36).slice(2, 10)}`;
/** Viewers kept: enough for the pages rendering at once; most schemas are shown on one page only. */
const KEPT = 32;
const recent = new Map<SchemaDocument, string>();

/** The viewer of one of the catalog's schemas, its element ids starting with `idPrefix`. */
export function siteSchemaViewerHtml(site: SiteIndex, schema: SchemaDocument, idPrefix: string): string {
  let html = recent.get(schema);
  if (html === undefined) {
    html = schemaViewerHtml(schema, propertiesOf(site, schema), { idPrefix: ID_TOKEN });
    if (recent.size >= KEPT) recent.delete(recent.keys().next().value as SchemaDocument);
    recent.set(schema, html);
  }
  return html.replaceAll(ID_TOKEN, esc(idPrefix));
}
