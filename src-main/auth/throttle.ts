import type { Knex } from 'knex';
import { AppError } from '../platform/errors';
import { configInt } from '../platform/ocs/config';
import { tableExists } from '../platform/ocs/schema-facts';

/**
 * Login throttling shared with ocsreports (facts: ocsreports 2.11.1 `backend/AUTH/auth.php`): when
 * config SECURITY_AUTHENTICATION_BLOCK_IP is 1 and the `auth_attempt` table exists (schema 7042+),
 * every failure is a row there, and NB_ATTEMPT rows whose latest is younger than TIME_BLOCK seconds
 * block; rows whose latest is older are purged. ocsreports counts per address and never deletes
 * rows on success; OCS Desk counts per address **and** per login, and does not delete either.
 *
 * Atomic: the check and the failure row are one committed step under a named lock, taken before the
 * password is checked (the row is deleted again if the password was right), so parallel requests cannot get
 * more guesses than the limit. The "address" is this computer's host as the database server sees
 * the connection (USER()'s host part).
 */
interface Policy {
  attempts: number;
  seconds: number;
}

async function policy(k: Knex): Promise<Policy | null> {
  if (!(await tableExists(k, 'auth_attempt'))) return null;
  if ((await configInt(k, 'SECURITY_AUTHENTICATION_BLOCK_IP')) !== 1) return null;
  const attempts = Math.max(1, (await configInt(k, 'SECURITY_AUTHENTICATION_NB_ATTEMPT')) ?? 1);
  const seconds = Math.max(1, (await configInt(k, 'SECURITY_AUTHENTICATION_TIME_BLOCK')) ?? 1);
  return { attempts, seconds };
}

/** auth_attempt columns are utf8 (3-byte): characters outside the BMP cannot be stored there. */
const storable = (s: string) => s.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD').slice(0, 255);

const LOCK_WAIT_SECONDS = 10;

export class LoginThrottle {
  private reservation: number | null = null;

  private constructor(
    private readonly k: Knex,
    private readonly p: Policy | null,
  ) {}

  static async open(k: Knex): Promise<LoginThrottle> {
    return new LoginThrottle(k, await policy(k));
  }

  /**
   * Refuses (AUTH_TOO_MANY_ATTEMPTS) while the address or the login is blocked; otherwise records
   * this attempt as a failure in advance. Expired series are purged as ocsreports does.
   */
  async reserve(login: string): Promise<void> {
    if (!this.p) return;
    const { attempts, seconds } = this.p;
    const name = storable(login);
    // The named lock is held on the transaction's connection until after its COMMIT: released
    // before it (inside the transaction), a parallel request could count before this row is visible.
    const conn: unknown = await this.k.client.acquireConnection();
    const onConn = (sql: string, b: Knex.RawBinding[]) => this.k.raw(sql, b).connection(conn);
    try {
      const lockName = `ocs_desk_auth_attempt.${(await currentDb(this.k)).slice(0, 40)}`;
      const [got] = (await onConn('SELECT GET_LOCK(?, ?) AS l', [lockName, LOCK_WAIT_SECONDS])) as [
        Array<{ l: number | null }>,
      ];
      if (Number(got[0]?.l) !== 1) throw new AppError('AUTH_TOO_MANY_ATTEMPTS', { seconds: 1 });
      try {
        await this.k.transaction(
          async (trx) => {
            const [hostRows] = (await trx.raw("SELECT SUBSTRING_INDEX(USER(), '@', -1) AS h")) as [
              Array<{ h: string }>,
            ];
            const ip = storable(hostRows[0]?.h ?? 'unknown');
            let wait = 0;
            // The per-login series compares logins case-insensitively, as operators.ID does.
            for (const series of [
              (q: Knex.QueryBuilder) => q.where('IP', ip),
              (q: Knex.QueryBuilder) => q.whereRaw('LOWER(LOGIN) = LOWER(?)', [name]),
            ]) {
              const r = (await series(trx('auth_attempt').where('SUCCESS', 0))
                .select(trx.raw('COUNT(*) AS n, TIMESTAMPDIFF(SECOND, MAX(DATETIMEATTEMPT), NOW()) AS age'))
                .first()) as { n: number | string; age: number | string | null } | undefined;
              const n = Number(r?.n ?? 0);
              const age = r?.age === null || r?.age === undefined ? Infinity : Number(r.age);
              if (n > 0 && age >= seconds) await series(trx('auth_attempt').where('SUCCESS', 0)).del();
              else if (n >= attempts) wait = Math.max(wait, seconds - age);
            }
            if (wait > 0) throw new AppError('AUTH_TOO_MANY_ATTEMPTS', { seconds: Math.max(1, wait) });
            const [id] = await trx('auth_attempt').insert({
              DATETIMEATTEMPT: trx.fn.now(),
              LOGIN: name,
              IP: ip,
              SUCCESS: 0,
            });
            this.reservation = Number(id);
          },
          { connection: conn },
        );
      } finally {
        await onConn('SELECT RELEASE_LOCK(?)', [lockName]);
      }
    } finally {
      await this.k.client.releaseConnection(conn);
    }
  }

  /** The password was right: only this attempt's own row goes; other failures stay counted. */
  async succeeded(): Promise<void> {
    if (this.reservation === null) return;
    await this.k('auth_attempt').where('ID', this.reservation).del();
    this.reservation = null;
  }
}

async function currentDb(k: Knex): Promise<string> {
  const [rows] = (await k.raw('SELECT DATABASE() AS d')) as [Array<{ d: string | null }>];
  return rows[0]?.d ?? '';
}
