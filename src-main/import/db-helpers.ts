import type { Knex } from 'knex';
import { escape, format } from 'mysql2';

/**
 * What the import's writers need of the file's transaction: `raw` on its connection (a knex transaction,
 * or a connection of the batch's own pool whose BEGIN and COMMIT travel with other statements).
 */
export type Sql = Pick<Knex, 'raw'>;
type Trx = Sql;

export const rowsOf = async <T>(p: Promise<unknown>): Promise<T[]> => ((await p) as [T[]])[0];

/** Perl truthiness of a string ('' and '0' are false). */
export const truthy = (v: string | undefined | null): v is string =>
  v !== undefined && v !== null && v !== '' && v !== '0';

type Binds = readonly unknown[];

/**
 * The statement's text with its values in it, escaped by mysql2's own functions, as mysql2 does for a
 * statement sent with bindings (`??` identifiers, `?` values): the import's hot path sends it as plain
 * text, so that knex does not rewrite the placeholders first and mysql2 does not scan them again.
 * An undefined value is refused, as knex refuses it.
 */
export function sqlText(sql: string, binds: Binds): string {
  if (binds.length === 0) return sql;
  for (let i = 0; i < binds.length; i++) {
    if (binds[i] === undefined) throw new Error(`Undefined binding at ${i} in: ${sql.slice(0, 200)}`);
  }
  return format(sql, binds as Parameters<typeof format>[1]);
}

/** One value as SQL text (string, number or NULL), as mysql2 escapes a binding. */
export function sqlValue(v: unknown): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return `${v}`;
  if (typeof v === 'string') return escape(v);
  if (v === undefined) throw new Error('Undefined binding in a multi-row INSERT');
  return escape(v as Parameters<typeof escape>[0]);
}

/**
 * Sends one formatted statement (or several, joined) on the file's connection. knex puts the statement
 * text in front of a driver error's message: kept short, the values of a 1 MB INSERT stay out of it.
 */
export async function sendText(trx: Trx, text: string): Promise<unknown> {
  try {
    return await trx.raw(text);
  } catch (e) {
    const err = e as { message?: unknown; sqlMessage?: unknown };
    if (err && typeof err.message === 'string' && err.message.length > 600) {
      err.message = `${err.message.slice(0, 200)} … - ${String(err.sqlMessage ?? '')}`;
    }
    throw e;
  }
}

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
  private texts: string[] = [];
  private bytes = 0;
  constructor(
    private readonly trx: Trx,
    private readonly multi: boolean,
    /** packetBudget() of the batch's server. */
    readonly maxBytes: number,
  ) {}

  async add(sql: string, binds: Binds = []): Promise<void> {
    await this.addText(sqlText(sql, binds), approxBytes(sql, binds));
  }

  /** A statement already formatted (sqlText, sqlValue), `bytes` an upper bound of its size on the wire. */
  async addText(text: string, bytes: number): Promise<void> {
    if (!this.multi) {
      await sendText(this.trx, text);
      return;
    }
    if (this.texts.length > 0 && this.bytes + bytes > this.maxBytes) await this.flush();
    this.texts.push(text);
    this.bytes += bytes;
  }

  /** Sends what is pending, then `reads` (in the same round trip when allowed); returns the rows of each read. */
  async flush(reads: Array<[string, Binds]> = []): Promise<unknown[][]> {
    if (!this.multi || this.texts.length === 0) return selectMany(this.trx, this.multi, reads, this.maxBytes);
    const readBytes = reads.reduce((n, r) => n + approxBytes(r[0], r[1]), 0);
    if (this.bytes + readBytes > this.maxBytes) {
      await this.flush();
      return selectMany(this.trx, this.multi, reads, this.maxBytes);
    }
    for (const r of reads) this.texts.push(sqlText(r[0], r[1]));
    const sql = this.texts.length === 1 ? this.texts[0]! : this.texts.join(';\n');
    const count = this.texts.length;
    this.texts = [];
    this.bytes = 0;
    const res = await rowsOf<unknown>(sendText(this.trx, sql));
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
      out.push(await rowsOf(sendText(trx, sqlText(g[0]![0], g[0]![1]))));
      continue;
    }
    const sets = await rowsOf<unknown[]>(sendText(trx, g.map((q) => sqlText(q[0], q[1])).join(';\n')));
    out.push(...sets);
  }
  return out;
}
