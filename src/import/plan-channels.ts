/**
 * Planning the channels of an import. Channels are shared by producers and consumers, so an import only
 * sets the fields the document has values for (address, protocols, parameters, bindings, summary), merges
 * its bindings and parameters into those the catalog has, and leaves every other field, and the body, as
 * they are.
 */
import type { Channel } from '../catalog/model.ts';
import { channelBody } from './bodies.ts';
import { editFrontmatter, markdownFile } from './frontmatter-edit.ts';
import type { ImportedChannel } from './model.ts';
import { join, type PlanContext } from './plan-context.ts';
import { fieldChanges } from './plan-messages.ts';
import { layoutOf } from '../catalog/layout.ts';

/** Plans every channel of the document. */
export async function planChannels(ctx: PlanContext): Promise<void> {
  for (const channel of ctx.service.channels) await planChannel(ctx, channel);
}

function ownedFields(ctx: PlanContext, channel: ImportedChannel): Record<string, unknown> {
  return {
    ...(channel.summary ? { summary: channel.summary } : {}),
    ...(ctx.options.owners?.length ? { owners: ctx.options.owners } : {}),
    address: channel.address,
    ...(channel.protocols.length ? { protocols: channel.protocols } : {}),
    ...(channel.parameters ? { parameters: channel.parameters } : {}),
    ...(channel.bindings ? { bindings: channel.bindings } : {}),
  };
}

/** `current` with each of `update`'s entries merged into the entry of the same key (update wins). */
function mergeByKey(current: unknown, update: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!update) return undefined;
  const base = current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(update)) {
    const before = base[key];
    out[key] = before && typeof before === 'object' && !Array.isArray(before) && value && typeof value === 'object' ? { ...before, ...value } : value;
  }
  return out;
}

async function planChannel(ctx: PlanContext, channel: ImportedChannel): Promise<void> {
  const existing = ctx.catalog.latest('channel', channel.id) as Channel | undefined;
  const wanted = ownedFields(ctx, channel);
  if (existing) {
    // Bindings and parameters written by hand (a stream name, an example) stay beside the document's.
    const fm = existing.frontmatter as Record<string, unknown>;
    for (const key of ['bindings', 'parameters'] as const) if (wanted[key]) wanted[key] = mergeByKey(fm[key], channel[key]);
  }
  if (!existing) {
    const file = join(layoutOf('channel').folders[0], channel.id, 'index.md');
    ctx.write(file, markdownFile({ id: channel.id, version: '1.0.0', ...wanted }, channelBody(channel, ctx.service)));
    ctx.change({ action: 'create', kind: 'channel', id: channel.id, version: '1.0.0', file });
    return;
  }
  const changes = fieldChanges(existing, wanted);
  // Protocols are a set.
  if ('protocols' in changes && [...existing.protocols].sort().join() === [...channel.protocols].sort().join()) delete changes.protocols;
  if (Object.keys(changes).length === 0) {
    ctx.change({ action: 'unchanged', kind: 'channel', id: existing.id, version: existing.version, file: existing.file });
    return;
  }
  ctx.write(existing.file, editFrontmatter(await ctx.text(existing.file), changes));
  ctx.change({ action: 'update', kind: 'channel', id: existing.id, version: existing.version, file: existing.file, detail: Object.keys(changes).join(', ') });
}
