/**
 * The one way Waybill makes an @asyncapi/parser: resolvers that never reach the network (http and https
 * references answer with an empty document) and read local files only inside one folder. The loader
 * (catalog root), `waybill import` (its --root) and `waybill export` (no files) share it.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';
import { isInsideRoot, type RefusedReference } from './reference-root.ts';

export type { RefusedReference } from './reference-root.ts';

const parsers = new Map<string, Parser>();

/**
 * A parser reading files only inside `root` (none when absent); one per folder, reused. With `onRefused`,
 * a parser of its own that reports each reference it did not follow (for one parse).
 */
export function offlineAsyncapiParser(root?: string, onRefused?: (refused: RefusedReference) => void): Parser {
  const key = root ? path.resolve(root) : '';
  let parser = onRefused ? undefined : parsers.get(key);
  if (!parser) {
    const inside = (file: string) => key !== '' && isInsideRoot(key, file);
    const remote = (uri: { toString(): string }) => {
      onRefused?.({ uri: uri.toString(), reason: 'remote' });
      return '{}';
    };
    parser = new Parser({
      ruleset: { core: true, recommended: false },
      __unstable: {
        resolver: {
          cache: false,
          resolvers: [
            { schema: 'http', order: 1, read: remote },
            { schema: 'https', order: 1, read: remote },
            {
              schema: 'file',
              order: 1,
              read: async (uri) => {
                if (inside(uri.path())) return readFile(uri.path(), 'utf8');
                onRefused?.({ uri: uri.path(), reason: 'outside' });
                return '{}';
              },
            },
          ],
        },
      },
    });
    if (!onRefused) parsers.set(key, parser);
  }
  return parser;
}
