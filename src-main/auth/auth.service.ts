import type { Knex } from 'knex';
import type { OperatorInfo } from '../../shared/contract/auth';
import type { Right } from '../../shared/contract/route';
import { mayWrite, type DbAccess } from '../platform/db/grants';
import { AppError } from '../platform/errors';
import { log } from '../platform/log/logger';
import type { Operator, Session } from '../platform/rpc/session';
import {
  expandTags,
  findOperator,
  setPassword,
  tagsOf,
  type OperatorDbRow,
} from '../platform/ocs/operator-accounts';
import { isTagRestricted, loadProfileMap, rightsOfProfile } from '../operators/rights';
import { reserveLocalAttempt } from './local-throttle';
import { enforcePasswordPolicy } from './password-policy';
import {
  hashPassword,
  isDefaultPassword,
  matchPassword,
  passwordProblem,
  schemeOf,
  verifyPassword,
} from './passwords';
import { LoginThrottle } from './throttle';

/** Details shown by auth.me that the router's Operator does not carry. */
interface OperatorExtra {
  firstName: string | null;
  lastName: string | null;
}
const extras = new WeakMap<Operator, OperatorExtra>();

/** A bcrypt hash of a random string: compared when the login does not exist, so timing does not tell. */
const DUMMY_HASH = '$2y$11$NBQRH1QbAM3Ubdr389kqm.1oc.RfYt7QTbzEqPaQh1DKT7pEaRSWC';

export function operatorInfo(op: Operator | null): OperatorInfo | null {
  if (!op) return null;
  const x = extras.get(op) ?? { firstName: null, lastName: null };
  return {
    login: op.id,
    profile: op.profile,
    rights: [...op.rights],
    refusedByDb: [...op.refusedByDb],
    mustChangePassword: op.mustChangePassword,
    tags: op.tags,
    ...x,
  };
}

/**
 * The rights a profile gives, split by what the DB account may do: on an account without write
 * grants on the database (a read-only account), every right but `browse` is refused by the database.
 */
export function splitByAccess(
  rights: readonly Right[],
  access: DbAccess,
): { rights: Right[]; refusedByDb: Right[] } {
  if (access.writeAll) return { rights: [...rights], refusedByDb: [] };
  return { rights: rights.filter((r) => r === 'browse'), refusedByDb: rights.filter((r) => r !== 'browse') };
}

/**
 * The session operator for a row: rights from the profile (custom ones as an Administrator mapped
 * them) less what the DB account's grants refuse, tags expanded now when the operator is restricted.
 */
export async function buildOperator(
  k: Knex,
  row: OperatorDbRow,
  mustChangePassword: boolean,
  access: DbAccess,
): Promise<Operator> {
  const [map, tagRows] = await Promise.all([loadProfileMap(k), tagsOf(k, row.ID)]);
  const restricted = isTagRestricted(row.NEW_ACCESSLVL, map, tagRows.length > 0);
  const op: Operator = {
    id: row.ID,
    profile: row.NEW_ACCESSLVL,
    ...splitByAccess(rightsOfProfile(row.NEW_ACCESSLVL, map), access),
    mustChangePassword,
    tags: restricted ? await expandTags(k, tagRows) : null,
    origin: 'login',
  };
  extras.set(op, { firstName: row.FIRSTNAME, lastName: row.LASTNAME });
  return op;
}

/**
 * Re-reads the session operator's row (router, before every write): a deleted operator is logged
 * out (AUTH_REQUIRED); a changed profile, mapping or perimeter applies at once.
 */
export async function refreshOperator(session: Session): Promise<void> {
  const op = session.operator;
  const db = session.db;
  if (!op || op.origin !== 'login' || !db) return;
  const row = await findOperator(db.knex, op.id);
  if (!row) {
    if (session.operator === op) session.operator = null;
    log.info('operator no longer exists; logged out', { login: op.id });
    throw new AppError('AUTH_REQUIRED', {});
  }
  const fresh = await buildOperator(db.knex, row, op.mustChangePassword, db.access);
  if (session.operator === op) session.operator = fresh;
}

/**
 * Every refused login answers no sooner than this after it started, whatever the stored scheme
 * (MD5, SHA-256, bcrypt of any cost) or an unknown login: timing tells nothing, and each guess
 * costs the guesser 1.5 s (ocsreports waits 2 s after a failure).
 */
export const FAILED_LOGIN_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function login(session: Session, loginName: string, password: string): Promise<OperatorInfo> {
  const db = session.db;
  if (!db) throw new AppError('DB_NOT_CONNECTED');
  const started = Date.now();
  const k = db.knex;
  session.operator = null;
  const t = db.target;
  const release = reserveLocalAttempt(`${t.host}:${t.port}/${t.database}`, loginName);
  const throttle = await LoginThrottle.open(k);
  try {
    await throttle.reserve(loginName);
  } catch (e) {
    release(); // refused before any password was checked: not a guess
    throw e;
  }
  const row = await findOperator(k, loginName);
  const scheme = row ? schemeOf(row.PASSWD, row.PASSWORD_VERSION) : 'none';
  const matched = row ? await matchPassword(password, row.PASSWD, row.PASSWORD_VERSION) : null;
  // Unknown logins and fast legacy hashes pay the same bcrypt comparison as a bcrypt row.
  if (scheme !== 'bcrypt') await verifyPassword(password, DUMMY_HASH, 1);
  if (!row || !matched) {
    log.info('operator login refused', { login: loginName.slice(0, 255) });
    await sleep(started + FAILED_LOGIN_MS - Date.now());
    throw new AppError('AUTH_BAD_CREDENTIALS');
  }
  release();
  await throttle.succeeded();
  // Unsalted legacy hashes are replaced by bcrypt (version 1, which ocsreports 2.11.1 accepts),
  // but only from the password as typed: when just its tag-stripped form matched an MD5 hash, the
  // typed text is not the password, and hashing it would lock the real one out.
  // A read-only DB account cannot rewrite it: the legacy hash stays until a login on a writing account.
  if (
    (scheme === 'md5' || scheme === 'sha256') &&
    matched === 'raw' &&
    mayWrite(db.access, 'operators', 'update')
  ) {
    const h = await hashPassword(password);
    await setPassword(k, row.ID, h.passwd, h.version);
  }
  const op = await buildOperator(k, row, isDefaultPassword(row.ID, password), db.access);
  session.operator = op;
  log.info('operator logged in', { login: op.id, profile: op.profile });
  return operatorInfo(op)!;
}

export function logout(session: Session): { ok: true } {
  session.operator = null;
  return { ok: true };
}

export async function changePassword(session: Session, current: string, next: string): Promise<OperatorInfo> {
  const op = session.operator;
  const db = session.db;
  if (!op) throw new AppError('AUTH_REQUIRED', { route: 'auth.changePassword' });
  if (!db) throw new AppError('DB_NOT_CONNECTED');
  const row = await findOperator(db.knex, op.id);
  if (!row) {
    session.operator = null;
    throw new AppError('AUTH_REQUIRED', { route: 'auth.changePassword' });
  }
  if (!(await verifyPassword(current, row.PASSWD, row.PASSWORD_VERSION)))
    throw new AppError('AUTH_BAD_CREDENTIALS');
  const problem = passwordProblem(row.ID, next);
  if (problem) throw new AppError('AUTH_WEAK_PASSWORD', { detail: problem });
  if (next === current) throw new AppError('AUTH_WEAK_PASSWORD', { detail: 'same as the current password' });
  await enforcePasswordPolicy(db.knex, next);
  const h = await hashPassword(next);
  await setPassword(db.knex, row.ID, h.passwd, h.version);
  const updated = await buildOperator(db.knex, row, false, db.access);
  session.operator = updated;
  log.info('operator changed its password', { login: row.ID });
  return operatorInfo(updated)!;
}
