import { registerHooks } from 'node:module';
const seen: string[] = [];
registerHooks({ load(url, ctx, next) { seen.push(url); return next(url, ctx); } });
const { run } = await import('../src/cli/main.ts');
await run(['lint', '--catalog', process.argv[2], '--format', 'json', '--output', '/dev/null']);
const pk = new Map<string, number>();
for (const u of seen) { const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(u); const k = m ? m[1] : u.includes('/src/') ? 'src' : u; pk.set(k, (pk.get(k) ?? 0) + 1); }
console.log([...pk].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`).join('\n'));
