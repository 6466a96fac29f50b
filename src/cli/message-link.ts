/**
 * Adds a message to a service's `sends` or `receives` in its Markdown file, editing only the frontmatter
 * and keeping its comments, order and style (yaml's Document API); the body is left byte for byte.
 */
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { UserError } from '../diagnostics/user-error.ts';

/** `text` (a resource's Markdown) with `{ id, version: latest }` in its `field`, unless it is there already. */
export function withMessageLink(text: string, field: 'sends' | 'receives', id: string): string {
  const match = /^(---[ \t]*\r?\n)([\s\S]*?\r?\n)?(---[ \t]*(?:\r?\n|$))/.exec(text);
  if (!match) throw new UserError('service-unreadable', 'The service file has no frontmatter to add the message to.');
  const doc = parseDocument(match[2] ?? '');
  if (doc.errors.length || !isMap(doc.contents)) throw new UserError('service-unreadable', `The service's frontmatter does not parse: ${doc.errors[0]?.message ?? 'not a mapping'}.`, { hint: 'Fix it (see `waybill lint`), then run this again.' });
  let list = doc.get(field);
  if (list === undefined || list === null) {
    list = new YAMLSeq();
    doc.set(field, list);
  }
  if (!isSeq(list)) throw new UserError('service-unreadable', `The service's ${field} is not a list.`);
  const present = list.items.some((item) => isMap(item) && item.get('id') === id);
  if (!present) list.add(doc.createNode({ id, version: 'latest' }));
  return `${match[1]}${doc.toString({ lineWidth: 0 })}${match[3]}${text.slice(match[0].length)}`;
}
