/**
 * Files of Waybill's caches, signed so that none is ever trusted unless this machine wrote it. A cache
 * folder can sit inside a catalog, whose content is untrusted: a cache entry committed beside a broken file
 * could otherwise hide its findings, and cached validator code would run. Each file starts with an
 * HMAC-SHA256 of its body under a random key kept in the user's own cache folder (never in a catalog), so a
 * cache copied from elsewhere, truncated, corrupted or edited by hand fails the check and is ignored.
 */
import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The user's cache folder for Waybill: `$XDG_CACHE_HOME/waybill`, else `~/.cache/waybill`. */
export function userCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'waybill');
}

let key: Buffer | null | undefined;

/** This machine's signing key, made on first use; null when it can be neither read nor made (no cache then). */
export function signingKey(): Buffer | null {
  if (key !== undefined) return key;
  const file = path.join(userCacheDir(), 'cache-key');
  try {
    key = readFileSync(file);
    if (key.length < 32) throw new Error('short key');
  } catch {
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeAtomically(file, randomBytes(32), 0o600);
      key = readFileSync(file);
    } catch {
      key = null;
    }
  }
  return key;
}

/** A short content digest (SHA-256, base64url, 144 bits): the cache's key for a file's bytes. */
export function digest(text: string): string {
  // The one-shot `hash` makes no Hash object: a warm lint of 10,000 messages takes tens of thousands of digests.
  return hash('sha256', text, 'base64url').slice(0, 24);
}

/** The body of a signed file, or undefined when it is missing, unsigned, altered or not ours. */
export function readSigned(file: string): string | undefined {
  const secret = signingKey();
  if (!secret) return undefined;
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = raw.indexOf('\n');
  if (newline !== 64) return undefined;
  const body = raw.slice(newline + 1);
  const expected = createHmac('sha256', secret).update(body).digest();
  const written = Buffer.from(raw.slice(0, newline), 'hex');
  return written.length === expected.length && timingSafeEqual(written, expected) ? body : undefined;
}

/** Writes a signed file atomically (a reader sees the old file or the new one, never half of one); false when it cannot. */
export function writeSigned(file: string, body: string): boolean {
  const secret = signingKey();
  if (!secret) return false;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeAtomically(file, `${createHmac('sha256', secret).update(body).digest('hex')}\n${body}`);
    return true;
  } catch {
    return false;
  }
}

function writeAtomically(file: string, data: string | Buffer, mode?: number): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, data, mode === undefined ? undefined : { mode });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
