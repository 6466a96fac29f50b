/**
 * Loads a catalog folder into one {@link Catalog}. Every file is read once; a broken file becomes a
 * diagnostic naming its file and line, and loading goes on so that every other problem is reported too.
 * Nothing here touches the network.
 */
import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { localeOrder, type Diagnostic, type Severity } from '../diagnostics/diagnostic.ts';
import { UserError } from '../diagnostics/user-error.ts';
import { Catalog } from './catalog.ts';
import { classify, type FileRole } from './classify.ts';
import { folderList, kindOfRefType } from './layout.ts';
import { closest, distance } from 'fastest-levenshtein';
import { loadConfig, DEFAULT_COMPATIBILITY } from './config.ts';
import { parseMarkdown, type ParsedMarkdown } from './frontmatter.ts';
import { frontmatterValidator, knownFields, schemaNameOf, type SchemaName } from './frontmatter-validate.ts';
import type { MessageFrontmatter, Ref, Pointer, ChannelPointer, Step, Next } from './frontmatter.generated.ts';
import { formatPath, SourceLocator } from './locate.ts';
import {
  familyOf,
  isMessageKind,
  resourceKey,
  type Attachment,
  type Changelog,
  type CustomPage,
  type EntityProperty,
  type FlowStep,
  type ResourceDoc,
  type ResourceGroup,
  type Term,
  type TypedLink,
  type Guide,
  type HttpOperation,
  type KindFamily,
  type Link,
  type MessageLink,
  type MessageReply,
  type Resource,
  type ResourceKind,
  type SchemaDocument,
  type SpecDocument,
} from './model.ts';
import { MAX_DOCUMENT_BYTES, MAX_MARKDOWN_BYTES, readTextFile } from './read-file.ts';
import { scanCatalog } from './scan.ts';
import { includedSources, type CatalogSource } from './federation.ts';
import { ajvProblems, collectRefs, parseSchemaFile, parseStructured, type DocumentProblem, type RefCheckContext } from './schema-files.ts';
import { parseSpecFile, type SpecRequest } from './spec-files.ts';
import { compareVersions, resolveVersion } from './versions.ts';
import { attachCache, LoadCache } from './cache/load-cache.ts';
import { DocumentMap, LazyValue, lazySchemaDocument, lazyValueOf } from './lazy-document.ts';

export interface LoadOptions {
  /** Called with a short status line during long loads. */
  onProgress?: (message: string) => void;
  /**
   * The folder the config's `include` paths are relative to (default: the catalog folder): the catalog's
   * own place when a snapshot of it is read from elsewhere (`waybill diff` at a git ref).
   */
  includesFrom?: string;
  /** The per-file cache to read and update (default: the catalog's own, see cache/load-cache.ts); false for none. */
  cache?: LoadCache | false;
}

/** Severity of each loader problem code (a rule of the same id can override it in the config). */
export const LOADER_SEVERITY: Record<string, Severity> = {
  'file-too-large': 'error',
  'binary-file': 'error',
  'invalid-utf8': 'error',
  'unreadable-file': 'error',
  'empty-file': 'error',
  'yaml-syntax': 'error',
  'frontmatter-not-a-mapping': 'error',
  'missing-frontmatter': 'error',
  'frontmatter-invalid': 'error',
  'unknown-file-kind': 'warning',
  'unknown-field': 'warning',
  'symlink-loop': 'error',
  'symlink-outside-catalog': 'error',
  'symlink-duplicate': 'info',
  'yaml-aliases': 'error',
  'document-too-deep': 'error',
  'broken-symlink': 'warning',
  'unreadable-folder': 'error',
  'duplicate-resource': 'error',
  'config-invalid': 'error',
  'schema-missing': 'error',
  'schema-unparsable': 'error',
  'schema-invalid': 'error',
  'schema-unsupported': 'warning',
  'schema-unusable': 'error',
  'ref-unresolvable': 'error',
  'ref-remote': 'error',
  'ref-outside-catalog': 'error',
  'spec-missing': 'error',
  'spec-unparsable': 'error',
  'spec-invalid': 'error',
  'federation-id-clash': 'error',
  'federation-remote': 'error',
  'federation-include-invalid': 'error',
  'federation-include-unreadable': 'error',
};

interface MarkdownEntry {
  file: string;
  source: CatalogSource;
  /** Index of its source: the catalog's own files first, then each include in order. */
  order: number;
  role: FileRole;
  md: ParsedMarkdown;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Mutable<Resource> & Record<string, unknown>;

const KIND_OF_ROLE = { team: 'team', user: 'user' } as const;

/** The absolute path of the catalog folder `rootInput`; a {@link UserError} when it is missing or a file. */
export function checkCatalogFolder(rootInput: string): string {
  const root = path.resolve(rootInput);
  if (!existsSync(root)) {
    throw new UserError('catalog-not-found', `The catalog folder ${rootInput} does not exist.`, {
      hint: 'Pass --catalog DIR, set WAYBILL_CATALOG, or run `waybill init` to create one.',
    });
  }
  if (!statSync(root).isDirectory()) throw new UserError('catalog-not-a-folder', `${rootInput} is a file, not a catalog folder.`);
  return root;
}

export async function loadCatalog(rootInput: string, options: LoadOptions = {}): Promise<Catalog> {
  const root = checkCatalogFolder(rootInput);

  const problems: DocumentProblem[] = [];
  const cache = options.cache === false ? undefined : (options.cache ?? LoadCache.open(root));
  const { config, file: configFile } = await loadConfig(root, problems);
  const scan = await scanCatalog(root);
  const own: CatalogSource = { dir: root, files: scan.files, scanProblems: scan.problems, display: (inner) => inner };
  const sources = [own, ...(await includedSources(options.includesFrom ? path.resolve(options.includesFrom) : root, config, configFile, problems))];
  /** Where each file (by the name it goes by) is: its source and its path inside it. */
  const where = new Map<string, { source: CatalogSource; inner: string }>();
  for (const source of sources) {
    for (const inner of source.files) where.set(source.display(inner), { source, inner });
    for (const p of source.scanProblems) problems.push({ code: p.code, file: source.display(p.file), line: 0, message: p.message });
  }
  const diskPath = (file: string): string => {
    const w = where.get(file);
    return w ? path.join(w.source.dir, w.inner) : path.join(root, file);
  };
  options.onProgress?.(`Reading ${where.size} files`);

  // 1. Read and split every Markdown file.
  const entries: MarkdownEntry[] = [];
  const roles = sources.flatMap((source, order) =>
    source.files.map((inner) => ({ file: source.display(inner), source, order, role: displayRole(classify(inner), source) })),
  );
  await mapLimit(roles, 32, async ({ file, source, order, role }) => {
    if (role.role === 'ignored' || role.role === 'config') return;
    if (role.role === 'unknown') {
      problems.push({
        code: 'unknown-file-kind',
        file,
        line: 0,
        message: 'Waybill does not know what this Markdown file is.',
        hint: `Resources live in <kind>/<id>/index.md (${folderList()}); teams/ and users/ hold one file each; guide pages go under docs/, a resource's own pages under <resource>/docs/, custom pages under pages/.`,
      });
      return;
    }
    const read = await readTextFile(diskPath(file), MAX_MARKDOWN_BYTES);
    if (!read.ok) {
      problems.push({ code: read.problem.code, file, line: read.problem.line, column: read.problem.line ? 1 : 0, message: read.problem.message });
      return;
    }
    const parsed = cache ? cache.markdown(read.text, diskPath(file)) : parseMarkdown(read.text);
    if (!parsed.ok) {
      problems.push({ ...parsed.problem, file });
      return;
    }
    for (const problem of parsed.value.problems) problems.push({ ...problem, file });
    entries.push({ file, source, order, role, md: parsed.value });
  });
  entries.sort((a, b) => a.order - b.order || localeOrder(a.file, b.file));

  // 2. Validate frontmatter and make draft resources.
  const drafts: Draft[] = [];
  /** Duplicates of a resource defined already: left out of the model, their documents still checked. */
  const shadowed: Draft[] = [];
  const guides: Guide[] = [];
  const byKey = new Map<string, Draft>();
  const dirOf = new Map<Draft, { dir: string; parents: string[]; versionDir?: string }>();
  const currentByDir = new Map<string, Draft>();
  const changelogs = new Map<string, Changelog>();
  const languages = new Map<string, Changelog & { terms: Term[] }>();
  const resourceDocs = new Map<string, ResourceDoc[]>();
  const pages: CustomPage[] = [];
  /** Validates `data` against a schema, and warns of fields the schema does not know (not `x-*`). */
  const check = (name: SchemaName, md: ParsedMarkdown, file: string, what: string): void => {
    problems.push(...frontmatterProblems(cache, md, file, name, what));
    problems.push(...unknownFields(name, md.data, file));
  };

  /** Which source first defined each id (`family:id`): a later source defining it too is a clash. */
  const idSource = new Map<string, { source: CatalogSource; file: string }>();
  for (const entry of entries) {
    const { file, source, role, md } = entry;
    if (role.role === 'changelog') {
      if (md.hasFrontmatter) check('changelog', md, file, 'The changelog frontmatter is invalid');
      changelogs.set(`${role.resourceDir}#${role.versionDir ?? ''}`, { file, body: md.body, bodyLine: md.bodyLine });
      continue;
    }
    if (role.role === 'ubiquitous-language') {
      if (md.hasFrontmatter) check('ubiquitous-language', md, file, 'The ubiquitous language frontmatter is invalid');
      languages.set(role.resourceDir, { file, body: md.body, bodyLine: md.bodyLine, terms: termsOf(md.data.dictionary) });
      continue;
    }
    if (role.role === 'resource-doc') {
      check('resource-doc', md, file, 'The resource doc frontmatter is invalid');
      const key = `${role.resourceDir}#${role.versionDir ?? ''}`;
      const list = resourceDocs.get(key) ?? [];
      list.push(resourceDoc(file, role.docPath, role.folder, md));
      resourceDocs.set(key, list);
      continue;
    }
    if (role.role === 'custom-page') {
      check('custom-page', md, file, 'The custom page frontmatter is invalid');
      const id = typeof md.data.id === 'string' && md.data.id ? md.data.id : path.posix.basename(file).replace(/\.mdx?$/i, '');
      const heading = /^#\s+(.+)$/m.exec(md.body)?.[1];
      pages.push({
        id,
        title: typeof md.data.title === 'string' ? md.data.title : heading ?? id,
        file,
        format: /\.mdx$/i.test(file) ? 'mdx' : 'md',
        frontmatter: md.data,
        body: md.body,
        bodyLine: md.bodyLine,
      });
      continue;
    }
    if (role.role === 'guide') {
      check('guide', md, file, 'The guide frontmatter is invalid');
      const data = md.data as Guide['frontmatter'];
      const inner = (where.get(file)?.inner ?? file).replace(/^docs\//, '').replace(/\.mdx?$/i, '');
      // An included catalog's guide pages live under its name, beside this catalog's own.
      const id = typeof data.id === 'string' ? data.id : source.origin ? `${slugOf(source.origin.name)}/${inner}` : inner;
      const heading = /^#\s+(.+)$/m.exec(md.body)?.[1];
      guides.push({
        id,
        title: typeof data.title === 'string' ? data.title : heading ?? id,
        summary: typeof data.summary === 'string' ? data.summary : '',
        order: typeof data.order === 'number' ? data.order : 1000,
        file,
        format: /\.mdx$/i.test(file) ? 'mdx' : 'md',
        frontmatter: data,
        body: md.body,
        bodyLine: md.bodyLine,
      });
      continue;
    }
    if (role.role !== 'resource' && role.role !== 'team' && role.role !== 'user') continue;
    const kind: ResourceKind = role.role === 'resource' ? role.kind : KIND_OF_ROLE[role.role];
    if (!md.hasFrontmatter) {
      problems.push({ code: 'missing-frontmatter', file, line: 1, column: 1, message: `This ${kind} file has no frontmatter (a --- fenced YAML block at the top).` });
      continue;
    }
    check(schemaNameOf(kind), md, file, `The ${kind} frontmatter is invalid`);
    const data = md.data;
    if (typeof data.id !== 'string' || data.id === '') continue;
    const versioned = kind !== 'team' && kind !== 'user';
    const version = versioned ? scalarString(data.version) : '';
    if (versioned && !version) continue;
    const key = resourceKey(kind, data.id, version);
    const idKey = `${familyOf(kind)}:${data.id}`;
    const first = idSource.get(idKey);
    if (first && first.source !== source) {
      problems.push({
        code: 'federation-id-clash',
        file,
        path: ['id'],
        message: `${kind} '${data.id}' in ${originLabel(source)} (${file}) clashes with the one in ${originLabel(first.source)} (${first.file}); the one in ${originLabel(first.source)} is kept.`,
        hint: 'One catalog should own each id: rename one of them, or drop the copy.',
      });
      continue;
    }
    if (!first) idSource.set(idKey, { source, file });
    const draft = {
      kind,
      id: data.id,
      version,
      name: typeof data.name === 'string' && data.name ? data.name : data.id,
      summary: typeof data.summary === 'string' ? data.summary.trim() : '',
      key,
      file,
      ...(source.origin ? { origin: source.origin } : {}),
      format: /\.mdx$/i.test(file) ? 'mdx' : 'md',
      frontmatter: data,
      body: md.body,
      bodyLine: md.bodyLine,
      owners: [],
      isLatest: false,
      draft: Boolean(data.draft),
      ...(data.draft && typeof data.draft === 'object' ? { draftNote: textFields(data.draft, ['title', 'message']) } : {}),
      ...(typeof data.editUrl === 'string' && data.editUrl ? { editUrl: data.editUrl } : {}),
      deprecated: deprecationOf(data.deprecated),
      hidden: data.hidden === true,
      specifications: [],
      customProperties: Object.fromEntries(Object.entries(data).filter(([k]) => isCustomProperty(k))),
      attachments: attachmentsOf(data.attachments),
      resourceGroups: [],
      diagrams: [],
      docs: [],
      ...('federated' in role && role.federated ? { federated: role.federated } : {}),
    } as unknown as Draft;
    const familyKey = `${familyOf(kind)}:${data.id}@${version}`;
    const clash = byKey.get(familyKey);
    if (clash) {
      problems.push({
        code: 'duplicate-resource',
        file,
        path: ['id'],
        message: `${kind} '${data.id}'${version ? ` version ${version}` : ''} is already defined in ${clash.file}.`,
        hint: isMessageKind(kind) ? 'Message ids are shared by events, commands and queries; give each a unique id or a new version.' : 'Give it a unique id or a new version.',
      });
      // Not part of the model, but its schema and specifications are still checked: a duplicate must not
      // hide its own files' problems.
      shadowed.push(draft);
      continue;
    }
    byKey.set(familyKey, draft);
    drafts.push(draft);
    if (role.role === 'resource') {
      dirOf.set(draft, { dir: role.resourceDir, parents: role.parentDirs, versionDir: role.versionDir });
      if (!role.versionDir) currentByDir.set(role.resourceDir, draft);
      const log = changelogs.get(`${role.resourceDir}#${role.versionDir ?? ''}`);
      if (log) draft.changelog = log;
    }
  }
  // Resource docs, by the folder (and version folder) they were found in.
  for (const [draft, where] of dirOf) {
    const docs = resourceDocs.get(`${where.dir}#${where.versionDir ?? ''}`);
    if (docs) draft.docs = [...docs].sort((a, b) => a.order - b.order || localeOrder(a.title, b.title));
  }
  // Changelogs read after their resource (sort order) attach here.
  for (const [draft, where] of dirOf) {
    if (!draft.changelog) {
      const log = changelogs.get(`${where.dir}#${where.versionDir ?? ''}`);
      if (log) draft.changelog = log;
    }
  }

  // 3. Versions: which is latest; lookups by family and id.
  const versionsOf = new Map<string, string[]>();
  for (const d of drafts) {
    const k = `${familyOf(d.kind)}:${d.id}`;
    const list = versionsOf.get(k);
    if (list) list.push(d.version);
    else versionsOf.set(k, [d.version]);
  }
  for (const list of versionsOf.values()) list.sort(compareVersions);
  for (const d of drafts) {
    const list = versionsOf.get(`${familyOf(d.kind)}:${d.id}`) as string[];
    d.isLatest = d.version === list[list.length - 1];
  }
  const keyOf = (family: KindFamily, id: string, version: string): string | undefined => {
    const d = byKey.get(`${family}:${id}@${version}`);
    return d?.key;
  };
  const link = (families: KindFamily[], ref: unknown, at: (string | number)[]): Link => {
    const r = (typeof ref === 'string' ? { id: ref } : (ref ?? {})) as Ref;
    const requested = r.version === undefined || r.version === null ? 'latest' : scalarString(r.version) || 'latest';
    const id = scalarString(r.id);
    for (const family of families) {
      const available = versionsOf.get(`${family}:${id}`);
      if (!available) continue;
      const version = resolveVersion(requested, available);
      return { id, version: requested, target: version === undefined ? undefined : keyOf(family, id, version), path: at };
    }
    return { id, version: requested, path: at };
  };
  const links = (families: KindFamily[], list: unknown, at: (string | number)[]): Link[] =>
    Array.isArray(list) ? list.map((item, i) => link(families, item, [...at, i])) : [];
  /** A reference that names its kind (`{ id, type }`); an unknown type leaves it unresolved. */
  const typedLinks = (list: unknown, at: (string | number)[]): TypedLink[] =>
    Array.isArray(list)
      ? list.map((item, i) => {
          const type = scalarString((item as { type?: unknown } | null)?.type);
          const target = kindOfRefType(type);
          const base = link(target ? [target.family] : [], item, [...at, i]);
          const kindMatches = !base.target || !target?.kind || base.target.startsWith(`${target.kind}:`);
          return { ...base, ...(kindMatches ? {} : { target: undefined }), type };
        })
      : [];

  // 4. Structure: domains, folder membership, references.
  for (const d of drafts) {
    const fm = d.frontmatter as Record<string, unknown>;
    d.owners = links(['team', 'user'], fm.owners, ['owners']);
    d.diagrams = links(['diagram'], fm.diagrams, ['diagrams']);
    d.resourceGroups = resourceGroupsOf(fm.resourceGroups, typedLinks);
    const where = dirOf.get(d);
    if (where) {
      const enclosing = where.parents.map((dir) => currentByDir.get(dir)).filter((x): x is Draft => Boolean(x));
      const domain = enclosing.find((r) => r.kind === 'domain');
      const service = enclosing.find((r) => r.kind === 'service');
      const system = enclosing.find((r) => r.kind === 'system');
      if (d.kind === 'domain') {
        if (domain) d.parent = domain.key;
      } else if (domain) d.domain = domain.key;
      if (service && d.kind !== 'service') d.folderService = service.key;
      if (system) {
        if (d.kind === 'system') d.parent = system.key;
        else d.system = system.key;
      }
    }
    switch (d.kind) {
      case 'domain':
        d.services = links(['service'], fm.services, ['services']);
        d.subdomains = links(['domain'], fm.domains, ['domains']);
        d.entities = links(['entity'], fm.entities, ['entities']);
        d.flows = links(['flow'], fm.flows, ['flows']);
        d.systems = links(['system'], fm.systems, ['systems']);
        d.agents = links(['agent'], fm.agents, ['agents']);
        d.dataProducts = links(['data-product'], fm['data-products'], ['data-products']);
        d.terms = [];
        if (where && !where.versionDir) {
          const language = languages.get(where.dir);
          if (language) {
            d.ubiquitousLanguage = language;
            d.terms = language.terms;
          }
        }
        break;
      case 'system':
        d.scope = fm.scope === 'external' ? 'external' : 'internal';
        d.services = links(['service'], fm.services, ['services']);
        d.containers = links(['container'], fm.containers, ['containers']);
        d.flows = links(['flow'], fm.flows, ['flows']);
        d.entities = links(['entity'], fm.entities, ['entities']);
        d.relationships = Array.isArray(fm.relationships)
          ? fm.relationships.map((r: { label?: unknown }, i: number) => ({ ...link(['system'], r, ['relationships', i]), ...(typeof r?.label === 'string' ? { label: r.label } : {}) }))
          : [];
        d.actors = Array.isArray(fm.actors)
          ? fm.actors
              .filter((a: { id?: unknown }) => typeof a?.id === 'string')
              .map((a: { id: string; name?: unknown; label?: unknown; direction?: unknown }) => ({
                id: a.id,
                name: typeof a.name === 'string' ? a.name : a.id,
                ...(typeof a.label === 'string' ? { label: a.label } : {}),
                direction: a.direction === 'outbound' ? 'outbound' : 'inbound',
              }))
          : [];
        break;
      case 'container':
        d.containerType = typeof fm.container_type === 'string' ? fm.container_type : 'other';
        d.authoritative = fm.authoritative === true;
        for (const [field, key] of [['technology', 'technology'], ['purpose', 'purpose'], ['access_mode', 'accessMode'], ['classification', 'classification'], ['residency', 'residency'], ['retention', 'retention']] as const) {
          if (typeof fm[field] === 'string') (d as Record<string, unknown>)[key] = fm[field];
        }
        break;
      case 'data-product':
        d.inputs = links(['message', 'service', 'container', 'data-product', 'agent'], fm.inputs, ['inputs']);
        d.outputs = Array.isArray(fm.outputs)
          ? fm.outputs.map((o: { contract?: { path: string; name: string; type?: string } }, i: number) => ({
              ...link(['message', 'container', 'data-product', 'service', 'channel'], o, ['outputs', i]),
              ...(o?.contract && typeof o.contract === 'object' ? { contract: o.contract } : {}),
            }))
          : [];
        break;
      case 'adr':
        d.status = (['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'].includes(fm.status as string) ? fm.status : 'proposed') as never;
        d.date = fm.date instanceof Date ? fm.date.toISOString().slice(0, 10) : scalarString(fm.date);
        d.decisionMakers = links(['team', 'user'], fm.decisionMakers, ['decisionMakers']);
        d.appliesTo = typedLinks(fm.appliesTo, ['appliesTo']);
        for (const field of ['supersedes', 'supersededBy', 'amends', 'amendedBy', 'related'] as const) (d as Record<string, unknown>)[field] = links(['adr'], fm[field], [field]);
        break;
      case 'agent':
        d.writesTo = links(['container'], fm.writesTo, ['writesTo']);
        d.readsFrom = links(['container'], fm.readsFrom, ['readsFrom']);
        d.flows = links(['flow'], fm.flows, ['flows']);
        if (fm.model && typeof fm.model === 'object') d.model = fm.model as never;
        d.tools = Array.isArray(fm.tools) ? fm.tools.filter((t: { name?: unknown; type?: unknown }) => typeof t?.name === 'string' && typeof t?.type === 'string') : [];
        break;
      case 'entity':
        d.aggregateRoot = fm.aggregateRoot === true;
        if (typeof fm.identifier === 'string') d.identifier = fm.identifier;
        d.services = links(['service'], fm.services, ['services']);
        d.domains = links(['domain'], fm.domains, ['domains']);
        {
          const relations: (Link & { property: string; relationType?: string })[] = [];
          d.properties = entityProperties(fm.properties, ['properties'], '', (ref, at, property, relationType) => {
            const l = link(['entity'], ref, at);
            relations.push({ ...l, property, ...(relationType ? { relationType } : {}) });
            return l;
          });
          d.relations = relations;
        }
        break;
      case 'event':
      case 'command':
      case 'query':
        d.channels = links(['channel'], fm.channels, ['channels']);
        d.compatibility = (fm as MessageFrontmatter).compatibility ?? config.compatibility ?? DEFAULT_COMPATIBILITY;
        d.compatibilityChosen = (fm as MessageFrontmatter).compatibility !== undefined || config.compatibility !== undefined;
        d.schemas = Array.isArray(fm.schemas) ? fm.schemas.filter((x) => x && typeof x === 'object') : [];
        d.wireName = typeof fm.wireName === 'string' ? fm.wireName : d.id;
        if (fm.operation && typeof fm.operation === 'object') {
          const op = fm.operation as { method?: unknown; path?: unknown; statusCodes?: unknown; responses?: unknown };
          if (typeof op.method === 'string' || typeof op.path === 'string') {
            const responses = op.responses && typeof op.responses === 'object' ? Object.entries(op.responses).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
            d.operation = {
              method: typeof op.method === 'string' ? op.method.toUpperCase() : '',
              path: typeof op.path === 'string' ? op.path : '',
              statusCodes: Array.isArray(op.statusCodes) ? op.statusCodes.map(String) : [],
              responses: responses.map(([status, schemaPath]) => ({ status, schemaPath })),
            };
          }
        }
        break;
      case 'channel':
        d.address = typeof fm.address === 'string' ? fm.address : d.id;
        d.protocols = Array.isArray(fm.protocols) ? fm.protocols.map(String) : [];
        if (typeof fm.deliveryGuarantee === 'string') d.deliveryGuarantee = fm.deliveryGuarantee as never;
        d.routes = [...links(['channel'], fm.routes, ['routes']), ...links(['channel'], fm.channels, ['channels'])];
        break;
      case 'flow':
        d.steps = Array.isArray(fm.steps) ? (fm.steps as Step[]).map((s, i) => flowStep(s, i, link)) : [];
        if (typeof fm.latencyBudgetMs === 'number') d.latencyBudgetMs = fm.latencyBudgetMs;
        break;
      case 'team':
        d.members = links(['user'], fm.members, ['members']);
        break;
      case 'user':
        d.teams = links(['team'], fm.associatedTeams, ['associatedTeams']);
        break;
      default:
        break;
    }
  }
  // Services' sends/receives need the messages' own channels, resolved above.
  const draftByKey = new Map(drafts.map((d) => [d.key, d]));
  for (const d of drafts) {
    if (d.kind !== 'service' && d.kind !== 'agent' && d.kind !== 'domain') continue;
    const fm = d.frontmatter as Record<string, unknown>;
    const pointers = (field: 'sends' | 'receives', via: 'to' | 'from'): MessageLink[] =>
      Array.isArray(fm[field])
        ? (fm[field] as Pointer[]).map((p, i) => {
            const base = link(['message'], p, [field, i]);
            const explicit = Array.isArray(p?.[via]) ? (p[via] as ChannelPointer[]) : undefined;
            const message = draftByKey.get(base.target ?? '') as { channels?: Link[] } | undefined;
            const channels = explicit ? links(['channel'], explicit, [field, i, via]) : (message?.channels ?? []).map((c) => ({ ...c, path: [field, i] }));
            return {
              ...base,
              channels,
              ...(Array.isArray(p?.fields) ? { fields: p.fields.map(String) } : {}),
              ...(typeof p?.group === 'string' ? { group: p.group } : {}),
              ...(field === 'receives' && Array.isArray(p?.triggers)
                ? {
                    triggers: (p.triggers as { condition?: unknown }[]).map((t, j) => ({
                      ...link(['message'], t, [field, i, 'triggers', j]),
                      ...(typeof t?.condition === 'string' ? { condition: t.condition } : {}),
                    })),
                  }
                : {}),
              ...(p?.reply && typeof p.reply === 'object' ? { reply: replyOf(p.reply as Record<string, unknown>, [field, i, 'reply']) } : {}),
              ...(p?.operation && typeof p.operation === 'object' && !Array.isArray(p.operation) ? { operation: p.operation as Record<string, unknown> } : {}),
              ...(Array.isArray(p?.operations) ? { operations: (p.operations as unknown[]).filter((o): o is Record<string, unknown> => Boolean(o) && typeof o === 'object' && !Array.isArray(o)) } : {}),
            };
          })
        : [];
    const replyOf = (reply: Record<string, unknown>, at: (string | number)[]): MessageReply => ({
      ...(reply.channel && typeof reply.channel === 'object' ? { channel: link(['channel'], reply.channel as ChannelPointer, [...at, 'channel']) } : {}),
      ...(typeof reply.address === 'string' ? { address: reply.address } : {}),
      messages: Array.isArray(reply.messages) ? links(['message'], reply.messages as Pointer[], [...at, 'messages']) : [],
    });
    d.sends = pointers('sends', 'to');
    d.receives = pointers('receives', 'from');
    if (d.kind === 'service') {
      d.entities = links(['entity'], fm.entities, ['entities']);
      d.flows = links(['flow'], fm.flows, ['flows']);
      d.writesTo = links(['container'], fm.writesTo, ['writesTo']);
      d.readsFrom = links(['container'], fm.readsFrom, ['readsFrom']);
      d.external = fm.externalSystem === true;
    }
  }
  // A system's lists place the resources they name in it; a domain's `systems` and `agents` in the domain.
  for (const d of drafts) {
    if (!d.isLatest) continue;
    const members: readonly Link[] =
      d.kind === 'system' ? [...d.services, ...d.containers, ...d.flows, ...d.entities] : d.kind === 'domain' ? [...d.systems, ...d.agents, ...d.dataProducts] : [];
    for (const m of members) {
      const member = draftByKey.get(m.target ?? '');
      if (!member) continue;
      for (const v of drafts) {
        if (v.kind !== member.kind || v.id !== member.id) continue;
        if (d.kind === 'system' && !v.system) v.system = d.key;
        if (d.kind === 'domain' && !v.domain) v.domain = d.key;
      }
    }
  }
  // A system's domain is that of its folder; resources of a system without a domain take the system's.
  for (const d of drafts) {
    const system = d.system ? draftByKey.get(d.system) : undefined;
    if (system?.domain && !d.domain) d.domain = system.domain;
  }
  // A domain's `services` list places services that live outside its folder.
  for (const d of drafts) {
    if (d.kind !== 'domain' || !d.isLatest) continue;
    for (const s of d.services) {
      const service = draftByKey.get(s.target ?? '');
      if (service && !service.domain) for (const v of drafts) if (v.kind === 'service' && v.id === service.id && !v.domain) v.domain = d.key;
    }
    for (const sub of d.subdomains) {
      const child = draftByKey.get(sub.target ?? '');
      if (child && !child.parent && child !== d) child.parent = d.key;
    }
  }

  // 5. Schema and spec documents.
  options.onProgress?.('Parsing schemas and specifications');
  const documents = new DocumentMap();
  const docCache = new Map<string, Promise<unknown | undefined>>();
  /** Every document read so far (the list grows while it is awaited). */
  const loading: Promise<unknown>[] = [];
  const referenced = new Set<string>();
  /**
   * Each source's documents are parsed with its own folder as the root, so a `$ref` or schema path can
   * never leave the catalog it belongs to; file names in its problems and documents are then renamed to
   * the names they go by. The catalog's own source needs no renaming and writes to `problems` directly.
   */
  const contexts = new Map<CatalogSource, { ctx: RefCheckContext; problems: DocumentProblem[] }>();
  const contextOf = (source: CatalogSource) => {
    let c = contexts.get(source);
    if (!c) {
      const files = new Set(source.files);
      c = {
        problems: source === own ? problems : [],
        ctx: {
          root: source.dir,
          cache,
          exists: (inner) => files.has(inner),
          load(inner) {
            const file = source.display(inner);
            referenced.add(file);
            let pending = docCache.get(file);
            if (!pending) {
              // Read as every catalog file is (size limit, binary and encoding checks); a file that cannot
              // be read or parsed resolves to undefined and its $ref is reported as unresolvable.
              pending = readTextFile(path.join(source.dir, inner), MAX_DOCUMENT_BYTES).then((read) => {
                const parsed = read.ok ? parseStructured(read.text, inner) : undefined;
                if (!parsed?.ok) return undefined;
                documents.set(file, parsed.value);
                // The files it refers to are read too (not awaited here: a cycle of files would wait on
                // itself), so every document a schema reaches, however indirectly, is in the model.
                for (const { ref } of collectRefs(parsed.value)) {
                  const target = ref.split('#')[0];
                  if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
                  const inside = catalogPath(source.dir, inner, target);
                  if (inside.ok && files.has(inside.path)) void c!.ctx.load(inside.path);
                }
                return parsed.value;
              });
              docCache.set(file, pending);
              loading.push(pending);
            }
            return pending;
          },
        },
      };
      contexts.set(source, c);
    }
    return c;
  };
  /** A file `written` in resource `d`, inside d's own catalog: its source, path there and name. */
  const fileNamed = (d: Draft, written: string): { source: CatalogSource; inner: string; file: string } | undefined => {
    const w = where.get(d.file) ?? { source: own, inner: d.file };
    const inside = catalogPath(w.source.dir, w.inner, written);
    return inside.ok ? { source: w.source, inner: inside.path, file: w.source.display(inside.path) } : undefined;
  };
  const schemaCache = new Map<string, Promise<SchemaDocument | undefined>>();
  /** A schema file a resource names (`schemaPath`, an operation's response), parsed once per file. */
  const schemaNamed = async (d: Draft, written: string, at: (string | number)[]): Promise<SchemaDocument | undefined> => {
    const field = at.join('.');
    const named = fileNamed(d, written);
    if (!named) {
      problems.push({ code: 'ref-outside-catalog', file: d.file, path: at, message: `${field} '${written}' leads outside the catalog folder; it was not read.` });
      return undefined;
    }
    if (!where.has(named.file)) {
      problems.push({ code: 'schema-missing', file: d.file, path: at, message: `${field} names ${named.file}, which does not exist.` });
      return undefined;
    }
    let pending = schemaCache.get(named.file);
    if (!pending) {
      const { ctx, problems: sink } = contextOf(named.source);
      pending = parseSchemaFile(named.inner, ctx, sink).then(({ doc, dependencies }) => {
        // The document and its entry in `documents` share one value, parsed when first read.
        const value = doc && (lazyValueOf(doc) ?? LazyValue.of(doc.value));
        if (doc) documents.setLazy(named.file, value!);
        return Promise.all(dependencies.map((dep) => ctx.load(dep))).then(() => (doc && doc.file !== named.file ? renamed(doc, named.file, value!) : doc));
      });
      schemaCache.set(named.file, pending);
    }
    return pending;
  };
  await mapLimit([...drafts, ...shadowed], 16, async (d) => {
    const fm = d.frontmatter as Record<string, unknown>;
    if (typeof fm.schemaPath === 'string' && (isMessageKind(d.kind) || d.kind === 'entity')) {
      const doc = await schemaNamed(d, fm.schemaPath, ['schemaPath']);
      if (doc) d.schema = doc;
    }
    const operation = d.operation as Mutable<HttpOperation> | undefined;
    if (operation?.responses.length) {
      operation.responses = await Promise.all(
        operation.responses.map(async (r) => {
          const schema = await schemaNamed(d, r.schemaPath, ['operation', 'responses', r.status]);
          return schema ? { ...r, schema } : r;
        }),
      );
    }
    const requests = specRequests(fm.specifications);
    const specs: SpecDocument[] = [];
    for (const [i, request] of requests.entries()) {
      const named = fileNamed(d, request.file);
      const at = Array.isArray(fm.specifications) ? ['specifications', i, 'path'] : ['specifications', `${request.type ?? 'asyncapi'}Path`];
      if (!named) {
        problems.push({ code: 'ref-outside-catalog', file: d.file, path: at, message: `The specification '${request.file}' lies outside the catalog folder; it was not read.` });
        continue;
      }
      if (!where.has(named.file)) {
        problems.push({ code: 'spec-missing', file: d.file, path: at, message: `The specification ${named.file} does not exist.` });
        continue;
      }
      if (request.type === 'graphql') {
        // A GraphQL schema is kept as its SDL text (shown on the page); Waybill does not parse GraphQL.
        const read = await readTextFile(path.join(named.source.dir, named.inner), MAX_DOCUMENT_BYTES);
        if (!read.ok) problems.push({ code: 'spec-missing', file: named.file, line: read.problem.line, message: read.problem.message });
        else specs.push({ file: named.file, type: 'graphql', specVersion: '', title: request.name ?? path.posix.basename(named.file), ...(request.name ? { name: request.name } : {}), document: {}, source: read.text });
        continue;
      }
      const { ctx, problems: sink } = contextOf(named.source);
      const spec = await parseSpecFile({ ...request, file: named.inner }, ctx, sink);
      if (spec) specs.push(spec.file === named.file ? spec : { ...spec, file: named.file });
    }
    d.specifications = specs;
  });
  for (let i = 0; i < loading.length; i++) await loading[i];

  // 6. Diagnostics, located (the locator finds an included catalog's files by the names they go by).
  for (const [source, c] of contexts) if (source !== own) for (const p of c.problems) problems.push({ ...p, file: source.display(p.file) });
  const resources = drafts as unknown as Resource[];
  resources.sort((a, b) => localeOrder(a.kind, b.kind) || localeOrder(a.id, b.id) || compareVersions(a.version, b.version));
  guides.sort((a, b) => a.order - b.order || localeOrder(a.title, b.title));
  const unlocated: Diagnostic[] = problems.map((p) => ({
    code: p.code,
    severity: p.severity ?? LOADER_SEVERITY[p.code] ?? 'error',
    message: p.message,
    file: p.file,
    line: p.line,
    column: p.column,
    hint: p.hint,
    path: p.path ? formatPath(p.path) : undefined,
    _path: p.path,
  })) as (Diagnostic & { _path?: (string | number)[] })[];
  const locator = new SourceLocator(root, diskPath);
  cache?.save();
  const catalog = new Catalog({
    root,
    locator,
    pathOf: diskPath,
    config,
    configFile,
    resources,
    guides,
    pages: pages.sort((a, b) => localeOrder(a.id, b.id)),
    documents,
    referenced,
    files: scan.files,
    diagnostics: unlocated.map(({ _path, ...d }: Diagnostic & { _path?: (string | number)[] }) => {
      if (_path && d.file && d.line === undefined) {
        const pos = locator.locate(d.file, _path);
        return { ...d, line: pos.line, column: pos.column };
      }
      return d;
    }),
  });
  // The lint keeps its results in the same cache (see lintMemo), and saves it when it is done.
  if (cache) attachCache(catalog, cache);
  return catalog;
}

/** A schema document under the name its file goes by (an included catalog's), its value still unread. */
function renamed(doc: SchemaDocument, file: string, value: LazyValue): SchemaDocument {
  const { value: _value, ...rest } = Object.getOwnPropertyDescriptors(doc);
  const base = Object.fromEntries(Object.entries(rest).map(([key, d]) => [key, d.value])) as Omit<SchemaDocument, 'value'>;
  return lazySchemaDocument({ ...base, file }, value);
}

/** A file's frontmatter checked against its kind's schema (from the cache when the file is unchanged). */
function frontmatterProblems(cache: LoadCache | undefined, md: ParsedMarkdown, file: string, schema: SchemaName, lead: string): DocumentProblem[] {
  const compute = () => {
    const validate = frontmatterValidator(schema);
    return validate(md.data) ? [] : ajvProblems(validate.errors ?? [], file, 'frontmatter-invalid', lead);
  };
  return cache ? cache.problemsOf(md, `frontmatter:${schema}:${lead}`, file, compute) : compute();
}

function flowStep(step: Step, index: number, link: (f: KindFamily[], ref: unknown, at: (string | number)[]) => Link): FlowStep {
  const at = ['steps', index];
  const id = String(step?.id ?? index);
  const next = [...(step?.next_step !== undefined ? [step.next_step] : []), ...(Array.isArray(step?.next_steps) ? step.next_steps : [])].map((n: Next) =>
    typeof n === 'object' && n !== null ? { id: String(n.id), ...(n.label ? { label: n.label } : {}) } : { id: String(n) },
  );
  const base = { id, summary: step?.summary, next };
  if (step?.message) return { ...base, type: 'message', ref: link(['message'], step.message, [...at, 'message']), title: step.title ?? step.message.id };
  if (step?.service) return { ...base, type: 'service', ref: link(['service'], step.service, [...at, 'service']), title: step.title ?? step.service.id };
  if (step?.flow) return { ...base, type: 'flow', ref: link(['flow'], step.flow, [...at, 'flow']), title: step.title ?? step.flow.id };
  if (step?.agent) return { ...base, type: 'agent', ref: link(['agent'], step.agent, [...at, 'agent']), title: step.title ?? step.agent.id };
  if (step?.container) return { ...base, type: 'container', ref: link(['container'], step.container, [...at, 'container']), title: step.title ?? step.container.id };
  if (step?.dataProduct) return { ...base, type: 'data-product', ref: link(['data-product'], step.dataProduct, [...at, 'dataProduct']), title: step.title ?? step.dataProduct.id };
  if (step?.actor) return { ...base, type: 'actor', actor: step.actor.name, title: step.title ?? step.actor.name };
  if (step?.externalSystem) return { ...base, type: 'externalSystem', title: step.title ?? step.externalSystem.name };
  return { ...base, type: 'custom', title: step?.title ?? step?.custom?.title ?? id };
}

function specRequests(value: unknown): SpecRequest[] {
  if (Array.isArray(value)) {
    return value
      .filter((s): s is { type: 'asyncapi' | 'openapi' | 'graphql'; path: string; name?: string } => Boolean(s) && typeof s.path === 'string')
      .map((s) => ({ file: s.path, type: s.type, name: s.name }));
  }
  if (value && typeof value === 'object') {
    const v = value as { asyncapiPath?: unknown; openapiPath?: unknown; graphqlPath?: unknown };
    const out: SpecRequest[] = [];
    if (typeof v.graphqlPath === 'string') out.push({ file: v.graphqlPath, type: 'graphql' });
    if (typeof v.asyncapiPath === 'string') out.push({ file: v.asyncapiPath, type: 'asyncapi' });
    if (typeof v.openapiPath === 'string') out.push({ file: v.openapiPath, type: 'openapi' });
    return out;
  }
  return [];
}

/** Where the folders of a role are, named as its source names them (so two catalogs' folders never mix). */
function displayRole(role: FileRole, source: CatalogSource): FileRole {
  if (!source.origin) return role;
  if (role.role === 'resource') return { ...role, resourceDir: source.display(role.resourceDir), parentDirs: role.parentDirs.map((d) => source.display(d)) };
  if (role.role === 'changelog' || role.role === 'ubiquitous-language' || role.role === 'resource-doc') return { ...role, resourceDir: source.display(role.resourceDir) };
  return role;
}

/** The string fields `keys` of an object. */
function textFields(value: object, keys: string[]): Record<string, string> {
  const v = value as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => typeof v[k] === 'string').map((k) => [k, v[k] as string]));
}

/** A custom property: `x-` and a name (EventCatalog's extension properties). */
function isCustomProperty(key: string): boolean {
  return key.startsWith('x-') && key.length > 2;
}

/**
 * Warnings for fields the schema does not know and that are not custom (`x-*`) properties, with the
 * nearest known field when it is a likely misspelling (`recieves` → `receives`).
 */
function unknownFields(name: SchemaName, data: Record<string, unknown>, file: string): DocumentProblem[] {
  const known = knownFields(name);
  if (known.size === 0) return [];
  const names = [...known];
  return Object.keys(data)
    .filter((key) => !known.has(key) && !isCustomProperty(key))
    .map((key) => {
      const near = closest(key, names);
      const likely = near && distance(key.toLowerCase(), near.toLowerCase()) <= Math.max(2, Math.floor(key.length / 3));
      return {
        code: 'unknown-field',
        file,
        path: [key],
        message: `'${key}' is not a field of this ${name.replace(/-/g, ' ')}; it is ignored.${likely ? ` Did you mean '${near}'?` : ''}`,
        hint: likely ? undefined : `Custom properties start with x- (x-${key}); see the fields in src/schemas/${name}.schema.json.`,
      };
    });
}


function attachmentsOf(value: unknown): Attachment[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((a): Attachment[] => {
    if (typeof a === 'string' && a) return [{ url: a }];
    if (a && typeof a === 'object' && typeof a.url === 'string') {
      const out: Record<string, string> = { url: a.url };
      for (const k of ['title', 'type', 'description', 'icon']) if (typeof a[k] === 'string') out[k] = a[k];
      return [out as unknown as Attachment];
    }
    return [];
  });
}

function resourceGroupsOf(value: unknown, typedLinks: (list: unknown, at: (string | number)[]) => TypedLink[]): ResourceGroup[] {
  if (!Array.isArray(value)) return [];
  return value.map((g: { id?: unknown; title?: unknown; items?: unknown; limit?: unknown; sidebar?: unknown }, i) => ({
    ...(typeof g?.id === 'string' ? { id: g.id } : {}),
    ...(typeof g?.title === 'string' ? { title: g.title } : {}),
    items: typedLinks(g?.items, ['resourceGroups', i, 'items']),
    limit: typeof g?.limit === 'number' ? g.limit : 10,
    sidebar: g?.sidebar !== false,
  }));
}

function termsOf(value: unknown): Term[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((t): t is Record<string, unknown> => Boolean(t) && typeof t === 'object' && typeof t.id === 'string' && typeof t.name === 'string')
    .map((t) => {
      const out: Record<string, string> = { id: t.id as string, name: t.name as string };
      for (const k of ['summary', 'description', 'icon', 'editUrl']) if (typeof t[k] === 'string') out[k] = t[k] as string;
      return out as unknown as Term;
    });
}

function resourceDoc(file: string, docPath: string, folder: 'docs' | 'examples', md: ParsedMarkdown): ResourceDoc {
  const data = md.data as ResourceDoc['frontmatter'];
  const inner = docPath.replace(/\.mdx?$/i, '');
  const heading = /^#\s+(.+)$/m.exec(md.body)?.[1];
  const group = inner.includes('/') ? inner.slice(0, inner.lastIndexOf('/')) : undefined;
  const type = typeof data.type === 'string' ? data.type : folder === 'examples' ? 'examples' : group;
  return {
    id: typeof data.id === 'string' && data.id ? data.id : folder === 'examples' ? `examples/${inner}` : inner,
    title: typeof data.title === 'string' ? data.title : heading ?? inner,
    summary: typeof data.summary === 'string' ? data.summary : '',
    ...(type ? { type } : {}),
    order: typeof data.order === 'number' ? data.order : 1000,
    hidden: data.hidden === true,
    file,
    format: /\.mdx$/i.test(file) ? 'mdx' : 'md',
    frontmatter: data,
    body: md.body,
    bodyLine: md.bodyLine,
  };
}

type RelationLink = (ref: unknown, at: (string | number)[], property: string, relationType?: string) => Link;

/** An entity's `properties`, with `references` resolved to entities (at any depth). */
function entityProperties(value: unknown, at: (string | number)[], prefix: string, relation: RelationLink): EntityProperty[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Record<string, unknown> => Boolean(p) && typeof p === 'object' && typeof p.name === 'string')
    .map((p, i) => {
      const name = p.name as string;
      const here = [...at, i];
      const full = prefix ? `${prefix}.${name}` : name;
      const relationType = typeof p.relationType === 'string' ? p.relationType : undefined;
      const items = p.items && typeof p.items === 'object' ? (p.items as { type?: unknown; properties?: unknown }) : undefined;
      return {
        name,
        type: typeof p.type === 'string' ? p.type : 'string',
        required: p.required === true,
        ...(typeof p.description === 'string' ? { description: p.description } : {}),
        ...(Array.isArray(p.enum) ? { enum: p.enum.map(String) } : {}),
        ...(typeof p.references === 'string' ? { references: relation({ id: p.references }, [...here, 'references'], full, relationType) } : {}),
        ...(typeof p.referencesIdentifier === 'string' ? { referencesIdentifier: p.referencesIdentifier } : {}),
        ...(relationType ? { relationType } : {}),
        ...(Array.isArray(p.properties) ? { properties: entityProperties(p.properties, [...here, 'properties'], full, relation) } : {}),
        ...(items
          ? {
              items: {
                type: typeof items.type === 'string' ? items.type : 'object',
                ...(Array.isArray(items.properties) ? { properties: entityProperties(items.properties, [...here, 'items', 'properties'], `${full}[]`, relation) } : {}),
              },
            }
          : {}),
      };
    });
}

/** `Team A` → `team-a`. */
function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'included';
}

/** How diagnostics name a source: `this catalog`, or the included catalog's name. */
function originLabel(source: CatalogSource): string {
  return source.origin ? `the included catalog '${source.origin.name}'` : 'this catalog';
}

/** A path written in `fromFile`, as a catalog-relative path; not ok when it leaves the catalog. */
function catalogPath(root: string, fromFile: string, written: string): { ok: true; path: string } | { ok: false } {
  const absolute = path.resolve(root, path.dirname(fromFile), written);
  const relative = path.relative(root, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { ok: false };
  return { ok: true, path: relative.split(path.sep).join('/') };
}

function deprecationOf(value: unknown): { message?: string; date?: string } | undefined {
  if (value === true) return {};
  if (value && typeof value === 'object') {
    const v = value as { message?: unknown; date?: unknown };
    return { ...(typeof v.message === 'string' ? { message: v.message } : {}), ...(v.date !== undefined ? { date: String(v.date) } : {}) };
  }
  return undefined;
}

function scalarString(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
