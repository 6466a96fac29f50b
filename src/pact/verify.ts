/**
 * `waybill verify-pact`: checks Pact contracts against the catalog — message pacts against the schemas of
 * the messages the provider publishes, HTTP pacts against the provider's OpenAPI document — and reports
 * with the one Diagnostic type, each finding at its line in the pact file.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { ParsedSource } from '../catalog/locate.ts';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import { readPact, PactReadError, type PactFile } from './pact-file.ts';
import { serviceOfParticipant } from './participants.ts';
import { verifyMessages } from './verify-messages.ts';
import { verifyHttp } from './verify-http.ts';

/** A finding about a place in the pact file (its JSON path). */
export interface Finding {
  code: string;
  at: (string | number)[];
  message: string;
  hint?: string;
  severity?: Severity;
}

/** The outcome of checking one pact file. */
export interface PactReport {
  /** Every finding, located in the pact file. */
  diagnostics: Diagnostic[];
  /** One check per interaction (for JUnit and the summary). */
  checks: { name: string; file: string; passed: boolean }[];
  /** One line for people: who expects what of whom, and how it went. */
  summary: string;
}

export interface VerifyPactOptions {
  /** Service id of the provider, when the pact's provider name does not say it. */
  provider?: string;
}

/** Checks one pact file's text; `file` is how the report names it (a path relative to the working folder). */
export function verifyPact(catalog: Catalog, file: string, text: string, options: VerifyPactOptions = {}): PactReport {
  let pact: PactFile;
  try {
    pact = readPact(text);
  } catch (error) {
    if (!(error instanceof PactReadError)) throw error;
    return { diagnostics: [{ code: 'pact-unreadable', severity: 'error', message: `${file} is ${error.message}`, file, line: 1, column: 1 }], checks: [{ name: file, file, passed: false }], summary: `${file}: not a Pact file` };
  }
  let source: ParsedSource | undefined;
  const located = (findings: Finding[]): Diagnostic[] =>
    findings.map((f) => {
      const { line, column } = (source ??= new ParsedSource(text)).locate(f.at);
      return { code: f.code, severity: f.severity ?? 'error', message: f.message, file, line, column, ...(f.hint ? { hint: f.hint } : {}) };
    });
  const provider = serviceOfParticipant(catalog, pact.provider, options.provider);
  if (!provider) {
    const diagnostics = located([{
      code: 'pact-provider-unknown',
      at: ['provider', 'name'],
      message: `The pact's provider '${pact.provider}' is not a service of the catalog${options.provider ? ` (--provider ${options.provider} names none)` : ''}.`,
      hint: `Pass --provider <service id>, or map it in waybill.config.yaml: pact: { participants: { ${pact.provider}: <service id> } }.`,
    }]);
    return { diagnostics, checks: [{ name: `${pact.consumer} → ${pact.provider}`, file, passed: false }], summary: `${file}: provider '${pact.provider}' not in the catalog` };
  }
  const consumer = serviceOfParticipant(catalog, pact.consumer);
  const messages = verifyMessages(catalog, pact, provider, consumer);
  const http = verifyHttp(catalog, pact, provider);
  const other: Finding[] = pact.other.map((o) => ({ code: 'pact-interaction-unsupported', at: o.at, severity: 'warning', message: `'${o.description}' is a ${o.type} interaction; Waybill checks asynchronous messages and HTTP interactions only.` }));
  const checks = [...messages.checks, ...http.checks].map((c) => ({ ...c, file }));
  const passed = checks.filter((c) => c.passed).length;
  const nothingChecked = checks.length === 0;
  if (nothingChecked) {
    // "0 of 0 agree" would pass a pact nobody checked: a pact with nothing Waybill can check fails.
    const count = pact.messages.length + pact.http.length + pact.other.length;
    const why = count === 0 ? 'it has no interactions' : `none of its ${count} interaction${count === 1 ? '' : 's'} could be checked against the catalog`;
    other.push({ code: 'pact-nothing-checked', at: [], message: `Nothing in ${file} was checked: ${why}.`, hint: 'Waybill checks asynchronous messages against the schemas, and HTTP interactions against the provider\'s OpenAPI document.' });
    checks.push({ name: `${pact.consumer} → ${pact.provider}`, file, passed: false });
  }
  const kinds = [pact.messages.length ? `${pact.messages.length} message${pact.messages.length === 1 ? '' : 's'}` : '', pact.http.length ? `${pact.http.length} HTTP interaction${pact.http.length === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
  return {
    diagnostics: located([...messages.findings, ...http.findings, ...other]),
    checks,
    summary: `${file}: ${pact.consumer}${consumer ? ` (${consumer.name})` : ''} → ${pact.provider} (${provider.name}), Pact ${pact.specVersion}: ${kinds || 'no interactions'}; ${nothingChecked ? 'nothing could be checked' : `${passed} of ${checks.length} agree with the catalog`}.`,
  };
}
