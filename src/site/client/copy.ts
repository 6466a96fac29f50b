/** Browser: "Copy" buttons next to code panels (`data-copy` names the element to copy). */

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

/** Wires every `button[data-copy]`. */
export function initCopy(): void {
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
