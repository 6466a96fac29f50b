/**
 * Checks a Pact example against the schema of what the provider sends — bi-directional contract testing:
 * the consumer's expectations must be a subset of the provider's promise. Every field the example holds
 * must be declared, with a type the schema allows; fields the example leaves out are fine (a consumer
 * reads what it needs). How much of a value matters follows the Pact matching rules: under `type` (and
 * `eachLike`, `min`/`max`, `values`…) only the types; with no rule or `equality` the exact value, which
 * the schema must allow; `regex`, `include`, `integer`, `decimal`, `number`, `boolean`, `null` and the
 * date/time matchers narrow what the consumer accepts, so the schema must not promise more.
 */
import type { CatalogRefs } from '../compat/catalog-refs.ts';
import { conjuncts, itemOf, propertyOf, typesOf, valuesOf, type SchemaNode } from '../compat/fields/field-lookup.ts';
import { isObject, jsonTypeOf } from '../compat/json-schema/json-value.ts';
import { rulesAt, type Matcher, type MatchingRules } from './matching-rules.ts';
import { valueProblems } from './value-constraints.ts';

/** A problem found in the example, at its path from the contents' root. */
export interface ContentProblem {
  code: 'pact-field-undeclared' | 'pact-field-missing' | 'pact-type-mismatch' | 'pact-value-mismatch' | 'pact-matcher-mismatch' | 'pact-matcher-unknown';
  severity: 'error' | 'warning';
  /** Path from the contents' root, e.g. `['Payload', 'id']`. */
  path: string[];
  message: string;
}

const TYPE_ONLY = new Set([
  'type', 'min', 'max', 'minType', 'maxType', 'values', 'eachValue', 'eachKey', 'notEmpty', 'semver',
  'contentType', 'arrayContains', 'eachLike', 'date', 'time', 'timestamp', 'datetime', 'uuid',
]);
const KNOWN = new Set([...TYPE_ONLY, 'equality', 'regex', 'include', 'integer', 'decimal', 'number', 'boolean', 'null', 'statusCode']);

/** `$.Payload.id` for messages. */
export function pactPath(path: readonly string[]): string {
  return `$${path.map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `['${s}']`)).join('')}`;
}

function allows(types: Set<string>, type: string): boolean {
  return types.has('any') || types.has(type) || (type === 'integer' && types.has('number'));
}

const describe = (types: Set<string>) => [...types].sort().join(' | ');

interface Context {
  rules: MatchingRules;
  refs: CatalogRefs;
  problems: ContentProblem[];
  /** What the schema describes, for messages: e.g. "StoreCreated 1.0.0". */
  subject: string;
  /** A request the consumer sends (the provider reads it): it must hold every required field. */
  request: boolean;
}

/** Property names every conjunct of `nodes` requires, and whether one of them is a closed model. */
function objectModel(nodes: SchemaNode[], refs: CatalogRefs): { required: Set<string>; closed: boolean } {
  const required = new Set<string>();
  let closed = false;
  for (const node of nodes) {
    for (const part of conjuncts(node, refs)) {
      if (!isObject(part.value)) continue;
      if (Array.isArray(part.value.required)) for (const name of part.value.required) required.add(String(name));
      if (part.value.additionalProperties === false || part.value.unevaluatedProperties === false) closed = true;
    }
  }
  return { required, closed };
}

/** Problems one matcher finds with what the schema promises at this place. */
function matcherProblems(matcher: Matcher, value: unknown, nodes: SchemaNode[], types: Set<string>, ctx: Context): string[] {
  const values = nodes.length ? nodes.map((n) => valuesOf(n, ctx.refs)) : [undefined];
  const listed = values.every((v) => v !== undefined) ? values.flat() : undefined;
  switch (matcher.match) {
    case 'regex': {
      const source = String(matcher.regex ?? '');
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${source})$`, 'u');
      } catch {
        return [`its regex ${source} is not valid`];
      }
      const out: string[] = [];
      if (typeof value === 'string' && !re.test(value)) out.push(`its own example ${JSON.stringify(value)} does not match its regex ${source}`);
      const rejected = (listed ?? []).filter((v) => typeof v !== 'string' || !re.test(v));
      if (rejected.length) out.push(`${ctx.subject} may send ${rejected.map((v) => JSON.stringify(v)).join(', ')}, which the regex ${source} rejects`);
      return out;
    }
    case 'include': {
      const part = String(matcher.value ?? '');
      const rejected = (listed ?? []).filter((v) => typeof v !== 'string' || !v.includes(part));
      return rejected.length ? [`${ctx.subject} may send ${rejected.map((v) => JSON.stringify(v)).join(', ')}, which does not include ${JSON.stringify(part)}`] : [];
    }
    case 'integer':
      return types.has('number') || types.has('any') ? [`the consumer accepts only integers; ${ctx.subject} allows any number (${describe(types)})`] : [];
    case 'decimal':
      return !types.has('number') && !types.has('any') ? [`the consumer expects decimals; ${ctx.subject} sends ${describe(types)}`] : [];
    case 'number':
      return [...types].some((t) => t !== 'number' && t !== 'integer') ? [`the consumer accepts only numbers; ${ctx.subject} allows ${describe(types)}`] : [];
    case 'boolean':
      return [...types].some((t) => t !== 'boolean') ? [`the consumer accepts only booleans; ${ctx.subject} allows ${describe(types)}`] : [];
    case 'null':
      return [...types].some((t) => t !== 'null') ? [`the consumer accepts only null; ${ctx.subject} allows ${describe(types)}`] : [];
    default:
      return [];
  }
}

function check(value: unknown, nodes: SchemaNode[], path: string[], ctx: Context): void {
  const set = rulesAt(ctx.rules, path);
  const matchers: Matcher[] = set?.matchers.length ? set.matchers : [{ match: 'equality' }];
  for (const m of set?.exact ? matchers : []) {
    if (!KNOWN.has(m.match)) {
      ctx.problems.push({ code: 'pact-matcher-unknown', severity: 'warning', path, message: `${pactPath(path)}: Waybill does not know the matcher '${m.match}'; the value is compared by type.` });
    }
  }
  // A rule on a parent only cascades its type (or equality) semantics; its own matcher is for its path.
  const own = set?.exact ? matchers : matchers.map((m) => (m.match === 'equality' ? m : { match: 'type' }));
  const types = new Set<string>();
  for (const n of nodes) for (const t of typesOf(n, ctx.refs)) types.add(t);
  if (nodes.length === 0) types.add('any');
  const valueType = jsonTypeOf(value);
  if (!allows(types, valueType)) {
    const [verb, theirs] = ctx.request ? ['sends', 'accepts'] : ['expects', 'sends'];
    ctx.problems.push({ code: 'pact-type-mismatch', severity: 'error', path, message: `${pactPath(path)}: the consumer ${verb} ${valueType === 'integer' ? 'a number' : `a ${valueType}`} (${JSON.stringify(value)}); ${ctx.subject} ${theirs} ${describe(types)} here.` });
    return;
  }
  const outcomes = own.map((m) => matcherProblems(m, value, nodes, types, ctx));
  const failed = set?.combine === 'OR' ? (outcomes.every((o) => o.length) ? outcomes.flat() : []) : outcomes.flat();
  for (const reason of failed) ctx.problems.push({ code: 'pact-matcher-mismatch', severity: 'error', path, message: `${pactPath(path)}: ${reason}.` });

  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const children = nodes.flatMap((n) => itemOf(n, String(i), ctx.refs).found);
      check(item, children, [...path, String(i)], ctx);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    const model = ctx.request ? objectModel(nodes, ctx.refs) : undefined;
    for (const name of model?.required ?? []) {
      if (!(name in value)) ctx.problems.push({ code: 'pact-field-missing', severity: 'error', path, message: `${pactPath(path)}: the consumer sends no '${name}', which ${ctx.subject} requires.` });
    }
    for (const [key, child] of Object.entries(value)) {
      const found = nodes.flatMap((n) => propertyOf(n, key, ctx.refs).found);
      if (nodes.length && found.length === 0) {
        const message = ctx.request
          ? `${pactPath([...path, key])}: the consumer sends a field '${key}' that ${ctx.subject} does not declare${model?.closed ? ' and rejects' : ''}.`
          : `${pactPath([...path, key])}: the consumer expects a field '${key}' that ${ctx.subject} does not declare.`;
        ctx.problems.push({ code: 'pact-field-undeclared', severity: ctx.request && !model?.closed ? 'warning' : 'error', path: [...path, key], message });
        continue;
      }
      check(child, found, [...path, key], ctx);
    }
    return;
  }
  if (own.some((m) => m.match === 'equality') && nodes.length) {
    const reasons = nodes.map((n) => valueProblems(value, n, ctx.refs));
    if (reasons.every((r) => r.length)) {
      const message = ctx.request
        ? `${pactPath(path)}: the consumer sends ${JSON.stringify(value)}, which ${ctx.subject} does not accept: ${reasons[0].join('; ')}.`
        : `${pactPath(path)}: the consumer expects exactly ${JSON.stringify(value)}, which ${ctx.subject} cannot send: ${reasons[0].join('; ')}.`;
      ctx.problems.push({ code: 'pact-value-mismatch', severity: 'error', path, message });
    }
  }
}

/**
 * Checks `value` (found at `base` inside the pact contents, e.g. `['Payload']`) against the schema
 * `root` under the contents' matching rules. `subject` names the schema in messages. With `request`,
 * the value is one the consumer sends, so the fields the schema requires must be there too.
 */
export function checkContents(
  value: unknown,
  root: SchemaNode,
  rules: MatchingRules,
  base: string[],
  refs: CatalogRefs,
  subject: string,
  options: { request?: boolean } = {},
): ContentProblem[] {
  const ctx: Context = { rules, refs, problems: [], subject, request: options.request ?? false };
  check(value, [root], base, ctx);
  return ctx.problems;
}
