// Astro writes the bundle that prerenders the pages into the output folder (or the working folder) and
// imports it from there; its imports of Waybill's dependencies must resolve from Waybill's own folder, not
// from the user's project (which may have no node_modules at all). Registered by src/cli/site.ts.
let packageRoot;

export function initialize(data) {
  packageRoot = data.packageRoot;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const bare = !/^(?:[./]|[a-z][a-z0-9+.-]*:)/i.test(specifier);
    if (!bare || error?.code !== 'ERR_MODULE_NOT_FOUND' || !context.parentURL?.includes('/.prerender/')) throw error;
    return nextResolve(specifier, { ...context, parentURL: new URL('package.json', packageRoot).href });
  }
}
