/**
 * Browser: the sidebar. Opens and closes it on narrow screens, and fills a domain's branch from its JSON
 * file the first time the reader opens it (the page itself carries only the branch it belongs to).
 */

interface NavItem {
  label: string;
  href: string;
  kind?: string;
  children?: NavItem[];
  src?: string;
  more?: boolean;
}

function linkTo(n: NavItem, label: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = n.href;
  a.textContent = label;
  if (location.pathname === new URL(n.href, location.href).pathname) a.setAttribute('aria-current', 'page');
  if (n.kind) {
    const kind = document.createElement('span');
    kind.className = 'nav-kind';
    kind.textContent = n.kind;
    a.append(' ', kind);
  }
  return a;
}

function itemOf(n: NavItem): HTMLLIElement {
  const li = document.createElement('li');
  if (n.more) li.className = 'more';
  if (!n.children && !n.src) {
    li.append(linkTo(n, n.label));
    return li;
  }
  const details = document.createElement('details');
  if (n.src) details.dataset.navSrc = n.src;
  const summary = document.createElement('summary');
  summary.textContent = n.label;
  const ul = document.createElement('ul');
  ul.className = 'nav-list';
  const overview = document.createElement('li');
  overview.append(linkTo(n, 'Overview'));
  ul.append(overview, ...(n.children ?? []).map(itemOf));
  details.append(summary, ul);
  if (n.src) lazy(details);
  li.append(details);
  return li;
}

function lazy(details: HTMLDetailsElement): void {
  details.addEventListener('toggle', async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = 'loading';
    try {
      const response = await fetch(details.dataset.navSrc as string);
      const items = (await response.json()) as NavItem[];
      details.querySelector('ul')?.append(...items.map(itemOf));
      details.dataset.loaded = 'yes';
    } catch {
      delete details.dataset.loaded;
    }
  });
}

/** Wires the menu button and the lazy branches. */
export function initSidebar(): void {
  const sidebar = document.getElementById('sidebar');
  const button = document.querySelector<HTMLButtonElement>('[data-menu]');
  if (sidebar && button) {
    const set = (open: boolean) => {
      sidebar.classList.toggle('open', open);
      button.setAttribute('aria-expanded', String(open));
      button.setAttribute('aria-label', open ? 'Close navigation' : 'Open navigation');
    };
    button.addEventListener('click', () => set(!sidebar.classList.contains('open')));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && sidebar.classList.contains('open')) (set(false), button.focus());
    });
  }
  for (const details of document.querySelectorAll<HTMLDetailsElement>('details[data-nav-src]')) lazy(details);
  const current = sidebar?.querySelector<HTMLElement>('[aria-current="page"]');
  if (sidebar && current && sidebar.scrollHeight > sidebar.clientHeight) sidebar.scrollTop = current.offsetTop - sidebar.clientHeight / 2;
}
