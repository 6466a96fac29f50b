/**
 * Carrying out an import plan on disk, and printing it. Moves and copies (old versions into
 * `versioned/<version>/`) happen before writes, so a rewritten file never overwrites what was to be kept.
 */
import path from 'node:path';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import type { ImportPlan, PlannedChange } from './plan-context.ts';

/** Writes, moves and copies the plan's files under `root`. Paths never leave `root`. */
export async function applyPlan(root: string, plan: ImportPlan): Promise<void> {
  const inside = (file: string) => {
    const absolute = path.resolve(root, file);
    if (path.relative(root, absolute).startsWith('..')) throw new Error(`The import tried to write outside the catalog: ${file}`);
    return absolute;
  };
  const order = { copy: 0, move: 1, write: 2 } as const;
  const operations = [...plan.operations].sort((a, b) => order[a.op] - order[b.op]);
  for (const operation of operations) {
    if (operation.op === 'write') {
      const target = inside(operation.file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, operation.content);
    } else {
      const from = inside(operation.from);
      const to = inside(operation.to);
      await mkdir(path.dirname(to), { recursive: true });
      if (operation.op === 'move') await rename(from, to);
      else await copyFile(from, to);
    }
  }
}

const LABEL: Record<PlannedChange['action'], string> = {
  create: 'create',
  update: 'update',
  'new-version': 'version',
  deprecate: 'deprecate',
  reference: 'reference',
  unchanged: 'unchanged',
};

/** The plan as text, one line per resource, changed ones first, then a count of unchanged ones. */
export function formatPlan(plan: ImportPlan, options: { verbose?: boolean; dryRun?: boolean } = {}): string {
  const changed = plan.changes.filter((c) => c.action !== 'unchanged');
  const unchanged = plan.changes.length - changed.length;
  const lines = changed.map((c) => {
    const what = `${c.kind} ${c.id}${c.version ? `@${c.version}` : ''}`;
    return `${LABEL[c.action].padEnd(10)} ${what.padEnd(48)} ${c.file}${c.detail ? `  (${c.detail})` : ''}`;
  });
  if (options.verbose) for (const c of plan.changes.filter((x) => x.action === 'unchanged')) lines.push(`${'unchanged'.padEnd(10)} ${c.kind} ${c.id}${c.version ? `@${c.version}` : ''}`);
  const files = plan.operations.length;
  const verb = options.dryRun ? 'would write' : 'wrote';
  lines.push(changed.length === 0 ? `Nothing to change: the catalog already matches the document (${unchanged} resources unchanged).` : `${verb} ${files} file operation${files === 1 ? '' : 's'}; ${unchanged} resource${unchanged === 1 ? '' : 's'} unchanged.`);
  return `${lines.join('\n')}\n`;
}
