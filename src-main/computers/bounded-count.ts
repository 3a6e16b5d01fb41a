import type { Knex } from 'knex';
import { AppError } from '../platform/errors';

/**
 * A COUNT that the server stops after `ms` milliseconds: null then ("not counted in time"). Without the
 * optional indexes, counting a software search on 100,000 computers reads the software rows of every
 * candidate (seconds on a loaded server); the page never waits for it (page-walk.ts) and no request
 * holds a connection for minutes. MariaDB: `SET STATEMENT max_statement_time = s FOR …`; MySQL: the
 * `MAX_EXECUTION_TIME(ms)` optimizer hint.
 */
export async function countWithin(k: Knex, count: Knex.QueryBuilder, ms: number): Promise<number | null> {
  const rows = await rowsWithin<{ n: number | string }>(k, count, ms);
  return rows === null ? null : Number(rows[0]?.n ?? 0);
}

/**
 * The rows of a SELECT that the server stops after `ms` milliseconds: null then. Same statement
 * budget as countWithin (also the first page of a list on a fleet being written, computers.service.ts).
 */
export async function rowsWithin<T>(k: Knex, query: Knex.QueryBuilder, ms: number): Promise<T[] | null> {
  const { sql, bindings } = query.toSQL();
  // Numbers we compute, never user text; the statement itself keeps its bindings.
  const limit = Math.max(1, Math.round(ms));
  const text = (await isMariaDb(k))
    ? `SET STATEMENT max_statement_time = ${(limit / 1000).toFixed(3)} FOR ${sql}`
    : sql.replace(/^\s*select\s/i, `select /*+ MAX_EXECUTION_TIME(${limit}) */ `);
  try {
    const [rows] = (await k.raw(text, bindings as Knex.RawBinding[])) as [T[]];
    return rows;
  } catch (e) {
    if (isTimeout(e)) return null;
    throw e;
  }
}

function isTimeout(e: unknown): boolean {
  if (e instanceof AppError) return e.code === 'DB_QUERY_KILLED' && e.params.reason === 'max_statement_time';
  const errno = (e as { errno?: number }).errno;
  return errno === 1969 || errno === 3024;
}

const flavors = new WeakMap<Knex, Promise<boolean>>();

function isMariaDb(k: Knex): Promise<boolean> {
  let p = flavors.get(k);
  if (!p) {
    p = k
      .raw('SELECT VERSION() AS v')
      .then(([rows]: [Array<{ v: string }>]) => /mariadb/i.test(rows[0]?.v ?? ''));
    flavors.set(k, p);
    p.catch(() => flavors.delete(k));
  }
  return p;
}
