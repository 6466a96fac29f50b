/**
 * One domain's sidebar branch as JSON (services with their messages, subdomains, flows), fetched when
 * a reader opens that domain in the sidebar of a page outside it.
 */
import type { APIRoute } from 'astro';
import type { Domain } from '../../../catalog/model.ts';
import { getSite } from '../../../site/catalog.ts';
import { domainBranch } from '../../../site/nav.ts';
import { segment } from '../../../site/paths.ts';

export async function getStaticPaths() {
  const site = await getSite();
  return site.latest('domain').map((d) => ({ params: { domain: segment(d.id) }, props: { key: d.key } }));
}

export const GET: APIRoute = async ({ props }) => {
  const site = await getSite();
  const domain = site.catalog.get(props.key as string) as Domain;
  return new Response(JSON.stringify(domainBranch(site, domain)), { headers: { 'content-type': 'application/json' } });
};
