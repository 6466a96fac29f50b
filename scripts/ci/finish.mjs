#!/usr/bin/env node
/**
 * The last step of Waybill's GitHub Action: fails the job when a check failed. Its arguments are
 * `name=exit-code` pairs from the check steps' outputs (an empty code: the check did not run).
 */
let failed = 0;
for (const pair of process.argv.slice(2)) {
  const [name, code] = pair.split('=');
  if (!code) continue;
  if (code !== '0') {
    process.stdout.write(`waybill ${name} failed (exit code ${code}).\n`);
    failed++;
  }
}
if (!failed) process.stdout.write('Every waybill check passed.\n');
process.exit(failed ? 1 : 0);
