/**
 * The one way Waybill makes an @asyncapi/parser: resolvers that never reach the network (http and https
 * references answer with an empty document) and read local files only inside one folder. The loader
 * (catalog root), `waybill import` (the document's folder) and `waybill export` (no files) share it.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';

const parsers = new Map<string, Parser>();

/** A parser reading files only inside `root` (none when absent); one per folder, reused. */
export function offlineAsyncapiParser(root?: string): Parser {
  const key = root ? path.resolve(root) : '';
  let parser = parsers.get(key);
  if (!parser) {
    const inside = (file: string) => key !== '' && !path.relative(key, file).startsWith('..');
    parser = new Parser({
      ruleset: { core: true, recommended: false },
      __unstable: {
        resolver: {
          cache: false,
          resolvers: [
            { schema: 'http', order: 1, read: () => '{}' },
            { schema: 'https', order: 1, read: () => '{}' },
            { schema: 'file', order: 1, read: async (uri) => (inside(uri.path()) ? readFile(uri.path(), 'utf8') : '{}') },
          ],
        },
      },
    });
    parsers.set(key, parser);
  }
  return parser;
}
