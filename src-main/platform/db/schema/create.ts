import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import { createTableSql, ident } from './ddl';
import { CONFIG_ROWS, SEED_TABLES, type SeedValue } from './seeds';
import { OCS_TABLES } from './tables';
import { OPERATOR_COLUMNS } from '../../ocs/operator-accounts';

export interface SchemaProgress {
  signal?: AbortSignal;
  progress?: (done: number, total: number, note: string) => void;
}

/** PHP's bcrypt prefix: ocsreports writes `$2y$`; same algorithm as bcryptjs' `$2b$`. */
export function phpBcrypt(password: string): string {
  return bcrypt.hashSync(password, 10).replace(/^\$2[ab]\$/, '$2y$');
}

/**
 * The default operator (admin/admin, profile sadmin), stored as bcrypt with PASSWORD_VERSION 1,
 * which ocsreports 2.11.1 accepts. Whoever logs in with it must change the password first.
 */
export function defaultOperatorSeed(): { columns: string[]; row: SeedValue[] } {
  return {
    // The same columns login reads, in the same order as `row` below.
    columns: [...OPERATOR_COLUMNS],
    row: [
      'admin',
      'admin',
      'admin',
      phpBcrypt('admin'),
      1,
      'Default administrator: change its password',
      'sadmin',
      null,
      null,
      1,
    ],
  };
}

async function insertRows(
  k: Knex | Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SeedValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const objs = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null])));
  await k(table).insert(objs);
}

/** Every seed row of a new database, in one transaction. */
export async function insertSeeds(k: Knex): Promise<number> {
  let n = 0;
  await k.transaction(async (trx) => {
    await insertRows(trx, 'config', ['NAME', 'IVALUE', 'TVALUE', 'COMMENTS'], CONFIG_ROWS);
    n += CONFIG_ROWS.length;
    for (const s of SEED_TABLES) {
      await insertRows(trx, s.table, s.columns, s.rows);
      n += s.rows.length;
    }
    const op = defaultOperatorSeed();
    await insertRows(trx, 'operators', op.columns, [op.row]);
    n += 1;
  });
  return n;
}

/**
 * Creates every table of the superset schema in the (empty) database `k` is bound to, then the
 * seed rows. GUI_VERSION is among the seeds, so a half-created database never claims a level.
 */
export async function createSchema(
  k: Knex,
  ctl: SchemaProgress = {},
): Promise<{ tables: number; rows: number }> {
  const total = OCS_TABLES.length + 1;
  let done = 0;
  for (const t of OCS_TABLES) {
    ctl.signal?.throwIfAborted();
    ctl.progress?.(done, total, `table ${t.name}`);
    await k.raw(createTableSql(t));
    done += 1;
  }
  ctl.signal?.throwIfAborted();
  ctl.progress?.(done, total, 'default rows');
  const rows = await insertSeeds(k);
  ctl.progress?.(total, total, 'done');
  return { tables: OCS_TABLES.length, rows };
}

/** Table names of a database (for the "is it empty" check before init). */
export async function tablesIn(k: Knex, database: string): Promise<string[]> {
  const rows = (await k('information_schema.TABLES')
    .where('TABLE_SCHEMA', database)
    .select('TABLE_NAME as t')) as Array<{ t: string }>;
  return rows.map((r) => r.t);
}

export { ident };
