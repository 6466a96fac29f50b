/**
 * Word-level checks behind the naming rules: events in the past tense (`StoreCreated`), commands in the
 * imperative (`CreateStore`).
 */

/** Splits `StoreCreated`, `store-created`, `store_created`, `storesapi.StoreCreated` into words. */
export function words(name: string): string[] {
  return name
    .replace(/^[a-z0-9]+\./, '') // a wire prefix such as storesapi.
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s._\-:/]+/)
    .filter(Boolean);
}

const IRREGULAR_PAST = new Set(
  `arisen awoken been beaten become begun bent bet bid bitten bled blown borne bound bred brought broadcast broken built
  burnt bought cast caught chosen come cost crept cut dealt done drawn dreamt driven drunk dug eaten fallen fed felt fit fled
  flown forbidden forecast forgotten forgiven found frozen gone got gotten given grown hung heard held hidden hit hurt kept
  known laid led leant left lent let lit lost made meant met mistaken overtaken overridden paid proven put quit read rebuilt
  redone reset resent rewritten rid ridden risen run said seen sent set sewn shaken shed shone shot shown shut slept slid sold
  sought spent split spoken spread sprung stood stolen struck stuck stung sworn swept swung taken taught thought thrown told
  torn undone understood undertaken upheld upset withdrawn woken won worn wound written`.split(/\s+/),
);

/** Words ending in -ed that are not past participles. */
const NOT_PAST = new Set(['seed', 'feed', 'need', 'embed', 'shred', 'speed', 'breed', 'bleed', 'proceed', 'succeed', 'exceed', 'bed', 'red', 'shed', 'deed', 'weed', 'reed', 'greed', 'bred']);

export function isPastTense(word: string): boolean {
  const w = word.toLowerCase();
  if (IRREGULAR_PAST.has(w)) return true;
  return w.length > 3 && w.endsWith('ed') && !NOT_PAST.has(w);
}

/** Particles of phrasal verbs: the tense is on the word before (`BasketCheckedOut` → `Checked`). */
const PARTICLES = new Set(['out', 'up', 'in', 'off', 'on', 'down', 'over', 'back', 'away', 'through']);

/** The word that carries the tense of an event name (`StoreCreatedEvent` → `Created`). */
export function eventVerb(name: string): string | undefined {
  const ws = words(name).filter((w) => !/^(event|evt|v\d+)$/i.test(w));
  let last = ws.length - 1;
  while (last > 0 && PARTICLES.has(ws[last].toLowerCase())) last--;
  return ws[last];
}

/**
 * True when an event name reads as past tense: at its end (`StoreCreated`), at its start
 * (`CreatedShoppingList`) or before a qualifier (`MembershipCreatedForProject`).
 */
export function isPastTenseName(name: string): boolean {
  return words(name).some(isPastTense);
}

/** The leading verb of a command name (`CreateShoppingListCommand` → `Create`). */
export function commandVerb(name: string): string | undefined {
  return words(name).filter((w) => !/^(command|cmd)$/i.test(w))[0];
}
