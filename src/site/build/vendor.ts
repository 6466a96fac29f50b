/**
 * The viewers' own prebuilt browser bundles — AsyncAPI's standalone React component, Stoplight
 * Elements' web component, mermaid's ESM build — served as static files under `/_vendor/`, copied
 * into the built site (or served from node_modules by the dev server). Re-bundling them on every
 * build cost ~10 s of CPU and ~700 MB of memory; copying costs milliseconds. Elements' stylesheet
 * (global resets) is scoped to `.sl-scope` on the way.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import postcss from 'postcss';
import { scopeStylesheet } from './scope-css.ts';

/** A package's folder: node_modules/<name> here or in a folder above (hoisted installs). */
function packageDir(name: string, from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`The package ${name} is not installed (looked up from ${from}).`);
  }
}

interface VendorFile {
  /** Path under /_vendor/. */
  url: string;
  /** Absolute source file. */
  from: string;
  /** Rewrites the file's text on the way (Elements' CSS). */
  transform?: (text: string, from: string) => string;
}

let scopedCss: string | undefined;
function scopeElementsCss(text: string, from: string): string {
  scopedCss ??= postcss([scopeStylesheet(/./, '.sl-scope')]).process(text, { from }).css;
  return scopedCss;
}

/** Every vendor file the site may load. */
export function vendorFiles(): VendorFile[] {
  const elements = packageDir('@stoplight/elements');
  const asyncapi = packageDir('@asyncapi/react-component');
  const mermaid = path.join(packageDir('mermaid'), 'dist');
  const chunks = path.join(mermaid, 'chunks', 'mermaid.esm.min');
  return [
    { url: 'elements/web-components.min.js', from: path.join(elements, 'web-components.min.js') },
    { url: 'elements/styles.min.css', from: path.join(elements, 'styles.min.css'), transform: scopeElementsCss },
    { url: 'asyncapi/index.js', from: path.join(asyncapi, 'browser', 'standalone', 'index.js') },
    { url: 'asyncapi/default.min.css', from: path.join(asyncapi, 'styles', 'default.min.css') },
    { url: 'mermaid/mermaid.esm.min.mjs', from: path.join(mermaid, 'mermaid.esm.min.mjs') },
    ...readdirSync(chunks)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => ({ url: `mermaid/chunks/mermaid.esm.min/${f}`, from: path.join(chunks, f) })),
  ];
}

/** Copies the vendor files into a built site. */
export function copyVendor(outDir: string): number {
  let bytes = 0;
  for (const file of vendorFiles()) {
    const to = path.join(outDir, '_vendor', file.url);
    mkdirSync(path.dirname(to), { recursive: true });
    if (file.transform) writeFileSync(to, file.transform(readFileSync(file.from, 'utf8'), file.from));
    else copyFileSync(file.from, to);
    bytes += statSync(to).size;
  }
  return bytes;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css' };

/** The Astro integration: copy after a build, serve from node_modules in dev. */
export function vendorAssets(): AstroIntegration {
  return {
    name: 'waybill-vendor-assets',
    hooks: {
      'astro:build:done': ({ dir }) => {
        copyVendor(new URL(dir).pathname);
      },
      'astro:server:setup': ({ server }) => {
        const files = new Map(vendorFiles().map((f) => [f.url, f]));
        server.middlewares.use((req, res, next) => {
          const match = /\/_vendor\/([^?#]+)/.exec(req.url ?? '');
          const file = match ? files.get(decodeURIComponent(match[1])) : undefined;
          if (!file || !existsSync(file.from)) return next();
          res.setHeader('content-type', TYPES[path.extname(file.from)] ?? 'application/octet-stream');
          if (file.transform) res.end(file.transform(readFileSync(file.from, 'utf8'), file.from));
          else createReadStream(file.from).pipe(res);
        });
      },
    },
  };
}
