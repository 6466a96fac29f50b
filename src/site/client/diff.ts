/**
 * Browser: compare any two versions of a message. Fetches the message's version file once (flat
 * property lists) and runs the same diff the build uses.
 */
import { diffProperties, summarizeDiff, type FlatProperty, type PropertyDiff } from '../schema/diff.ts';

interface VersionsFile {
  versions: { version: string; properties: FlatProperty[] | null }[];
}

function cell(text: string, code = false): HTMLTableCellElement {
  const td = document.createElement('td');
  if (code) {
    const c = document.createElement('code');
    c.textContent = text;
    td.append(c);
  } else td.textContent = text;
  return td;
}

function describe(d: PropertyDiff): string {
  if (d.change === 'changed') return (d.changes ?? []).map((c) => `${c.field}: ${c.from} → ${c.to}`).join('; ');
  return `${d.property?.type ?? ''}${d.property?.required ? ', required' : ''}`;
}

function render(target: HTMLElement, diff: PropertyDiff[] | string): void {
  const summary = document.createElement('p');
  summary.className = 'diff-summary';
  summary.textContent = typeof diff === 'string' ? diff : summarizeDiff(diff);
  target.replaceChildren(summary);
  if (typeof diff === 'string' || !diff.length) return;
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const h of ['Property', 'Change', 'Details']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  for (const d of diff) {
    const tr = body.insertRow();
    tr.className = `diff-${d.change}`;
    const change = document.createElement('td');
    const tag = document.createElement('span');
    tag.className = `change change-${d.change}`;
    tag.textContent = d.change;
    change.append(tag);
    tr.append(cell(d.path, true), change, cell(describe(d)));
  }
  wrap.append(table);
  target.append(wrap);
}

/** Wires `form[data-diff]`: two version selects and the result area. */
export function initDiff(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-diff]');
  const result = document.querySelector<HTMLElement>('[data-diff-result]');
  if (!form || !result) return;
  const [from, to] = [...form.querySelectorAll('select')];
  let file: Promise<VersionsFile> | undefined;
  const update = async () => {
    file ??= fetch(form.dataset.diff as string).then((r) => r.json() as Promise<VersionsFile>);
    try {
      const { versions } = await file;
      const a = versions.find((v) => v.version === from.value);
      const b = versions.find((v) => v.version === to.value);
      if (!a?.properties || !b?.properties) return render(result, 'One of these versions has no schema to compare.');
      render(result, diffProperties(a.properties, b.properties));
    } catch {
      render(result, 'The versions could not be loaded.');
    }
  };
  form.hidden = false;
  form.addEventListener('change', () => void update());
  form.addEventListener('submit', (e) => (e.preventDefault(), void update()));
}
