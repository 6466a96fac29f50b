/**
 * The one YAML/JSON reader (src/catalog/read-yaml.ts): aliases measured before they are expanded, nesting
 * measured before recursive code sees it, syntax errors where they start.
 */
import { describe, expect, test } from 'vitest';
import { isPlainYaml, MAX_DOCUMENT_DEPTH, parseJson, parseYaml } from '../../src/catalog/read-yaml.ts';

const problem = (r: ReturnType<typeof parseYaml>) => (r.ok ? undefined : { code: r.problem.code, line: r.problem.line });

describe('parseYaml', () => {
  test('anchors and aliases within the limits are expanded; merge keys merge', () => {
    expect(parseYaml('base: &b {type: string}\na: *b\nb: [*b, *b]\nm:\n  <<: *b\n  minLength: 1\n')).toEqual({
      ok: true,
      value: { base: { type: 'string' }, a: { type: 'string' }, b: [{ type: 'string' }, { type: 'string' }], m: { type: 'string', minLength: 1 } },
    });
  });

  test('dates stay strings unless asked for', () => {
    expect(parseYaml('d: 2024-01-31\n')).toEqual({ ok: true, value: { d: '2024-01-31' } });
    const dated = parseYaml('d: 2024-01-31\n', { dates: true });
    expect(dated.ok && (dated.value as { d: unknown }).d instanceof Date).toBe(true);
  });

  test.each([
    ['a cycle through a map', 'x: 1\na: &a\n  b: *a\n', { code: 'yaml-aliases', line: 3 }],
    ['a cycle through a sequence', 'a: &a [1, *a]\n', { code: 'yaml-aliases', line: 1 }],
    ['a billion laughs', ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefg'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n'), { code: 'yaml-aliases', line: 6 }],
    ['3,000 levels of brackets', `${'['.repeat(3000)}${']'.repeat(3000)}`, { code: 'document-too-deep', line: 1 }],
    ['200 levels of indentation', `${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`, { code: 'document-too-deep', line: MAX_DOCUMENT_DEPTH + 1 }],
    ['an unterminated quote, reported where it opens', 'id: x\nsummary: "never closed\nversion: 1\nname: y\n', { code: 'document-syntax', line: 2 }],
  ])('%s', (_name, text, expected) => {
    expect(problem(parseYaml(text))).toEqual(expected);
  });

  test(`${MAX_DOCUMENT_DEPTH} levels are read`, () => {
    expect(parseYaml(`${'['.repeat(MAX_DOCUMENT_DEPTH)}${']'.repeat(MAX_DOCUMENT_DEPTH)}`).ok).toBe(true);
  });
});

describe('parseJson', () => {
  test('100,000 levels: document-too-deep at the bracket that crosses the limit', () => {
    const text = `{\n  "a":\n${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(parseJson(text)).toMatchObject({ ok: false, problem: { code: 'document-too-deep', line: 3, column: MAX_DOCUMENT_DEPTH } });
  });

  test('a syntax error keeps its line', () => {
    expect(parseJson('{\n  "a": 1,\n}\n')).toMatchObject({ ok: false, problem: { code: 'document-syntax', line: 3 } });
  });
});

describe('isPlainYaml', () => {
  test.each([
    ['id: A\nsummary: Orders & payments, *not* an alias\n', false],
    ['id: A\nsummary: "Orders & payments"\n', true],
    ['a: &x 1\nb: *x\n', false],
    [`a: ${'['.repeat(40)}${']'.repeat(40)}\n`, false],
  ])('%j → %s', (text, plain) => expect(isPlainYaml(text)).toBe(plain));
});
