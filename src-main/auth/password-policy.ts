import type { Knex } from 'knex';
import { readConfig } from '../platform/ocs/config';
import { AppError } from '../platform/errors';

/**
 * The OCS password policy, as ocsreports 2.11.1 enforces it on new and changed operator passwords
 * (`require/function_users.php` add_user; keys added by `files/update/7042.sql`): only when config
 * SECURITY_PASSWORD_ENABLED is 1, then
 * - SECURITY_PASSWORD_MIN_CHAR: at least that many bytes (PHP strlen of the UTF-8 text);
 * - SECURITY_PASSWORD_FORCE_NB = 1: an ASCII digit;
 * - SECURITY_PASSWORD_FORCE_UPPER = 1: an ASCII capital A-Z;
 * - SECURITY_PASSWORD_FORCE_SPE_CHAR = 1: one of SPECIAL_CHARS below.
 * A missing row counts as 0 (off), as ocsreports reads it.
 */
export interface PasswordPolicy {
  enabled: boolean;
  minBytes: number;
  digit: boolean;
  upper: boolean;
  special: boolean;
}

/** ocsreports' strpbrk() list, space included. */
export const SPECIAL_CHARS = '*.! @#$%^&(){}[]:;<>,.?/~_+-=|\\';

export type PolicyRule = 'length' | 'digit' | 'upper' | 'special';

const KEYS = [
  'SECURITY_PASSWORD_ENABLED',
  'SECURITY_PASSWORD_MIN_CHAR',
  'SECURITY_PASSWORD_FORCE_NB',
  'SECURITY_PASSWORD_FORCE_UPPER',
  'SECURITY_PASSWORD_FORCE_SPE_CHAR',
] as const;

export async function readPasswordPolicy(k: Knex): Promise<PasswordPolicy> {
  const cfg = await readConfig(k, KEYS);
  const v = (name: (typeof KEYS)[number]) => Number(cfg.get(name)?.effective ?? 0) || 0;
  return {
    enabled: v('SECURITY_PASSWORD_ENABLED') === 1,
    minBytes: Math.max(0, v('SECURITY_PASSWORD_MIN_CHAR')),
    digit: v('SECURITY_PASSWORD_FORCE_NB') === 1,
    upper: v('SECURITY_PASSWORD_FORCE_UPPER') === 1,
    special: v('SECURITY_PASSWORD_FORCE_SPE_CHAR') === 1,
  };
}

/** The rules `password` breaks, in the order ocsreports checks them (empty when the policy is off). */
export function brokenRules(p: PasswordPolicy, password: string): PolicyRule[] {
  if (!p.enabled) return [];
  const out: PolicyRule[] = [];
  if (Buffer.byteLength(password, 'utf8') < p.minBytes) out.push('length');
  if (p.digit && !/[0-9]/.test(password)) out.push('digit');
  if (p.upper && !/[A-Z]/.test(password)) out.push('upper');
  if (p.special && ![...password].some((c) => SPECIAL_CHARS.includes(c))) out.push('special');
  return out;
}

/**
 * Throws AUTH_PASSWORD_POLICY naming the first broken rule (`context` selects the message text,
 * `rules` lists them all), or returns.
 */
export async function enforcePasswordPolicy(k: Knex, password: string): Promise<void> {
  const p = await readPasswordPolicy(k);
  const broken = brokenRules(p, password);
  if (broken.length === 0) return;
  throw new AppError('AUTH_PASSWORD_POLICY', {
    context: broken[0]!,
    rules: broken.join(','),
    min: p.minBytes,
  });
}
