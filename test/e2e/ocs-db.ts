import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { test } from './fixtures';

/** A console operator for a test: `profile` is its NEW_ACCESSLVL (read-only, ladmin, admin, sadmin...). */
export interface TestOperator {
  login: string;
  password: string;
  profile: string;
  firstName?: string;
  lastName?: string;
}

/** Operators whose passwords are hashed as ocsreports 2.11 does (SHA-256, PASSWORD_VERSION 2). */
export async function addOperators(k: Knex, operators: TestOperator[]): Promise<void> {
  await k('operators').insert(
    operators.map((o) => ({
      ID: o.login,
      ...(o.firstName === undefined ? {} : { FIRSTNAME: o.firstName }),
      ...(o.lastName === undefined ? {} : { LASTNAME: o.lastName }),
      PASSWD: createHash('sha256').update(o.password).digest('hex'),
      PASSWORD_VERSION: 2,
      ACCESSLVL: 1,
      NEW_ACCESSLVL: o.profile,
    })),
  );
}

export interface OcsDbOptions {
  /** Computers made by the demo fleet generator (seedFleet), none when absent. */
  computers?: number;
  /** seedFleet's seed and insert batch (default: every computer in one batch). */
  seed?: number;
  batch?: number;
  /** Connections of the root pool the tests get. */
  poolMax?: number;
  /** The setup's own time limit, ms (default 120 s). */
  timeout?: number;
  operators?: TestOperator[];
  /** Anything else the describe block needs in the database, after the fleet and the operators. */
  setup?: (k: Knex) => Promise<void>;
}

/**
 * The setup most e2e describe blocks share: in beforeAll, a new OCS database (ocsreports' schema),
 * a root pool on it, a generated fleet and the operators; in afterAll, the pool closed and the
 * database dropped. Call it inside the describe block; read `db` and `k` in the tests.
 */
export function useOcsDb(opts: OcsDbOptions = {}): { readonly db: string; readonly k: Knex } {
  let db = '';
  let k: Knex | undefined;
  test.beforeAll(async () => {
    test.setTimeout(opts.timeout ?? 120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: opts.poolMax ?? 2 });
    if (opts.computers)
      await seedFleet(k, {
        computers: opts.computers,
        seed: opts.seed ?? 1,
        batch: opts.batch ?? opts.computers,
        concurrency: 1,
      });
    if (opts.operators?.length) await addOperators(k, opts.operators);
    await opts.setup?.(k);
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });
  return {
    get db() {
      return db;
    },
    get k() {
      if (!k) throw new Error('useOcsDb: the database is made in beforeAll, read it in a test');
      return k;
    },
  };
}
