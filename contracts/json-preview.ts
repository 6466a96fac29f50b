/**
 * JSON text of values that came from a service, a broker or a capture — hostile input. `JSON.stringify`
 * recurses once per level, so a value nested 5,000 levels deep (`[[[…]]]`, 10 KB) throws "Maximum call
 * stack size exceeded", and `String()` of it throws too. Everything Waybill prints or sends from such a
 * value goes through here: the text is built with a budget, and nesting costs budget, so depth never
 * exceeds the budget however deep the value. Whole values (a request body, a template) are first checked
 * with {@link depthOver}, which walks without recursion.
 */

/** Deepest nesting Waybill writes into a request or a template (see {@link depthOver}). */
export const MAX_JSON_DEPTH = 1000;

/** Thrown when the budget is spent: the text so far is the preview. */
class Full extends Error {}

function write(value: unknown, out: string[], budget: { left: number }, depth: number, maxDepth: number): void {
  const emit = (s: string) => {
    out.push(s);
    budget.left -= s.length;
    if (budget.left < 0) throw new Full();
  };
  if (depth > maxDepth) throw new Full();
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    const text = typeof value === 'string' && value.length > budget.left + 2 ? JSON.stringify(value.slice(0, budget.left + 2)) : JSON.stringify(value);
    return emit(text ?? 'null');
  }
  if (typeof value === 'bigint') return emit(String(value));
  if (Array.isArray(value)) {
    emit('[');
    value.forEach((item, i) => {
      if (i) emit(',');
      write(item === undefined || typeof item === 'function' ? null : item, out, budget, depth + 1, maxDepth);
    });
    return emit(']');
  }
  if (typeof value === 'object') {
    emit('{');
    let first = true;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || typeof v === 'function') continue;
      if (!first) emit(',');
      first = false;
      emit(`${JSON.stringify(k)}:`);
      write(v, out, budget, depth + 1, maxDepth);
    }
    return emit('}');
  }
  emit('null');
}

/** JSON of `value` cut to `max` characters with an ellipsis; never throws, whatever the depth or size. */
export function jsonPreview(value: unknown, max: number): string {
  if (value === undefined) return 'undefined';
  const out: string[] = [];
  try {
    // Each level costs at least one character, so the budget bounds the recursion.
    write(value, out, { left: max }, 0, max);
  } catch (error) {
    if (!(error instanceof Full)) throw error;
    const text = out.join('');
    return `${text.slice(0, max - 1)}…`;
  }
  const text = out.join('');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Whether `value` nests deeper than `limit` levels (walked without recursion). */
export function depthOver(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
