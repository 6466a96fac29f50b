/**
 * Loads a catalog folder into one {@link Catalog}. Every file is read once; a broken file becomes a
 * diagnostic naming its file and line, and loading goes on so that every other problem is reported too.
 * Nothing here touches the network.
 */
import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import { UserError } from '../diagnostics/user-error.ts';
import { Catalog } from './catalog.ts';
import { classify, type FileRole } from './classify.ts';
import { loadConfig, DEFAULT_COMPATIBILITY } from './config.ts';
import { parseMarkdown, type ParsedMarkdown } from './frontmatter.ts';
import { frontmatterValidator, schemaNameOf, type SchemaName } from './frontmatter-validate.ts';
import type { MessageFrontmatter, Ref, Pointer, ChannelPointer, Step, Next } from './frontmatter.generated.ts';
import { formatPath, SourceLocator } from './locate.ts';
import {
  familyOf,
  isMessageKind,
  resourceKey,
  type Changelog,
  type FlowStep,
  type Guide,
  type HttpOperation,
  type KindFamily,
  type Link,
  type MessageLink,
  type Resource,
  type ResourceKind,
  type SchemaDocument,
  type SpecDocument,
} from './model.ts';
import { MAX_DOCUMENT_BYTES, MAX_MARKDOWN_BYTES, readTextFile } from './read-file.ts';
import { scanCatalog } from './scan.ts';
import { includedSources, type CatalogSource } from './federation.ts';
import { ajvProblems, parseSchemaFile, parseStructured, type DocumentProblem, type RefCheckContext } from './schema-files.ts';
import { parseSpecFile, type SpecRequest } from './spec-files.ts';
import { compareVersions, resolveVersion } from './versions.ts';
import { LoadCache } from './cache/load-cache.ts';

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
  'symlink-loop': 'error',
  'broken-symlink': 'warning',
  'unreadable-folder': 'error',
  'duplicate-resource': 'error',
  'config-invalid': 'error',
  'schema-missing': 'error',
  'schema-unparsable': 'error',
  'schema-invalid': 'error',
  'schema-unsupported': 'warning',
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

export async function loadCatalog(rootInput: string, options: LoadOptions = {}): Promise<Catalog> {
  const root = path.resolve(rootInput);
  if (!existsSync(root)) {
    throw new UserError('catalog-not-found', `The catalog folder ${rootInput} does not exist.`, {
      hint: 'Pass --catalog DIR, set WAYBILL_CATALOG, or run `waybill init` to create one.',
    });
  }
  if (!statSync(root).isDirectory()) throw new UserError('catalog-not-a-folder', `${rootInput} is a file, not a catalog folder.`);

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
        hint: 'Resources live in <kind>/<id>/index.md (domains, services, events, commands, queries, channels, flows, entities); teams/ and users/ hold one file each; guide pages go under docs/.',
      });
      return;
    }
    const read = await readTextFile(diskPath(file), MAX_MARKDOWN_BYTES);
    if (!read.ok) {
      problems.push({ code: read.problem.code, file, line: read.problem.line, column: read.problem.line ? 1 : 0, message: read.problem.message });
      return;
    }
    const parsed = cache ? cache.markdown(read.text) : parseMarkdown(read.text);
    if (!parsed.ok) {
      problems.push({ ...parsed.problem, file });
      return;
    }
    for (const problem of parsed.value.problems) problems.push({ ...problem, file });
    entries.push({ file, source, order, role, md: parsed.value });
  });
  entries.sort((a, b) => a.order - b.order || a.file.localeCompare(b.file));

  // 2. Validate frontmatter and make draft resources.
  const drafts: Draft[] = [];
  const guides: Guide[] = [];
  const byKey = new Map<string, Draft>();
  const dirOf = new Map<Draft, { dir: string; parents: string[]; versionDir?: string }>();
  const currentByDir = new Map<string, Draft>();
  const changelogs = new Map<string, Changelog>();
  const languages = new Map<string, Changelog>();

  /** Which source first defined each id (`family:id`): a later source defining it too is a clash. */
  const idSource = new Map<string, { source: CatalogSource; file: string }>();
  for (const entry of entries) {
    const { file, source, role, md } = entry;
    if (role.role === 'changelog') {
      changelogs.set(`${role.resourceDir}#${role.versionDir ?? ''}`, { file, body: md.body });
      continue;
    }
    if (role.role === 'ubiquitous-language') {
      languages.set(role.resourceDir, { file, body: md.body });
      continue;
    }
    if (role.role === 'guide') {
      problems.push(...frontmatterProblems(cache, md, file, 'guide', 'The guide frontmatter is invalid'));
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
    problems.push(...frontmatterProblems(cache, md, file, schemaNameOf(kind), `The ${kind} frontmatter is invalid`));
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
      continue;
    }
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
      deprecated: deprecationOf(data.deprecated),
      hidden: data.hidden === true,
      specifications: [],
    } as unknown as Draft;
    byKey.set(familyKey, draft);
    drafts.push(draft);
    if (role.role === 'resource') {
      dirOf.set(draft, { dir: role.resourceDir, parents: role.parentDirs, versionDir: role.versionDir });
      if (!role.versionDir) currentByDir.set(role.resourceDir, draft);
      const log = changelogs.get(`${role.resourceDir}#${role.versionDir ?? ''}`);
      if (log) draft.changelog = log;
    }
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

  // 4. Structure: domains, folder membership, references.
  for (const d of drafts) {
    const fm = d.frontmatter as Record<string, unknown>;
    d.owners = links(['team', 'user'], fm.owners, ['owners']);
    const where = dirOf.get(d);
    if (where) {
      const enclosing = where.parents.map((dir) => currentByDir.get(dir)).filter((x): x is Draft => Boolean(x));
      const domain = enclosing.find((r) => r.kind === 'domain');
      const service = enclosing.find((r) => r.kind === 'service');
      if (d.kind === 'domain') {
        if (domain) d.parent = domain.key;
      } else if (domain) d.domain = domain.key;
      if (service && d.kind !== 'service') d.folderService = service.key;
    }
    switch (d.kind) {
      case 'domain':
        d.services = links(['service'], fm.services, ['services']);
        d.subdomains = links(['domain'], fm.domains, ['domains']);
        d.entities = links(['entity'], fm.entities, ['entities']);
        d.flows = links(['flow'], fm.flows, ['flows']);
        if (where && !where.versionDir) {
          const language = languages.get(where.dir);
          if (language) d.ubiquitousLanguage = language;
        }
        break;
      case 'event':
      case 'command':
      case 'query':
        d.channels = links(['channel'], fm.channels, ['channels']);
        d.compatibility = (fm as MessageFrontmatter).compatibility ?? config.compatibility ?? DEFAULT_COMPATIBILITY;
        d.wireName = typeof fm.wireName === 'string' ? fm.wireName : d.id;
        if (fm.operation && typeof fm.operation === 'object') {
          const op = fm.operation as { method?: unknown; path?: unknown; statusCodes?: unknown; responses?: unknown };
          if (typeof op.method === 'string' && typeof op.path === 'string') {
            const responses = op.responses && typeof op.responses === 'object' ? Object.entries(op.responses).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
            d.operation = {
              method: op.method.toUpperCase(),
              path: op.path,
              statusCodes: Array.isArray(op.statusCodes) ? op.statusCodes.map(String) : [],
              responses: responses.map(([status, schemaPath]) => ({ status, schemaPath })),
            };
          }
        }
        break;
      case 'channel':
        d.address = typeof fm.address === 'string' ? fm.address : d.id;
        d.protocols = Array.isArray(fm.protocols) ? fm.protocols.map(String) : [];
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
    if (d.kind !== 'service') continue;
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
            };
          })
        : [];
    d.sends = pointers('sends', 'to');
    d.receives = pointers('receives', 'from');
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
  const documents = new Map<string, unknown>();
  const docCache = new Map<string, Promise<unknown | undefined>>();
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
                if (parsed?.ok) documents.set(file, parsed.value);
                return parsed?.ok ? parsed.value : undefined;
              });
              docCache.set(file, pending);
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
        if (doc) documents.set(named.file, doc.value);
        return Promise.all(dependencies.map((dep) => ctx.load(dep))).then(() => (doc && doc.file !== named.file ? { ...doc, file: named.file } : doc));
      });
      schemaCache.set(named.file, pending);
    }
    return pending;
  };
  await mapLimit(drafts, 16, async (d) => {
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
      const at = Array.isArray(fm.specifications) ? ['specifications', i, 'path'] : ['specifications', request.type === 'openapi' ? 'openapiPath' : 'asyncapiPath'];
      if (!named) {
        problems.push({ code: 'ref-outside-catalog', file: d.file, path: at, message: `The specification '${request.file}' lies outside the catalog folder; it was not read.` });
        continue;
      }
      if (!where.has(named.file)) {
        problems.push({ code: 'spec-missing', file: d.file, path: at, message: `The specification ${named.file} does not exist.` });
        continue;
      }
      const { ctx, problems: sink } = contextOf(named.source);
      const spec = await parseSpecFile({ ...request, file: named.inner }, ctx, sink);
      if (spec) specs.push(spec.file === named.file ? spec : { ...spec, file: named.file });
    }
    d.specifications = specs;
  });

  // 6. Diagnostics, located (the locator finds an included catalog's files by the names they go by).
  for (const [source, c] of contexts) if (source !== own) for (const p of c.problems) problems.push({ ...p, file: source.display(p.file) });
  const resources = drafts as unknown as Resource[];
  resources.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id) || compareVersions(a.version, b.version));
  guides.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
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
  return new Catalog({
    root,
    locator,
    pathOf: diskPath,
    config,
    configFile,
    resources,
    guides,
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
  if (step?.actor) return { ...base, type: 'actor', actor: step.actor.name, title: step.title ?? step.actor.name };
  if (step?.externalSystem) return { ...base, type: 'externalSystem', title: step.title ?? step.externalSystem.name };
  return { ...base, type: 'custom', title: step?.title ?? id };
}

function specRequests(value: unknown): SpecRequest[] {
  if (Array.isArray(value)) {
    return value
      .filter((s): s is { type: 'asyncapi' | 'openapi'; path: string; name?: string } => Boolean(s) && typeof s.path === 'string')
      .map((s) => ({ file: s.path, type: s.type, name: s.name }));
  }
  if (value && typeof value === 'object') {
    const v = value as { asyncapiPath?: unknown; openapiPath?: unknown };
    const out: SpecRequest[] = [];
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
  if (role.role === 'changelog' || role.role === 'ubiquitous-language') return { ...role, resourceDir: source.display(role.resourceDir) };
  return role;
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
