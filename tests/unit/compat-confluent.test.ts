import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCompatibility, diffJsonSchemas } from '../../src/compat/index.ts';

interface ConformanceCase {
  description: string;
  original_schema: unknown;
  update_schema: unknown;
  changes: string[];
  compatible: boolean;
  compatible_lenient?: boolean;
}

const cases: ConformanceCase[] = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../fixtures/conformance/confluent-json-schema/diff-schema-examples.json'), 'utf8'),
);
const numbered = cases.map((c, i) => ({ ...c, name: `${String(i + 1).padStart(3, '0')} ${c.description}` }));

describe("Confluent's JSON Schema diff examples", () => {
  it('has all 104 cases', () => expect(cases).toHaveLength(104));

  it.each(numbered)('$name: compatibility (BACKWARD, strict)', (c) => {
    const result = checkCompatibility([c.original_schema], c.update_schema, 'BACKWARD', 'strict');
    expect(result.compatible).toBe(c.compatible);
  });

  it.each(numbered.filter((c) => c.compatible_lenient !== undefined))(
    '$name: compatibility (BACKWARD, lenient)',
    (c) => {
      const result = checkCompatibility([c.original_schema], c.update_schema, 'BACKWARD', 'lenient');
      expect(result.compatible).toBe(c.compatible_lenient);
    },
  );

  it.each(numbered)('$name: change list', (c) => {
    const changes = diffJsonSchemas(c.original_schema, c.update_schema).map((d) => `${d.code} ${d.path}`);
    expect([...changes].sort()).toEqual([...c.changes].sort());
  });
});
