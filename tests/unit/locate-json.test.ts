/**
 * ParsedSource reads JSON text with jsonc-parser (fast) and everything else with the `yaml` parser: both
 * must place every path, found or not, at the same line and column.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { locateAll, ParsedSource } from '../../src/catalog/locate.ts';

const doc = {
  a: 1,
  properties: { name: { type: 'string' }, tags: { type: 'array', items: [{ type: 'x' }, { 'b"q': 2 }] } },
  dup: 1,
};
const PATHS: (string | number)[][] = [
  [],
  ['a'],
  ['properties', 'name', 'type'],
  ['properties', 'tags', 'items', 1],
  ['properties', 'tags', 'items', 1, 'b"q'],
  ['properties', 'missing', 'x'],
  ['properties', 'tags', 'items', 5],
  ['a', 'below-a-scalar'],
];

describe('locating in JSON text', () => {
  for (const [name, text] of [
    ['pretty-printed', `${JSON.stringify(doc, null, 2)}\n`],
    ['on one line', JSON.stringify(doc)],
    ['indented with tabs', JSON.stringify(doc, null, '\t')],
  ] as const) {
    it(`${name}: the JSON reading agrees with the YAML reading at every path`, () => {
      const json = new ParsedSource(text, 3);
      // A leading comment makes the text YAML-only; firstLine one less keeps the lines comparable.
      const yaml = new ParsedSource(`# yaml\n${text}`, 2);
      for (const p of PATHS) expect(json.locate(p), JSON.stringify(p)).toEqual(yaml.locate(p));
      // The one-pass reading of many paths (lint's) agrees with both, a path asked twice included.
      expect(locateAll(text, [...PATHS, ['a']], 3)).toEqual([...PATHS, ['a']].map((p) => yaml.locate(p)));
    });
  }

  it('a text that only looks like JSON falls back to the YAML reading', () => {
    const text = '{ a: 1,\n  b: [1, 2] }\n';
    expect(new ParsedSource(text).locate(['b', 1])).toEqual({ line: 2, column: 10 });
    expect(locateAll(text, [['b', 1], ['a']])).toEqual([{ line: 2, column: 10 }, { line: 1, column: 3 }]);
  });

  it('the one-pass reading finds paths inside arrays of arrays and past skipped values', () => {
    const text = '{"skip": {"deep": [1, {"x": 2}]}, "m": [[0, {"k": 1}], {"k": [true, null, {"z": 3}]}], "s": "t"}';
    const paths = [['m', 0, 1, 'k'], ['m', 1, 'k', 2, 'z'], ['s'], ['m', 1, 'k', 9], ['s', 'below']];
    expect(locateAll(text, paths)).toEqual(paths.map((p) => new ParsedSource(`# yaml\n${text}`, 0).locate(p)));
  });

  it('the one-pass reading skips values nested past any stack, and strings holding brackets and escaped quotes', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const text = `{"deep": ${deep}, "s": "[{\\"}", "after": {"x": 1}}`;
    expect(locateAll(text, [['after', 'x'], ['s']])).toEqual([{ line: 1, column: text.indexOf('"x"') + 1 }, { line: 1, column: text.indexOf('"s"') + 1 }]);
  });

  it('the first of two equal keys is the one found, as for YAML', () => {
    const text = '{\n  "k": 1,\n  "k": 2\n}\n';
    expect(new ParsedSource(text).locate(['k'])).toEqual({ line: 2, column: 3 });
    expect(locateAll('{\n  "k": {"a": 1},\n  "k": {"a": 2, "b": 3}\n}\n', [['k', 'a'], ['k', 'b']])).toEqual([{ line: 2, column: 9 }, { line: 2, column: 3 }]);
  });
});

describe('locating in YAML frontmatter', () => {
  /** Every path into `value`, and for each a sibling and a child that do not exist. */
  function pathsOf(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
    out.push(at, [...at, 'missing'], [...at, 7]);
    if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
    return out;
  }

  it('the CST reading places every path of every frontmatter in the repository\'s catalogs as the full reading does', () => {
    const roots = ['catalog', 'tests/fixtures'];
    let files = 0;
    for (const root of roots) {
      for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
        if (!/\.mdx?$/.test(file)) continue;
        const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(\n|$)/.exec(readFileSync(path.join(root, file), 'utf8').replace(/\r\n?/g, '\n'));
        if (!match) continue;
        let data: unknown;
        try {
          data = parse(match[1]);
        } catch {
          continue;
        }
        const paths = pathsOf(data);
        const full = new ParsedSource(match[1], 2);
        expect(locateAll(match[1], paths, 2), file).toEqual(paths.map((p) => full.locate(p)));
        files++;
      }
    }
    expect(files).toBeGreaterThan(100);
  });

  it('anchors, tags, flow collections, odd keys and broken text go to the full reading, and agree', () => {
    const texts = [
      'id: A\nsends: &s\n  - id: B\nreceives: *s\n',
      'id: !!str 1\nmap: { a: 1, b: [1, 2] }\n',
      "'quoted key': 1\n\"esc\\u0061ped\": { x: 1 }\nplain: 2\n",
      'true: 1\n01: 2\n? complex\n: 3\nid: x\n',
      'id: [unclosed\nname: y\n',
      'a:\n  - b: 1\n    c:\n      - 1\n      - d: 2\n  -\n  - &x e\nid: x\nid: second\n',
    ];
    const paths = [['id'], ['sends', 0, 'id'], ['receives', 0], ['map', 'b', 1], ['quoted key'], ['escaped', 'x'], ['plain'], ['true'], ['1'], ['a', 0, 'c', 1, 'd'], ['a', 1], ['a', 2], ['name']];
    for (const text of texts) expect(locateAll(text, paths, 2), text).toEqual(paths.map((p) => new ParsedSource(text, 2).locate(p)));
  });
});
