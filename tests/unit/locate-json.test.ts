/**
 * ParsedSource reads JSON text with jsonc-parser (fast) and everything else with the `yaml` parser: both
 * must place every path, found or not, at the same line and column.
 */
import { describe, expect, it } from 'vitest';
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
