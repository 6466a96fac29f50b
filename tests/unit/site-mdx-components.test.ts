/**
 * Every MDX component EventCatalog 4 registers, rendered from a real catalog (tests/fixtures/mdx-components):
 * each draws from the model or the catalog's files, never shows a "not supported" notice, and catalog
 * text stays text.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { SiteIndex } from '../../src/site/site-index.ts';
import { renderBody } from '../../src/site/page-data.ts';

let html = '';
let site: SiteIndex;

beforeAll(async () => {
  site = new SiteIndex(await loadCatalog('tests/fixtures/mdx-components'));
  html = (await renderBody(site, site.latest('service')[0])).html;
});

describe('EventCatalog 4 MDX components', () => {
  test('the body renders as MDX despite its HTML comment and imports; no component is unsupported', () => {
    expect(html).not.toContain('could not be compiled');
    expect(html).not.toContain('Editors: keep');
    expect(html).not.toMatch(/not supported|neither an EventCatalog component/);
    expect(html).not.toContain('[[');
  });

  test('JSX expression props and text expressions over frontmatter', () => {
    expect(html).toContain('<p>Orders sends 1 message(s): OrderPlaced.</p>');
    expect(html).toContain('<a class="tile" href="/events/OrderPlaced/"><span class="tile-title">Sends 1 messages</span>');
  });

  test('[[type|id]] references, <ResourceRef> and <ResourceLink> link to pages; an unknown one is marked', () => {
    expect(html).toContain('<a class="resource-ref" href="/events/OrderPlaced/" title="event — An order was placed." data-ref-kind="event">Order placed</a>');
    expect(html).toContain('<td><a class="resource-ref" href="/entities/Order/"');
    expect(html).toContain('<span class="ref-missing" title="Not in the catalog: Missing">Missing</span>');
    expect(html).toContain('data-ref-kind="entity">Customer</a>');
    expect(html).toContain('data-ref-kind="event">the event</a>');
  });

  test('layout components', () => {
    expect(html).toContain('<details class="accordion"><summary>Second question</summary>');
    expect(html).toContain('<div class="columns" style="--columns: 2"><div class="column">Left column</div>');
    expect(html).toMatch(/role="tab"[^>]*>ts<\/button><button[^>]*>python<\/button>/);
    expect(html).toContain('Shown to people.');
    expect(html).not.toContain('Only for agents.');
    expect(html).toContain('<p class="prompt-description">Ask about orders</p><button class="copy" type="button" data-copy="');
    expect(html).toContain('href="https://cursor.com/link/prompt?text=Summarise%20the%20Orders%20service."');
    expect(html).toContain('<a href="/events/OrderPlaced/">The event page</a>');
  });

  test('files of the catalog: <File> (secrets redacted), <MermaidFileLoader>, <RemoteSchema>, <Design>, <SchemaViewer file>', () => {
    expect(html).toContain('{ "orderId": "o-1", "note": "password=***" }');
    expect(html).not.toContain('hunter2');
    expect(html).toContain('&#x3C;File> could not show ../../../../../../../etc/hostname: the catalog has no file etc/hostname.');
    expect(html).toContain('<pre class="diagram-source">stateDiagram-v2\n  [*] --> Placed');
    expect(html).toContain('<code class="prop-name">amount</code>');
    expect(html).toContain('<a href="https://schemas.example.com/payment.json" rel="noopener noreferrer">');
    expect(html).toContain('n0 -->|"publishes"| n1');
    expect(html).toContain('<code class="prop-name">orderId</code>');
  });

  test('third-party boards are cards linking out (no iframe unless the catalog opts in)', () => {
    expect(html).toContain('<a class="embed-open" href="https://miro.com/app/board/uXjVKabc123%3D/"');
    expect(html).toContain('href="https://lucid.app/documents/view/abc-123"');
    expect(html).toContain('href="https://s.icepanel.io/abc/def"');
    expect(html).not.toContain('<iframe');
    expect(html).toContain('LikeC4 view orders');
  });

  test('a board URL on another host, or an id that is a path, is refused with a notice', () => {
    expect(html).toContain('&#x3C;FigJam> needs a url on figma.com; nothing to show.');
    expect(html).toContain('&#x3C;Miro> needs a boardId; nothing to show.');
    expect(html).not.toContain('evil.example');
  });

  test('tables and maps from the model', () => {
    expect(html).toContain('<p class="attachment-type">Decision (1)</p>');
    expect(html).toContain('<span class="tile-title">Why orders are events</span>');
    expect(html).toContain('<td><code>x-cost-centre</code></td><td>CC-42</td>');
    expect(html).toContain('<section class="resource-group" aria-label="Related resources">');
    expect(html).toContain('<td><code>customerId</code></td><td><code>string</code> → <a class="resource-ref" href="/entities/Customer/"');
    expect(html).toContain('n1 -->|"customerId · hasOne"| n0');
    expect(html).toContain('aria-label="Neighbourhood of Orders"');
  });

  test("the catalog's own components: plain markup rendered with its slot, code named in a notice", () => {
    expect(html).toContain('<p>Shop documentation · <a href="https://example.com/help">Help</a></p>Thanks for reading.');
    expect(html).toContain("The catalog's component &#x3C;Chart> (components/chart.tsx) is not shown: it is code (React, Vue or Svelte), which Waybill does not run.");
  });

  test("a catalog component's constants and props fill its template; one with a script is named, not run", () => {
    expect(html).toContain('<div title="Shop team"><p>Shop team · 2026 · bright</p>Banner child.</div>');
    expect(html).toContain("The catalog's component &#x3C;Tracker> (components/tracker.astro) is not shown: it has a script, which Waybill does not run.");
    expect(html).not.toContain('tracker.example');
  });

  test('element ids depend only on the body: the same on every render, in any order, unique within it', async () => {
    const ids = (text: string) => [...text.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    const first = ids(html);
    expect(first).toContain('tabs-1-tab-0');
    expect(new Set(first).size).toBe(first.length);
    // Other bodies rendered in between (as concurrent pages would) change no id. (Not the whole HTML:
    // Shiki stops colouring a line after 500 ms, which a loaded machine can reach on a first highlight.)
    await Promise.all(site.catalog.resources.map((r) => renderBody(site, r)));
    expect(ids((await renderBody(site, site.latest('service')[0])).html)).toEqual(first);
  });
});

describe('embeds opt-in', () => {
  test('embeds: iframe frames the board, with its link kept', async () => {
    const { Catalog } = await import('../../src/catalog/catalog.ts');
    const c = site.catalog;
    const framed = new SiteIndex(new Catalog({ root: c.root, config: { ...c.config, embeds: 'iframe' }, resources: [...c.resources], guides: [...c.guides], diagnostics: [], documents: new Map(c.documents), files: [...c.files] }));
    const out = (await renderBody(framed, framed.latest('service')[0])).html;
    expect(out).toContain('<iframe class="embed-frame" src="https://miro.com/app/live-embed/uXjVKabc123%3D/?embedMode=view_only_without_ui"');
    expect(out).toContain('sandbox="allow-scripts allow-same-origin allow-popups"');
    expect(out).toContain('href="https://miro.com/app/board/uXjVKabc123%3D/"');
  });

  test("the page's Content-Security-Policy frames the providers' hosts only after the opt-in", async () => {
    const { contentSecurityPolicy } = await import('../../src/site/csp.ts');
    const { EMBED_FRAME_SOURCES } = await import('../../src/site/markdown/components/embeds.ts');
    expect(contentSecurityPolicy()).toContain("frame-src 'none'");
    expect(contentSecurityPolicy({ frames: EMBED_FRAME_SOURCES })).toContain('frame-src https://miro.com https://lucid.app https://figma.com https://*.figma.com');
  });
});
