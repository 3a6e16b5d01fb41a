import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { HashScheme } from '../../shared/contract/operators';

/**
 * Operator password hashes as ocsreports stores them in `operators.PASSWD`, keyed by
 * `operators.PASSWORD_VERSION` (facts: ocs-compat.md 5.2, spec README decision 6):
 * - 0: MD5 hex of the password (legacy); ocsreports hashes the tag-stripped form of the input
 *   and compares in SQL, i.e. case-insensitively;
 * - 1: bcrypt (`$2y$`), what OCS Desk writes;
 * - 2: unsalted SHA-256 hex, what ocsreports 2.11.1 writes.
 */
export const BCRYPT_VERSION = 1;
const BCRYPT_COST = 11;

const HEX32 = /^[0-9a-f]{32}$/i;
const HEX64 = /^[0-9a-f]{64}$/i;
const BCRYPT = /^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$/;

function hex(algo: 'md5' | 'sha256', text: string): string {
  return createHash(algo).update(text, 'utf8').digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Rough equivalent of the tag stripping ocsreports applies to the posted password before MD5. */
export function stripTags(text: string): string {
  return text.replace(/<\/?[A-Za-z!?][^>]*>?/g, '');
}

/** What a stored hash is, from its version and its shape (shape wins for odd legacy rows). */
export function schemeOf(passwd: string | null, version: number | null): HashScheme {
  if (!passwd) return 'none';
  if (BCRYPT.test(passwd)) return 'bcrypt';
  if (HEX64.test(passwd)) return 'sha256';
  if (HEX32.test(passwd)) return 'md5';
  return version === 1 ? 'bcrypt' : 'unknown';
}

/**
 * How `password` matches the stored hash: `raw` (as typed), `stripped` (only its tag-stripped form
 * matched a legacy MD5 hash, as ocsreports compares it), or null. Each scheme is tried by the
 * version first, then by the hash's shape, so a row whose PASSWORD_VERSION is NULL or stale works.
 */
export async function matchPassword(
  password: string,
  passwd: string | null,
  version: number | null,
): Promise<'raw' | 'stripped' | null> {
  if (!passwd) return null;
  switch (schemeOf(passwd, version)) {
    case 'bcrypt':
      try {
        return (await bcrypt.compare(password, passwd.replace(/^\$2y\$/, '$2b$'))) ? 'raw' : null;
      } catch {
        return null;
      }
    case 'sha256':
      return sameHex(hex('sha256', password), passwd) ? 'raw' : null;
    case 'md5':
      // The raw form is what older consoles hashed; ocsreports checks the tag-stripped input.
      if (sameHex(hex('md5', password), passwd)) return 'raw';
      return sameHex(hex('md5', stripTags(password)), passwd) ? 'stripped' : null;
    default:
      return null;
  }
}

/** True when `password` matches the stored hash (see matchPassword). */
export async function verifyPassword(
  password: string,
  passwd: string | null,
  version: number | null,
): Promise<boolean> {
  return (await matchPassword(password, passwd, version)) !== null;
}

/** New hash as OCS Desk writes it: bcrypt with the `$2y$` prefix PHP's password_verify expects. */
export async function hashPassword(password: string): Promise<{ passwd: string; version: number }> {
  const h = await bcrypt.hash(password, BCRYPT_COST);
  return { passwd: h.replace(/^\$2[ab]\$/, '$2y$'), version: BCRYPT_VERSION };
}

/** Why a stored hash is weak, or null. Unsalted hashes fall to precomputed tables. */
export function weakness(scheme: HashScheme): string | null {
  switch (scheme) {
    case 'md5':
      return 'MD5, unsalted';
    case 'sha256':
      return 'SHA-256, unsalted';
    case 'none':
      return 'no password';
    case 'unknown':
      return 'unknown format';
    default:
      return null;
  }
}

/** The default account (admin/admin) and passwords equal to the login must be changed first. */
export function isDefaultPassword(login: string, password: string): boolean {
  return password === 'admin' || password.toLowerCase() === login.toLowerCase();
}

/** Null when acceptable, else the reason (AUTH_WEAK_PASSWORD detail). */
export function passwordProblem(login: string, password: string): string | null {
  if ([...password].length < 8) return 'fewer than 8 characters';
  if (isDefaultPassword(login, password)) return 'same as the login or "admin"';
  if (/^(.)\1*$/.test(password)) return 'a single repeated character';
  return null;
}
