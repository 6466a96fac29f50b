/**
 * Browser: the /graph/ page — loads graph.json, draws it (3D, or 2D without WebGL), and wires the
 * controls: search and fly, domain and kind filters, the focused node's panel, trace, pause. The
 * focused node, the trace and the filters live in the URL. Catalog text is only ever set as textContent.
 */
import { NODE_KINDS, type GraphNodeKind } from '../data.ts';
import { findNode, indexOf, parseViewState, viewStateSearch, type ViewState } from '../view-state.ts';
import { trace } from '../traverse.ts';
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
  const view: GraphRenderer = await createRenderer(stage, graph, { reducedMotion, onSelect: (i) => select(i) });
  root.dataset.renderer = view.probe().renderer;
  if (root.dataset.renderer === '2d') root.querySelector('details[data-graph-list]')?.setAttribute('open', '');
  if (status) status.textContent = `${graph.nodes.length} nodes, ${graph.links.filter((l) => l.kind !== 'contains').length} flow edges.`;

  const panel = $<HTMLElement>(root, '[data-graph-panel]');
  const search = $<HTMLFormElement>(root, '[data-graph-search]');
  const domainSelect = $<HTMLSelectElement>(root, '[data-graph-domain]');
  const kindBoxes = [...root.querySelectorAll<HTMLInputElement>('[data-graph-kind]')];
  const pause = $<HTMLButtonElement>(root, '[data-graph-pause]');

  function apply(next: ViewState, push = true): void {
    state = next;
    view.setState(state);
    if (push) history.replaceState(history.state, '', `${location.pathname}${viewStateSearch(state, location.search)}${location.hash}`);
    if (domainSelect) domainSelect.value = state.domain ?? '';
    for (const box of kindBoxes) box.checked = !state.kinds || state.kinds.includes(box.value as GraphNodeKind);
    showPanel();
  }

  function select(i: number): void {
    apply(i === -1 ? { ...state, focus: undefined, trace: undefined } : { ...state, focus: graph.nodes[i].id, trace: undefined });
    // Centre the clicked node, so the panel does not cover it.
    if (i !== -1) view.flyTo?.(i);
  }

  function showPanel(): void {
    if (!panel) return;
    const i = state.focus ? at(state.focus) : state.trace ? at(state.trace) : -1;
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
    const traceButton = $<HTMLButtonElement>(panel, '[data-panel-trace]');
    const traceNote = $<HTMLElement>(panel, '[data-panel-trace-note]');
    if (traceButton) {
      traceButton.hidden = node.kind === 'domain' || node.kind === 'channel';
      traceButton.setAttribute('aria-pressed', String(state.trace === node.id));
      traceButton.textContent = state.trace === node.id ? 'Stop tracing' : 'Trace upstream and downstream';
    }
    if (traceNote) {
      if (state.trace === node.id) {
        const { upstream, downstream } = trace(view.adj, i);
        traceNote.textContent = `${downstream.size - 1} downstream, ${upstream.size - 1} upstream.`;
      } else traceNote.textContent = '';
    }
  }

  panel?.querySelector('[data-panel-trace]')?.addEventListener('click', () => {
    const id = state.trace ?? state.focus;
    if (!id) return;
    apply(state.trace ? { ...state, trace: undefined, focus: id } : { ...state, trace: id, focus: id });
  });
  panel?.querySelector('[data-panel-close]')?.addEventListener('click', () => apply({ ...state, focus: undefined, trace: undefined }));

  search?.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = search.querySelector('input');
    const i = findNode(graph, input?.value ?? '');
    const note = $<HTMLElement>(search, '[data-graph-search-note]');
    if (note) note.textContent = i === -1 ? 'No node by that name.' : '';
    if (i === -1) return;
    apply({ ...state, focus: graph.nodes[i].id, trace: undefined, domain: undefined, kinds: undefined });
    view.flyTo?.(i);
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

  apply(state, false);
  const focused = state.focus ? at(state.focus) : -1;
  if (focused !== -1) view.flyTo?.(focused);
  window.__waybillGraph = { ...view.probe(), state: () => state };
}
