/**
 * Reading an input document for `waybill import`: read defensively, parsed (YAML or JSON), checked to be
 * the kind of document asked for, then handed to the AsyncAPI or OpenAPI reader.
 */
import path from 'node:path';
import { UserError } from '../diagnostics/user-error.ts';
import { MAX_DOCUMENT_BYTES, readTextFile } from '../catalog/read-file.ts';
import { parseStructured } from '../catalog/schema-files.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { readAsyncapi, type ReadOptions } from './asyncapi.ts';
import type { ImportedService } from './model.ts';
import { readOpenapi } from './openapi.ts';
import { followFileReferences } from './openapi-files.ts';

export type SpecKind = 'asyncapi' | 'openapi';

/** Reads `file` as an AsyncAPI or OpenAPI document; user errors for unreadable or mismatched files. */
export async function readSpecDocument(file: string, kind: SpecKind, options: ReadOptions = {}): Promise<{ service?: ImportedService; diagnostics: Diagnostic[] }> {
  const read = await readTextFile(file, MAX_DOCUMENT_BYTES);
  if (!read.ok) throw new UserError('document-unreadable', `${file}: ${read.problem.message}`);
  const parsed = parseStructured(read.text, file);
  if (!parsed.ok) throw new UserError('document-unparsable', `${file}:${parsed.problem.line}: ${parsed.problem.message}`);
  const doc = parsed.value as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UserError('document-not-a-spec', `${file} is not an AsyncAPI or OpenAPI document.`);
  const found: SpecKind | undefined = typeof doc.asyncapi === 'string' ? 'asyncapi' : doc.openapi !== undefined || doc.swagger !== undefined ? 'openapi' : undefined;
  if (found !== kind) {
    throw new UserError('document-kind', `${file} is ${found ? `an ${found === 'asyncapi' ? 'AsyncAPI' : 'OpenAPI'} document` : 'neither AsyncAPI nor OpenAPI'}, not ${kind === 'asyncapi' ? 'AsyncAPI' : 'OpenAPI'}.`, {
      hint: found ? `Use \`waybill import ${found} ${file}\`.` : undefined,
    });
  }
  if (kind === 'asyncapi') return readAsyncapi(file, read.text, doc, options);
  const followed = await followFileReferences(file, options.displayName ?? file, read.text, doc, options.root ?? path.dirname(path.resolve(file)));
  return readOpenapi(file, read.text, doc, options, followed);
}

/**
 * The ids of the messages a document (as the catalog holds it, already parsed) sends or receives, so a
 * re-import knows which `sends`/`receives` entries came from its previous copy.
 */
export async function messageIdsOf(document: Readonly<Record<string, unknown>>, file: string, kind: SpecKind): Promise<string[]> {
  const text = JSON.stringify(document);
  const raw = JSON.parse(text) as Record<string, unknown>;
  const { service } = kind === 'asyncapi' ? await readAsyncapi(file, text, raw) : readOpenapi(file, text, raw);
  return service ? [...service.sends, ...service.receives].map((f) => f.message) : [];
}
