/**
 * Third-party boards EventCatalog embeds (Miro, Lucid, FigJam, IcePanel, DrawIO): a titled card that
 * links out, or, when the catalog opts in (`embeds: iframe` in waybill.config.yaml), an iframe. Either
 * way the build contacts no host: only readers' browsers do, and only after the opt-in. URLs are built
 * from ids or checked to be https on the provider's host, so a body cannot frame an arbitrary page.
 * <LikeC4View> needs LikeC4's compiler, which Waybill does not bundle: it is a card naming the view.
 */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import { noticeElement } from '../elements.ts';
import type { ComponentContext, Renderer } from './context.ts';

interface Provider {
  readonly label: string;
  /** The embed URL and the page to open, from the props; undefined when they name no board. */
  urls(props: Record<string, unknown>, str: ComponentContext['str']): { embed: string; open: string } | undefined;
  readonly missing: string;
}

const httpsOn = (value: string | undefined, hosts: RegExp): URL | undefined => {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && hosts.test(url.hostname) ? url : undefined;
  } catch {
    return undefined;
  }
};
const idSegment = (value: string | undefined) => (value && /^[A-Za-z0-9_=.\-]+$/.test(value) ? encodeURIComponent(value) : undefined);

const PROVIDERS: Record<string, Provider> = {
  Miro: {
    label: 'Miro board',
    missing: 'a boardId',
    urls(props, str) {
      const id = idSegment(str(props.boardId));
      if (!id) return undefined;
      const embed = new URL(`https://miro.com/app/live-embed/${id}/`);
      if (props.edit !== true) embed.searchParams.set('embedMode', 'view_only_without_ui');
      const viewport = str(props.moveToViewport);
      if (viewport) embed.searchParams.set('moveToViewport', viewport);
      const widget = str(props.moveToWidget);
      if (widget) embed.searchParams.set('moveToWidget', widget);
      return { embed: embed.href, open: `https://miro.com/app/board/${id}/` };
    },
  },
  Lucid: {
    label: 'Lucid diagram',
    missing: 'a diagramId',
    urls(props, str) {
      const id = idSegment(str(props.diagramId) ?? str(props.id));
      return id ? { embed: `https://lucid.app/documents/embeddedchart/${id}`, open: `https://lucid.app/documents/view/${id}` } : undefined;
    },
  },
  FigJam: {
    label: 'FigJam board',
    missing: 'a url on figma.com',
    urls(props, str) {
      const url = httpsOn(str(props.url), /(^|\.)figma\.com$/);
      return url ? { embed: url.href, open: url.href } : undefined;
    },
  },
  IcePanel: {
    label: 'IcePanel diagram',
    missing: 'a url on icepanel.io',
    urls(props, str) {
      const url = httpsOn(str(props.url), /(^|\.)icepanel\.io$/);
      return url ? { embed: url.href, open: url.href } : undefined;
    },
  },
  DrawIO: {
    label: 'draw.io diagram',
    missing: 'a url on diagrams.net or draw.io',
    urls(props, str) {
      const url = httpsOn(str(props.url), /(^|\.)(diagrams\.net|draw\.io)$/);
      return url ? { embed: url.href, open: url.href } : undefined;
    },
  },
};

/** The hosts the boards' iframes load from: the page's frame-src when a catalog opts in (src/site/csp.ts). */
export const EMBED_FRAME_SOURCES: readonly string[] = [
  'https://miro.com',
  'https://lucid.app',
  'https://figma.com',
  'https://*.figma.com',
  'https://icepanel.io',
  'https://*.icepanel.io',
  'https://diagrams.net',
  'https://*.diagrams.net',
  'https://draw.io',
  'https://*.draw.io',
];

/** The embed components for one page. */
export function embedComponents(ctx: ComponentContext): Record<string, Renderer> {
  const iframes = ctx.site.catalog.config.embeds === 'iframe';
  const out: Record<string, Renderer> = {};
  for (const [name, provider] of Object.entries(PROVIDERS)) {
    out[name] = ({ props }) => {
      const urls = provider.urls(props, ctx.str);
      const title = ctx.str(props.title);
      if (!urls) return [noticeElement(`<${name}> needs ${provider.missing}; nothing to show.`)];
      const description = ctx.str(props.description);
      const body: ElementContent[] = [h('p.embed-title', title ?? provider.label), ...(description ? [h('p.embed-desc', description)] : [])];
      if (iframes) {
        const height = /^\d{2,4}$/.test(ctx.str(props.height) ?? '') ? ctx.str(props.height) : '500';
        body.push(h('iframe.embed-frame', { src: urls.embed, title: title ?? provider.label, height, loading: 'lazy', referrerPolicy: 'no-referrer', sandbox: 'allow-scripts allow-same-origin allow-popups' }));
      }
      body.push(h('a.embed-open', { href: urls.open, rel: 'noopener noreferrer', target: '_blank' }, `Open the ${provider.label} on ${new URL(urls.open).hostname} ↗`));
      return [h('figure.embed', { dataEmbed: name.toLowerCase(), dataPagefindIgnore: 'all' }, body)];
    };
  }
  out.LikeC4View = ({ props }) => {
    const view = ctx.str(props.viewId) ?? ctx.str(props.id) ?? '';
    return [h('figure.embed', { dataEmbed: 'likec4', dataPagefindIgnore: 'all' }, [
      h('p.embed-title', ctx.str(props.title) ?? `LikeC4 view ${view}`),
      h('p.embed-desc', `EventCatalog draws this view with LikeC4's compiler from the catalog's .c4 model; Waybill does not bundle LikeC4, so the view “${view}” is named here instead of drawn.`),
    ])];
  };
  return out;
}
