/**
 * Planning the channels of an import. Channels are shared by producers and consumers, so an import only
 * sets the fields the document has values for (address, protocols, parameters, bindings, summary) and
 * leaves every other field, and the body, as the catalog has them.
 */
import type { Channel } from '../catalog/model.ts';
import { channelBody } from './bodies.ts';
import { editFrontmatter, markdownFile } from './frontmatter-edit.ts';
import type { ImportedChannel } from './model.ts';
import { join, type PlanContext } from './plan-context.ts';
import { fieldChanges } from './plan-messages.ts';

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

async function planChannel(ctx: PlanContext, channel: ImportedChannel): Promise<void> {
  const existing = ctx.catalog.latest('channel', channel.id) as Channel | undefined;
  const wanted = ownedFields(ctx, channel);
  if (!existing) {
    const file = join('channels', channel.id, 'index.md');
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
