/**
 * Schema changes between two catalogs, with verdicts: a new version of a message checked against its
 * earlier versions under its mode (as `schema-compatibility` does), and a published version whose schema
 * changed in place checked against what it was.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { pointerToPath } from '../../catalog/locate.ts';
import type { Message, SchemaDocument } from '../../catalog/model.ts';
import { collectRefs } from '../../catalog/schema-files.ts';
import { schemaVersionOf } from '../message-versions.ts';
import { checkSchemaEvolution, type SchemaEvolution } from '../schema-evolution.ts';
import type { CompatibilityMode } from '../types.ts';
import { finding, type DiffFinding } from './findings.ts';
import { answerable } from './resources.ts';
import path from 'node:path';

/** Paths of the documents whose content differs between the two catalogs (or that only `after` has). */
export function changedDocuments(before: Catalog, after: Catalog): Set<string> {
  const changed = new Set<string>();
  for (const [file, value] of after.documents) {
    const old = before.documents.get(file);
    if (old === undefined || JSON.stringify(old) !== JSON.stringify(value)) changed.add(file);
  }
  for (const file of before.documents.keys()) if (!after.documents.has(file)) changed.add(file);
  return changed;
}

/**
 * True when a message version's schema is not what it was: other content (wherever the file now is),
 * or a change in a file it references.
 */
export function schemaDiffers(was: SchemaDocument, now: SchemaDocument, changed: Set<string>): boolean {
  if (was.format !== now.format) return true;
  // The loader keeps every schema file in `documents`, so `changed` already says whether a file that
  // stayed where it was changed; only a moved file needs its content compared.
  const content = was.file === now.file ? changed.has(now.file) : JSON.stringify(was.value) !== JSON.stringify(now.value);
  return content || referencedFiles(now).some((file) => changed.has(file));
}

const referenced = new WeakMap<SchemaDocument, string[]>();

/** The catalog files a JSON Schema document references (computed once per document). */
function referencedFiles(doc: SchemaDocument): string[] {
  let files = referenced.get(doc);
  if (!files) {
    files = doc.format !== 'json-schema' ? [] : [...new Set(collectRefs(doc.value).flatMap(({ ref }) => {
      const base = ref.split('#')[0];
      return base === '' || /^[a-z][a-z0-9+.-]*:/i.test(base) ? [] : [path.posix.normalize(path.posix.join(path.posix.dirname(doc.file), base))];
    }))];
    referenced.set(doc, files);
  }
  return files;
}

function readerText(direction: 'backward' | 'forward', version: string, against: string, inPlace: boolean): string {
  if (inPlace) return direction === 'backward' ? 'the new schema cannot read data written with the old one' : 'the old schema cannot read data written with the new one';
  return direction === 'backward' ? `${version} cannot read data written with ${against}` : `${against} cannot read data written with ${version}`;
}

function codesOf(evolution: SchemaEvolution): string {
  const shown = evolution.changes.slice(0, 4).map((c) => `${c.code} ${c.path}`);
  return shown.length ? `${shown.join(', ')}${evolution.changes.length > shown.length ? `, and ${evolution.changes.length - shown.length} more` : ''}` : 'no schema differences';
}

function verdictFindings(after: Catalog, message: Message, evolution: SchemaEvolution, lead: string, inPlace = false): DiffFinding[] {
  if (evolution.status === 'no-schema' || evolution.status === 'not-supported') return [];
  const services = answerable(after, message);
  const file = message.schema!.file;
  const against = evolution.against.join(', ');
  if (evolution.compatible) {
    return [finding(after, 'schema-changed', 'info', file, [], `${lead}: ${evolution.mode} compatible with ${inPlace ? 'what it was' : against} (${codesOf(evolution)}).`, services)];
  }
  return evolution.changes
    .filter((c) => !c.allowed)
    .map((c) =>
      finding(
        after, 'schema-incompatible', 'error', file, pointerToPath(c.path),
        `${lead}: not ${evolution.mode} compatible with ${inPlace ? 'what it was' : c.against}: ${c.code} at ${c.path}${c.detail ? ` (${c.detail})` : ''} — ${readerText(c.direction, message.version, c.against, inPlace)}.`,
        services,
        'Make the change compatible, publish a new message instead, or change the message\'s compatibility mode if every consumer moves at once.',
      ),
    );
}

/** Schema findings for every message version that is new, or whose schema changed in place. */
export function schemaFindings(before: Catalog, after: Catalog, changed: Set<string>): DiffFinding[] {
  const out: DiffFinding[] = [];
  for (const message of after.messages()) {
    if (!message.schema) continue;
    const was = before.get(message.key) as Message | undefined;
    const versions = after.versionsOf(message);
    if (was) {
      if (!was.schema || !schemaDiffers(was.schema, message.schema, changed)) continue;
      const mode = message.compatibility.replace('_TRANSITIVE', '') as CompatibilityMode;
      const evolution = checkSchemaEvolution([schemaVersionOf(before, was)!], schemaVersionOf(after, message), mode);
      out.push(...verdictFindings(after, message, evolution, `The schema of ${message.name} ${message.version} changed in place`, true));
    } else if (before.versions('message', message.id).length) {
      const index = versions.indexOf(message);
      const previous = versions.slice(0, index).flatMap((m) => schemaVersionOf(after, m) ?? []);
      const evolution = checkSchemaEvolution(previous, schemaVersionOf(after, message), message.compatibility);
      out.push(...verdictFindings(after, message, evolution, `${message.name} ${message.version} is a new version`));
    }
  }
  return out;
}
