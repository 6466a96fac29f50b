/**
 * Small HTML building blocks shared by the Markdown renderer, the MDX components and the pages:
 * a mermaid diagram (its source stays readable until the diagram script draws it) and a notice.
 */
import type { Element, ElementContent } from 'hast';

/** A mermaid diagram: a figure whose source text the diagram script replaces with an SVG. */
export function diagramElement(source: string, label: string): Element {
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
