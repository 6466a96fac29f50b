/**
 * The Content-Security-Policy of every page (a `<meta http-equiv>` in the Base layout): the page may load
 * scripts, styles, images, fonts, workers and data from the site itself only, so content that slipped
 * through (an image URL in a fetched document, an injected tag) cannot make the reader's browser ask
 * another host for anything, and no inline script runs but the one below, allowed by its hash.
 *
 * `'unsafe-inline'` for styles: the viewers and mermaid set style attributes and `<style>` elements at
 * run time; styles cannot run script, and their `url()`s are held to the site by img-src and font-src.
 * `'wasm-unsafe-eval'`: Pagefind's search runs as WebAssembly. `blob:` workers: the graph's layout worker.
 * `'unsafe-eval'` on the AsyncAPI viewer's pages only: its bundled parser validates the document with ajv,
 * which compiles schemas with `new Function`. Scripts still come from the site only; no inline script runs.
 */
import { createHash } from 'node:crypto';

/** Sets the theme before the first paint (the only inline script of the site). */
export const THEME_SCRIPT =
  "(function(){var d=document.documentElement,t=null;try{t=localStorage.getItem('waybill-theme')}catch(e){}" +
  "if(t!=='light'&&t!=='dark')t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';d.dataset.theme=t;d.classList.add('js')})();";

function hashOf(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** The theme script's hash, computed once (the policy is on every page). */
const THEME_HASH = hashOf(THEME_SCRIPT);

/**
 * The policy, as the content of `<meta http-equiv="content-security-policy">`. `frames`: hosts pages
 * may frame — only the third-party boards of a catalog that opts in with `embeds: iframe`.
 */
export function contentSecurityPolicy(options: { evalScripts?: boolean; frames?: readonly string[] } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${THEME_HASH} 'wasm-unsafe-eval'${options.evalScripts ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    options.frames?.length ? `frame-src ${options.frames.join(' ')}` : "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}
