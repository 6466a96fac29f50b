/**
 * The overlay `waybill dev` puts on every page while the catalog has errors: a client script that asks
 * the dev server for the current problems (see catalog-watcher.ts) and lists each as file:line:column,
 * message and code. Catalog text is untrusted: everything is set as text, never as HTML.
 */

/** Where the dev server answers with the catalog's current errors (under the site's base path). */
export const PROBLEMS_PATH = '__waybill/problems';

/** The page script (injected in dev only). */
export function problemsOverlayScript(): string {
  return `
const url = import.meta.env.BASE_URL.replace(/\\/?$/, '/') + ${JSON.stringify(PROBLEMS_PATH)};
fetch(url, { cache: 'no-store' }).then((r) => (r.ok ? r.json() : [])).then((problems) => {
  if (!Array.isArray(problems) || !problems.length) return;
  const el = (tag, text, style) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (style) node.style.cssText = style;
    return node;
  };
  const box = el('aside', undefined, 'position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#fff;font:14px/1.45 ui-monospace,monospace;padding:1rem 1.25rem;border:2px solid #ff5555;border-radius:8px;box-shadow:0 8px 32px rgba(0,0,0,.5)');
  box.setAttribute('role', 'alert');
  box.setAttribute('aria-label', 'Catalog problems');
  box.dataset.waybillProblems = String(problems.length);
  box.append(el('strong', problems.length + (problems.length === 1 ? ' problem' : ' problems') + ' in the catalog — this page may be incomplete until fixed', undefined, 'display:block;margin-bottom:.5rem;color:#ff8080'));
  const list = el('ul', undefined, 'margin:0;padding-left:1.25rem');
  for (const p of problems) {
    const item = el('li', undefined, 'margin:.25rem 0');
    const where = [p.file, p.line, p.column].filter((x) => x !== undefined && x !== 0 && x !== '').join(':');
    if (where) item.append(el('code', where, 'color:#ffd479'), ' ');
    item.append(el('span', p.message), ' ', el('span', p.code, 'color:#aaa'));
    if (p.hint) item.append(el('div', p.hint, 'color:#ccc'));
    list.append(item);
  }
  const close = el('button', 'Dismiss', 'float:right;margin-left:1rem');
  close.type = 'button';
  close.addEventListener('click', () => box.remove());
  box.prepend(close);
  box.append(list);
  document.body.append(box);
}).catch(() => {});
`;
}
