/**
 * `{{templates}}` in verification config, and the subset match used by probes and expected messages.
 *
 * A template names a value in scope by a dotted path: `{{store.body.id}}`, `{{payload.name}}`,
 * `{{runId}}`. `{{uuid}}` is a fresh UUID at each occurrence. A string that is exactly one template
 * takes the value's own type (a number stays a number); inside longer text the value is stringified.
 */
import { randomUUID } from 'node:crypto';
import { depthOver, MAX_JSON_DEPTH } from './json-preview.ts';

export type Scope = Record<string, unknown>;

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const WHOLE = /^\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}$/;
const ANY = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

function lookup(expression: string, scope: Scope): unknown {
  if (expression === 'uuid') return randomUUID();
  const parts = expression.split('.');
  let node: unknown = scope;
  for (const [i, part] of parts.entries()) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) {
      const known = i === 0 ? Object.keys(scope).concat('uuid').join(', ') : Object.keys((node as object) ?? {}).join(', ');
      throw new TemplateError(`{{${expression}}} names nothing: '${parts.slice(0, i + 1).join('.')}' is not known here (known: ${known || 'nothing'}).`);
    }
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A deep copy of `value` with every template replaced from `scope`. Throws TemplateError for unknown names. */
export function render<T>(value: T, scope: Scope): T {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1], scope) as T;
    if (!value.includes('{{')) return value;
    return value.replace(ANY, (_m, expression: string) => {
      const v = lookup(expression, scope);
      if (typeof v === 'string') return v;
      if (depthOver(v, MAX_JSON_DEPTH)) throw new TemplateError(`{{${expression}}} is nested more than ${MAX_JSON_DEPTH} levels deep; it cannot be written into text.`);
      return JSON.stringify(v);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item) => render(item, scope)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = render(v, scope);
    return out as T;
  }
  return value;
}

export type Mismatch = { pointer: string; expected: unknown; actual: unknown };

/**
 * Subset match: every field of `expected` must be in `actual` with an equal value (objects recursively;
 * arrays element by element, same length). Returns the first mismatch, or undefined when it matches.
 */
export function mismatch(expected: unknown, actual: unknown, pointer = ''): Mismatch | undefined {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(expected, actual) || (typeof expected === 'number' && typeof actual === 'number' && Math.abs(expected - actual) < 1e-9)
      ? undefined
      : { pointer, expected, actual };
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return { pointer, expected, actual };
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(expected[i], actual[i], `${pointer}/${i}`);
      if (m) return m;
    }
    return undefined;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return { pointer, expected, actual };
  for (const [key, value] of Object.entries(expected)) {
    const m = mismatch(value, (actual as Record<string, unknown>)[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (m) return m;
  }
  return undefined;
}

/** Deep equality of JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  return mismatch(a, b) === undefined && mismatch(b, a) === undefined;
}
