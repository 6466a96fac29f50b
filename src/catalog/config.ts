/**
 * The catalog config file (`waybill.config.yaml`): read, validated against src/schemas/config.schema.json,
 * and given defaults. A broken config is a diagnostic, and the defaults apply. Without one, the settings
 * of an EventCatalog `eventcatalog.config.js` are read (statically, never run).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { CatalogConfig } from './frontmatter.generated.ts';
import { CONFIG_FILES } from './classify.ts';
import { readTextFile } from './read-file.ts';
import { staysInside } from './scan.ts';
import { parseStructured, parseProblemCode, ajvProblems, type DocumentProblem } from './schema-files.ts';
import { frontmatterValidator } from './frontmatter-validate.ts';
import { configFromEventCatalog, EVENTCATALOG_CONFIG_FILES, readEventCatalogConfig } from './eventcatalog-config.ts';

export const DEFAULT_COMPATIBILITY = 'BACKWARD';

export async function loadConfig(root: string, problems: DocumentProblem[]): Promise<{ config: CatalogConfig; file?: string }> {
  const file = CONFIG_FILES.find((name) => existsSync(path.join(root, name)));
  if (!file) return loadEventCatalogConfig(root, problems);
  if (!staysInside(root, path.join(root, file))) {
    problems.push({ code: 'symlink-outside-catalog', file, line: 0, message: 'The config file is a symbolic link leading outside the catalog folder; it was not read, and the defaults apply.' });
    return { config: {}, file };
  }
  const read = await readTextFile(path.join(root, file), 1024 * 1024);
  if (!read.ok) {
    problems.push({ code: 'config-invalid', file, line: read.problem.line, message: read.problem.message });
    return { config: {}, file };
  }
  if (read.text.trim() === '') return { config: {}, file };
  const parsed = parseStructured(read.text, file);
  if (!parsed.ok) {
    problems.push({ ...parsed.problem, code: parseProblemCode(parsed.problem, 'config-invalid') });
    return { config: {}, file };
  }
  const validate = frontmatterValidator('config');
  if (!validate(parsed.value)) {
    problems.push(...ajvProblems(validate.errors ?? [], file, 'config-invalid', 'The catalog config is invalid'));
    return { config: {}, file };
  }
  const config = parsed.value as CatalogConfig;
  (config.lint?.naming?.channelAddress ?? []).forEach((pattern, i) => {
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      problems.push({ code: 'config-invalid', file, path: ['lint', 'naming', 'channelAddress', i], message: `Not a valid regular expression: ${(error as Error).message}` });
    }
  });
  return { config, file };
}

/** The settings of an EventCatalog config file, when the catalog has one (and no Waybill config). */
async function loadEventCatalogConfig(root: string, problems: DocumentProblem[]): Promise<{ config: CatalogConfig; file?: string }> {
  const file = EVENTCATALOG_CONFIG_FILES.find((name) => existsSync(path.join(root, name)));
  if (!file) return { config: {} };
  if (!staysInside(root, path.join(root, file))) {
    problems.push({ code: 'symlink-outside-catalog', file, line: 0, message: 'The EventCatalog config file is a symbolic link leading outside the catalog folder; it was not read, and the defaults apply.' });
    return { config: {} };
  }
  const read = await readTextFile(path.join(root, file), 1024 * 1024);
  if (!read.ok) {
    problems.push({ code: 'config-invalid', file, line: read.problem.line, severity: 'warning', message: read.problem.message });
    return { config: {} };
  }
  const { value, problem } = await readEventCatalogConfig(read.text, file);
  if (problem) problems.push(problem);
  return { config: value ? configFromEventCatalog(value) : {} };
}
