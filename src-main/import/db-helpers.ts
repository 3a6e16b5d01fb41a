import type { Knex } from 'knex';

type Trx = Knex.Transaction;

export const rowsOf = async <T>(p: Promise<unknown>): Promise<T[]> => ((await p) as [T[]])[0];

/** Perl truthiness of a string ('' and '0' are false). */
export const truthy = (v: string | undefined | null): v is string =>
  v !== undefined && v !== null && v !== '' && v !== '0';

type Binds = readonly unknown[];

/**
 * Upper bound of the wire size of a statement and its values: a UTF-16 unit is at most 3 UTF-8 bytes,
 * and an escaped ASCII character 2; plus the quotes.
 */
export function approxBytes(sql: string, binds: Binds): number {
  let n = sql.length;
  for (const b of binds) n += typeof b === 'string' ? b.length * 3 + 2 : 24;
  return n;
}

/** Round trips of an import stay under 1 MiB, and under the server's max_allowed_packet with a margin. */
export function packetBudget(maxAllowedPacket: number): number {
  const byServer = maxAllowedPacket > 0 ? Math.floor(maxAllowedPacket * 0.9) - 4096 : 1 << 20;
  return Math.max(16 * 1024, Math.min(1 << 20, byServer));
}

/** Splits `items` into runs of at most `maxCount` whose summed `size` stays under `budget` (one item alone may not). */
export function chunkBySize<T>(
  items: readonly T[],
  size: (t: T) => number,
  budget: number,
  maxCount: number,
): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const it of items) {
    const n = size(it);
    if (cur.length > 0 && (bytes + n > budget || cur.length >= maxCount)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it);
    bytes += n;
  }
  if (cur.length > 0) out.push(cur);
  return out;
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
    /** packetBudget() of the batch's server. */
    readonly maxBytes: number,
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
    if (!this.multi || this.sql.length === 0) return selectMany(this.trx, this.multi, reads, this.maxBytes);
    const readBytes = reads.reduce((n, r) => n + approxBytes(r[0], r[1]), 0);
    if (this.bytes + readBytes > this.maxBytes) {
      await this.flush();
      return selectMany(this.trx, this.multi, reads, this.maxBytes);
    }
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

/**
 * Runs statements in as few round trips as multiple statements allow, each round trip under `budget`
 * bytes (packetBudget); returns the rows of each.
 */
export async function selectMany(
  trx: Trx,
  multi: boolean,
  queries: Array<[string, Binds]>,
  budget: number,
): Promise<unknown[][]> {
  const out: unknown[][] = [];
  const groups = multi
    ? chunkBySize(queries, (q) => approxBytes(q[0], q[1]), budget, 1000)
    : queries.map((q) => [q]);
  for (const g of groups) {
    if (g.length === 1) {
      out.push(await rowsOf(trx.raw(g[0]![0], g[0]![1] as Knex.Value[])));
      continue;
    }
    const sets = await rowsOf<unknown[]>(
      trx.raw(g.map((q) => q[0]).join(';\n'), g.flatMap((q) => q[1]) as Knex.Value[]),
    );
    out.push(...sets);
  }
  return out;
}
