/**
 * Browser: the compact graph on a domain or service page — the resource and its neighbours (see
 * compactView), the resource's neighbourhood lit. A click on a node lights that node's neighbourhood and
 * offers a link to its page.
 */
import { adjacency, compactView } from '../traverse.ts';
import { indexOf } from '../view-state.ts';
import { createRenderer, loadGraph } from './load.ts';

export async function initCompactGraph(figure: HTMLElement): Promise<void> {
  const stage = figure.querySelector<HTMLElement>('[data-graph-stage]');
  const id = figure.dataset.graphCompact ?? '';
  if (!stage) return;
  const graph = await loadGraph().catch(() => undefined);
  const i = graph ? indexOf(graph)(id) : -1;
  if (!graph || i === -1) {
    figure.hidden = true;
    return;
  }
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  const link = figure.querySelector<HTMLAnchorElement>('[data-graph-compact-link]');
  const subset = compactView(graph, adjacency(graph), i);
  const view = await createRenderer(stage, graph, {
    subset,
    reducedMotion,
    refine: false,
    onSelect: (j) => {
      const focus = j === -1 ? i : j;
      view.setState({ focus: graph.nodes[focus].id });
      if (link) {
        link.hidden = focus === i;
        link.href = graph.nodes[focus].url;
        link.textContent = `Open ${graph.nodes[focus].name}`;
      }
    },
  });
  view.setState({ focus: id });
  figure.dataset.ready = view.probe().renderer;
}
