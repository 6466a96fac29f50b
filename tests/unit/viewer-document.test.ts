/**
 * What the AsyncAPI and OpenAPI viewers are given (src/site/spec.ts) and what mermaid draws
 * (withoutRemoteImages): nothing that makes the reader's browser fetch from another host, Markdown kept
 * readable (no double escaping, inline HTML as Markdown), and the viewer's needs met (webhooks, tags).
 */
import { describe, expect, test } from 'vitest';
import type { SpecDocument } from '../../src/catalog/model.ts';
import { withoutRemoteImages } from '../../src/site/markdown/elements.ts';
import { inertMarkdown, viewerDocument } from '../../src/site/spec.ts';

const spec = (document: Record<string, unknown>, type: SpecDocument['type'] = 'openapi'): SpecDocument => ({ file: 'services/A/api.yaml', type, specVersion: '3.1.0', title: 'A', document });

describe('inertMarkdown', () => {
  test.each([
    ['Orders & Payments', 'Orders & Payments'],
    ['Orders <b>bold</b> and <a href="https://x.example/g">the guide</a>', 'Orders **bold** and [the guide](https://x.example/g)'],
    ['<a href="javascript:alert(1)">x</a>', 'x'],
    ['<script>window.__xss=1</script><img src=x onerror=window.__xss=1>text', 'text'],
    ['![logo](https://evil.example/a.png "t")', '[logo (image)](https://evil.example/a.png)'],
    ['![](./local.png)', 'image (image)'],
    ['![x][ref]\n\n[ref]: javascript:alert(1)', '[x][ref]\n\n[ref]: #'],
    ['[run](javascript:alert(1)) [ok](#anchor) [mail](mailto:a@b.c)', '[run](#) [ok](#anchor) [mail](mailto:a@b.c)'],
    ['a < b, <https://x.example> and <<b>img src=x onerror=1>', 'a \\< b, <https://x.example> and \\<**img src=x onerror=1>'],
    ['line<br>next', 'line  \nnext'],
  ])('%j', (input, expected) => {
    expect(inertMarkdown(input)).toBe(expected);
  });
});

describe('viewerDocument', () => {
  test('a remote or missing $ref becomes a schema naming it; a catalog file is inlined', () => {
    const documents = new Map<string, unknown>([['services/A/s.json', { type: 'string', description: 'From <i>here</i>' }]]);
    const doc = JSON.parse(
      viewerDocument(
        spec({ openapi: '3.1.0', info: { title: 'A & B', version: '1' }, paths: { '/x': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: 'https://evil.example/s.json#/X' } } } }, 201: { content: { 'application/json': { schema: { $ref: 's.json' } } } }, 202: { content: { 'application/json': { schema: { $ref: 'gone.json' } } } } } } } } }),
        documents,
      ),
    );
    const responses = doc.paths['/x'].get.responses;
    expect(responses[200].content['application/json'].schema.description).toBe('Defined outside the catalog, at <https://evil.example/s.json#/X>. Waybill does not fetch other hosts, so it is not shown here.');
    expect(responses[201].content['application/json'].schema).toEqual({ type: 'string', description: 'From _here_' });
    expect(responses[202].content['application/json'].schema.description).toBe('Refers to `gone.json`, which is not a file of the catalog.');
    expect(doc.info.title).toBe('A & B');
    expect(JSON.stringify(doc)).not.toContain('"$ref":"https');
  });

  test('a webhook-only OpenAPI 3.1 document gets paths, and untagged operations a tag', () => {
    const doc = JSON.parse(viewerDocument(spec({ openapi: '3.1.0', info: { title: 'H', version: '1' }, webhooks: { placed: { post: { summary: 'Placed' } } } }), new Map()));
    expect(doc.paths).toEqual({});
    expect(doc.webhooks.placed.post.tags).toEqual(['Webhooks']);
    const tagged = JSON.parse(viewerDocument(spec({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: { '/a': { get: { tags: ['Mine'] }, post: {}, parameters: [] } } }), new Map()));
    expect(tagged.paths['/a'].get.tags).toEqual(['Mine']);
    expect(tagged.paths['/a'].post.tags).toEqual(['Operations']);
    expect(tagged.paths['/a'].parameters).toEqual([]);
    // A path item reached by a $ref (3.1 components/pathItems) has its operations tagged where they are.
    const referred = JSON.parse(viewerDocument(spec({ openapi: '3.1.0', info: { title: 'R', version: '1' }, components: { pathItems: { A: { get: {} } } }, paths: { '/a': { $ref: '#/components/pathItems/A' } } }), new Map()));
    expect(referred.components.pathItems.A.get.tags).toEqual(['Operations']);
  });

  test('image URLs to other hosts are left out', () => {
    const doc = JSON.parse(viewerDocument(spec({ asyncapi: '2.6.0', info: { title: 'A', version: '1', 'x-logo': 'https://evil.example/logo.png' } }, 'asyncapi'), new Map()));
    expect(doc.info['x-logo']).toBeUndefined();
  });
});

describe('withoutRemoteImages', () => {
  test('drops node images from other hosts and keeps the site\'s own', () => {
    expect(withoutRemoteImages('A@{ img: "https://evil.example/m.png", label: "Order", h: 60 } --> B@{ img: "/local.png", label: "x" } --> C@{ label: "y", img: \'//evil/x\' }')).toBe(
      'A@{ label: "Order", h: 60 } --> B@{ img: "/local.png", label: "x" } --> C@{ label: "y" }',
    );
  });
});
