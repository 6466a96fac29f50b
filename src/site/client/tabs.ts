/** Browser: tab groups from MDX `<Tabs>` (roving focus, arrow keys, Home/End). */

/** Turns every `[data-tabs]` block into working tabs (without JavaScript all panels show, labelled). */
export function initTabs(): void {
  for (const group of document.querySelectorAll<HTMLElement>('[data-tabs]')) {
    const list = group.querySelector<HTMLElement>('[role=tablist]');
    const tabs = [...group.querySelectorAll<HTMLButtonElement>('[role=tab]')];
    const panels = tabs.map((t) => document.getElementById(t.getAttribute('aria-controls') ?? ''));
    if (!list || !tabs.length) continue;
    const select = (i: number, focus: boolean) => {
      tabs.forEach((t, j) => {
        t.setAttribute('aria-selected', String(i === j));
        t.tabIndex = i === j ? 0 : -1;
        if (panels[j]) panels[j].hidden = i !== j;
      });
      if (focus) tabs[i].focus();
    };
    list.hidden = false;
    group.classList.add('ready');
    select(0, false);
    tabs.forEach((t, i) => {
      t.addEventListener('click', () => select(i, false));
      t.addEventListener('keydown', (e) => {
        const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : undefined;
        if (to === undefined) return;
        e.preventDefault();
        select((to + tabs.length) % tabs.length, true);
      });
    });
  }
}
