/** contracts/json-preview.ts: quoting values from services and brokers, however deep or large. */
import { describe, expect, test } from 'vitest';
import { depthOver, jsonPreview } from '../../contracts/json-preview.ts';

describe('jsonPreview', () => {
  test('writes JSON as JSON.stringify does, cut to the budget', () => {
    expect(jsonPreview({ a: [1, 'x', null, true], b: undefined }, 80)).toBe('{"a":[1,"x",null,true]}');
    expect(jsonPreview('a'.repeat(200), 10)).toBe(`"${'a'.repeat(8)}…`);
    expect(jsonPreview(undefined, 10)).toBe('undefined');
  });

  test('a value nested 100,000 levels is quoted without overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const text = jsonPreview(deep, 80);
    expect(text).toHaveLength(80);
    expect(text).toMatch(/^\[{79}…$/);
  });
});

describe('depthOver', () => {
  test('tells a deep value from a shallow one without recursion', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(depthOver(deep, 1000)).toBe(true);
    expect(depthOver({ a: [{ b: 1 }] }, 1000)).toBe(false);
    expect(depthOver({ a: [{ b: 1 }] }, 2)).toBe(true);
  });
});
