#!/usr/bin/env node
// Plain JavaScript that any Node parses: an older Node gets one line saying what to do, not a stack trace.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `waybill: Waybill needs Node ≥ 22.12; this is Node ${process.versions.node}. Install Node 22 (https://nodejs.org), or from a checkout run it through npm: \`npx waybill …\` / \`npm run waybill -- …\`.\n`,
  );
  process.exit(2);
}

const { existsSync } = await import('node:fs');
// A packed Waybill carries its CLI compiled to JavaScript in dist-cli/ (see tsconfig.pack.json): Node
// will not strip the types of .ts files under node_modules. From a checkout, the sources run as they are.
const compiled = new URL('../dist-cli/src/cli/main.js', import.meta.url);
const { run } = existsSync(compiled) ? await import(compiled.href) : await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
