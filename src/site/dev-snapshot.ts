/**
 * `waybill dev`'s snapshot of the loaded catalog and its problems, so a restarted dev server answers its
 * first request without loading and linting 10,000 messages again (issue 16).
 *
 * Never wrong, by construction:
 * - It is keyed by every catalog file's stamp (size, modification and change times, inode), taken by a
 *   walk of the folder (the loader's own, src/catalog/scan.ts) *before* the files are read: a file written
 *   after its stamp was taken has another stamp at the next start, so the snapshot is not used.
 * - A file patched in by the dev server (src/catalog/patch.ts) gets its stamp taken before it is read.
 * - It is named by Waybill's cache version, a digest of every source file of the site, catalog, lint and
 *   compatibility code, and Node's version (the format of v8.serialize).
 * - A catalog that includes others (federation) is never snapshotted: its files are outside the walk.
 * - It is signed like the load cache (src/catalog/cache/signed-file.ts): v8.deserialize is never run on
 *   bytes this machine did not write.
 * Anything unexpected (missing, stale, foreign, unreadable) means a normal load: deleting it is always safe.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { Catalog, type CatalogParts } from '../catalog/catalog.ts';
import { DocumentMap, LazyValue, lazySchemaDocument, lazyValueOf } from '../catalog/lazy-document.ts';
import type { Resource, SchemaDocument } from '../catalog/model.ts';
import { decodeText, MAX_DOCUMENT_BYTES } from '../catalog/read-file.ts';
import { loadCacheDir } from '../catalog/cache/load-cache.ts';
import { signingKey } from '../catalog/cache/signed-file.ts';
import { cacheVersion } from '../catalog/cache/source-key.ts';
import { scanCatalog } from '../catalog/scan.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

/** Each catalog file (relative posix path) → its stamp; undefined when the folder cannot be walked. */
export type Stamps = Map<string, string>;

/** The snapshot after its stamps: `[signature][stamps' length][stamps][Stored]`. */
interface Stored {
  /** The catalog's parts; `resources` hold a JSON schema as its document without `value`, `documents` none of them. */
  parts: Omit<CatalogParts, 'locator' | 'pathOf' | 'documents'>;
  /** `documents` in order; `null` for a JSON schema, whose text is in `texts`. */
  documents: [string, unknown][];
  /** The text of each JSON schema file (the value is parsed from it when a page first reads it). */
  texts: Map<string, string>;
  problems: Diagnostic[];
}

/** The stamp of one file (following links, as the loader does), or undefined when it cannot be read. */
export function stampOf(file: string): string | undefined {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** Stamps every file the loader would read below `root` (call it before loading). */
export async function stampCatalog(root: string): Promise<Stamps | undefined> {
  try {
    const { files, problems } = await scanCatalog(root);
    // A folder the walk could not read or a link it refused: the walk says too little to key by.
    if (problems.length) return undefined;
    const stamps: Stamps = new Map();
    for (const file of files) {
      const stamp = stampOf(path.join(root, file));
      if (stamp === undefined) return undefined;
      stamps.set(file, stamp);
    }
    return stamps;
  } catch {
    return undefined;
  }
}

/** The catalog and its problems as a dev server left them, when every file is as it was; else undefined. */
export function readSnapshot(root: string, stamps: Stamps): { catalog: Catalog; problems: Diagnostic[] } | undefined {
  const parts = verifiedParts(root, stamps);
  return parts && snapshotOf(parts);
}

/**
 * Stamps the catalog's files and reads its snapshot in a worker thread, so the dev server's thread starts
 * Astro meanwhile and only turns the snapshot's bytes into the catalog: the stamps (undefined when the
 * folder cannot be walked) and the snapshot, when every file is as it was. A worker that fails is a walk
 * and a read on this thread.
 */
export async function lookUpSnapshot(root: string): Promise<{ stamps: Stamps | undefined; snapshot?: { catalog: Catalog; problems: Diagnostic[] } }> {
  let found: WorkerAnswer;
  try {
    found = await inWorker(root);
  } catch {
    const stamps = await stampCatalog(root);
    return { stamps, snapshot: stamps && readSnapshot(root, stamps) };
  }
  const stamps = found.stamps && new Map(found.stamps);
  return { stamps, snapshot: found.parts && snapshotOf(found.parts) };
}

/** What the worker (dev-snapshot-worker.ts) answers. */
export interface WorkerAnswer {
  stamps?: [string, string][];
  /** The snapshot's catalog and problems, still serialized; only when it is signed by us and every stamp matches. */
  parts?: Uint8Array;
}

function inWorker(root: string): Promise<WorkerAnswer> {
  const here = fileURLToPath(import.meta.url);
  const script = path.join(path.dirname(here), `dev-snapshot-worker${path.extname(here)}`);
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { root } });
    worker.once('message', (answer: WorkerAnswer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('The snapshot worker stopped without an answer.')));
  });
}

/**
 * The serialized catalog and problems of the snapshot of `root`, when the file is signed by this machine
 * and was taken of files with exactly `stamps`; else undefined. The stamps are stored apart from the rest,
 * so they are compared without deserializing the catalog.
 */
export function verifiedParts(root: string, stamps: Stamps): Uint8Array | undefined {
  const file = snapshotFile(root);
  const secret = signingKey();
  if (!file || !secret) return undefined;
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  if (raw.length < 36) return undefined;
  const body = raw.subarray(32);
  const expected = createHmac('sha256', secret).update(body).digest();
  if (!timingSafeEqual(raw.subarray(0, 32), expected)) return undefined;
  try {
    const length = body.readUInt32LE(0);
    const stored = v8.deserialize(body.subarray(4, 4 + length)) as [string, string][];
    if (stored.length !== stamps.size || stored.some(([f, s]) => stamps.get(f) !== s)) return undefined;
    return body.subarray(4 + length);
  } catch {
    return undefined;
  }
}

function snapshotOf(bytes: Uint8Array): { catalog: Catalog; problems: Diagnostic[] } | undefined {
  try {
    const stored = v8.deserialize(bytes) as Stored;
    // One lazy value per JSON schema file, shared by its documents entry and its schema document(s).
    const values = new Map([...stored.texts].map(([file, text]) => [file, new LazyValue(() => JSON.parse(text))]));
    const documents = new DocumentMap();
    for (const [file, value] of stored.documents) {
      const lazy = values.get(file);
      if (lazy) documents.setLazy(file, lazy);
      else documents.set(file, value);
    }
    const made = new Map<object, SchemaDocument>();
    const resources = stored.parts.resources.map((r) => {
      // A JSON schema's document was stored without its value.
      const schema = (r as { schema?: Omit<SchemaDocument, 'value'> & { value?: unknown } }).schema;
      const lazy = schema && !('value' in schema) && values.get(schema.file);
      if (!schema || !lazy) return r;
      let doc = made.get(schema);
      if (!doc) made.set(schema, (doc = lazySchemaDocument(schema, lazy)));
      return { ...r, schema: doc } as Resource;
    });
    return { catalog: new Catalog({ ...stored.parts, resources, documents } as CatalogParts), problems: stored.problems };
  } catch {
    return undefined;
  }
}

/**
 * The text of a JSON schema's file, read as the loader reads it, for the snapshot; undefined when the
 * document is not one parsed from its file's text (the loader's lazy JSON schemas), or the file cannot be read.
 */
function jsonSchemaText(catalog: Catalog, doc: SchemaDocument): string | undefined {
  // As the loader tells them (schema-files.ts): a JSON file's value is JSON.parse of its text.
  if (!/\.(json|avsc)$/i.test(doc.file) || !lazyValueOf(doc) || !catalog.documents.has(doc.file)) return undefined;
  try {
    const bytes = readFileSync(path.join(catalog.root, doc.file));
    const read = bytes.length <= MAX_DOCUMENT_BYTES ? decodeText(bytes) : undefined;
    return read?.ok ? read.text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps `catalog` and its `problems` for the next start, keyed by the stamps its files had before being read.
 * A JSON schema is kept as its file's text, read now: if the file changed since it was loaded, its stamp did
 * too, and the next start does not use this snapshot. Synchronous on purpose: on Ctrl-C, Vite exits the
 * process once its server is closed, and a write that waited on the event loop would be cut short.
 */
export function writeSnapshot(catalog: Catalog, stamps: Stamps, problems: readonly Diagnostic[]): boolean {
  const file = snapshotFile(catalog.root);
  const secret = signingKey();
  if (!file || !secret || catalog.config.include?.length) return false;
  const texts = new Map<string, string>();
  const stubs = new Map<SchemaDocument, Omit<SchemaDocument, 'value'>>();
  for (const r of catalog.resources) {
    const doc = (r as { schema?: SchemaDocument }).schema;
    if (!doc || stubs.has(doc)) continue;
    if (!texts.has(doc.file)) {
      const text = jsonSchemaText(catalog, doc);
      if (text === undefined) continue;
      texts.set(doc.file, text);
    }
    const { value: _value, ...stub } = Object.fromEntries(Object.entries(Object.getOwnPropertyDescriptors(doc)).map(([key, d]) => [key, d.value])) as SchemaDocument;
    stubs.set(doc, stub);
  }
  const stored: Stored = {
    parts: {
      root: catalog.root,
      config: catalog.config,
      configFile: catalog.configFile,
      resources: catalog.resources.map((r) => {
        const stub = stubs.get((r as { schema?: SchemaDocument }).schema!);
        return stub ? ({ ...r, schema: stub } as unknown as Resource) : r;
      }),
      guides: [...catalog.guides],
      pages: [...catalog.pages],
      diagnostics: [...catalog.diagnostics],
      files: [...catalog.files],
      referenced: new Set(catalog.referenced),
    },
    documents: [...catalog.documents.keys()].map((f) => [f, texts.has(f) ? null : catalog.documents.get(f)]),
    texts,
    problems: [...problems],
  };
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const stampBytes = v8.serialize([...stamps]);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(stampBytes.length);
    const body = Buffer.concat([length, stampBytes, v8.serialize(stored)]);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, Buffer.concat([createHmac('sha256', secret).update(body).digest(), body]));
    renameSync(temp, file);
    // This catalog's snapshots by other Waybill versions are never read again (each is tens of MB).
    const ours = `-${rootName(catalog.root)}.bin`;
    for (const other of readdirSync(path.dirname(file))) {
      if (other.startsWith('dev-') && other.length === path.basename(file).length && other.endsWith(ours) && other !== path.basename(file)) rmSync(path.join(path.dirname(file), other), { force: true });
    }
    return true;
  } catch {
    // Something v8 cannot copy (a function in the graph) or a folder we cannot write: no snapshot.
    rmSync(temp, { force: true });
    return false;
  }
}

/** Where the snapshot of the catalog at `root` lives, beside its load cache; undefined when caching is off. */
export function snapshotFile(root: string): string | undefined {
  const dir = loadCacheDir(root);
  if (!dir) return undefined;
  return path.join(dir, `dev-${snapshotVersion()}-${rootName(root)}.bin`);
}

/** A short name of the catalog's folder (caches of several catalogs can share `$WAYBILL_CACHE_DIR`). */
function rootName(root: string): string {
  return createHash('sha256').update(path.resolve(root)).digest('base64url').slice(0, 12);
}

let version: string | undefined;

/** Waybill's cache version, the source of everything that makes the catalog and its problems, Node's version. */
function snapshotVersion(): string {
  if (version) return version;
  const hash = createHash('sha256').update(cacheVersion()).update(process.version);
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (const folder of ['catalog', 'lint', 'compat', 'diagnostics', 'schemas', 'site']) {
    const dir = path.join(src, folder);
    let names: string[];
    try {
      names = (readdirSync(dir, { recursive: true }) as string[]).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (!/\.(m?js|ts|json)$/.test(name)) continue;
      hash.update(name);
      hash.update(readFileSync(path.join(dir, name)));
    }
  }
  version = hash.digest('base64url').slice(0, 16);
  return version;
}
