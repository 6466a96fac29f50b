/**
 * Small HTML building blocks shared by the Markdown renderer, the MDX components and the pages:
 * a mermaid diagram (its source stays readable until the diagram script draws it) and a notice.
 */
import type { Element, ElementContent } from 'hast';

/**
 * Mermaid source with images from other hosts taken out: a node's `@{ img: "https://…" }` would make
 * the reader's browser fetch it. Images on the site itself (`/…`, relative paths) stay.
 */
export function withoutRemoteImages(source: string): string {
  return source.replace(/(@\{[^}]*?)\bimg\s*:\s*(?:"([^"]*)"|'([^']*)'|([^,}\s]+))\s*,?\s*/g, (m, head: string, d?: string, s?: string, u?: string) => {
    const url = (d ?? s ?? u ?? '').trim();
    return /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url) ? head : m;
  }).replace(/(@\{[^}]*?),\s*\}/g, '$1 }');
}

/** A mermaid diagram: a figure whose source text the diagram script replaces with an SVG. */
export function diagramElement(text: string, label: string): Element {
  const source = withoutRemoteImages(text);
  return {
    type: 'element',
    tagName: 'figure',
    properties: { className: ['diagram'], dataDiagram: 'mermaid', ariaLabel: label, dataPagefindIgnore: 'all' },
    children: [{ type: 'element', tagName: 'pre', properties: { className: ['diagram-source'] }, children: [{ type: 'text', value: source }] }],
  };
}

/** A visible notice about content Waybill did not render as written. */
export function noticeElement(message: string, code?: string): Element {
  const children: ElementContent[] = [{ type: 'text', value: message }];
  if (code) children.push({ type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value: code }] });
  return { type: 'element', tagName: 'p', properties: { className: ['notice'], role: 'note' }, children };
}
