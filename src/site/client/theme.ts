/** Browser: the theme toggle. Announces changes with a `waybill:theme` event (diagrams redraw). */

function label(button: HTMLElement, theme: string): void {
  button.setAttribute('aria-label', theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme');
}

/** Wires every `[data-theme-toggle]` button. */
export function initThemeToggle(): void {
  const root = document.documentElement;
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    label(button, root.dataset.theme ?? 'light');
    button.addEventListener('click', () => {
      const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
      root.dataset.theme = next;
      try {
        localStorage.setItem('waybill-theme', next);
      } catch {
        // Private mode: the choice lasts for this page.
      }
      label(button, next);
      window.dispatchEvent(new CustomEvent('waybill:theme', { detail: next }));
    });
  }
}
