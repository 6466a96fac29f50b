/**
 * What a resource page computes before rendering: breadcrumbs, the rendered body and changelog,
 * version history with property diffs, and the compatibility verdict (from src/compat) of a message
 * version under its mode.
 */
import type { Message, Resource, SchemaDocument, Service } from '../catalog/model.ts';
import { isMessageKind } from '../catalog/model.ts';
// The two checks alone, not the compat index (spec diffs, evolution): fewer modules for Vite to transform per page.
import { checkAvroModes } from '../compat/avro.ts';
import { checkCompatibility } from '../compat/json-schema.ts';
import type { CompatibilityResult } from '../compat/types.ts';
import { catalogComponents } from './markdown/components.ts';
import { siteRefResolver } from './markdown/components/references.ts';
import { renderMarkdown, type RenderedBody } from './markdown/render.ts';
import { href, pageHref } from './paths.ts';
import { layoutOf } from '../catalog/layout.ts';
import { DISCOVER_TABLES } from './discover.ts';
import { diffProperties, flattenProperties, type FlatProperty, type PropertyDiff } from './schema/diff.ts';
import { propertiesOf } from './schema/viewer.ts';
import type { SiteIndex } from './site-index.ts';

export interface Crumb {
  label: string;
  href?: string;
}

/** Home is implied; then domains, the owning service (for messages), and the page itself. */
export function crumbsFor(site: SiteIndex, r: Resource): Crumb[] {
  const crumbs: Crumb[] = site.domainChain(r).map((d) => ({ label: d.name, href: pageHref(d) }));
  if (isMessageKind(r.kind)) {
    const service = site.latestOf(site.catalog.get(r.folderService ?? site.catalog.producersOf(r as Message)[0]?.service) as Service | undefined);
    if (service) crumbs.push({ label: service.name, href: pageHref(service) });
  }
  const system = site.latestOf(site.catalog.get(r.system));
  if (system && system.key !== r.key) crumbs.push({ label: system.name, href: pageHref(system) });
  if (!crumbs.length) crumbs.push({ label: r.kind === 'user' ? 'People' : layoutOf(r.kind).plural, href: discoverHref(r.kind) });
  crumbs.push({ label: r.version && !r.isLatest ? `${r.name} ${r.version}` : r.name });
  return crumbs;
}

/** The Discover table that lists a kind, when it has one. */
function discoverHref(kind: Resource['kind']): string | undefined {
  if (isMessageKind(kind)) return href('/discover/');
  const table = layoutOf(kind).segment;
  return DISCOVER_TABLES.some((t) => t.table === table) ? href(`/discover/${table}/`) : undefined;
}

/** A body without its first `# Title` line when that is the page's title (the page shows it once). */
export function withoutTitle(body: string, title: string): string {
  const m = /^#[ \t]+(.+?)[ \t]*$/m.exec(body);
  return m && m[1].trim().toLowerCase() === title.trim().toLowerCase() ? body.slice(0, m.index) + body.slice(m.index + m[0].length) : body;
}

/** Section ids of resource pages, which body headings must not take. */
export const PAGE_SECTION_IDS = [
  'content', 'overview', 'schema', 'producers-consumers', 'versions', 'changelog', 'context-map', 'subdomains', 'services',
  'messages', 'flows', 'entities', 'ubiquitous-language', 'neighbourhood', 'specifications', 'sequence', 'steps',
  'properties', 'owns', 'channels', 'contract-status', 'members', 'docs', 'custom-properties', 'attachments', 'writers',
  'readers', 'inputs', 'outputs', 'tools', 'applies-to', 'relationships', 'containers', 'systems', 'data', 'glossary', 'decisions',
];

/** The resource's body as safe HTML, with EventCatalog components mapped to Waybill's. */
export function renderBody(site: SiteIndex, r: Resource): Promise<RenderedBody> {
  return renderMarkdown(r.body, {
    format: r.format,
    links: site.links(r.file),
    frontmatter: r.frontmatter as Record<string, unknown>,
    components: catalogComponents(site, r, r.file),
    references: siteRefResolver(site),
    reservedIds: PAGE_SECTION_IDS,
  });
}

/** The changelog next to a resource, rendered. */
export function renderChangelog(site: SiteIndex, r: Resource): Promise<RenderedBody> | undefined {
  if (!r.changelog) return undefined;
  return renderMarkdown(r.changelog.body, { format: /\.mdx$/i.test(r.changelog.file) ? 'mdx' : 'md', links: site.links(r.changelog.file), components: catalogComponents(site, r, r.changelog.file, 'changelog'), references: siteRefResolver(site), reservedIds: PAGE_SECTION_IDS });
}

const flatCache = new WeakMap<SchemaDocument, FlatProperty[]>();

/** Flat properties of a message version (for diffs), or undefined without a schema. */
export function flatSchema(site: SiteIndex, m: { schema?: SchemaDocument }): FlatProperty[] | undefined {
  if (!m.schema) return undefined;
  let flat = flatCache.get(m.schema);
  if (!flat) flatCache.set(m.schema, (flat = flattenProperties(propertiesOf(site, m.schema))));
  return flat;
}

export interface VersionDiff {
  from: Message;
  to: Message;
  diff: PropertyDiff[];
}

/** This version against the one before it (the diff shown without JavaScript). */
export function previousDiff(site: SiteIndex, m: Message): VersionDiff | undefined {
  const { previous } = site.neighbours(m);
  if (!previous || !previous.schema || !m.schema) return undefined;
  return { from: previous, to: m, diff: diffProperties(flatSchema(site, previous) ?? [], flatSchema(site, m) ?? []) };
}

export interface Verdict {
  mode: string;
  /** The versions checked against, oldest first. */
  against: Message[];
  result?: CompatibilityResult;
  /** Why there is no result (no earlier version, no schema, format without a checker, checker error). */
  reason?: string;
}

/** Checks a message version against the versions before it under its compatibility mode. */
export function compatibilityVerdict(site: SiteIndex, m: Message): Verdict {
  const mode = m.compatibility;
  const versions = site.catalog.versionsOf(m);
  const earlier = versions.slice(0, versions.findIndex((v) => v.key === m.key));
  const withSchema = earlier.filter((v) => v.schema && v.schema.format === m.schema?.format);
  if (!earlier.length) return { mode, against: [], reason: 'This is the first version.' };
  if (!m.schema) return { mode, against: [], reason: 'This version has no schema.' };
  if (mode === 'NONE') return { mode, against: [], reason: 'The compatibility mode is NONE: versions are not checked.' };
  if (!withSchema.length) return { mode, against: [], reason: 'Earlier versions have no schema in the same format.' };
  try {
    if (m.schema.format === 'json-schema') {
      const resolveRef = (ref: string) => site.catalog.documents.get(ref);
      const result = checkCompatibility(withSchema.map((v) => v.schema?.value), m.schema.value, mode, 'strict', { resolveRef });
      return { mode, against: result.against.map((i) => withSchema[i]), result };
    }
    if (m.schema.format === 'avro') {
      const result = checkAvroModes(withSchema.map((v) => v.schema?.value), m.schema.value, mode);
      return { mode, against: result.against.map((i) => withSchema[i]), result };
    }
    return { mode, against: [], reason: 'Protobuf schemas are shown but not checked for compatibility.' };
  } catch (error) {
    return { mode, against: [], reason: `The schemas could not be compared: ${(error as Error).message}` };
  }
}
