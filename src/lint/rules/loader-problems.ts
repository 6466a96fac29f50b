/**
 * The problems the loader finds (unreadable files, YAML errors, invalid frontmatter, broken schemas and
 * specs, …) as rules, so their severity can be configured like any other rule.
 */
import { LOADER_SEVERITY } from '../../catalog/load.ts';
import type { Rule } from '../rule.ts';

const DESCRIPTIONS: Record<string, string> = {
  'file-too-large': 'A file is larger than Waybill reads (4 MB for Markdown, 16 MB for documents).',
  'binary-file': 'A catalog file holds binary data.',
  'invalid-utf8': 'A catalog file is not valid UTF-8.',
  'unreadable-file': 'A file could not be read.',
  'empty-file': 'A Markdown file is empty.',
  'yaml-syntax': 'Frontmatter is not valid YAML.',
  'frontmatter-not-a-mapping': 'Frontmatter is not a mapping of fields.',
  'missing-frontmatter': 'A resource file has no frontmatter.',
  'frontmatter-invalid': 'Frontmatter does not match the JSON Schema of its kind.',
  'unknown-file-kind': 'A Markdown file is not in a place the catalog format knows.',
  'unknown-field': 'A frontmatter field is not one its kind has (and not an x-* custom property); a likely misspelling is named.',
  'symlink-loop': 'A symbolic link leads back into a folder that contains it.',
  'broken-symlink': 'A symbolic link points at nothing.',
  'symlink-outside-catalog': 'A symbolic link leads outside the catalog folder (never followed, read or published).',
  'symlink-duplicate': 'A symbolic link leads to a folder that is read already under its own path.',
  'yaml-aliases': 'YAML aliases would expand a document past the limit (an alias bomb), or form a cycle.',
  'document-too-deep': 'A document (YAML or JSON) nests deeper than Waybill reads.',
  'unreadable-folder': 'A folder could not be read.',
  'duplicate-resource': 'Two files define the same id and version.',
  'config-invalid': 'The catalog config file is invalid.',
  'schema-missing': 'A schemaPath names a file that does not exist.',
  'schema-unparsable': 'A schema file cannot be parsed.',
  'schema-invalid': 'A schema file is not a valid JSON Schema, Avro or Protobuf schema.',
  'schema-unusable': 'A schema cannot be compiled (an invalid regular expression), so it checks nothing.',
  'schema-unsupported': 'A schema file has an extension Waybill does not read.',
  'ref-unresolvable': 'A $ref points at nothing.',
  'ref-remote': 'A $ref is a URL; Waybill never fetches from the network.',
  'ref-outside-catalog': 'A $ref or path leads outside the catalog folder.',
  'spec-missing': 'An attached AsyncAPI/OpenAPI/GraphQL document does not exist.',
  'spec-unparsable': 'An attached AsyncAPI/OpenAPI document cannot be parsed.',
  'spec-invalid': 'An attached AsyncAPI/OpenAPI document is invalid (the parser\'s findings).',
};

export const loaderRules: Rule[] = Object.entries(LOADER_SEVERITY).map(([id, severity]) => ({
  id,
  severity,
  description: DESCRIPTIONS[id] ?? id,
  category: id.startsWith('ref-') || id.startsWith('schema-') ? 'schemas' : 'format',
  check: (catalog) =>
    catalog.diagnostics
      .filter((d) => d.code === id)
      .map((d) => ({ file: d.file ?? '', message: d.message, hint: d.hint, line: d.line ?? 0, column: d.column ?? 0, severity: d.severity })),
}));
