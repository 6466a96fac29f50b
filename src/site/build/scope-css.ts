/**
 * A PostCSS plugin that confines one package's stylesheet to an element: every selector of the files
 * whose path matches gets the scope in front, and `html`, `body` and `:root` become the scope itself.
 * Used for Stoplight Elements, whose stylesheet resets headings, lists, links and focus rings globally.
 */
import type { Plugin, Rule } from 'postcss';

function scoped(selector: string, scope: string): string {
  const s = selector.trim();
  if (/^(html|body|:root)$/.test(s)) return scope;
  if (/^(html|body|:root)[\s>.:[]/.test(s)) return s.replace(/^(html|body|:root)/, scope);
  return `${scope} ${s}`;
}

/** Scopes every rule of stylesheets whose file path matches `files`. */
export function scopeStylesheet(files: RegExp, scope: string): Plugin {
  return {
    postcssPlugin: 'waybill-scope-stylesheet',
    Once(root) {
      if (!files.test(root.source?.input.file ?? '')) return;
      root.walkRules((rule: Rule) => {
        const parent = rule.parent as { type?: string; name?: string } | undefined;
        if (parent?.type === 'atrule' && /keyframes$/i.test(parent.name ?? '')) return;
        rule.selectors = rule.selectors.map((s) => scoped(s, scope));
      });
    },
  };
}
