/**
 * A small JSON highlighter (keys, strings, numbers, literals) and HTML escaping. No dependencies, so
 * the browser can use it too (the raw schema is highlighted when it is opened).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

/** JSON text (already pretty-printed) as highlighted HTML: keys, strings, numbers, literals. */
export function highlightJson(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(JSON_TOKEN)) {
    out += escapeHtml(text.slice(last, m.index));
    const [token, str, colon, number, literal] = m;
    if (str !== undefined) out += colon ? `<span class="j-key">${escapeHtml(str)}</span>${colon}` : `<span class="j-str">${escapeHtml(str)}</span>`;
    else if (number !== undefined) out += `<span class="j-num">${token}</span>`;
    else out += `<span class="j-lit">${literal}</span>`;
    last = m.index + token.length;
  }
  return out + escapeHtml(text.slice(last));
}

