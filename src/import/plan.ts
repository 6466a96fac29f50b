/**
 * Import planning: compares what a document says ({@link ImportedService}) with the loaded catalog and
 * decides every file to write, move or copy. Unchanged resources get no operation at all, so their files
 * stay byte-identical; a changed message gets a new version; bodies are never rewritten.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { UserError } from '../diagnostics/user-error.ts';
import { domainBody } from './bodies.ts';
import { markdownFile } from './frontmatter-edit.ts';
import { isSafeId } from './ids.ts';
import type { ImportedService } from './model.ts';
import { join, PlanContext, resourceDir, type ImportPlan, type PlanOptions } from './plan-context.ts';
import { planChannels } from './plan-channels.ts';
import { planMessages } from './plan-messages.ts';
import { locateService, planService } from './plan-service.ts';
import { layoutOf } from '../catalog/layout.ts';

export type { ImportPlan, PlanOptions, PlannedChange, FileOperation } from './plan-context.ts';

/** Plans the import of one service into `catalog`. Nothing is written; see `applyPlan`. */
export async function planImport(catalog: Catalog, service: ImportedService, options: PlanOptions = {}): Promise<ImportPlan> {
  for (const id of [service.id, options.domain, ...(options.owners ?? [])]) {
    if (id !== undefined && !isSafeId(id)) throw new UserError('bad-id', `'${id}' is not a usable id.`, { hint: 'Use letters, digits, - and _.' });
  }
  const ctx = new PlanContext(catalog, service, options);
  planOwners(ctx);
  planDomain(ctx);
  const existing = locateService(ctx);
  if (existing && options.readPrevious) {
    const previous = existing.specifications.find((s) => s.type === service.spec.type);
    if (previous) for (const id of await options.readPrevious(previous.document, previous.file)) ctx.previousMessageIds.add(id);
  }
  await planChannels(ctx);
  await planMessages(ctx);
  await planService(ctx, existing);
  return ctx.plan;
}

/** Owners the catalog does not know become teams, so `owners` never points at nothing. */
function planOwners(ctx: PlanContext): void {
  for (const owner of ctx.options.owners ?? []) {
    if (ctx.catalog.latest('team', owner) || ctx.catalog.latest('user', owner)) continue;
    const file = join(layoutOf('team').folders[0], `${owner}.md`);
    ctx.write(file, markdownFile({ id: owner, name: owner }, `\nThe ${owner} team. Add its members and how to reach it.\n`));
    ctx.change({ action: 'create', kind: 'team', id: owner, file });
  }
}

function planDomain(ctx: PlanContext): void {
  const id = ctx.options.domain;
  if (!id) return;
  const existing = ctx.catalog.latest('domain', id);
  if (existing) {
    ctx.domainDir = resourceDir(existing);
    return;
  }
  ctx.domainDir = join('domains', id);
  const file = join(ctx.domainDir, 'index.md');
  const owners = ctx.options.owners?.length ? { owners: ctx.options.owners } : {};
  ctx.write(file, markdownFile({ id, name: id, version: '1.0.0', ...owners }, domainBody(id)));
  ctx.change({ action: 'create', kind: 'domain', id, version: '1.0.0', file });
}
