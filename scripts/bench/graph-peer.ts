/**
 * The graph bench's peer: a page that draws graph.json with 3d-force-graph (the library EventCatalog 1
 * used for its 3D view; a devDependency used only here, never part of the site) at the same fixed
 * positions as Waybill's layout, the simulation off, one particle per flow link, nodes coloured by kind.
 * It sets window.peerReady after its first frames.
 */
export const PEER_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>3d-force-graph peer</title>
<style>html, body { margin: 0; height: 100%; overflow: hidden; } #graph { width: 100vw; height: 100vh; }</style>
<script src="3d-force-graph.js"></script></head>
<body><div id="graph"></div>
<script>
(async () => {
  const KINDS = ['domain', 'service', 'event', 'command', 'query', 'channel'];
  const COLORS = { domain: '#8b5cf6', service: '#2563eb', event: '#f59e0b', command: '#dc2626', query: '#059669', channel: '#64748b' };
  const g = await (await fetch('graph.json')).json();
  const p = g.positions;
  const nodes = g.nodes.kind.map((k, i) => ({ id: i, kind: KINDS[k], x: p[i * 3], y: p[i * 3 + 1], z: p[i * 3 + 2], fx: p[i * 3], fy: p[i * 3 + 1], fz: p[i * 3 + 2] }));
  const links = [];
  for (let i = 0; i + 2 < g.links.length; i += 3) if (g.links[i + 2] !== 3) links.push({ source: g.links[i], target: g.links[i + 1] });
  const graph = ForceGraph3D()(document.getElementById('graph'))
    .width(innerWidth).height(innerHeight)
    .nodeColor((n) => COLORS[n.kind])
    .linkDirectionalParticles(1)
    .warmupTicks(0).cooldownTicks(0)
    .graphData({ nodes, links });
  let frames = 0;
  const tick = () => (++frames > 3 ? (window.peerReady = true) : requestAnimationFrame(tick));
  requestAnimationFrame(tick);
})();
</script></body></html>`;
