/**
 * The OpenAPI document of a service, rendered by Stoplight Elements, loaded only on the page that shows
 * the document. Elements expects Node's `global` and `process` in the browser; they are defined just
 * before it loads. Its stylesheet is scoped to `.sl-scope` at build time (astro.config.mjs).
 */
import { lazy } from 'react';
import { ViewerFrame } from './ViewerFrame.tsx';

const Viewer = lazy(async () => {
  const w = window as unknown as Record<string, unknown>;
  w.global ??= window;
  w.process ??= { env: { NODE_ENV: 'production' }, browser: true, version: '', versions: {}, cwd: () => '/', nextTick: (f: (...a: unknown[]) => void, ...a: unknown[]) => queueMicrotask(() => f(...a)) };
  const [{ API }] = await Promise.all([import('@stoplight/elements'), import('@stoplight/elements/styles.min.css')]);
  return { default: API };
});

/** Renders one OpenAPI (or Swagger 2.0) document (JSON text). */
export default function OpenApiViewer({ document }: { document: string }) {
  return (
    <div className="sl-scope">
      <ViewerFrame name="OpenAPI">
        <Viewer apiDescriptionDocument={document} router="hash" layout="stacked" hideTryIt hideExport hideSchemas={false} />
      </ViewerFrame>
    </div>
  );
}
