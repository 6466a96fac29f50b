/**
 * Pact matching rules: which matchers apply at a place in a body. A rule set at a path applies to
 * everything below it unless a more specific path has its own (Pact's cascade: `like({...})` puts one
 * `type` rule on the object's root). Rule paths are Pact's JSON-path subset: `$`, `.name`, `['name']`,
 * `[*]`, `.*`, `[0]`.
 */
import { isObject, type JsonObject as Json } from '../compat/json-schema/json-value.ts';

/** One matcher, e.g. `{ match: 'regex', regex: '^[a-z]+$' }`. */
export interface Matcher {
  match: string;
  [option: string]: unknown;
}

/** The matchers at one path and how they combine. */
export interface RuleSet {
  matchers: Matcher[];
  combine: 'AND' | 'OR';
}

/** A rule path, parsed: property names, indexes (digit strings) and `*`. */
type RulePath = string[];

/** The rules of one category (a body, metadata), by parsed path. */
export interface MatchingRules {
  rules: { path: RulePath; text: string; set: RuleSet }[];
}

/** Reads a Pact rule path (`$.items[*].id`, `$['a.b']`) into segments; undefined when unreadable. */
export function parseRulePath(text: string): RulePath | undefined {
  if (!text.startsWith('$')) return undefined;
  const out: string[] = [];
  let i = 1;
  while (i < text.length) {
    if (text[i] === '.') {
      const match = /^\.([^.[\]]+)/.exec(text.slice(i));
      if (!match) return undefined;
      out.push(match[1]);
      i += match[0].length;
    } else if (text[i] === '[') {
      const match = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\*|\d+))\]/.exec(text.slice(i));
      if (!match) return undefined;
      out.push(match[1] ?? match[2] ?? match[3]);
      i += match[0].length;
    } else return undefined;
  }
  return out;
}

/** A matcher as written (v2 `{ regex }`, `{ min }`; v3/v4 `{ match, … }`), with its `match` made explicit. */
function matcherOf(raw: Json): Matcher {
  if (typeof raw.match === 'string') return raw as Matcher;
  if (typeof raw.regex === 'string') return { ...raw, match: 'regex' };
  return { ...raw, match: 'type' };
}

function ruleSet(raw: unknown): RuleSet | undefined {
  if (!isObject(raw)) return undefined;
  if (Array.isArray(raw.matchers)) {
    return { matchers: raw.matchers.filter(isObject).map(matcherOf), combine: raw.combine === 'OR' ? 'OR' : 'AND' };
  }
  return { matchers: [matcherOf(raw)], combine: 'AND' };
}

/**
 * The rules of a category from a `matchingRules` object: v3/v4 `{ body: { '$.x': … } }` (any of
 * `categories`), or v2's flat `{ '$.body.x': … }` (paths under `legacyPrefix`).
 */
export function normaliseRules(matchingRules: unknown, categories: string | string[], legacyPrefix: string): MatchingRules {
  const rules: MatchingRules['rules'] = [];
  if (!isObject(matchingRules)) return { rules };
  const names = Array.isArray(categories) ? categories : [categories];
  const category = names.map((n) => matchingRules[n]).find(isObject);
  const entries: [string, unknown][] = category
    ? Object.entries(category)
    : Object.entries(matchingRules)
        .filter(([k]) => k === legacyPrefix || k.startsWith(`${legacyPrefix}.`) || k.startsWith(`${legacyPrefix}[`))
        .map(([k, v]) => [`$${k.slice(legacyPrefix.length)}`, v]);
  for (const [text, raw] of entries) {
    const path = parseRulePath(text === '' ? '$' : text.startsWith('$') ? text : `$.${text}`);
    const set = ruleSet(raw);
    if (path && set) rules.push({ path, text, set });
  }
  return { rules };
}

/** Weight of a rule path against a concrete path: 0 when it does not apply, higher when more specific. */
function weight(rule: RulePath, concrete: readonly string[]): number {
  if (rule.length > concrete.length) return 0;
  let w = 1;
  for (let i = 0; i < rule.length; i++) {
    if (rule[i] === concrete[i]) w *= 2;
    else if (rule[i] !== '*') return 0;
  }
  return w * (rule.length + 1);
}

/**
 * The rule set that applies at `concrete` (the path from the body's root): the most specific rule at
 * the path or above it. Undefined when none applies (Pact then compares values for equality).
 */
export function rulesAt(rules: MatchingRules, concrete: readonly string[]): (RuleSet & { text: string; exact: boolean }) | undefined {
  let best: { w: number; rule: MatchingRules['rules'][number] } | undefined;
  for (const rule of rules.rules) {
    const w = weight(rule.path, concrete);
    if (w > 0 && (!best || w > best.w)) best = { w, rule };
  }
  return best ? { ...best.rule.set, text: best.rule.text, exact: best.rule.path.length === concrete.length } : undefined;
}
