/**
 * A typed view of a JSON Schema, shaped like the schema classes Confluent's diff works on
 * (everit-json-schema): one node per kind of constraint, with combined nodes where a schema
 * mixes kinds.
 */

/** Annotations every node carries. */
export interface NodeMeta {
  id?: string;
  title?: string;
  description?: string;
  /** True when the schema object has a `default` keyword. */
  hasDefault: boolean;
  default?: unknown;
  /** Identity used to collapse duplicate subschemas of `allOf`/`anyOf`/`oneOf` (computed on first call). */
  key: Key;
}

/** A node's identity text, computed on first call. */
export type Key = () => string;

export interface EmptyNode extends NodeMeta { kind: 'empty' }
/** The boolean schema `true`; behaves as an empty schema. */
export interface TrueNode extends NodeMeta { kind: 'true' }
/** The boolean schema `false`. */
export interface FalseNode extends NodeMeta { kind: 'false' }
export interface NullNode extends NodeMeta { kind: 'null' }
export interface BooleanNode extends NodeMeta { kind: 'boolean' }

export interface StringNode extends NodeMeta {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface NumberNode extends NodeMeta {
  kind: 'number';
  requiresInteger: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

export interface EnumNode extends NodeMeta { kind: 'enum'; values: unknown[] }
export interface ConstNode extends NodeMeta { kind: 'const'; value: unknown }
export interface NotNode extends NodeMeta { kind: 'not'; mustNotMatch: SchemaNode }
/** `if`/`then`/`else`; like Confluent, only its annotations are compared. */
export interface ConditionalNode extends NodeMeta { kind: 'conditional' }

export type Criterion = 'allOf' | 'anyOf' | 'oneOf';

export interface CombinedNode extends NodeMeta {
  kind: 'combined';
  criterion: Criterion;
  subschemas: SchemaNode[];
}

/** A keyword whose value is either a boolean or a schema (`additionalProperties`, …). */
export interface OpenContent {
  /** False only when the keyword is `false`. */
  permits: boolean;
  /** Set when the keyword is a schema object (not a boolean). */
  schema?: SchemaNode;
}

/** Property dependencies or schema dependencies, with the keyword they came from. */
export interface Dependencies<T> {
  keyword: string;
  entries: Map<string, T>;
}

export interface ObjectNode extends NodeMeta {
  kind: 'object';
  properties: Map<string, SchemaNode>;
  required: Set<string>;
  patternProperties: Array<[pattern: string, schema: SchemaNode]>;
  additionalProperties: OpenContent;
  unevaluatedProperties?: OpenContent;
  propertyDependencies: Dependencies<Set<string>>;
  schemaDependencies: Dependencies<SchemaNode>;
  propertyNames?: SchemaNode;
  minProperties?: number;
  maxProperties?: number;
}

export interface ArrayNode extends NodeMeta {
  kind: 'array';
  /** The schema of every item (`items` as a schema). */
  allItems?: SchemaNode;
  /** Positional item schemas (`items` as an array, or `prefixItems`). */
  tupleItems?: SchemaNode[];
  /** Items after the positional ones (`additionalItems`, or `items` next to `prefixItems`). */
  additionalItems: OpenContent;
  unevaluatedItems?: OpenContent;
  /** Keyword names used in change paths, which differ between drafts. */
  tupleKeyword: 'items' | 'prefixItems';
  additionalKeyword: 'additionalItems' | 'items';
  contains?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  minContains?: number;
  maxContains?: number;
  uniqueItems: boolean;
}

export interface ReferenceNode extends NodeMeta {
  kind: 'ref';
  ref: string;
  /** The schema referred to, or undefined when the reference cannot be resolved. */
  referred: () => SchemaNode | undefined;
}

export type SchemaNode =
  | EmptyNode | TrueNode | FalseNode | NullNode | BooleanNode | StringNode | NumberNode
  | EnumNode | ConstNode | NotNode | ConditionalNode | CombinedNode | ObjectNode | ArrayNode
  | ReferenceNode;

export type SchemaKind = SchemaNode['kind'];
