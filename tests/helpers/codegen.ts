/**
 * Checks of generated TypeScript: compiled with `tsc --strict`, validators run on every schema example and
 * on a mutated copy of it.
 */
import { spawnSync } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { generateTypescript } from '../../src/codegen/typescript.ts';
import { writeGenerated } from '../../src/codegen/write.ts';
import { ROOT, tempDir } from './import.ts';

type Json = Record<string, unknown>;

/** Generates code for `catalog` into a temporary folder that can resolve ajv (node_modules linked). */
export async function generateInto(catalog: Catalog, check: string) {
  const out = await tempDir('waybill-codegen-');
  const result = await generateTypescript(catalog, { validators: true });
  await writeGenerated(out, result.files);
  await symlink(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'), 'dir');
  await writeFile(path.join(out, 'check.ts'), check);
  await writeFile(
    path.join(out, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] }, include: ['**/*.ts', '**/*.mts'] }),
  );
  return { out, result };
}

/** Runs `tsc --strict -p out` (the project's TypeScript, on the running Node). */
export function tsc(out: string): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--strict', '-p', out], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The generated validators, loaded. */
export async function loadValidators(out: string): Promise<Record<string, (data: unknown) => boolean>> {
  return import(pathToFileURL(path.join(out, 'validators.mjs')).href);
}

const CANDIDATES: unknown[] = ['not-valid', 1.5, 12345, true, null, [], {}];

function accepts(type: string, value: unknown): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    default: return typeof value === type;
  }
}

/** A value no `type` of `schema` accepts, if the schema says its type. */
function wrongValue(schema: Json | undefined): unknown {
  const types = typeof schema?.type === 'string' ? [schema.type] : Array.isArray(schema?.type) ? (schema.type as string[]) : undefined;
  if (!types) return undefined;
  return CANDIDATES.find((c) => !types.some((t) => accepts(t, c)));
}

/**
 * A copy of `example` the schema must reject: a property set to a value of the wrong type, else a
 * required property removed, else the whole value of the wrong type. Undefined when no such change can
 * be derived from the schema alone.
 */
export function mutate(schema: Json, example: unknown): { value: unknown; how: string } | undefined {
  if (example && typeof example === 'object' && !Array.isArray(example)) {
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    for (const key of Object.keys(example)) {
      const wrong = wrongValue(properties[key]);
      if (wrong !== undefined) return { value: { ...(example as Json), [key]: wrong }, how: `${key} set to ${JSON.stringify(wrong)}` };
    }
    for (const key of (schema.required ?? []) as string[]) {
      if (key in example) {
        const { [key]: _gone, ...rest } = example as Json;
        return { value: rest, how: `required ${key} removed` };
      }
    }
  }
  const wrong = wrongValue(schema);
  return wrong === undefined ? undefined : { value: wrong, how: `replaced by ${JSON.stringify(wrong)}` };
}
