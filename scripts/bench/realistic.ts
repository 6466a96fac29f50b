/**
 * Makes a generated bench catalog realistic (issue 16): real catalogs are not clean, and the cost of a
 * finding is part of lint's cost. Rewrites, deterministically (seeded), a generated catalog in place:
 *   - about a third of the string properties lose `minLength` (schema-empty-string); a message's older
 *     version loses it less often than its newer one, so some newer versions tighten a field
 *     (schema-compatibility under BACKWARD);
 *   - half of the schemas lose `additionalProperties: false` at the root (schema-additional-properties-unspecified);
 *   - one service in eight receives nothing (messages only it consumed: message-without-consumer).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { stringify } from 'yaml';
import { mulberry32 } from '../generate-catalog.ts';

type Json = Record<string, unknown>;

export function addFindings(dir: string, seed = 16): { schemas: number; services: number } {
  const random = mulberry32(seed);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  let schemas = 0;
  let services = 0;
  for (const file of files) {
    if (file.endsWith('schema.json')) {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as Json;
      const older = file.includes(`${path.sep}versioned${path.sep}`);
      for (const property of Object.values((schema.properties ?? {}) as Record<string, Json>)) {
        if (property.type === 'string' && property.format === undefined && property.enum === undefined && random() < (older ? 0.25 : 0.35)) delete property.minLength;
      }
      if (random() < 0.5) delete schema.additionalProperties;
      writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
      schemas++;
    } else if (/services[\\/][^\\/]+[\\/]index\.md$/.test(file) && random() < 1 / 8) {
      const parsed = matter(readFileSync(file, 'utf8'), { excerpt: false });
      if (!Array.isArray(parsed.data.receives) || parsed.data.receives.length === 0) continue;
      delete parsed.data.receives;
      writeFileSync(file, `---\n${stringify(parsed.data)}---\n${parsed.content}`);
      services++;
    }
  }
  return { schemas, services };
}
