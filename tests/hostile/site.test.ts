/**
 * Issue 14 item 1, the site: a catalog whose links lead outside it builds, and nothing those links point
 * at reaches the built site (no page, no raw schema, no image under /catalog-files/, no search entry).
 */
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { md } from '../helpers/catalog.ts';
import { expectCompleted, hostileCatalog, repositoryLinkingTo, waybill } from './helpers.ts';

const MARKER = 'TOP-SECRET-7f3a';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

test('links out of the catalog and out of an included repository publish nothing', async () => {
  const outside = await mkdtemp(path.join(tmpdir(), 'waybill-outside-'));
  await writeFile(path.join(outside, 'secret.md'), `# ${MARKER} page\n`);
  await writeFile(path.join(outside, 'secret.json'), `{ "description": "${MARKER} schema", "type": "object" }\n`);
  await writeFile(path.join(outside, 'secret.png'), `${MARKER} image`);
  await mkdir(path.join(outside, 'folder/Leaked'), { recursive: true });
  await writeFile(path.join(outside, 'folder/Leaked/index.md'), md({ id: 'Leaked', version: '1.0.0', summary: `${MARKER} service` }));

  const repo = await repositoryLinkingTo(path.join(outside, 'secret.md'));

  const root = await hostileCatalog({
    'docs/intro.md': '# Intro\n\n![logo](../logo.png)\n',
    'services/Stores/events/StoreMoved/index.md': md({ id: 'StoreMoved', version: '1.0.0', owners: ['core'], schemaPath: 'schema.json' }),
    'waybill.config.yaml': `include:\n  - git: ${repo}\n    name: team\n`,
  });
  await symlink(path.join(outside, 'secret.md'), path.join(root, 'docs/passwd.md'));
  await symlink(path.join(outside, 'secret.json'), path.join(root, 'services/Stores/events/StoreMoved/schema.json'));
  await symlink(path.join(outside, 'secret.png'), path.join(root, 'logo.png'));
  await symlink(path.join(outside, 'folder'), path.join(root, 'services/Linked'));

  const out = `${root}-site`;
  // The catalog has errors (the refused links): `build` reports them and stops unless told to build anyway.
  const refused = await waybill(['build', '--catalog', root, '--out', out], { heapMb: 2048 });
  expectCompleted(refused);
  expect(refused.code).toBe(1);
  expect(refused.stdout + refused.stderr).toContain('symlink-outside-catalog');
  const run = await waybill(['build', '--catalog', root, '--out', out, '--fail-severity', 'none'], { heapMb: 2048 });
  expectCompleted(run);
  expect(run.code, run.stderr.slice(-2000)).toBe(0);
  expect(run.stdout + run.stderr).toContain('symlink-outside-catalog');
  const files = await filesUnder(out);
  // The build worked: the catalog's own and the included guides are there.
  expect(files.some((f) => f.includes(`${path.sep}docs${path.sep}intro`))).toBe(true);
  expect(files.some((f) => /shared/.test(f))).toBe(true);
  expect(files.filter((f) => /passwd|Leaked|catalog-files/i.test(path.relative(out, f)))).toEqual([]);
  for (const file of files) {
    const data = await readFile(file);
    expect(data.includes(MARKER), path.relative(out, file)).toBe(false);
  }
}, 240_000);
