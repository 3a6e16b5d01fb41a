import type { Knex } from 'knex';

/** UNIX seconds of a table's last write (null: none known) and of its creation (TRUNCATE renews it). */
export interface TableTimes {
  updateS: number | null;
  createS: number | null;
}

/**
 * InnoDB sets `information_schema.TABLES.UPDATE_TIME` at the commit of every write, to the second; a
 * TRUNCATE or a re-created table has a new CREATE_TIME. One small read of information_schema (the names
 * are looked up, no table is scanned).
 */
export async function tableTimes(k: Knex, tables: string[]): Promise<Map<string, TableTimes>> {
  const [rows] = (await k.raw(
    `SELECT TABLE_NAME AS t, UNIX_TIMESTAMP(UPDATE_TIME) AS u, UNIX_TIMESTAMP(CREATE_TIME) AS c
       FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${tables.map(() => '?').join(', ')})`,
    tables,
  )) as [Array<{ t: string; u: number | string | null; c: number | string | null }>];
  const out = new Map<string, TableTimes>();
  for (const t of tables) {
    const r = rows.find((x) => x.t.toLowerCase() === t);
    out.set(t, { updateS: r?.u == null ? null : Number(r.u), createS: r?.c == null ? null : Number(r.c) });
  }
  return out;
}

/**
 * Did none of these tables change since the UNIX second `sinceS` (the start of the statement that read
 * them)? A write committed after that statement began has an UPDATE_TIME of that second or later, so
 * "unchanged" needs every table's time strictly older. NULL (no write since the server started, or the
 * table left InnoDB's cache) proves nothing and counts as changed.
 */
export async function unchangedSince(k: Knex, tables: string[], sinceS: number): Promise<boolean> {
  const times = await tableTimes(k, tables);
  return tables.every((t) => {
    const u = times.get(t)?.updateS;
    return u != null && u < sinceS;
  });
}
