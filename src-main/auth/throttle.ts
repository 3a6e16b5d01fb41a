import type { Knex } from 'knex';
import { AppError } from '../platform/errors';
import { configInt, tableExists } from '../operators/operators.repo';

/**
 * Login throttling shared with ocsreports: when config SECURITY_AUTHENTICATION_BLOCK_IP is 1 and
 * the `auth_attempt` table exists (schema 7042+), failures are recorded there and an address with
 * NB_ATTEMPT failures, the latest younger than TIME_BLOCK seconds, is refused. The "address" is
 * the client host as the database server sees this connection (USER()'s host part).
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

async function clientHost(k: Knex): Promise<string> {
  const [rows] = (await k.raw("SELECT SUBSTRING_INDEX(USER(), '@', -1) AS h")) as [Array<{ h: string }>];
  return rows[0]?.h ?? 'unknown';
}

export class LoginThrottle {
  private constructor(
    private readonly k: Knex,
    private readonly p: Policy | null,
    private readonly ip: string,
  ) {}

  static async open(k: Knex): Promise<LoginThrottle> {
    const p = await policy(k);
    return new LoginThrottle(k, p, p ? await clientHost(k) : '');
  }

  /** Throws AUTH_TOO_MANY_ATTEMPTS while the address is blocked; purges expired failures. */
  async check(): Promise<void> {
    if (!this.p) return;
    const { attempts, seconds } = this.p;
    const r = (await this.k('auth_attempt')
      .where({ IP: this.ip, SUCCESS: 0 })
      .select(this.k.raw('COUNT(*) AS n, TIMESTAMPDIFF(SECOND, MAX(DATETIMEATTEMPT), NOW()) AS age'))
      .first()) as { n: number | string; age: number | null } | undefined;
    const n = Number(r?.n ?? 0);
    const age = r?.age === null || r?.age === undefined ? Infinity : Number(r.age);
    if (n >= attempts && age < seconds) {
      throw new AppError('AUTH_TOO_MANY_ATTEMPTS', { seconds: Math.max(1, seconds - age) });
    }
    if (n >= attempts) await this.k('auth_attempt').where({ IP: this.ip, SUCCESS: 0 }).del();
  }

  async failed(login: string): Promise<void> {
    if (!this.p) return;
    await this.k('auth_attempt').insert({
      DATETIMEATTEMPT: this.k.fn.now(),
      LOGIN: login.slice(0, 255),
      IP: this.ip,
      SUCCESS: 0,
    });
  }

  /** A good login clears this address's failures. */
  async succeeded(): Promise<void> {
    if (!this.p) return;
    await this.k('auth_attempt').where({ IP: this.ip, SUCCESS: 0 }).del();
  }
}
