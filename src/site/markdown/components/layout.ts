/**
 * EventCatalog's layout components, as static HTML: <Accordion> / <AccordionGroup> (native
 * details/summary), <Columns> / <Column>, <CodeGroup> (code blocks as tabs), <Visibility> (content for
 * humans shown, content for agents left out, as EventCatalog does), <Prompt> (a prompt to copy) and
 * <Link>. Tabs use the existing tabs script; copying uses the copy script.
 */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { noticeElement } from '../elements.ts';
import { isElement, type ComponentContext, type Renderer } from './context.ts';

/**
 * Tabs: a tab list the tabs script drives; without JavaScript every panel shows under its label. `group`
 * is the tab group's id (from the body's {@link ComponentContext.nextId}).
 */
export function tabs(group: string, panels: { label: string; children: ElementContent[] }[]): ElementContent[] {
  const list = h('div.tab-list', { role: 'tablist', hidden: true }, panels.map((p, i) =>
    h('button.tab', { type: 'button', role: 'tab', id: `${group}-tab-${i}`, ariaControls: `${group}-panel-${i}`, ariaSelected: i === 0 ? 'true' : 'false', tabIndex: i === 0 ? 0 : -1 }, p.label)));
  const bodies = panels.map((p, i) =>
    h('section.tab-panel', { id: `${group}-panel-${i}`, role: 'tabpanel', ariaLabelledby: `${group}-tab-${i}`, tabIndex: 0 }, [h('p.tab-label', p.label), ...p.children]));
  return [h('div.tabs', { dataTabs: '' }, [list, ...bodies])];
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** The layout components for one page. */
export function layoutComponents(ctx: ComponentContext): Record<string, Renderer> {
  return {
    Accordion: ({ props }, children) => [h('details.accordion', [h('summary', ctx.str(props.title) ?? 'Details'), h('div.accordion-body', children)])],
    AccordionGroup: (_slot, children) => [h('div.accordion-group', children.filter(isElement))],
    Columns: ({ props }, children) => {
      const columns = children.filter(isElement);
      const count = Math.min(Math.max(Number(ctx.str(props.cols) ?? ctx.str(props.columns) ?? columns.length) || 2, 1), 4);
      return [h('div.columns', { style: `--columns: ${count}` }, columns)];
    },
    Column: (_slot, children) => [h('div.column', children)],
    CodeGroup: (_slot, children) => {
      const blocks = children.filter((c): c is Element => isElement(c) && (c.tagName === 'pre' || c.tagName === 'figure'));
      if (blocks.length < 2) return children;
      return tabs(ctx.nextId('tabs'), blocks.map((b, i) => ({ label: String(b.properties.dataTitle ?? b.properties.dataLanguage ?? `Example ${i + 1}`), children: [b] })));
    },
    Visibility: ({ props }, children) => (ctx.str(props.for) === 'agents' ? [] : children),
    Prompt: ({ props }, children) => {
      const id = ctx.nextId('prompt');
      const actions = Array.isArray(props.actions) ? props.actions.map(String) : ['copy'];
      const text = children.map(textOf).join('').trim();
      const buttons: ElementContent[] = [];
      if (actions.includes('copy')) buttons.push(h('button.copy', { type: 'button', dataCopy: id, ariaLabel: 'Copy prompt' }, 'Copy'));
      if (actions.includes('cursor')) buttons.push(h('a.prompt-action', { href: `https://cursor.com/link/prompt?text=${encodeURIComponent(text)}`, rel: 'noopener noreferrer', target: '_blank' }, 'Open in Cursor ↗'));
      return [h('div.prompt', [
        h('div.prompt-head', [h('p.prompt-description', ctx.str(props.description) ?? ctx.str(props.title) ?? 'Prompt'), ...buttons]),
        h('div.prompt-text', { id }, children),
      ])];
    },
    Link: ({ props }, children) => {
      const target = ctx.link(props.href ?? props.to ?? props.url);
      const content = children.length ? children : [{ type: 'text' as const, value: ctx.str(props.label) ?? ctx.str(props.title) ?? ctx.str(props.href) ?? '' }];
      if (!target) return [noticeElement('<Link> has no safe address: ', ctx.str(props.href) ?? '(none)'), ...content];
      return [h('a', { href: target.href, ...(target.external ? { rel: 'noopener noreferrer' } : {}) }, content)];
    },
  };
}
