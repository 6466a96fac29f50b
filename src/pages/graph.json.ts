/** The event-flow graph with its build-time layout, fetched by /graph/ and the compact views on domain and service pages. */
import type { APIRoute } from 'astro';
import { getSite } from '../site/catalog.ts';
import { graphJson } from '../graph/build.ts';

export const GET: APIRoute = async () => {
  const json = await graphJson(await getSite(), import.meta.env.BASE_URL);
  return new Response(JSON.stringify(json), { headers: { 'content-type': 'application/json' } });
};
