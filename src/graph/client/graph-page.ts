/**
 * Browser: the /graph/ page — loads graph.json, draws it (3D, or 2D without WebGL), and wires the
 * overlay controls: search and fly, domain and kind filters, the focused node's panel, trace, pause,
 * fit (also the F key), semantic zoom's "domains only", and full screen. The focused node, the trace,
 * the filters and the open domains live in the URL. Catalog text is only ever set as textContent.
 */
import { NODE_KINDS, type GraphNodeKind } from '../data.ts';
import { findNode, indexOf, parseViewState, viewStateSearch, type ViewState } from '../view-state.ts';
import { domainMembers, trace } from '../traverse.ts';
import { createRenderer, loadGraph, type GraphRenderer } from './load.ts';
import type { PositionedGraph } from '../wire.ts';

const $ = <T extends HTMLElement>(root: ParentNode, selector: string) => root.querySelector<T>(selector);

export async function initGraphPage(root: HTMLElement): Promise<void> {
  const stage = $<HTMLElement>(root, '[data-graph-stage]');
  if (!stage) return;
  const status = $<HTMLElement>(root, '[data-graph-status]');
  let graph: PositionedGraph;
  try {
    graph = await loadGraph();
  } catch (error) {
    if (status) status.textContent = `The graph could not be loaded (${(error as Error).message}); the list below has every node and link.`;
    return;
  }
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  const at = indexOf(graph);
  let state = parseViewState(location.search);
  const view: GraphRenderer = await createRenderer(stage, graph, { reducedMotion, onSelect: (i) => select(i), onOpen: (d) => open(d) });
  root.dataset.renderer = view.probe().renderer;
  if (root.dataset.renderer === '2d') root.querySelector('details[data-graph-list]')?.setAttribute('open', '');
  if (status) status.textContent = `${graph.nodes.length} nodes, ${graph.links.filter((l) => l.kind !== 'contains').length} flow edges.`;

  const explorer = $<HTMLElement>(root, '[data-graph-explorer]');
  const toolbar = $<HTMLElement>(root, '[data-graph-toolbar]');
  const legend = $<HTMLElement>(root, '[data-graph-legend]');
  const panel = $<HTMLElement>(root, '[data-graph-panel]');
  const search = $<HTMLFormElement>(root, '[data-graph-search]');
  const domainSelect = $<HTMLSelectElement>(root, '[data-graph-domain]');
  const kindBoxes = [...root.querySelectorAll<HTMLInputElement>('[data-graph-kind]')];
  const pause = $<HTMLButtonElement>(root, '[data-graph-pause]');
  const fitButton = $<HTMLButtonElement>(root, '[data-graph-fit]');
  const traceButton = $<HTMLButtonElement>(root, '[data-graph-trace]');
  const domainsButton = $<HTMLButtonElement>(root, '[data-graph-domains]');
  const fullscreen = $<HTMLButtonElement>(root, '[data-graph-fullscreen]');

  /** Keeps what the camera frames out from under the toolbar, the legend and the panel. */
  function updateInsets(): void {
    if (!view.setInsets || !explorer) return;
    const box = stage!.getBoundingClientRect();
    const bar = toolbar?.getBoundingClientRect();
    const top = bar ? Math.max(0, bar.bottom - box.top) + 4 : 0;
    if (panel) panel.style.top = `${top + 4}px`;
    const leg = legend?.getBoundingClientRect();
    const bottom = leg && leg.height ? Math.max(0, box.bottom - leg.top) : 0;
    const right = panel && !panel.hidden ? Math.max(0, box.right - panel.getBoundingClientRect().left) + 4 : 0;
    view.setInsets({ top, right, bottom, left: 0 });
  }

  function apply(next: ViewState, options: { push?: boolean; fit?: Iterable<number> | false } = {}): void {
    state = next;
    showPanel();
    updateInsets();
    view.setState(state, options.fit);
    if (options.push !== false) history.replaceState(history.state, '', `${location.pathname}${viewStateSearch(state, location.search)}${location.hash}`);
    if (domainSelect) domainSelect.value = state.domain ?? '';
    for (const box of kindBoxes) box.checked = !state.kinds || state.kinds.includes(box.value as GraphNodeKind);
    if (domainsButton) domainsButton.hidden = !view.aggregated || !state.expand?.length;
  }

  /** Semantic zoom: opens a closed domain, lights it (the rest dims) and flies to its members. */
  function open(domain: number): void {
    const id = graph.nodes[domain].id;
    const expand = [...(state.expand ?? []).filter((e) => e !== 'all' && e !== id), id];
    apply({ ...state, expand, focus: id, trace: undefined }, { fit: domainMembers(view.adj, domain) });
  }

  function select(i: number): void {
    if (i !== -1 && view.isClosedDomain?.(i)) return open(i);
    apply(i === -1 ? { ...state, focus: undefined, trace: undefined } : { ...state, focus: graph.nodes[i].id, trace: undefined }, { fit: i === -1 ? false : undefined });
  }

  function toggleTrace(): void {
    const id = state.trace ?? state.focus;
    if (!id) return;
    apply(state.trace ? { ...state, trace: undefined, focus: id } : { ...state, trace: id, focus: id });
  }

  function showPanel(): void {
    const i = state.focus ? at(state.focus) : state.trace ? at(state.trace) : -1;
    const traceable = i !== -1 && graph.nodes[i].kind !== 'domain' && graph.nodes[i].kind !== 'channel';
    if (traceButton) {
      traceButton.disabled = !traceable;
      traceButton.title = traceable ? `Trace upstream and downstream of ${graph.nodes[i].name}` : 'Click a service or message first';
      traceButton.setAttribute('aria-pressed', String(!!state.trace));
    }
    if (!panel) return;
    panel.hidden = i === -1;
    if (i === -1) return;
    const node = graph.nodes[i];
    const set = (sel: string, text: string) => {
      const e = $<HTMLElement>(panel, sel);
      if (e) e.textContent = text;
    };
    set('[data-panel-name]', node.name);
    set('[data-panel-meta]', `${node.kind} · ${node.version} · ${node.degree} flow edges`);
    set('[data-panel-summary]', node.summary);
    const link = $<HTMLAnchorElement>(panel, '[data-panel-link]');
    if (link) {
      link.href = node.url;
      link.textContent = `Open ${node.name}`;
    }
    const panelTrace = $<HTMLButtonElement>(panel, '[data-panel-trace]');
    const traceNote = $<HTMLElement>(panel, '[data-panel-trace-note]');
    if (panelTrace) {
      panelTrace.hidden = !traceable;
      panelTrace.setAttribute('aria-pressed', String(state.trace === node.id));
      panelTrace.textContent = state.trace === node.id ? 'Stop tracing' : 'Trace upstream and downstream';
    }
    if (traceNote) {
      if (state.trace === node.id) {
        const { upstream, downstream } = trace(view.adj, i);
        traceNote.textContent = `${downstream.size - 1} downstream, ${upstream.size - 1} upstream.`;
      } else traceNote.textContent = '';
    }
  }

  panel?.querySelector('[data-panel-trace]')?.addEventListener('click', toggleTrace);
  traceButton?.addEventListener('click', toggleTrace);
  panel?.querySelector('[data-panel-close]')?.addEventListener('click', () => apply({ ...state, focus: undefined, trace: undefined }));

  search?.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = search.querySelector('input');
    const i = findNode(graph, input?.value ?? '');
    const note = $<HTMLElement>(search, '[data-graph-search-note]');
    if (note) note.textContent = i === -1 ? 'No node by that name.' : '';
    if (i === -1) return;
    apply({ ...state, focus: graph.nodes[i].id, trace: undefined, domain: undefined, kinds: undefined });
  });
  domainSelect?.addEventListener('change', () => apply({ ...state, domain: domainSelect.value || undefined }));
  for (const box of kindBoxes) {
    box.addEventListener('change', () => {
      const kinds = kindBoxes.filter((b) => b.checked).map((b) => b.value as GraphNodeKind);
      apply({ ...state, kinds: kinds.length === NODE_KINDS.length ? undefined : kinds });
    });
  }
  if (pause) {
    pause.hidden = !view.setPaused || reducedMotion;
    pause.addEventListener('click', () => {
      view.setPaused?.(!view.paused);
      pause.setAttribute('aria-pressed', String(!!view.paused));
      pause.textContent = view.paused ? 'Play particles' : 'Pause particles';
    });
  }
  fitButton?.addEventListener('click', () => view.fit?.());
  domainsButton?.addEventListener('click', () => apply({ ...state, expand: undefined, focus: undefined, trace: undefined, domain: undefined }));
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (e.key !== 'f' && e.key !== 'F') return;
    if (e.ctrlKey || e.metaKey || e.altKey || target?.closest('input, select, textarea, [contenteditable]')) return;
    e.preventDefault();
    view.fit?.();
  });
  if (fullscreen && explorer) {
    const sync = () => {
      const on = document.fullscreenElement === explorer || explorer.classList.contains('graph-explorer-max');
      fullscreen.setAttribute('aria-pressed', String(on));
      fullscreen.textContent = on ? 'Exit full screen' : 'Full screen';
      requestAnimationFrame(() => (updateInsets(), view.fit?.()));
    };
    fullscreen.addEventListener('click', async () => {
      if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
      else if (explorer.classList.contains('graph-explorer-max')) explorer.classList.remove('graph-explorer-max');
      else {
        // Where the Fullscreen API is refused (an iframe, a kiosk), the explorer covers the window instead.
        await explorer.requestFullscreen?.().catch(() => explorer.classList.add('graph-explorer-max'));
        if (!document.fullscreenElement) explorer.classList.add('graph-explorer-max');
      }
      sync();
    });
    document.addEventListener('fullscreenchange', sync);
    document.addEventListener('keydown', (e) => e.key === 'Escape' && explorer.classList.contains('graph-explorer-max') && (explorer.classList.remove('graph-explorer-max'), sync()));
  }
  new ResizeObserver(() => updateInsets()).observe(toolbar ?? stage);

  apply(state, { push: false });
  window.__waybillGraph = { ...view.probe(), state: () => state };
}
