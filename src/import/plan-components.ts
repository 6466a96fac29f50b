/**
 * Planning the shared component schemas of an import (see shared-components.ts). Each component is a
 * JSON Schema file in the service's folder, `schemas/<Name>.v<revision>.json`, and a revision file is
 * never rewritten: a component whose content changed (or one it refers to did) gets the next revision,
 * the messages that use it point at the new file (so their schema changed, and they get a new version),
 * and the versions kept under `versioned/` still point at the old file. A component that did not
 * change keeps its latest revision, so re-importing an unchanged document writes nothing.
 */
import path from 'node:path';
import type { Catalog } from '../catalog/catalog.ts';
import { sameJson } from './frontmatter-edit.ts';
import { join, type PlanContext } from './plan-context.ts';
import { bundleFiles, DATA_KEYWORDS } from './schema-bundle.ts';
import { COMPONENT_REF, componentName } from './shared-components.ts';

type Json = Record<string, unknown>;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** `Name.v3.json` → name and revision. */
const REVISION_FILE = /^([A-Za-z0-9_-]+)\.v(\d+)\.json$/;

/** Replaces every `$ref` a function maps (others stay as they are). */
function mapRefs(node: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => mapRefs(n, map));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out[key] = map(value);
    else out[key] = DATA_KEYWORDS.has(key) ? value : mapRefs(value, map);
  }
  return out;
}

/** Whether a schema refers to another file (a relative `$ref`, not a URL). */
export function hasFileRef(node: unknown): boolean {
  let found = false;
  mapRefs(node, (ref) => {
    if (!ref.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(ref)) found = true;
    return ref;
  });
  return found;
}

/** A relative `$ref` from a file in `fromDir` to the catalog file `to`. */
function relativeRef(fromDir: string, to: string): string {
  return path.posix.relative(fromDir, to);
}

/**
 * A schema file moved from `from` to `to`, its relative references rewritten so they reach the same
 * files; undefined when it has none (the file can simply move).
 */
export function movedSchema(value: unknown, from: string, to: string): unknown {
  if (!hasFileRef(value)) return undefined;
  return mapRefs(value, (ref) => {
    if (ref.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(ref)) return ref;
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), base));
    return `${relativeRef(path.posix.dirname(to), target)}${hash < 0 ? '' : ref.slice(hash)}`;
  });
}

/** An existing revision file whose content is a component's, with the revisions it refers to. */
interface Candidate {
  revision: number;
  file: string;
  /** Component name → revision, for each other component file it refers to. */
  refs: Map<string, number>;
}

/** The components of one import: their files, revisions, and how messages refer to them. */
export class ComponentPlan {
  readonly #catalog: Catalog;
  readonly #dir: string;
  /** Component name → the file of the revision messages should point at. */
  readonly #files = new Map<string, string>();
  /** Files this import writes (or would), parsed: the candidates' references resolve through them. */
  readonly #written = new Map<string, unknown>();
  /** Existing revision files read to compare them. */
  readonly #read = new Map<string, unknown>();

  private constructor(catalog: Catalog, dir: string) {
    this.#catalog = catalog;
    this.#dir = dir;
  }

  /**
   * Decides each component's revision and plans the new revision files. An existing revision is reused
   * when its content is the component's, referring to the revisions chosen for the components it
   * reaches (so two documents sharing a service folder, each with its own `Order`, keep a revision each
   * instead of replacing each other's on every import); otherwise the next revision is written.
   */
  static async plan(ctx: PlanContext): Promise<ComponentPlan> {
    const plan = new ComponentPlan(ctx.catalog, join(ctx.serviceDir, 'schemas'));
    const components = ctx.service.components ?? {};
    const names = Object.keys(components);
    const revisions = new Map<string, { revision: number; file: string }[]>();
    for (const file of ctx.catalog.files) {
      if (path.posix.dirname(file) !== plan.#dir) continue;
      const match = REVISION_FILE.exec(path.posix.basename(file));
      if (!match || !Object.hasOwn(components, match[1])) continue;
      revisions.set(match[1], [...(revisions.get(match[1]) ?? []), { revision: Number(match[2]), file }]);
    }
    // The revisions whose content is the component's, references compared by component name; newest first.
    const candidates = new Map<string, Candidate[]>();
    for (const name of names) {
      const list: Candidate[] = [];
      for (const { revision, file } of (revisions.get(name) ?? []).sort((a, b) => b.revision - a.revision)) {
        let value: unknown;
        try {
          value = JSON.parse(await ctx.text(file));
        } catch {
          continue;
        }
        plan.#read.set(file, value);
        const refs = new Map<string, number>();
        const byName = mapRefs(value, (ref) => {
          if (ref === '#') return `${COMPONENT_REF}${name}`;
          const match = ref.includes('/') ? null : REVISION_FILE.exec(ref);
          if (!match) return ref;
          refs.set(match[1], Number(match[2]));
          return `${COMPONENT_REF}${match[1]}`;
        });
        if (sameJson(byName, components[name])) list.push({ revision, file, refs });
      }
      candidates.set(name, list);
    }
    // A reused revision must refer to the revisions chosen for the others; a component that gets a new
    // revision makes those referring to it move on too, until nothing changes.
    const chosen = new Map<string, number>(names.map((name) => [name, 0]));
    const candidate = (name: string) => candidates.get(name)?.[chosen.get(name) as number];
    for (let moved = true; moved; ) {
      moved = false;
      for (const name of names) {
        for (let current = candidate(name); current; current = candidate(name)) {
          const consistent = [...current.refs].every(([dep, revision]) => !Object.hasOwn(components, dep) || candidate(dep)?.revision === revision);
          if (consistent) break;
          chosen.set(name, (chosen.get(name) as number) + 1);
          moved = true;
        }
      }
    }
    const latest = (name: string) => Math.max(0, ...(revisions.get(name) ?? []).map((r) => r.revision));
    for (const name of names) plan.#files.set(name, candidate(name)?.file ?? join(plan.#dir, `${name}.v${latest(name) + 1}.json`));
    for (const name of names) {
      const reused = candidate(name);
      const file = plan.#files.get(name) as string;
      if (reused) {
        ctx.change({ action: 'unchanged', kind: 'schema', id: name, version: `v${reused.revision}`, file });
        continue;
      }
      const content = plan.render(components[name], file, name);
      plan.#written.set(file, content);
      ctx.write(file, json(content));
      const previous = latest(name);
      ctx.change({ action: previous ? 'new-version' : 'create', kind: 'schema', id: name, version: `v${previous + 1}`, file, ...(previous ? { detail: `v${previous} stays for the versions that use it` } : {}) });
    }
    return plan;
  }

  /**
   * A schema that will be written at `file`, its component references made relative paths to the
   * revision files (`#` for the component `self` itself).
   */
  render<T>(schema: T, file: string, self?: string): T {
    if (this.#files.size === 0) return schema;
    return mapRefs(schema, (ref) => {
      const name = componentName(ref);
      if (name === undefined) return ref;
      if (name === self) return '#';
      const target = this.#files.get(name);
      return target ? relativeRef(path.posix.dirname(file), target) : ref;
    }) as T;
  }

  /**
   * What a schema at `file` means, with every file it refers to inlined (the catalog's files, and those
   * this import writes): two schemas split differently into files compare equal when they say the same.
   */
  meaning(schema: unknown, file: string): unknown {
    if (!hasFileRef(schema)) return schema;
    return bundleFiles(schema, file, (target) => this.#written.get(target) ?? this.#read.get(target) ?? this.#catalog.documents.get(target));
  }
}
