/**
 * Masks secrets in text before it is printed: passwords in URLs, Authorization header values,
 * `token=` / `password=` / `apikey=`-style values, JSON fields with such names, and query parameters that
 * carry signatures or keys (`sig`, `signature`, `key`, `code`, `X-Amz-*`, …). Every diagnostic formatter
 * runs messages, hints and file labels through it, because contract verification quotes broker URLs and
 * HTTP requests. A mask replaces the value only: the character after it (`&`, `)`, `"`, a newline) stays.
 *
 * Values Waybill itself sends (URL credentials, tokens from the environment) are masked by value as well,
 * in every form Waybill put them on the wire: see {@link secretForms} and {@link secretsOfUrl}.
 */

/** What a masked value becomes. */
export const REDACTED = '***';

// scheme://user:password@host → scheme://user:***@host (user may be empty)
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*):([^\s@/?#]+)@/gi;

// Authorization: Bearer abc / "authorization": "Basic abc" / authorization=abc (scheme kept, value masked)
const AUTHORIZATION =
  /(\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?)(?:(bearer|basic|digest|token|apikey)([ \t]+))?([^\s"',;})\]>&#]+)/gi;

const SECRET_NAME = String.raw`[a-z0-9_.-]*(?:token|password|passwd|pwd|secret|api[-_]?key)[a-z0-9_]*`;

// token=…, password=…, apikey=… and friends, in query strings, env assignments and logs
// (NATS_TOKEN=…, ?access_token=…, db_password="…", x-api-key=…). A quoted value may have spaces around
// `=`; a bare value must follow `=` directly, so `token=` at a line's end never takes the next word.
const KEY_VALUE = new RegExp(String.raw`(\b${SECRET_NAME})(?:([ \t]*=[ \t]*)("[^"\n]*"|'[^'\n]*')|(=)([^\s&;,'"#)\]}>]+))`, 'gi');

// "password": "…", "api_key": "…" in JSON a service echoed, and the same JSON quoted inside a JSON string
const JSON_FIELD = new RegExp(String.raw`("${SECRET_NAME}"[ \t]*:[ \t]*)"((?:[^"\\\n]|\\.)*)"`, 'gi');
const ESCAPED_JSON_FIELD = new RegExp(String.raw`(\\"${SECRET_NAME}\\"[ \t]*:[ \t]*)\\"[^"\\\n]*\\"`, 'gi');

// Query parameters that carry signatures and keys: ?sig=…&X-Amz-Signature=…&code=…
const QUERY_SECRET =
  /([?&](?:sig|signature|key|code|auth|hmac|credential|session|x-amz-[a-z-]+|x-goog-[a-z-]+)=)([^\s&#"'<>)\]}]+)/gi;

function maskQuoted(value: string): string {
  const quote = value[0];
  return quote === '"' || quote === "'" ? `${quote}${REDACTED}${quote}` : REDACTED;
}

/** Returns `text` with secrets replaced by `***`. Idempotent; text without secrets comes back unchanged. */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, (_m, head: string) => `${head}:${REDACTED}@`)
    .replace(
      AUTHORIZATION,
      (_m, head: string, scheme: string | undefined, space: string | undefined) =>
        `${head}${scheme ? `${scheme}${space}` : ''}${REDACTED}`,
    )
    .replace(QUERY_SECRET, (_m, head: string) => `${head}${REDACTED}`)
    .replace(JSON_FIELD, (_m, head: string) => `${head}"${REDACTED}"`)
    .replace(ESCAPED_JSON_FIELD, (_m, head: string) => `${head}\\"${REDACTED}\\"`)
    .replace(KEY_VALUE, (_m, key: string, eqQuoted: string | undefined, quoted: string | undefined, eq: string | undefined) =>
      quoted !== undefined ? `${key}${eqQuoted}${maskQuoted(quoted)}` : `${key}${eq}${REDACTED}`,
    );
}

/** Shortest secret masked by value: shorter ones would mask ordinary words. */
export const MIN_SECRET_LENGTH = 4;

/**
 * A secret value in every form Waybill puts it on the wire or a service may echo it: as is, percent-encoded,
 * JSON-escaped, and base64 (as in a Basic header). Forms shorter than {@link MIN_SECRET_LENGTH} are left out.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')]);
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/**
 * The secrets a URL carries, in every form: its password, `user:password` (and that pair in base64, the
 * Basic header Waybill builds from it), or a token given as the user part (`nats://TOKEN@host`).
 */
export function secretsOfUrl(url: string): string[] {
  let user: string;
  let pass: string;
  try {
    const u = new URL(url);
    user = safeDecode(u.username);
    pass = safeDecode(u.password);
  } catch {
    const m = /\/\/([^\s:@/]*)(?::([^\s@/]*))?@/.exec(url);
    if (!m) return [];
    user = safeDecode(m[1] ?? '');
    pass = safeDecode(m[2] ?? '');
  }
  if (pass) return [...secretForms(`${user}:${pass}`), ...secretForms(pass)];
  return user ? secretForms(user) : [];
}

/**
 * The secrets of an Authorization value from the environment (`Bearer abc`, `Basic base64`, a bare token):
 * the whole value, the credential after the scheme, and for Basic the decoded `user:password` and password.
 */
export function secretsOfAuthorization(value: string): string[] {
  const out = [...secretForms(value)];
  const m = /^(\w+)\s+(.+)$/.exec(value.trim());
  const credential = m ? m[2] : value.trim();
  out.push(...secretForms(credential));
  if (m && m[1].toLowerCase() === 'basic') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0 && /^[\x20-\x7e]+$/.test(decoded)) out.push(decoded, ...secretForms(decoded.slice(colon + 1)));
  }
  return [...new Set(out)].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
