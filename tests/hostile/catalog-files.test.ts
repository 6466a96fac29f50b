/**
 * Issue 14, the catalog side: hostile files in a catalog are reported at their file and line, never crash,
 * exhaust memory or hang a command, and never hide the other findings of the same run. One case per item.
 */
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { md } from '../helpers/catalog.ts';
import { expectCompleted, expectFinding, expectUnrelated, hostileCatalog, lintJson, repositoryLinkingTo, waybill } from './helpers.ts';

const SCHEMA = 'services/Stores/events/StoreCreated/schema.json';

/** A folder outside every catalog, holding what a link must never publish. */
async function outside(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'waybill-outside-'));
  await writeFile(path.join(dir, 'secret.md'), '---\nid: secret\n---\nTOP-SECRET-TEXT\n');
  await writeFile(path.join(dir, 'secret.json'), '{ "description": "TOP-SECRET-SCHEMA", "type": "object" }\n');
  await writeFile(path.join(dir, 'secret.png'), 'TOP-SECRET-IMAGE');
  await mkdir(path.join(dir, 'folder/Leaked'), { recursive: true });
  await writeFile(path.join(dir, 'folder/Leaked/index.md'), md({ id: 'Leaked', version: '1.0.0', owners: ['core'] }));
  return dir;
}

describe('1. symbolic links leaving the catalog', () => {
  test('every link out is refused with a diagnostic and nothing it points at is read; links inside keep working', async () => {
    const out = await outside();
    const root = await hostileCatalog({
      'services/Stores/events/StoreMoved/index.md': md({ id: 'StoreMoved', version: '1.0.0', owners: ['core'], schemaPath: 'schema.json' }),
      'services/Stores/events/StoreClosed/index.md': md({ id: 'StoreClosed', version: '1.0.0', owners: ['core'], schemaPath: 'schema.json' }),
    });
    await mkdir(path.join(root, 'docs'), { recursive: true });
    await symlink(path.join(out, 'secret.md'), path.join(root, 'docs/passwd.md'));
    await symlink('/etc/passwd', path.join(root, 'docs/etc-passwd.md'));
    await symlink(path.join(out, 'secret.json'), path.join(root, 'services/Stores/events/StoreMoved/schema.json'));
    await symlink(path.join(out, 'secret.png'), path.join(root, 'logo.png'));
    await symlink(path.join(out, 'folder'), path.join(root, 'services/Linked'));
    // Inside the catalog: a schema shared by a relative link still loads.
    await symlink('../StoreCreated/schema.json', path.join(root, 'services/Stores/events/StoreClosed/schema.json'));

    const { run, diagnostics } = await lintJson(root);
    expect(run.code).toBe(1);
    for (const file of ['docs/passwd.md', 'docs/etc-passwd.md', 'services/Stores/events/StoreMoved/schema.json', 'logo.png', 'services/Linked']) {
      const d = expectFinding(diagnostics, 'symlink-outside-catalog', file);
      expect(d.severity).toBe('error');
    }
    expect(run.stdout).not.toContain('TOP-SECRET');
    expect(run.stdout).not.toContain('Leaked');
    const loaderCodes = /^(symlink|schema|broken|ref)-/;
    expect(diagnostics.filter((d) => d.file?.startsWith('services/Stores/events/StoreClosed') && loaderCodes.test(d.code))).toEqual([]);
    expectUnrelated(diagnostics);
  });

  test('an included git repository with a committed link out of it is refused the same way', async () => {
    const out = await outside();
    const repo = await repositoryLinkingTo(path.join(out, 'secret.md'));
    const root = await hostileCatalog({ 'waybill.config.yaml': `include:\n  - git: ${repo}\n    name: team\n` });
    const { diagnostics } = await lintJson(root);
    expectFinding(diagnostics, 'symlink-outside-catalog', `${repo}@HEAD:docs/passwd.md`);
    expectUnrelated(diagnostics);
  });
});

describe('2. YAML aliases', () => {
  const laughs = (key: string) =>
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)]
      .map((line) => `${key}${line}`)
      .join('\n');

  test('a billion-laughs frontmatter, an alias cycle in a YAML schema and a cycle in the config are each one diagnostic at their line', async () => {
    const root = await hostileCatalog({
      'services/Stores/events/Bomb/index.md': `---\nid: Bomb\nversion: 1.0.0\nowners: [core]\n${laughs('')}\n---\nBody.\n`,
      'services/Stores/events/Cycle/index.md': md({ id: 'Cycle', version: '1.0.0', owners: ['core'], schemaPath: 'schema.yaml' }),
      'services/Stores/events/Cycle/schema.yaml': 'type: object\nproperties:\n  self: &self\n    type: object\n    properties:\n      again: *self\n',
      'waybill.config.yaml': 'lint: &l\n  rules:\n    nested: *l\n',
    });
    const { run, diagnostics } = await lintJson(root);
    expect(run.code).toBe(1);
    // The alias that pushes the expansion past 1,000,000 values: g's (9^7 = 4.8 million), on file line 11.
    expectFinding(diagnostics, 'yaml-aliases', 'services/Stores/events/Bomb/index.md', 11);
    expectFinding(diagnostics, 'yaml-aliases', 'services/Stores/events/Cycle/schema.yaml', 6);
    expectFinding(diagnostics, 'yaml-aliases', 'waybill.config.yaml', 3);
    expectUnrelated(diagnostics);
  });

  test('import openapi on a self-referencing anchor is a clear error, not a stack overflow (issue 17 item 1)', async () => {
    const root = await hostileCatalog();
    const doc = path.join(root, 'cycle.yaml');
    await writeFile(doc, 'openapi: 3.0.3\ninfo: {title: Loop, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    A: &a\n      properties: {b: *a}\n');
    const run = await waybill(['import', 'openapi', doc, '--catalog', root]);
    expectCompleted(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${doc}:7:`);
    expect(run.stderr).toMatch(/cycle/);
  });
});

describe('3. symbolic-link fan-out', () => {
  test('two links per level to the next, 24 levels deep: each real folder is walked once', async () => {
    const root = await hostileCatalog();
    const levels = 24;
    for (let i = 0; i <= levels; i++) await mkdir(path.join(root, `docs/l${i}`), { recursive: true });
    for (let i = 0; i < levels; i++) {
      await symlink(`../l${i + 1}`, path.join(root, `docs/l${i}/a`));
      await symlink(`../l${i + 1}`, path.join(root, `docs/l${i}/b`));
    }
    await writeFile(path.join(root, `docs/l${levels}/page.md`), '# Deep\n');
    await symlink('/sys', path.join(root, 'docs/sys'));
    const { run, diagnostics } = await lintJson(root);
    expect(run.code).toBe(1);
    expect(diagnostics.filter((d) => d.code === 'symlink-duplicate')).toHaveLength(2 * levels);
    expectFinding(diagnostics, 'symlink-outside-catalog', 'docs/sys');
    expectUnrelated(diagnostics);
  });
});

describe('4. deeply nested JSON Schema', () => {
  const nested = (levels: number, separator: string) => `${'{"type":"object","properties":{"a":'.repeat(levels).split('{"type"').join(`${separator}{"type"`)}{"type":"string"}${'}}'.repeat(levels)}`;

  test('3,000 levels (one per line) and 100,000 levels (one line), JSON and YAML: document-too-deep at the line, no stack overflow', async () => {
    const root = await hostileCatalog({
      'services/Stores/events/Deep/index.md': md({ id: 'Deep', version: '1.0.0', owners: ['core'], schemaPath: 'schema.json' }),
      'services/Stores/events/Deep/schema.json': nested(3000, '\n').trimStart(),
      'services/Stores/events/Deeper/index.md': md({ id: 'Deeper', version: '1.0.0', owners: ['core'], schemaPath: 'schema.json' }),
      'services/Stores/events/Deeper/schema.json': nested(100_000, ''),
      'services/Stores/events/DeepYaml/index.md': md({ id: 'DeepYaml', version: '1.0.0', owners: ['core'], schemaPath: 'schema.yaml' }),
      'services/Stores/events/DeepYaml/schema.yaml': `${'[\n'.repeat(3000)}1${']'.repeat(3000)}\n`,
    });
    const { run, diagnostics } = await lintJson(root);
    expect(run.code).toBe(1);
    // Each level opens two objects ({schema} and {properties}); the 129th object opens on line 65.
    expectFinding(diagnostics, 'document-too-deep', 'services/Stores/events/Deep/schema.json', 65);
    expectFinding(diagnostics, 'document-too-deep', 'services/Stores/events/Deeper/schema.json', 1);
    expectFinding(diagnostics, 'document-too-deep', 'services/Stores/events/DeepYaml/schema.yaml');
    expectUnrelated(diagnostics);
  });
});

describe('4b. schemas nested deep through a chain of $refs', () => {
  test('60 files of 60 levels each: codegen reports the schema it cannot generate, compatibility is not passed silently', async () => {
    const deep = (levels: number, leaf: object): object => {
      let schema: object = leaf;
      for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema } };
      return schema;
    };
    const files: Record<string, string | object> = {};
    for (const [version, dir, leaf] of [['1.0.0', 'versioned/1.0.0/', 'string'], ['2.0.0', '', 'integer']]) {
      files[`services/Stores/events/Chain/${dir}index.md`] = md({ id: 'Chain', version, owners: ['core'], schemaPath: 'c0.json' });
      for (let i = 0; i < 60; i++) files[`services/Stores/events/Chain/${dir}c${i}.json`] = deep(60, i < 59 ? { $ref: `c${i + 1}.json` } : { type: leaf });
    }
    const root = await hostileCatalog(files);
    const { diagnostics } = await lintJson(root);
    expect(diagnostics.find((d) => d.code === 'schema-compatibility' && d.file === 'services/Stores/events/Chain/c0.json')?.message).toMatch(/could not be compared/);
    expectUnrelated(diagnostics);
    const run = await waybill(['codegen', 'typescript', '--catalog', root, '--out', `${root}-generated`]);
    expectCompleted(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Chain 2\.0\.0: no TypeScript type could be generated .*codegen-failed/);
  });
});

describe('6. a frontmatter value with 200,000 line breaks', () => {
  test('the default (stylish) output prints the finding instead of crashing', async () => {
    const root = await hostileCatalog({
      'services/Lines/index.md': `---\nid: Lines\nversion: 1.0.0\nowners: [core]\nreceives:\n  - id: "x${'\\n'.repeat(200_000)}y"\n---\n`,
    });
    const run = await waybill(['lint', '--catalog', root]);
    expectCompleted(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/services\/Lines\/index\.md\n\s+6:\d+\s+error\s+\S/);
    expect(run.stdout).toMatch(/services\/Ghost\/index\.md\n\s+7:\d+\s+error/);
  });
});

describe('7. a schema with an invalid regular expression', () => {
  const files = {
    [SCHEMA]: '{\n  "type": "object",\n  "properties": {\n    "id": { "type": "string", "minLength": 1, "pattern": "(unclosed" }\n  },\n  "required": ["id"],\n  "additionalProperties": false\n}\n',
  };

  test('lint: schema-unusable at the pattern', async () => {
    const { run, diagnostics } = await lintJson(await hostileCatalog(files));
    expect(run.code).toBe(1);
    const d = expectFinding(diagnostics, 'schema-unusable', SCHEMA, 4);
    expect(d.severity).toBe('error');
    expectUnrelated(diagnostics);
  });

  test('verify --from fails the messages the schema cannot check', async () => {
    const root = await hostileCatalog(files);
    const capture = '{"channel":"shop.stores.events","payload":{"id":"s-1"}}\n{"channel":"shop.stores.events","payload":{"id":42}}\n';
    const run = await waybill(['verify', '--catalog', root, '--from', '-', '--format', 'json'], { input: capture });
    expectCompleted(run);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; severity: string }[] };
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ code: 'schema-unusable', severity: 'error' }));
  });

  test('codegen --validators reports it and writes the rest (exit 1, not 70)', async () => {
    const root = await hostileCatalog(files);
    const outDir = path.join(root, '../generated-' + path.basename(root));
    const run = await waybill(['codegen', 'typescript', '--catalog', root, '--out', outDir, '--validators']);
    expectCompleted(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/4:\d+\s+error\s+StoreCreated 1\.0\.0: the regular expression '\(unclosed' is not valid/);
    expect(await readFile(path.join(outDir, 'index.ts'), 'utf8')).toContain('StoreCreated');
  });
});

describe('8. many findings in one file', () => {
  test('20,000 findings in one schema are located and printed in every format', async () => {
    const properties: Record<string, object> = {};
    for (let i = 0; i < 20_000; i++) properties[`p${i}`] = { type: 'string' };
    const root = await hostileCatalog({ [SCHEMA]: { type: 'object', properties, additionalProperties: false } });
    for (const format of ['stylish', 'json', 'junit', 'github', 'sarif']) {
      const run = await waybill(['lint', '--catalog', root, '--format', format]);
      expectCompleted(run);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('schema-empty-string');
      expect(run.stdout).toContain(`p19999`);
      expect(run.stdout).toContain('unknown-reference');
    }
  }, 300_000);
});

describe('smaller items', () => {
  test('a duplicate resource still has its own schema checked', async () => {
    // Sorted after the base catalog's StoreCreated, so this copy is the duplicate left out of the model.
    const root = await hostileCatalog({
      'services/Zeta/events/StoreCreated/index.md': md({ id: 'StoreCreated', version: '1.0.0', owners: ['core'], schemaPath: 'schema.json' }),
      'services/Zeta/events/StoreCreated/schema.json': '{\n  "type": "object",\n  "properties": {\n    "x": { "$ref": "../../../../../outside.json" }\n  }\n}\n',
    });
    const { diagnostics } = await lintJson(root);
    expectFinding(diagnostics, 'duplicate-resource', 'services/Zeta/events/StoreCreated/index.md');
    expectFinding(diagnostics, 'ref-outside-catalog', 'services/Zeta/events/StoreCreated/schema.json', 4);
    expectUnrelated(diagnostics);
  });

  test('an unterminated quote is reported where it opens; a ---js fence is refused, never run', async () => {
    const marker = path.join(await mkdtemp(path.join(tmpdir(), 'waybill-js-')), 'ran');
    const root = await hostileCatalog({
      'services/Quote/index.md': `---\nid: Quote\nversion: 1.0.0\nowners: [core]\nsummary: "never closed\nbadges:\n  - content: x\n    backgroundColor: blue\n---\nBody.\n`,
      'services/Script/index.md': `---js\n{ id: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'), 'Script'), version: '1.0.0' }\n---\n`,
    });
    const { diagnostics } = await lintJson(root);
    expectFinding(diagnostics, 'yaml-syntax', 'services/Quote/index.md', 5);
    expectFinding(diagnostics, 'yaml-syntax', 'services/Script/index.md', 1);
    await expect(readFile(marker)).rejects.toThrow();
    expectUnrelated(diagnostics);
  });
});
