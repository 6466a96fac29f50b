#!/usr/bin/env node
import { existsSync } from 'node:fs';

// A packed Waybill carries its CLI compiled to JavaScript in dist-cli/ (see tsconfig.pack.json): Node
// will not strip the types of .ts files under node_modules. From a checkout, the sources run as they are.
const compiled = new URL('../dist-cli/src/cli/main.js', import.meta.url);
const { run } = existsSync(compiled) ? await import(compiled.href) : await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
