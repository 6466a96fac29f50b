/**
 * Masks secrets in text before it is printed: passwords in URLs, Authorization header values and
 * `token=` / `password=` / `apikey=`-style values. Every diagnostic formatter runs messages, hints and
 * file labels through it, because contract verification quotes broker URLs and HTTP requests.
 */

/** What a masked value becomes. */
export const REDACTED = '***';

// scheme://user:password@host → scheme://user:***@host (user may be empty)
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*):([^\s@/?#]+)@/gi;

// Authorization: Bearer abc / "authorization": "Basic abc" / authorization=abc (scheme kept, value masked)
const AUTHORIZATION =
  /(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|digest|token|apikey)(\s+))?([^\s"',;})\]>]+)/gi;

// token=…, password=…, apikey=… and friends, in query strings, env assignments and logs
// (NATS_TOKEN=…, ?access_token=…, db_password="…", x-api-key=…)
const KEY_VALUE =
  /(\b[a-z0-9_.-]*(?:token|password|passwd|pwd|secret|api[-_]?key)[a-z0-9_]*)(\s*=\s*)("[^"]*"|'[^']*'|[^\s&;,'"]+)/gi;

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
    .replace(KEY_VALUE, (_m, key: string, eq: string, value: string) => `${key}${eq}${maskQuoted(value)}`);
}
