#!/usr/bin/env node
import { register } from 'node:module';

// Installed as a package, Waybill's TypeScript sources sit under node_modules, where Node will not strip
// types by itself: register a hook that does it for Waybill's own files.
if (import.meta.url.includes('/node_modules/')) register('./strip-types-hook.js', import.meta.url);

const { run } = await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
