import type { Knex } from 'knex';
import type { FieldMeta } from './sql-values';

/** The mysql2 connection knex hands out (callback API), as far as the dumper uses it. */
interface Mysql2Query {
  on(event: 'fields', cb: (fields: FieldMeta[]) => void): Mysql2Query;
  stream(opts?: { highWaterMark?: number }): AsyncIterable<Array<Buffer | null>> & {
    destroy(err?: Error): void;
  };
}
interface Mysql2Conn {
  query(opts: { sql: string; typeCast: false; rowsAsArray: true }): Mysql2Query;
  threadId?: number;
  destroy(): void;
}

/**
 * One connection held for a whole dump or check (a transaction snapshot lives on one connection):
 * plain queries through knex on it, and raw-row streams (`typeCast: false`: the server's bytes).
 */
export class HeldConnection {
  private constructor(
    private readonly k: Knex,
    private readonly conn: Mysql2Conn,
  ) {}

  static async acquire(k: Knex): Promise<HeldConnection> {
    return new HeldConnection(k, (await k.client.acquireConnection()) as Mysql2Conn);
  }

  async rows<T>(sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
    const r = (await this.k.raw(sql, bindings as Knex.RawBinding[]).connection(this.conn)) as unknown;
    return (Array.isArray(r) ? r[0] : []) as T[];
  }

  async exec(sql: string, bindings: readonly unknown[] = []): Promise<void> {
    await this.k.raw(sql, bindings as Knex.RawBinding[]).connection(this.conn);
  }

  /**
   * Streams a SELECT's rows as arrays of raw values (null for NULL), with the columns' metadata
   * first; the driver pauses the socket while the consumer is behind, so memory stays flat.
   */
  async *stream(sql: string): AsyncGenerator<{ fields: FieldMeta[] } | { row: Array<Buffer | null> }> {
    const q = this.conn.query({ sql, typeCast: false, rowsAsArray: true });
    let fields: FieldMeta[] | null = null;
    q.on('fields', (f) => (fields = f));
    const s = q.stream({ highWaterMark: 512 });
    let announced = false;
    for await (const row of s) {
      if (!announced) {
        announced = true;
        yield { fields: fields ?? [] };
      }
      yield { row };
    }
    if (!announced) yield { fields: fields ?? [] };
  }

  /**
   * Gives the connection back to its (dedicated) pool. `broken`: a stream was left half-read or the
   * job was cancelled, so the socket is closed first (the server ends the statement and the snapshot).
   */
  async release(broken = false): Promise<void> {
    if (broken) this.conn.destroy();
    await this.k.client.releaseConnection(this.conn);
  }
}
