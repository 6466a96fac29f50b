/**
 * Whether one JSON value satisfies the constraints of a schema — the value checks that apply when a Pact
 * example is compared by equality (the consumer expects exactly that value, so the provider must be able
 * to send it): enum, const, string length, pattern and format, number bounds and multiples.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { CatalogRefs } from '../compat/catalog-refs.ts';
import { conjuncts, type SchemaNode } from '../compat/fields/field-lookup.ts';
import { canonicalJson, isObject } from '../compat/json-schema/json-value.ts';

type FormatCheck = RegExp | ((value: string) => boolean) | { validate: RegExp | ((value: string) => boolean) };

function formatOk(format: string, value: string): boolean {
  const check = (fullFormats as Record<string, FormatCheck | undefined>)[format];
  if (!check) return true; // unknown formats are annotations
  const validate = typeof check === 'object' && !(check instanceof RegExp) ? check.validate : check;
  return validate instanceof RegExp ? validate.test(value) : validate(value);
}

function patternOk(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

const show = (v: unknown) => JSON.stringify(v);

/** Reasons `value` breaks the constraints of `node` (empty when it satisfies them). */
export function valueProblems(value: unknown, node: SchemaNode, refs: CatalogRefs, depth = 0): string[] {
  const out: string[] = [];
  if (depth > 32) return out;
  for (const part of conjuncts(node, refs, depth)) {
    const s = part.value;
    if (!isObject(s)) {
      if (s === false) out.push('the schema allows no value here');
      continue;
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => canonicalJson(e) === canonicalJson(value))) out.push(`${show(value)} is not one of ${s.enum.map(show).join(', ')}`);
    if ('const' in s && canonicalJson(s.const) !== canonicalJson(value)) out.push(`${show(value)} is not ${show(s.const)}`);
    if (typeof value === 'string') {
      const length = [...value].length;
      if (typeof s.minLength === 'number' && length < s.minLength) out.push(`${show(value)} is shorter than ${s.minLength}`);
      if (typeof s.maxLength === 'number' && length > s.maxLength) out.push(`${show(value)} is longer than ${s.maxLength}`);
      if (typeof s.pattern === 'string' && !patternOk(s.pattern, value)) out.push(`${show(value)} does not match ${s.pattern}`);
      if (typeof s.format === 'string' && !formatOk(s.format, value)) out.push(`${show(value)} is not a ${s.format}`);
    }
    if (typeof value === 'number') {
      const exclusiveFlag = (flag: unknown) => flag === true; // draft-04 / OpenAPI 3.0
      if (typeof s.minimum === 'number' && (exclusiveFlag(s.exclusiveMinimum) ? value <= s.minimum : value < s.minimum)) out.push(`${value} is below the minimum ${s.minimum}`);
      if (typeof s.maximum === 'number' && (exclusiveFlag(s.exclusiveMaximum) ? value >= s.maximum : value > s.maximum)) out.push(`${value} is above the maximum ${s.maximum}`);
      if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) out.push(`${value} is not above ${s.exclusiveMinimum}`);
      if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) out.push(`${value} is not below ${s.exclusiveMaximum}`);
      if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && Math.abs(value / s.multipleOf - Math.round(value / s.multipleOf)) > 1e-9) out.push(`${value} is not a multiple of ${s.multipleOf}`);
    }
    for (const keyword of ['anyOf', 'oneOf']) {
      const branches = s[keyword];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      const fits = branches.some((_, i) => valueProblems(value, { ...part, value: branches[i], path: [...part.path, keyword, i] }, refs, depth + 1).length === 0);
      if (!fits) out.push(`${show(value)} fits none of the ${keyword} branches`);
    }
  }
  return out;
}
