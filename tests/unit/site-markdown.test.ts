/** Catalog bodies to HTML: GFM, anchors, highlighting, diagrams, link rewriting, sanitizing, MDX. */
import { describe, expect, test } from 'vitest';
import { renderMarkdown, type RenderOptions } from '../../src/site/markdown/render.ts';
import { rewriteLink, type LinkContext } from '../../src/site/markdown/links.ts';
import { evaluate } from '../../src/site/markdown/evaluate.ts';

const links: LinkContext = {
  file: 'domains/Shop/events/OrderPlaced/index.md',
  lookup(file) {
    if (file === 'domains/Shop/events/OrderShipped/index.md') return { type: 'page', path: '/events/OrderShipped/' };
    if (file === 'docs/guide.md') return { type: 'page', path: '/docs/guide/' };
    if (file === 'domains/Shop/events/OrderPlaced/diagram.png') return { type: 'asset' };
    return undefined;
  },
  latest: (kind, id, version) => (kind === 'event' && id === 'OrderPlaced' ? { kind, id, version: version ?? '2.0.0', isLatest: !version } : undefined),
};

const render = (source: string, extra: Partial<RenderOptions> = {}) => renderMarkdown(source, { format: 'md', links, ...extra });

describe('rewriteLink', () => {
  test.each([
    ['../OrderShipped/index.md', '/events/OrderShipped/'],
    ['../OrderShipped', '/events/OrderShipped/'],
    ['../OrderShipped/index.md#schema', '/events/OrderShipped/#schema'],
    ['../../../../docs/guide.md', '/docs/guide/'],
    ['./diagram.png', '/catalog-files/domains/Shop/events/OrderPlaced/diagram.png'],
    ['/services/Stores', '/services/Stores/'],
    ['/docs/events/OrderPlaced/1.0.0', '/events/OrderPlaced/1.0.0/'],
    ['/docs/events/OrderPlaced', '/events/OrderPlaced/'],
    ['#overview', '#overview'],
    ['https://example.com/x', 'https://example.com/x'],
    ['mailto:team@example.com', 'mailto:team@example.com'],
  ])('%s → %s', (url, expected) => {
    expect(rewriteLink(url, links)?.href).toBe(expected);
  });

  test.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x'])(
    'drops %s',
    (url) => expect(rewriteLink(url, links)).toBeUndefined(),
  );
});

describe('renderMarkdown', () => {
  test('GFM tables and task lists, heading anchors and a table of contents', async () => {
    const { html, headings } = await render('## Fields\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n### Fields\n');
    expect(html).toContain('<div class="table-wrap"><table>');
    expect(html).toContain('<input type="checkbox" checked disabled>');
    expect(html).toContain('<h2 id="fields">Fields<a class="anchor" href="#fields"');
    expect(headings).toEqual([{ depth: 2, id: 'fields', text: 'Fields' }, { depth: 3, id: 'fields-1', text: 'Fields' }]);
  });

  test('code is highlighted; mermaid fences become diagrams', async () => {
    const { html, hasDiagram } = await render('```ts\nconst a: number = 1;\n```\n\n```mermaid\ngraph LR; A-->B\n```\n');
    expect(html).toMatch(/<pre class="shiki code-block"[^>]*><code><span class="line"><span style="--shiki-light:/);
    expect(html).toContain('<figure class="diagram" data-diagram="mermaid" aria-label="Diagram" data-pagefind-ignore="all"><pre class="diagram-source">graph LR; A-->B\n</pre></figure>');
    expect(hasDiagram).toBe(true);
  });

  test('links between catalog files become page links; remote images become links', async () => {
    const { html } = await render('[shipped](../OrderShipped/index.md) ![d](./diagram.png) ![x](https://evil.example/x.png)');
    expect(html).toContain('<a href="/events/OrderShipped/">shipped</a>');
    expect(html).toContain('<img src="/catalog-files/domains/Shop/events/OrderPlaced/diagram.png" alt="d" loading="lazy">');
    expect(html).toContain('<a href="https://evil.example/x.png" rel="noopener noreferrer" class="remote-image">Image: x</a>');
    expect(html).not.toContain('<img src="https://evil.example');
  });

  test('raw HTML is cut down to the allow-list', async () => {
    const { html } = await render([
      '<script>window.__xss = 1</script>',
      '<img src=x onerror="window.__xss=1">',
      '<a href="javascript:window.__xss=1">click</a>',
      '<div onclick="window.__xss=1" style="color:red">ok <b>bold</b></div>',
      '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
      '<details><summary>More</summary>',
      '',
      '**inside**',
      '',
      '</details>',
      '<svg><script>window.__xss=1</script></svg><math><mi xlink:href="javascript:alert(1)">x</mi></math>',
      '<form action="https://evil.example"><input name="q"></form>',
    ].join('\n'));
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<style|style=|<svg|<form|<img/i);
    expect(html).toContain('<div>ok <b>bold</b></div>');
    expect(html).toMatch(/<details><summary>More<\/summary>\s*<p><strong>inside<\/strong><\/p>\s*<\/details>/);
  });

  test('admonitions from directives and GitHub alerts', async () => {
    const components: RenderOptions['components'] = (slot, children) => [{ type: 'element', tagName: 'aside', properties: { className: [String(slot.props.type)] }, children }];
    const { html } = await render(':::warning\nCareful\n:::\n\n> [!NOTE]\n> Read this\n', { components });
    expect(html).toContain('<aside class="warning"><p>Careful</p></aside>');
    expect(html).toContain('<aside class="note"><p>Read this</p></aside>');
  });
});

describe('MDX', () => {
  const components: RenderOptions['components'] = (slot, children) =>
    slot.name === 'Footer' ? [] : slot.name === 'Tabs' || slot.name === 'TabItem' ? [{ type: 'element', tagName: 'section', properties: { title: String(slot.props.label ?? slot.name) }, children }] : undefined;
  const mdx = (source: string) => renderMarkdown(source, { format: 'mdx', links, components, frontmatter: { name: 'Order placed' } });

  test('imports are dropped, known components mapped, unknown ones shown as a notice', async () => {
    const { html } = await mdx("import Footer from '@catalog/components/footer.astro';\n\n# {frontmatter.name}\n\n<Tabs>\n  <TabItem label=\"One\">\n    Hello **there**\n  </TabItem>\n</Tabs>\n\n<Mystery foo=\"bar\">inside</Mystery>\n\n<Footer />\n");
    expect(html).not.toContain('import');
    expect(html).toContain('<h1 id="order-placed">Order placed');
    expect(html).toContain('<section title="Tabs"><section title="One"><p>Hello <strong>there</strong></p></section></section>');
    expect(html).toContain('<p class="notice" role="note">The component &#x3C;Mystery> is neither an EventCatalog component nor one of the catalog\'s own; its content is shown as it is.</p>');
  });

  test('expressions are never evaluated', async () => {
    const { html } = await mdx('{globalThis.__xss = 1}\n\n<div onClick={() => { globalThis.__xss = 1 }} dangerouslySetInnerHTML={{ __html: "<img src=x onerror=alert(1)>" }}>hi</div>\n');
    expect((globalThis as Record<string, unknown>).__xss).toBeUndefined();
    expect(html).toContain('Expression not evaluated (AssignmentExpression is not evaluated): <code>globalThis.__xss = 1</code>');
    expect(html).toContain('<div>hi</div>');
    expect(html).not.toMatch(/onerror|onclick/i);
  });

  test('MDX that does not parse is shown as Markdown under a notice', async () => {
    const { html } = await mdx('# Title\n\n<Unclosed>\n\nsome text {\n');
    expect(html).toContain('This MDX could not be compiled');
    expect(html).toContain('<h1 id="title">Title');
  });

  test('literal attribute values are read, code is not', () => {
    expect(evaluate("[1, 'a', { b: true, }]", {})).toEqual({ ok: true, value: [1, 'a', { b: true }] });
    expect(evaluate('alert(1)', {})).toEqual({ ok: false, reason: 'only array and string methods can be called' });
  });

  test('expressions over frontmatter are evaluated as EventCatalog users write them', async () => {
    const frontmatter = { name: 'Orders', receives: [{ id: 'PlaceOrder' }, { id: 'CancelOrder' }], tags: ['a', 'b'] };
    const render = (source: string) => renderMarkdown(source, { format: 'mdx', links, frontmatter, components: (slot) => [{ type: 'element', tagName: 'x-tile', properties: { title: String(slot.props.title), href: String(slot.props.href) }, children: [] }] });
    const { html } = await render(
      '<Tile title={`Receives ${frontmatter.receives.length} messages`} href={"/services/" + frontmatter.name} />\n\n{frontmatter.receives.map((m) => <Tile title={m.id} href={`/commands/${m.id}`} />)}\n\nTags: {frontmatter.tags.join(", ")} {frontmatter.missing?.x ?? "none"}\n',
    );
    expect(html).toContain('<x-tile title="Receives 2 messages" href="/services/Orders"></x-tile>');
    expect(html).toContain('<x-tile title="PlaceOrder" href="/commands/PlaceOrder"></x-tile>\n<x-tile title="CancelOrder" href="/commands/CancelOrder"></x-tile>');
    expect(html).toContain('Tags: a, b none');
  });

  test('the evaluator reaches data only: no prototypes, globals, functions or runaway work', () => {
    const scope = { frontmatter: { name: 'x', list: [1, 2, 3] } };
    for (const code of ['frontmatter.constructor', "frontmatter.name.constructor('return 1')()", '({}).__proto__', 'process.exit()', 'globalThis', 'frontmatter.list.map(function () { return 1 })', "'a'.repeat(1e9)", '[...Array(5)].map(() => 1)', 'new Date()', 'frontmatter.list.map((x) => { while (true) {} })']) {
      expect(evaluate(code, scope).ok, code).toBe(false);
    }
    const big = { frontmatter: { list: Array.from({ length: 1000 }, (_, i) => i) } };
    expect(evaluate('frontmatter.list.map((a) => frontmatter.list.map((b) => a + b))', big)).toEqual({ ok: false, reason: 'it takes too many steps' });
  });

  test('HTML comments and imports do not stop the body from rendering as MDX', async () => {
    const { html } = await mdx("import Footer from '../../components/footer.astro';\n\n<!-- a note for editors -->\n\n# {frontmatter.name}\n\n<Tabs>\n  <TabItem label=\"One\">Hi</TabItem>\n</Tabs>\n\n```html\n<!-- kept in code -->\n```\n");
    expect(html).not.toContain('could not be compiled');
    expect(html).not.toContain('a note for editors');
    expect(html).toContain('<section title="Tabs">');
    expect(html).toContain('&#x3C;!-- kept in code -->');
  });
});
