/**
 * The AsyncAPI document of a service, rendered by @asyncapi/react-component. Its UMD bundle is used (the
 * ESM build needs Node's Buffer in the browser), loaded only on the page that shows the document.
 */
import { lazy } from 'react';
import { ViewerFrame } from './ViewerFrame.tsx';

type AsyncApiProps = { schema: string; config: Record<string, unknown> };

const Viewer = lazy(async () => {
  const [module] = await Promise.all([
    import('@asyncapi/react-component/browser/index.js'),
    import('@asyncapi/react-component/styles/default.min.css'),
  ]);
  const exported = (module as { default?: unknown }).default ?? module;
  const Component = ((exported as { default?: unknown }).default ?? exported) as (props: AsyncApiProps) => JSX.Element;
  return { default: Component };
});

const CONFIG = {
  show: { sidebar: true, info: true, servers: true, operations: true, messages: true, schemas: true, errors: true },
  sidebar: { showServers: 'byDefault', showOperations: 'byDefault' },
  parserOptions: { __unstable: { resolver: { resolvers: [] } } },
};

/** Renders one AsyncAPI document (JSON text). */
export default function AsyncApiViewer({ document }: { document: string }) {
  return (
    <ViewerFrame name="AsyncAPI">
      <Viewer schema={document} config={CONFIG} />
    </ViewerFrame>
  );
}
