/**
 * The state one import plan is built in: the loaded catalog it is compared with, the document's service,
 * and the changes and file operations decided so far. Decisions are made from the catalog model; a file's
 * text is read only to rewrite it (an edited frontmatter, a moved version) or to compare a generated file.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Catalog } from '../catalog/catalog.ts';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import type { Resource } from '../catalog/model.ts';
import type { ImportedService } from './model.ts';
import type { ComponentPlan } from './plan-components.ts';

/** A file operation of a plan, paths relative to the catalog root. */
export type FileOperation =
  | { op: 'write'; file: string; content: string }
  | { op: 'move'; from: string; to: string }
  | { op: 'copy'; from: string; to: string };

export type ChangeAction = 'create' | 'update' | 'new-version' | 'deprecate' | 'reference' | 'unchanged';

/** One line of the plan: what happens to one resource (or document). */
export interface PlannedChange {
  action: ChangeAction;
  kind: string;
  id: string;
  version?: string;
  /** The resource's file (relative to the catalog root). */
  file: string;
  /** What changed, in a few words. */
  detail?: string;
}

/** Everything an import would do; `applyPlan` carries it out, `--dry-run` prints it. */
export interface ImportPlan {
  changes: PlannedChange[];
  operations: FileOperation[];
  diagnostics: Diagnostic[];
}

export interface PlanOptions {
  /** Domain to place a new service in (created when missing). */
  domain?: string;
  /** Owners (team or user ids) of the resources the import writes; unknown ones become teams. */
  owners?: string[];
  /** Reads the ids of the messages in the previous copy of the document (attached to the service). */
  readPrevious?: (document: Readonly<Record<string, unknown>>, file: string) => Promise<string[]>;
}

export class PlanContext {
  readonly catalog: Catalog;
  readonly service: ImportedService;
  readonly options: PlanOptions;
  readonly plan: ImportPlan = { changes: [], operations: [], diagnostics: [] };
  /** Document message id → catalog message id (they differ when an id was taken by another service). */
  readonly messageIds = new Map<string, string>();
  /** Where the service's folder is (relative to the root). */
  serviceDir = '';
  /** Where the domain's folder is, when `--domain` is given. */
  domainDir = '';
  /**
   * Ids of the messages the previous copy of this document (the one the catalog holds) sent or received:
   * only those can be dropped from `sends`/`receives`, so entries written by hand are never removed.
   */
  previousMessageIds = new Set<string>();
  /** The shared component schemas' files (planned before the messages that refer to them). */
  components?: ComponentPlan;

  constructor(catalog: Catalog, service: ImportedService, options: PlanOptions) {
    this.catalog = catalog;
    this.service = service;
    this.options = options;
  }

  /** The text of a catalog file, read only to rewrite it (decisions come from the loaded catalog). */
  async text(file: string): Promise<string> {
    return readFile(path.join(this.catalog.root, file), 'utf8');
  }

  change(change: PlannedChange): void {
    this.plan.changes.push(change);
  }

  write(file: string, content: string): void {
    this.plan.operations.push({ op: 'write', file, content });
  }

  /** A diagnostic about the import itself (about catalog files or the document). */
  report(code: string, severity: Severity, message: string, file: string, hint?: string): void {
    this.plan.diagnostics.push({ code, severity, message, file, line: 0, ...(hint ? { hint } : {}) });
  }

  /** The document's file name, for messages and generated bodies. */
  get source(): string {
    return this.service.spec.fileName;
  }
}

/** The folder of a resource (its current folder, also for a version kept under `versioned/`). */
export function resourceDir(resource: Pick<Resource, 'file'>): string {
  const dir = path.posix.dirname(resource.file);
  const versioned = /^(.*)\/versioned\/[^/]+$/.exec(dir);
  return versioned ? versioned[1] : dir;
}

/** Files directly in a folder (not in its subfolders), from the catalog's file list. */
export function filesIn(catalog: Catalog, dir: string): string[] {
  return catalog.files.filter((f) => path.posix.dirname(f) === dir);
}

/** `a/b` joined posix-style, without a leading slash for an empty base. */
export function join(...parts: string[]): string {
  return path.posix.join(...parts.filter(Boolean));
}
