/** escapeHtml: every catalog value on a page goes through it, on the fast path or the replacing one. */
import { describe, expect, test } from 'vitest';
import { escapeHtml, highlightJson } from '../../src/site/markdown/json-highlight.ts';

describe('escapeHtml', () => {
  test.each([
    ['', ''],
    ['plain words, nothing to escape', 'plain words, nothing to escape'],
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    [`it's "quoted" & <b>bold</b>`, 'it&#39;s &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;'],
    ['&amp; stays escaped once more', '&amp;amp; stays escaped once more'],
    ['" onmouseover="x', '&quot; onmouseover=&quot;x'],
  ])('%j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  test('a raw JSON Schema: every quote and angle bracket escaped, nothing else changed', () => {
    const text = JSON.stringify({ description: "<img src=x onerror='1'> & more", enum: ['a"b'] }, null, 2);
    const escaped = escapeHtml(text);
    expect(escaped).not.toMatch(/[<>"']/);
    expect(escaped.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(text);
    expect(highlightJson(text)).not.toMatch(/<img/);
  });
});
