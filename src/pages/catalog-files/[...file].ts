/** Images the catalog's pages show (PNG, JPEG, GIF, WebP, AVIF — never SVG, which could carry script). */
import type { APIRoute } from 'astro';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getSite } from '../../site/catalog.ts';
import { assetPath } from '../../site/paths.ts';

export async function getStaticPaths() {
  const site = await getSite();
  return site.assets().map((file) => ({ params: { file: assetPath(file).replace(/^\/catalog-files\//, '') }, props: { file } }));
}

export const GET: APIRoute = async ({ props }) => {
  const site = await getSite();
  const data = await readFile(path.join(site.catalog.root, props.file as string));
  return new Response(new Uint8Array(data));
};
