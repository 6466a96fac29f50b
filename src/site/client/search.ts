/**
 * Browser: the header search box as a combobox over Pagefind (loaded on first focus), and the full
 * results of the /search/ page. Result text is copied node by node (text and <mark> only).
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  debouncedSearch(q: string, o?: unknown, ms?: number): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

let pagefind: Promise<Pagefind | undefined> | undefined;

function loadPagefind(base: string): Promise<Pagefind | undefined> {
  pagefind ??= import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)
    .then(async (module: Pagefind) => {
      await module.options({ baseUrl: base, excerptLength: 18 });
      return module;
    })
    .catch(() => {
      // Not cached: a request that failed once (a dropped connection, the server busy) is tried again on
      // the next keystroke rather than leaving search off for the rest of the visit.
      pagefind = undefined;
      return undefined;
    });
  return pagefind;
}

/** Copies Pagefind's excerpt HTML as text, keeping only its <mark> highlights. */
function excerptNodes(html: string): Node[] {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html');
  const out: Node[] = [];
  for (const node of doc.body.firstChild?.childNodes ?? []) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      out.push(mark);
    } else out.push(document.createTextNode(node.textContent ?? ''));
  }
  return out;
}

function resultItem(data: PagefindResultData, index: number, idPrefix: string): HTMLLIElement {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = data.url;
  a.id = `${idPrefix}-${index}`;
  a.setAttribute('role', 'option');
  a.setAttribute('aria-selected', 'false');
  const title = document.createElement('span');
  title.className = 'r-title';
  title.textContent = data.meta.title ?? data.url;
  a.append(title);
  if (data.meta.kind) {
    const kind = document.createElement('span');
    kind.className = 'r-kind';
    kind.textContent = data.meta.kind;
    a.append(kind);
  }
  const excerpt = document.createElement('span');
  excerpt.className = 'r-excerpt';
  excerpt.append(...excerptNodes(data.excerpt));
  a.append(excerpt);
  li.append(a);
  return li;
}

async function run(query: string, base: string, limit: number): Promise<PagefindResultData[] | 'unavailable' | null> {
  const api = await loadPagefind(base);
  if (!api) return 'unavailable';
  const search = await api.debouncedSearch(query, {}, 120);
  if (!search) return null;
  return Promise.all(search.results.slice(0, limit).map((r) => r.data()));
}

function message(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'r-empty';
  p.textContent = text;
  return p;
}

/** Wires the header search form (and the /search/ page, when present). */
export function initSearch(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-search]');
  const input = form?.querySelector<HTMLInputElement>('input');
  const box = form?.querySelector<HTMLElement>('.search-results');
  if (!form || !input || !box) return;
  const base = form.dataset.base ?? '/';
  let active = -1;
  let seq = 0;

  const options = () => [...box.querySelectorAll<HTMLAnchorElement>('[role=option]')];
  const close = () => {
    box.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const select = (i: number) => {
    const list = options();
    if (!list.length) return;
    active = (i + list.length) % list.length;
    list.forEach((o, j) => o.setAttribute('aria-selected', String(j === active)));
    input.setAttribute('aria-activedescendant', list[active].id);
    list[active].scrollIntoView({ block: 'nearest' });
  };

  input.addEventListener('focus', () => void loadPagefind(base), { once: true });
  const onInput = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) return close();
    const results = await run(q, base, 8);
    if (mine !== seq || results === null) return;
    box.replaceChildren();
    if (results === 'unavailable') box.append(message('Search works in the built site (run waybill build).'));
    else if (!results.length) box.append(message(`Nothing found for “${q}”.`));
    else {
      const ul = document.createElement('ul');
      results.forEach((r, i) => ul.append(resultItem(r, i, 'search-option')));
      box.append(ul);
    }
    box.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };
  input.addEventListener('input', () => void onInput());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') (e.preventDefault(), select(active + 1));
    else if (e.key === 'ArrowUp') (e.preventDefault(), select(active - 1));
    else if (e.key === 'Escape') close();
    else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      options()[active]?.click();
    }
  });
  form.addEventListener('focusout', (e) => {
    if (!form.contains(e.relatedTarget as Node | null)) close();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement)) {
      e.preventDefault();
      input.focus();
    }
  });

  const page = document.querySelector<HTMLElement>('[data-search-page]');
  const q = new URLSearchParams(location.search).get('q');
  // Typed before this script ran (a slow connection): search for it now, as the keystrokes were missed.
  if (!(page && q) && input.value.trim()) void onInput();
  if (page && q) {
    input.value = q;
    void run(q, base, 50).then((results) => {
      const status = page.querySelector('[data-search-status]');
      const list = page.querySelector('ul');
      if (!list || !status) return;
      if (results === 'unavailable' || results === null) status.textContent = 'Search works in the built site.';
      else {
        status.textContent = `${results.length} result${results.length === 1 ? '' : 's'} for “${q}”.`;
        results.forEach((r, i) => list.append(resultItem(r, i, 'page-result')));
      }
    });
  }
}
