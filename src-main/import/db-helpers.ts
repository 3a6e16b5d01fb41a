import type { Knex } from 'knex';

type Trx = Knex.Transaction;

export const rowsOf = async <T>(p: Promise<unknown>): Promise<T[]> => ((await p) as [T[]])[0];

/** Perl truthiness of a string ('' and '0' are false). */
export const truthy = (v: string | undefined | null): v is string =>
  v !== undefined && v !== null && v !== '' && v !== '0';

/** `locks` row, taken over when older than LOCK_REUSE_TIME (MEMORY table: not transactional). */
export async function lockDevice(trx: Trx, hid: number, owner: number, reuse: number): Promise<boolean> {
  try {
    await trx.raw('INSERT INTO locks (HARDWARE_ID, ID, SINCE) VALUES (?, ?, NOW())', [hid, owner]);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ER_DUP_ENTRY') throw e;
  }
  if (!reuse) return false;
  const upd = await trx.raw(
    'UPDATE locks SET ID = ?, SINCE = NOW() WHERE HARDWARE_ID = ? AND (ID = ? OR UNIX_TIMESTAMP() - UNIX_TIMESTAMP(SINCE) > ?)',
    [owner, hid, owner, reuse],
  );
  return Number((upd as [{ affectedRows: number }])[0].affectedRows) > 0;
}

export async function unlockDevice(k: Knex | Trx, hid: number, owner: number): Promise<void> {
  await k.raw('DELETE FROM locks WHERE HARDWARE_ID = ? AND ID = ?', [hid, owner]);
}

type Binds = readonly unknown[];

/** Rough wire size of a statement and its values (to keep a multi-statement well under max_allowed_packet). */
function approxBytes(sql: string, binds: Binds): number {
  let n = sql.length;
  for (const b of binds) n += typeof b === 'string' ? b.length * 3 : 8;
  return n;
}

/**
 * Write statements of one file, sent several per round trip when the import session allows multiple
 * statements (dedicated import pool), else one by one. Order is kept; `flush()` before reading.
 */
export class StatementBatch {
  private sql: string[] = [];
  private binds: unknown[] = [];
  private bytes = 0;
  constructor(
    private readonly trx: Trx,
    private readonly multi: boolean,
    private readonly maxBytes = 1 << 20,
  ) {}

  async add(sql: string, binds: Binds = []): Promise<void> {
    if (!this.multi) {
      await this.trx.raw(sql, binds as Knex.Value[]);
      return;
    }
    const n = approxBytes(sql, binds);
    if (this.sql.length > 0 && this.bytes + n > this.maxBytes) await this.flush();
    this.sql.push(sql);
    this.binds.push(...binds);
    this.bytes += n;
  }

  /** Sends what is pending, then `reads` (in the same round trip when allowed); returns the rows of each read. */
  async flush(reads: Array<[string, Binds]> = []): Promise<unknown[][]> {
    if (!this.multi || this.sql.length === 0) return selectMany(this.trx, this.multi, reads);
    const sql = [...this.sql, ...reads.map((r) => r[0])].join(';\n');
    const binds = [...this.binds, ...reads.flatMap((r) => r[1])];
    const count = this.sql.length + reads.length;
    this.sql = [];
    this.binds = [];
    this.bytes = 0;
    const res = await rowsOf<unknown>(this.trx.raw(sql, binds as Knex.Value[]));
    const sets = count === 1 ? [res] : (res as unknown[][]);
    return sets.slice(sets.length - reads.length);
  }
}

/** Runs SELECTs in one round trip when multiple statements are allowed; returns the rows of each. */
export async function selectMany(
  trx: Trx,
  multi: boolean,
  queries: Array<[string, Binds]>,
): Promise<unknown[][]> {
  if (queries.length === 0) return [];
  if (!multi || queries.length === 1) {
    const out: unknown[][] = [];
    for (const [sql, b] of queries) out.push(await rowsOf(trx.raw(sql, b as Knex.Value[])));
    return out;
  }
  const sets = await rowsOf<unknown[]>(
    trx.raw(queries.map((q) => q[0]).join(';\n'), queries.flatMap((q) => q[1]) as Knex.Value[]),
  );
  return sets;
}
