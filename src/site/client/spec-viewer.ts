/**
 * Browser: renders the page's AsyncAPI document with AsyncAPI's standalone React component, or its
 * OpenAPI document with Stoplight Elements' web component. Both bundles load from /_vendor/ when the
 * page opens; nothing else on the site loads them.
 */

function load(tag: 'script' | 'link', url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const el = document.createElement(tag);
    if (el instanceof HTMLScriptElement) el.src = url;
    else if (el instanceof HTMLLinkElement) (el.rel = 'stylesheet'), (el.href = url);
    el.addEventListener('load', () => resolve());
    el.addEventListener('error', () => reject(new Error(`could not load ${url}`)));
    document.head.append(el);
  });
}

interface AsyncApiStandalone {
  render(props: { schema: string; config: Record<string, unknown> }, element: HTMLElement): void;
}

/** Mounts the viewer into `[data-spec-viewer]`. */
export async function initSpecViewer(): Promise<void> {
  const frame = document.querySelector<HTMLElement>('[data-spec-viewer]');
  const source = document.getElementById('spec-document');
  if (!frame || !source) return;
  const vendor = frame.dataset.vendor ?? '/_vendor/';
  const documentText = source.textContent ?? '{}';
  const fail = (error: unknown) => {
    const p = document.createElement('p');
    p.className = 'spec-loading';
    p.setAttribute('role', 'alert');
    p.textContent = `The viewer could not show this document: ${(error as Error).message ?? error}`;
    frame.replaceChildren(p);
  };
  try {
    if (frame.dataset.specViewer === 'asyncapi') {
      await Promise.all([load('link', `${vendor}asyncapi/default.min.css`), load('script', `${vendor}asyncapi/index.js`)]);
      const holder = document.createElement('div');
      frame.replaceChildren(holder);
      (window as unknown as { AsyncApiStandalone: AsyncApiStandalone }).AsyncApiStandalone.render(
        { schema: documentText, config: { show: { sidebar: false, info: true, servers: true, operations: true, messages: true, schemas: true, errors: true } } },
        holder,
      );
    } else {
      await Promise.all([load('link', `${vendor}elements/styles.min.css`), load('script', `${vendor}elements/web-components.min.js`)]);
      const api = document.createElement('elements-api') as HTMLElement & Record<string, unknown>;
      api.apiDescriptionDocument = documentText;
      api.router = 'hash';
      api.layout = 'stacked';
      api.hideTryIt = true;
      api.hideExport = true;
      const scope = document.createElement('div');
      scope.className = 'sl-scope';
      scope.append(api);
      frame.replaceChildren(scope);
    }
  } catch (error) {
    fail(error);
  }
}
