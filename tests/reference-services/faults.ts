/**
 * Fault switches: each makes a reference service break its contract in one specific way, so the tests
 * can prove `waybill verify` catches it (with its own diagnostic code). Set with `--fault a,b` or the
 * env WAYBILL_REFERENCE_FAULTS=a,b. With none set the services are faithful to the catalog.
 */
export const FAULTS = {
  // Stores — messages
  'missing-field': 'StoreCreated is sent without its required location',
  'wrong-type': 'ProductAdded carries price as a string',
  'extra-field': 'StoreCreated carries an undeclared field (additionalProperties is false)',
  'wrong-channel': 'StoreRebranded is sent on the Product channel',
  'wrong-content-type': 'messages are sent as text/plain',
  'never-sent': 'ProductRemoved is never sent',
  // Stores — HTTP
  'undocumented-status': 'GET /api/stores answers 206',
  'bad-body': 'GET /api/stores answers a store whose id is a number and participating a string',
  'not-json': 'GET /api/stores answers an HTML page',
  'slow-http': 'every HTTP answer takes 1.5 s',
  // Baskets
  'not-idempotent': 'Baskets applies a redelivered message again (no inbox)',
  'slow-consumer': 'Baskets takes 700 ms to apply each store or product event',
  'deaf-consumer': 'Baskets ignores StoreCreated',
} as const;

export type Fault = keyof typeof FAULTS;

export function parseFaults(value: string | undefined): Set<Fault> {
  const out = new Set<Fault>();
  for (const name of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(name in FAULTS)) throw new Error(`unknown fault '${name}'; known: ${Object.keys(FAULTS).join(', ')}`);
    out.add(name as Fault);
  }
  return out;
}
