/**
 * Small real catalogs for tests: written to a temporary folder from a map of path → content, then loaded
 * and linted through the same code the CLI uses.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { lintCatalog } from '../../src/lint/engine.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';

export type Files = Record<string, string | object>;

/** A Markdown file with frontmatter. */
export function md(frontmatter: object, body = ''): string {
  return `---\n${stringify(frontmatter)}---\n${body}`;
}

export async function writeCatalog(files: Files): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'waybill-test-'));
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  return root;
}

export async function lintFiles(files: Files, only?: string[]): Promise<Diagnostic[]> {
  const catalog = await loadCatalog(await writeCatalog(files));
  return lintCatalog(catalog, { only });
}

/** A minimal valid world: a team, a service that sends an event with a schema, a consumer. */
export function baseCatalog(): Files {
  return {
    'teams/core.md': md({ id: 'core', name: 'Core' }),
    'channels/shop.stores.events/index.md': md({ id: 'shop.stores.events', version: '1.0.0', owners: ['core'], address: 'shop.stores.events', protocols: ['nats'] }),
    'services/Stores/index.md': md({
      id: 'Stores',
      version: '1.0.0',
      owners: ['core'],
      sends: [{ id: 'StoreCreated', version: 'latest', to: [{ id: 'shop.stores.events' }] }],
    }),
    'services/Baskets/index.md': md({ id: 'Baskets', version: '1.0.0', owners: ['core'], receives: [{ id: 'StoreCreated' }] }),
    'services/Stores/events/StoreCreated/index.md': md({
      id: 'StoreCreated',
      version: '1.0.0',
      owners: ['core'],
      schemaPath: 'schema.json',
      channels: [{ id: 'shop.stores.events' }],
    }),
    'services/Stores/events/StoreCreated/schema.json': {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { id: { type: 'string', minLength: 1 } },
      required: ['id'],
      additionalProperties: false,
    },
  };
}

export interface RuleCase {
  name: string;
  /** Files on top of (or replacing) the base catalog; `null` removes a base file. */
  files: Record<string, string | object | null>;
  /** Expected findings of the rule: code is the rule id; file and line must match exactly. */
  diagnostics: { file: string; line: number; message?: RegExp; severity?: string }[];
  base?: boolean;
}

/** One table per rule id: each case is a small catalog and the exact findings of that rule. */
export function testRule(ruleId: string, cases: RuleCase[]): void {
  test.each(cases)(`${ruleId}: $name`, async ({ files, diagnostics, base = true }) => {
    const merged: Files = base ? baseCatalog() : {};
    for (const [file, content] of Object.entries(files)) {
      if (content === null) delete merged[file];
      else merged[file] = content;
    }
    const found = (await lintFiles(merged)).filter((d) => d.code === ruleId);
    expect(found.map((d) => ({ file: d.file, line: d.line }))).toEqual(diagnostics.map((d) => ({ file: d.file, line: d.line })));
    diagnostics.forEach((d, i) => {
      if (d.message) expect(found[i].message).toMatch(d.message);
      if (d.severity) expect(found[i].severity).toBe(d.severity);
    });
  });
}
