/**
 * Browser: "Copy" buttons next to code panels (`data-copy` names the element to copy), and JSON panels
 * left plain by the build (`data-highlight="json"`), highlighted when their <details> opens.
 */
import { highlightJson } from '../markdown/json-highlight.ts';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

function highlightWhenShown(pre: HTMLElement): void {
  const details = pre.closest('details');
  const run = () => {
    const code = pre.querySelector('code');
    if (!code || pre.dataset.highlight !== 'json') return;
    code.innerHTML = highlightJson(code.textContent ?? '');
    delete pre.dataset.highlight;
  };
  if (details && !details.open) details.addEventListener('toggle', run, { once: true });
  else run();
}

/** Wires every `button[data-copy]` and plain JSON panel. */
export function initCopy(): void {
  for (const pre of document.querySelectorAll<HTMLElement>('pre[data-highlight="json"]')) highlightWhenShown(pre);
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.addEventListener('click', async () => {
      const source = document.getElementById(button.dataset.copy ?? '');
      if (!source) return;
      const ok = await copyText(source.textContent ?? '');
      const before = button.textContent;
      button.textContent = ok ? 'Copied' : 'Copy failed';
      setTimeout(() => (button.textContent = before), 1600);
    });
  }
}
