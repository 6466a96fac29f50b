/**
 * The last contract verification results (`waybill verify --report`), when the catalog has a report:
 * `<catalog>/.waybill/verify-report.json` (or `verification-report.json`), or the file named by
 * WAYBILL_VERIFY_REPORT. Pages show nothing when there is none.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FlowResult, SubjectResult, VerificationReport } from '../../contracts/report.ts';

export type { FlowResult, SubjectResult, VerificationReport };

const cache = new Map<string, VerificationReport | undefined>();

/** The report for a catalog folder, read once per build; undefined when there is none or it is not one. */
export function verificationReport(catalogRoot: string): VerificationReport | undefined {
  if (cache.has(catalogRoot)) return cache.get(catalogRoot);
  const candidates = [
    process.env.WAYBILL_VERIFY_REPORT,
    path.join(catalogRoot, '.waybill', 'verify-report.json'),
    path.join(catalogRoot, '.waybill', 'verification-report.json'),
  ].filter((f): f is string => !!f);
  let report: VerificationReport | undefined;
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    try {
      const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<VerificationReport>;
      if (value.reportVersion === 1 && value.services && value.messages && value.flows) report = value as VerificationReport;
    } catch {
      report = undefined;
    }
    break;
  }
  cache.set(catalogRoot, report);
  return report;
}

/** The result for one resource key (service, message version or flow), if the report has one. */
export function resultFor(report: VerificationReport | undefined, key: string): SubjectResult | FlowResult | undefined {
  if (!report) return undefined;
  return report.services[key] ?? report.messages[key] ?? report.flows[key];
}
