/**
 * `waybill import` as a function: read an AsyncAPI or OpenAPI document, compare it with the catalog at
 * `root` (loaded once with `loadCatalog`), plan the changes and, unless it is a dry run, make them.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { UserError } from '../diagnostics/user-error.ts';
import { loadCatalog } from '../catalog/load.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ImportedService } from './model.ts';
import { planImport, type ImportPlan } from './plan.ts';
import { messageIdsOf, readSpecDocument, type SpecKind } from './read-document.ts';
import { applyPlan } from './write-catalog.ts';

export type { SpecKind } from './read-document.ts';
export type { ImportPlan } from './plan.ts';

export interface ImportOptions {
  /** Service id (default: from the document's title). */
  serviceId?: string;
  /** Domain for a new service (created when missing). */
  domain?: string;
  /** Owners of the resources written. */
  owners?: string[];
  /** Plan only; write nothing. */
  dryRun?: boolean;
  /** Called with a short status line. */
  onProgress?: (status: string) => void;
  /**
   * The folder the document's relative file references may reach (`--root`); default: the nearest
   * folder above the document holding `.git`, else the document's folder.
   */
  root?: string;
}

/** The folder a document's file references may reach: `root` when given, else the nearest one with `.git`. */
export function referenceRoot(file: string, root?: string): string {
  const document = path.resolve(file);
  if (root !== undefined) {
    const resolved = path.resolve(root);
    const rel = path.relative(resolved, document);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UserError('root-outside', `${file} is not inside --root ${root}.`, { hint: 'Pass a --root folder that holds the document and every file it refers to.' });
    return resolved;
  }
  for (let dir = path.dirname(document); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(document);
  }
}

export interface ImportResult {
  /** Absent when the document is invalid (see the diagnostics). */
  plan?: ImportPlan;
  service?: ImportedService;
  /** Findings about the document and the import. */
  diagnostics: Diagnostic[];
}

/** Imports `file` (an AsyncAPI or OpenAPI document) into the catalog folder `root` (created when missing). */
export async function importDocument(root: string, file: string, kind: SpecKind, options: ImportOptions = {}): Promise<ImportResult> {
  const reading = await readSpecDocument(file, kind, { serviceId: options.serviceId, root: referenceRoot(file, options.root) });
  if (!reading.service) return { diagnostics: reading.diagnostics };
  await mkdir(root, { recursive: true });
  options.onProgress?.('Loading the catalog');
  // No load cache: a dry run writes nothing, and an import changes the catalog right after.
  const catalog = await loadCatalog(root, { cache: false });
  const plan = await planImport(catalog, reading.service, {
    domain: options.domain,
    owners: options.owners,
    readPrevious: (document, spec) => messageIdsOf(document, path.join(catalog.root, spec), kind),
  });
  if (!options.dryRun) await applyPlan(catalog.root, plan);
  return { plan, service: reading.service, diagnostics: [...reading.diagnostics, ...plan.diagnostics] };
}
