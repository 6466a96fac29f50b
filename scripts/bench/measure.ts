/**
 * Runs one measured job in a fresh Node process (so peak RSS is its own) and reads back its figures.
 * The child prints one JSON line: { ms, maxRssMb, ...extra }.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface Figures {
  ms: number;
  maxRssMb: number;
  [key: string]: unknown;
}

export function runJob(script: string, args: string[], env: Record<string, string> = {}): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', path.join(BENCH_DIR, script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}: ${out.slice(-500)}`));
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${script} printed no figures: ${out.slice(-500)}`));
      }
    });
  });
}

/** Called by a child at the end of its job. */
export function printFigures(start: number, extra: Record<string, unknown> = {}): void {
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms: Math.round(performance.now() - start), maxRssMb: Math.round(maxRssMb), ...extra })}\n`);
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ')).join('\n');
}

/**
 * The fastest of `times` runs of a job (the machine is shared: the minimum is the least disturbed), with the
 * largest peak RSS. `env` is called before each run (a fresh cache folder per run, say).
 */
export async function best(times: number, script: string, args: string[], env: () => Record<string, string> = () => ({})): Promise<Figures> {
  let out: Figures | undefined;
  for (let i = 0; i < times; i++) {
    const f = await runJob(script, args, env());
    if (!out) out = f;
    else {
      const rss = Math.max(out.maxRssMb, f.maxRssMb);
      const key = 'streamMs' in f ? 'streamMs' : 'ms';
      if (Number(f[key]) < Number(out[key])) out = f;
      out = { ...out, maxRssMb: rss };
    }
  }
  return out!;
}
