/**
 * A tiny evaluator for the JavaScript expressions EventCatalog users write in MDX
 * (``title={`Receives ${frontmatter.receives.length} messages`}``, `{frontmatter.sends.map((m) => <Tile … />)}`).
 * The expression is parsed by @babel/parser into an estree and walked here: nothing in the catalog is
 * executed. Only data is reachable (the scope's plain objects, arrays, strings, numbers), only a fixed
 * list of pure array and string methods can be called, and every evaluation has a step budget, so an
 * untrusted body can neither run code, reach a prototype nor hang the build.
 */
import { parseExpression } from '@babel/parser';

/** A JSX element an expression produced: rendered like one written in the body. */
export interface JsxValue {
  readonly $jsx: true;
  /** Element or component name; empty for a fragment. */
  readonly name: string;
  readonly props: Record<string, unknown>;
  readonly children: unknown[];
}

export type EvalResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** True for a value an expression built from JSX. */
export function isJsx(value: unknown): value is JsxValue {
  return typeof value === 'object' && value !== null && (value as JsxValue).$jsx === true;
}

// Babel's estree nodes, loosely: the walker checks each node's `type` before reading its fields.
type Node = { type: string; [field: string]: any };

const MAX_STEPS = 50_000;
const MAX_STRING = 100_000;
const MAX_SOURCE = 10_000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

class EvalError extends Error {}

/** A function written in the expression (an arrow function), callable by the array methods below. */
class Closure {
  readonly params: Node[];
  readonly body: Node;
  readonly scope: Map<string, unknown>;
  constructor(params: Node[], body: Node, scope: Map<string, unknown>) {
    this.params = params;
    this.body = body;
    this.scope = scope;
  }
}

const ARRAY_METHODS = new Set(['map', 'filter', 'find', 'some', 'every', 'join', 'slice', 'includes', 'indexOf', 'concat', 'flat', 'flatMap', 'reverse', 'at']);
const STRING_METHODS = new Set(['toUpperCase', 'toLowerCase', 'trim', 'trimStart', 'trimEnd', 'startsWith', 'endsWith', 'includes', 'indexOf', 'slice', 'substring', 'split', 'replace', 'replaceAll', 'padStart', 'padEnd', 'at', 'charAt', 'concat', 'repeat']);
const NUMBER_METHODS = new Set(['toFixed', 'toString']);

/**
 * Evaluates one expression against `scope` (e.g. `{ frontmatter }`). Failures (syntax, an unknown
 * name, a call outside the allow-list, the step budget) come back as a reason, never as a throw.
 */
export function evaluate(code: string, scope: Record<string, unknown>): EvalResult {
  if (code.length > MAX_SOURCE) return { ok: false, reason: 'the expression is too long' };
  let ast: Node;
  try {
    ast = parseExpression(code, { plugins: ['jsx', 'estree'] }) as unknown as Node;
  } catch (error) {
    return { ok: false, reason: `it does not parse (${String((error as Error).message).split('\n')[0]})` };
  }
  const state = { steps: 0 };
  try {
    return { ok: true, value: new Walker(state).eval(ast, new Map(Object.entries(scope))) };
  } catch (error) {
    if (error instanceof EvalError) return { ok: false, reason: error.message };
    if (error instanceof RangeError) return { ok: false, reason: 'it builds a value too large or recurses too deeply' };
    throw error;
  }
}

class Walker {
  readonly state: { steps: number };
  constructor(state: { steps: number }) {
    this.state = state;
  }

  eval(node: Node, scope: Map<string, unknown>): unknown {
    if (++this.state.steps > MAX_STEPS) throw new EvalError('it takes too many steps');
    switch (node.type) {
      case 'Literal':
        if (node.regex) throw new EvalError('regular expressions are not evaluated');
        return node.value;
      case 'TemplateLiteral': {
        let text = '';
        node.quasis.forEach((q: Node, i: number) => {
          text += q.value.cooked ?? q.value.raw;
          if (i < node.expressions.length) text += toText(this.eval(node.expressions[i], scope));
        });
        return checkString(text);
      }
      case 'Identifier':
        if (scope.has(node.name)) return scope.get(node.name);
        if (node.name === 'undefined') return undefined;
        throw new EvalError(`'${node.name}' is not defined here (only frontmatter is)`);
      case 'MemberExpression':
        return this.member(node, scope).value;
      case 'ChainExpression':
        return this.eval(node.expression, scope);
      case 'CallExpression':
        return this.call(node, scope);
      case 'ArrowFunctionExpression':
        if (node.async || node.generator) throw new EvalError('async functions are not evaluated');
        return new Closure(node.params, node.body, scope);
      case 'ConditionalExpression':
        return this.eval(node.test, scope) ? this.eval(node.consequent, scope) : this.eval(node.alternate, scope);
      case 'LogicalExpression': {
        const left = this.eval(node.left, scope);
        if (node.operator === '&&') return left ? this.eval(node.right, scope) : left;
        if (node.operator === '||') return left ? left : this.eval(node.right, scope);
        return left ?? this.eval(node.right, scope);
      }
      case 'BinaryExpression':
        return binary(node.operator, this.eval(node.left, scope), this.eval(node.right, scope));
      case 'UnaryExpression': {
        const value = this.eval(node.argument, scope);
        if (node.operator === '!') return !value;
        if (node.operator === '-') return -(value as number);
        if (node.operator === '+') return Number(value);
        if (node.operator === 'typeof') return value instanceof Closure ? 'function' : typeof value;
        throw new EvalError(`the operator ${node.operator} is not evaluated`);
      }
      case 'ArrayExpression': {
        const out: unknown[] = [];
        for (const el of node.elements as (Node | null)[]) {
          if (!el) out.push(undefined);
          else if (el.type === 'SpreadElement') out.push(...asArray(this.eval(el.argument, scope), 'spread'));
          else out.push(this.eval(el, scope));
        }
        return out;
      }
      case 'ObjectExpression': {
        const out: Record<string, unknown> = {};
        for (const p of node.properties as Node[]) {
          if (p.type === 'SpreadElement') {
            const value = this.eval(p.argument, scope);
            if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (!FORBIDDEN_KEYS.has(k)) out[k] = v;
            continue;
          }
          if (p.kind !== 'init' || p.method) throw new EvalError('getters and methods are not evaluated');
          const key = p.computed ? String(this.eval(p.key, scope)) : p.key.type === 'Identifier' ? p.key.name : String(p.key.value);
          if (FORBIDDEN_KEYS.has(key)) throw new EvalError(`the key '${key}' is not allowed`);
          out[key] = this.eval(p.value, scope);
        }
        return out;
      }
      case 'JSXElement':
      case 'JSXFragment':
        return this.jsx(node, scope);
      default:
        throw new EvalError(`${node.type} is not evaluated`);
    }
  }

  member(node: Node, scope: Map<string, unknown>): { object: unknown; key: string; value: unknown } {
    const object = this.eval(node.object, scope);
    const key = node.computed ? String(this.eval(node.property, scope)) : String(node.property.name);
    if (object === undefined || object === null) {
      if (node.optional) return { object, key, value: undefined };
      throw new EvalError(`cannot read '${key}' of ${object === null ? 'null' : 'undefined'}`);
    }
    return { object, key, value: readProperty(object, key) };
  }

  call(node: Node, scope: Map<string, unknown>): unknown {
    const callee = node.callee as Node;
    if (callee.type !== 'MemberExpression') throw new EvalError('only array and string methods can be called');
    const { object, key } = this.member(callee, scope);
    if ((object === undefined || object === null) && (callee.optional || node.optional)) return undefined;
    const args = (node.arguments as Node[]).map((a) => (a.type === 'SpreadElement' ? asArray(this.eval(a.argument, scope), 'spread') : [this.eval(a, scope)])).flat();
    if (Array.isArray(object) && ARRAY_METHODS.has(key)) return this.arrayMethod(object, key, args);
    if (typeof object === 'string' && STRING_METHODS.has(key)) {
      if (args.some((a) => typeof a !== 'string' && typeof a !== 'number' && a !== undefined)) throw new EvalError(`${key} takes strings and numbers here`);
      if (args.some((a) => typeof a === 'number' && a > MAX_STRING)) throw new EvalError('it builds a string that is too long');
      return checkString((String.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[key].apply(object, args));
    }
    if (typeof object === 'number' && NUMBER_METHODS.has(key)) return (Number.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[key].apply(object, args.map(Number));
    throw new EvalError(`the method '${key}' is not evaluated`);
  }

  arrayMethod(array: unknown[], key: string, args: unknown[]): unknown {
    const fn = args[0];
    const apply = (...values: unknown[]) => {
      if (!(fn instanceof Closure)) throw new EvalError(`${key} needs an arrow function`);
      return this.invoke(fn, values);
    };
    switch (key) {
      case 'map': return array.map((v, i) => apply(v, i));
      case 'flatMap': return array.flatMap((v, i) => apply(v, i));
      case 'filter': return array.filter((v, i) => apply(v, i));
      case 'find': return array.find((v, i) => apply(v, i));
      case 'some': return array.some((v, i) => apply(v, i));
      case 'every': return array.every((v, i) => apply(v, i));
      case 'join': return checkString(array.map(toText).join(args[0] === undefined ? ',' : String(args[0])));
      case 'slice': return array.slice(args[0] as number, args[1] as number);
      case 'includes': return array.includes(args[0]);
      case 'indexOf': return array.indexOf(args[0]);
      case 'concat': return array.concat(...args);
      case 'flat': return array.flat();
      case 'reverse': return [...array].reverse();
      case 'at': return array.at(Number(args[0]));
      default: throw new EvalError(`the method '${key}' is not evaluated`);
    }
  }

  invoke(fn: Closure, values: unknown[]): unknown {
    const scope = new Map(fn.scope);
    fn.params.forEach((param, i) => this.bind(param, values[i], scope));
    if (fn.body.type === 'BlockStatement') {
      const statements = fn.body.body as Node[];
      const ret = statements.length === 1 && statements[0].type === 'ReturnStatement' ? statements[0] : undefined;
      if (!ret) throw new EvalError('function bodies other than a single return are not evaluated');
      return ret.argument ? this.eval(ret.argument, scope) : undefined;
    }
    return this.eval(fn.body, scope);
  }

  bind(pattern: Node, value: unknown, scope: Map<string, unknown>): void {
    if (pattern.type === 'Identifier') scope.set(pattern.name, value);
    else if (pattern.type === 'AssignmentPattern') this.bind(pattern.left, value === undefined ? this.eval(pattern.right, scope) : value, scope);
    else if (pattern.type === 'ObjectPattern') {
      for (const p of pattern.properties as Node[]) {
        if (p.type !== 'Property' || p.computed) throw new EvalError('this parameter pattern is not evaluated');
        const key = p.key.type === 'Identifier' ? p.key.name : String(p.key.value);
        this.bind(p.value, value && typeof value === 'object' ? readProperty(value, key) : undefined, scope);
      }
    } else if (pattern.type === 'ArrayPattern') {
      const list = Array.isArray(value) ? value : [];
      (pattern.elements as (Node | null)[]).forEach((el, i) => el && this.bind(el, list[i], scope));
    } else throw new EvalError('this parameter pattern is not evaluated');
  }

  jsx(node: Node, scope: Map<string, unknown>): JsxValue {
    const props: Record<string, unknown> = {};
    let name = '';
    if (node.type === 'JSXElement') {
      const opening = node.openingElement as Node;
      name = jsxName(opening.name);
      for (const attr of opening.attributes as Node[]) {
        if (attr.type === 'JSXSpreadAttribute') {
          const value = this.eval(attr.argument, scope);
          if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (!FORBIDDEN_KEYS.has(k)) props[k] = v;
          continue;
        }
        const key = jsxName(attr.name);
        if (!attr.value) props[key] = true;
        else if (attr.value.type === 'Literal') props[key] = attr.value.value;
        else if (attr.value.type === 'JSXExpressionContainer') props[key] = attr.value.expression.type === 'JSXEmptyExpression' ? undefined : this.eval(attr.value.expression, scope);
        else props[key] = this.eval(attr.value, scope);
      }
    }
    const children: unknown[] = [];
    for (const child of node.children as Node[]) {
      if (child.type === 'JSXText') {
        const text = child.value.replace(/\s*\n\s*/g, ' ');
        if (text.trim()) children.push(text);
      } else if (child.type === 'JSXExpressionContainer') {
        if (child.expression.type !== 'JSXEmptyExpression') children.push(this.eval(child.expression, scope));
      } else if (child.type === 'JSXSpreadChild') children.push(...asArray(this.eval(child.expression, scope), 'spread'));
      else children.push(this.eval(child, scope));
    }
    return { $jsx: true, name, props, children };
  }
}

function jsxName(name: Node): string {
  if (name.type === 'JSXIdentifier') return name.name;
  if (name.type === 'JSXNamespacedName') return `${name.namespace.name}:${name.name.name}`;
  if (name.type === 'JSXMemberExpression') return `${jsxName(name.object)}.${name.property.name}`;
  return '';
}

/** Own data properties of plain objects and arrays, `length` of arrays and strings; nothing else. */
function readProperty(object: unknown, key: string): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new EvalError(`the property '${key}' is not readable`);
  if (typeof object === 'string') {
    if (key === 'length') return object.length;
    if (/^\d+$/.test(key)) return object[Number(key)];
    if (STRING_METHODS.has(key)) return undefined;
    throw new EvalError(`strings have no property '${key}' here`);
  }
  if (Array.isArray(object)) {
    if (key === 'length') return object.length;
    return /^\d+$/.test(key) ? object[Number(key)] : undefined;
  }
  if (typeof object !== 'object' || object === null || object instanceof Closure) return undefined;
  if (isJsx(object)) return key === 'props' ? object.props : key === 'children' ? object.children : undefined;
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    // Dates from YAML frontmatter: read as their ISO text.
    if (object instanceof Date) return undefined;
    throw new EvalError(`the property '${key}' is not readable`);
  }
  return Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function binary(op: string, a: unknown, b: unknown): unknown {
  switch (op) {
    case '+':
      return typeof a === 'number' && typeof b === 'number' ? a + b : checkString(toText(a) + toText(b));
    case '-': return (a as number) - (b as number);
    case '*': return (a as number) * (b as number);
    case '/': return (a as number) / (b as number);
    case '%': return (a as number) % (b as number);
    case '===': return a === b;
    case '!==': return a !== b;
    case '==': return a == b; // eslint-disable-line eqeqeq
    case '!=': return a != b; // eslint-disable-line eqeqeq
    case '<': return (a as number) < (b as number);
    case '>': return (a as number) > (b as number);
    case '<=': return (a as number) <= (b as number);
    case '>=': return (a as number) >= (b as number);
    default: throw new EvalError(`the operator ${op} is not evaluated`);
  }
}

/** How a value reads inside a template literal or a string join. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map((v) => (v === undefined || v === null ? '' : toText(v))).join(',');
  if (typeof value === 'object') return value instanceof Closure ? '[function]' : '[object Object]';
  return String(value);
}

function checkString<T>(value: T): T {
  if (typeof value === 'string' && value.length > MAX_STRING) throw new EvalError('it builds a string that is too long');
  if (Array.isArray(value) && value.length > MAX_STRING) throw new EvalError('it builds a list that is too long');
  return value;
}

function asArray(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  throw new EvalError(`${what} needs a list`);
}
