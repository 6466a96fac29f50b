/**
 * Browser: Discover tables. Text, kind, domain and owner filters (kept in the URL, so a filtered view
 * can be shared) and sortable columns; the table works as plain HTML without this.
 */

/** Wires the filter form and the column headers of `table[data-discover]`. */
export function initDiscover(): void {
  const table = document.querySelector<HTMLTableElement>('table[data-discover]');
  const form = document.querySelector<HTMLFormElement>('form[data-discover-filters]');
  if (!table || !form) return;
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  const count = form.elements.namedItem('count') as HTMLOutputElement | null;
  const params = new URLSearchParams(location.search);
  for (const name of ['q', 'kind', 'domain', 'owner']) {
    const f = field(name);
    const v = params.get(name);
    if (f && v) f.value = v;
  }

  const apply = () => {
    const q = (field('q')?.value ?? '').trim().toLowerCase();
    const kind = field('kind')?.value ?? '';
    const domain = field('domain')?.value ?? '';
    const owner = field('owner')?.value ?? '';
    let shown = 0;
    for (const row of rows) {
      const d = row.dataset;
      const ok = (!q || (d.text ?? '').includes(q)) && (!kind || d.kind === kind) && (!domain || d.domain === domain) && (!owner || (d.owners ?? '').split('\u001f').includes(owner));
      row.hidden = !ok;
      if (ok) shown++;
    }
    if (count) count.value = `${shown} shown`;
    const next = new URLSearchParams();
    for (const [k, v] of [['q', q], ['kind', kind], ['domain', domain], ['owner', owner]]) if (v) next.set(k, v);
    history.replaceState(null, '', `${location.pathname}${next.size ? `?${next}` : ''}`);
  };
  form.hidden = false;
  form.addEventListener('input', apply);
  form.addEventListener('submit', (e) => e.preventDefault());
  apply();

  const headers = [...table.tHead!.rows[0].cells];
  headers.forEach((th, column) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort-button';
    button.textContent = th.textContent;
    th.replaceChildren(button);
    button.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      headers.forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const key = (row: HTMLTableRowElement) => {
        const cell = row.cells[column];
        return cell?.dataset.sort ?? cell?.textContent ?? '';
      };
      const sorted = [...rows].sort((a, b) => key(a).localeCompare(key(b), undefined, { numeric: true }) * (ascending ? 1 : -1));
      body.append(...sorted);
    });
  });
}
