/**
 * Browser: draws mermaid diagrams. Mermaid (large) is fetched only on pages that have a diagram, when
 * the first one comes near the viewport; diagrams are redrawn when the theme changes. Mermaid runs with
 * securityLevel "strict": labels are text, click handlers other than plain links are refused.
 */
interface Mermaid {
  initialize(config: Record<string, unknown>): void;
  render(id: string, source: string): Promise<{ svg: string }>;
}

let mermaid: Promise<Mermaid> | undefined;
let count = 0;

/** Mermaid's own ESM build, served from /_vendor/ (see src/site/build/vendor.ts). */
function load(): Promise<Mermaid> {
  const base = document.documentElement.dataset.base ?? '/';
  mermaid ??= import(/* @vite-ignore */ `${base}_vendor/mermaid/mermaid.esm.min.mjs`).then((m: { default: Mermaid }) => m.default);
  return mermaid;
}

async function draw(figure: HTMLElement): Promise<void> {
  const source = figure.querySelector('.diagram-source')?.textContent ?? '';
  const m = await load();
  const dark = document.documentElement.dataset.theme === 'dark';
  m.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default', fontFamily: 'inherit', flowchart: { htmlLabels: false } });
  try {
    const { svg } = await m.render(`diagram-${++count}`, source);
    figure.querySelector('.diagram-svg')?.remove();
    const holder = document.createElement('div');
    holder.className = 'diagram-svg';
    holder.innerHTML = svg;
    figure.append(holder);
    figure.dataset.rendered = '';
  } catch (error) {
    figure.dataset.error = String((error as Error).message ?? error).slice(0, 200);
  }
}

/** Draws every `figure[data-diagram]` as it comes into view. */
export function initDiagrams(): void {
  const figures = [...document.querySelectorAll<HTMLElement>('figure[data-diagram]')];
  if (!figures.length) return;
  const observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        observer.unobserve(e.target);
        void draw(e.target as HTMLElement);
      }
    },
    { rootMargin: '200px' },
  );
  figures.forEach((f) => observer.observe(f));
  window.addEventListener('waybill:theme', () => {
    for (const f of figures) if (f.dataset.rendered !== undefined) void draw(f);
  });
}
