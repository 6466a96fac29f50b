const t0 = performance.now();
const cpu = () => { const c = process.cpuUsage(); return ((c.user + c.system) / 1000).toFixed(0); };
const { loadCatalog } = await import('../src/catalog/load.ts');
const { lintCatalog, RULES } = await import('../src/lint/engine.ts');
const t1 = performance.now(); console.log('modules', (t1 - t0).toFixed(0), 'cpu', cpu());
const catalog = await loadCatalog(process.argv[2]);
const t2 = performance.now(); console.log('load', (t2 - t1).toFixed(0), 'cpu', cpu());
for (const rule of RULES) { const s = performance.now(); const n = rule.check(catalog).length; const d = performance.now() - s; if (d > 30) console.log('  rule', rule.id, d.toFixed(0), n); }
const t3 = performance.now(); console.log('rules', (t3 - t2).toFixed(0), 'cpu', cpu());
const ds = lintCatalog(catalog);
const t4 = performance.now(); console.log('lint (rules again + locate)', (t4 - t3).toFixed(0), 'cpu', cpu(), ds.length);
