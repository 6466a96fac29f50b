/**
 * EventCatalog's `eventcatalog.config.js`, read without running it: the file is parsed (@babel/parser)
 * and the static parts of its exported object literal are kept — strings, numbers, booleans, arrays and
 * nested objects. Anything computed (a call, a variable, `process.env`) is left out. A catalog without a
 * waybill.config.yaml gets its title, tagline, organisation name, logo, base path, trailing-slash
 * setting and sidebar options from here.
 */
import type { CatalogConfig } from './frontmatter.generated.ts';
import type { DocumentProblem } from './schema-files.ts';

/** File names EventCatalog reads its config from, in the order they are looked for. */
export const EVENTCATALOG_CONFIG_FILES = ['eventcatalog.config.js', 'eventcatalog.config.mjs', 'eventcatalog.config.cjs', 'eventcatalog.config.ts'];

type Node = { type: string; [key: string]: unknown };

/** The static value of an expression node, or undefined when it is computed. */
function staticValue(node: Node | null | undefined, scope: ReadonlyMap<string, Node>, depth = 0): unknown {
  if (!node || depth > 32) return undefined;
  switch (node.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'NullLiteral':
      return null;
    case 'TemplateLiteral': {
      const quasis = node.quasis as { value: { cooked: string } }[];
      return (node.expressions as unknown[]).length === 0 ? quasis.map((q) => q.value.cooked).join('') : undefined;
    }
    case 'ArrayExpression':
      return (node.elements as (Node | null)[]).map((e) => staticValue(e, scope, depth + 1)).filter((v) => v !== undefined);
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const prop of node.properties as Node[]) {
        if (prop.type !== 'ObjectProperty' || prop.computed) continue;
        const key = prop.key as Node;
        const name = key.type === 'Identifier' ? (key.name as string) : key.type === 'StringLiteral' ? (key.value as string) : undefined;
        if (name === undefined || name === '__proto__') continue;
        const value = staticValue(prop.value as Node, scope, depth + 1);
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
    case 'Identifier':
      return staticValue(scope.get(node.name as string), scope, depth + 1);
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'ParenthesizedExpression':
      return staticValue(node.expression as Node, scope, depth + 1);
    default:
      return undefined;
  }
}

/** The exported object of a config file's source, statically; a parse error is a problem with its line. */
export async function readEventCatalogConfig(source: string, file: string): Promise<{ value?: Record<string, unknown>; problem?: DocumentProblem }> {
  // Imported here, not at the top: @babel/parser takes ~50 ms to load, and most catalogs have no such file.
  const { parse } = await import('@babel/parser');
  let program: Node;
  try {
    program = parse(source, { sourceType: 'unambiguous', plugins: ['typescript'], errorRecovery: false }).program as unknown as Node;
  } catch (error) {
    const e = error as { message: string; loc?: { line: number; column: number } };
    return {
      problem: {
        code: 'config-invalid',
        file,
        line: e.loc?.line ?? 1,
        column: (e.loc?.column ?? 0) + 1,
        severity: 'warning',
        message: `${file} could not be parsed (${e.message.replace(/\s*\(\d+:\d+\)$/, '')}); its settings were not read.`,
      },
    };
  }
  const scope = new Map<string, Node>();
  let exported: Node | undefined;
  for (const statement of program.body as Node[]) {
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations as Node[]) {
        const id = d.id as Node;
        if (id.type === 'Identifier' && d.init) scope.set(id.name as string, d.init as Node);
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      exported = statement.declaration as Node;
    } else if (statement.type === 'ExpressionStatement') {
      const expr = statement.expression as Node;
      const left = expr.left as Node | undefined;
      if (expr.type === 'AssignmentExpression' && left?.type === 'MemberExpression' && (left.object as Node).name === 'module' && (left.property as Node).name === 'exports') {
        exported = expr.right as Node;
      }
    }
  }
  const value = staticValue(exported, scope);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      problem: {
        code: 'config-invalid',
        file,
        line: 1,
        column: 1,
        severity: 'warning',
        message: `${file} exports no object literal Waybill can read without running it; its settings were not read.`,
        hint: 'Write `export default { title: …, … }` with literal values, or add a waybill.config.yaml.',
      },
    };
  }
  return { value: value as Record<string, unknown> };
}

/** The Waybill settings an EventCatalog config gives. */
export function configFromEventCatalog(ec: Record<string, unknown>): CatalogConfig {
  const config: CatalogConfig = {};
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const title = str(ec.title);
  if (title) config.title = title;
  const tagline = str(ec.tagline);
  if (tagline) config.tagline = tagline;
  const organizationName = str(ec.organizationName);
  if (organizationName) config.organizationName = organizationName;
  const base = str(ec.base);
  if (base) config.base = base;
  if (typeof ec.trailingSlash === 'boolean') config.trailingSlash = ec.trailingSlash;
  const homepageLink = str(ec.homepageLink);
  if (homepageLink) config.homepageLink = homepageLink;
  const editUrl = str(ec.editUrl);
  if (editUrl) config.editUrl = editUrl;
  if (ec.logo && typeof ec.logo === 'object') {
    const logo = ec.logo as Record<string, unknown>;
    const src = str(logo.src);
    if (src) config.logo = { src, ...(str(logo.alt) ? { alt: str(logo.alt) } : {}), ...(str(logo.text) ? { text: str(logo.text) } : {}) };
  }
  const sidebar = ((ec.docs as Record<string, unknown> | undefined)?.sidebar ?? undefined) as Record<string, unknown> | undefined;
  if (sidebar && typeof sidebar === 'object' && !Array.isArray(sidebar)) {
    const type = sidebar.type === 'LIST_VIEW' || sidebar.type === 'TREE_VIEW' ? sidebar.type : undefined;
    config.sidebar = {
      ...(type ? { type } : {}),
      ...(typeof sidebar.showPageHeadings === 'boolean' ? { showPageHeadings: sidebar.showPageHeadings } : {}),
    };
  }
  return config;
}
