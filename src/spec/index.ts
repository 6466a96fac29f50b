/**
 * Typed views of the AsyncAPI and OpenAPI documents in the catalog, each read once per document and kept
 * beside it (a WeakMap keyed by the parsed document, which the loaded catalog never changes): import,
 * export, verify, diff, pact and the site all read a document through these, so they agree on its
 * operations, channels, messages, servers and base path.
 *
 * @module
 */
import type { SpecDocument } from '../catalog/model.ts';
import { readAsyncApiView, type AsyncApiView } from './asyncapi-view.ts';
import { readOpenApiView, type OpenApiView } from './openapi-view.ts';

export type { AsyncApiView, AsyncChannel, AsyncMessage, AsyncOperation, AsyncReply, AsyncServer } from './asyncapi-view.ts';
export type {
  BodyParameter, Content, MediaType, OpenApiHeader, OpenApiOperation, OpenApiParameter, OpenApiRequestBody, OpenApiResponse, OpenApiServer, OpenApiView, SchemaAt,
} from './openapi-view.ts';
export { HTTP_METHODS, isSwagger2, joinPath, jsonMedia, pathScore, responseFor } from './openapi-view.ts';
export { followLocal, localPointer, MAX_REF_CHAIN, valueAt, type Followed, type Pointer } from './local-ref.ts';

type Json = Record<string, unknown>;

/** A view read once per document object: later calls get the same view. */
function perDocument<V>(read: (doc: Json) => V): (spec: Pick<SpecDocument, 'file' | 'type' | 'document'> | Readonly<Json>) => V {
  const views = new WeakMap<object, V>();
  return (spec) => {
    const doc = documentOf(spec);
    let view = views.get(doc);
    if (view === undefined) {
      view = read(doc);
      views.set(doc, view);
    }
    return view;
  };
}

/** A catalog spec has `file`, `type` and `document`; anything else is the parsed document itself. */
function documentOf(spec: Pick<SpecDocument, 'file' | 'type' | 'document'> | Readonly<Json>): Json {
  const s = spec as Json;
  return (typeof s.file === 'string' && typeof s.type === 'string' && s.document && typeof s.document === 'object' ? s.document : s) as Json;
}

/** The view of an OpenAPI document (a catalog {@link SpecDocument} or the parsed document), read on first use. */
export const openApiView: (spec: Pick<SpecDocument, 'file' | 'type' | 'document'> | Readonly<Json>) => OpenApiView = perDocument(readOpenApiView);

/** The view of an AsyncAPI document (a catalog {@link SpecDocument} or the parsed document), read on first use. */
export const asyncApiView: (spec: Pick<SpecDocument, 'file' | 'type' | 'document'> | Readonly<Json>) => AsyncApiView = perDocument(readAsyncApiView);
