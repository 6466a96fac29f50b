/**
 * Every version of one message with its flattened schema properties, for comparing any two versions
 * in the browser (the page itself shows the diff with the previous version).
 */
import type { APIRoute } from 'astro';
import type { Message } from '../../../../catalog/model.ts';
import { getSite } from '../../../../site/catalog.ts';
import { flatSchema } from '../../../../site/page-data.ts';
import { kindFolder, segment } from '../../../../site/paths.ts';

export async function getStaticPaths() {
  const site = await getSite();
  return site.catalog
    .messages()
    .filter((m) => m.isLatest && site.catalog.versionsOf(m).length > 1)
    .map((m) => ({ params: { kind: kindFolder(m.kind), id: segment(m.id) }, props: { key: m.key } }));
}

export const GET: APIRoute = async ({ props }) => {
  const site = await getSite();
  const latest = site.catalog.get(props.key as string) as Message;
  const versions = site.catalog.versionsOf(latest).map((m) => ({ version: m.version, properties: flatSchema(site, m) ?? null }));
  return new Response(JSON.stringify({ id: latest.id, versions }), { headers: { 'content-type': 'application/json' } });
};
