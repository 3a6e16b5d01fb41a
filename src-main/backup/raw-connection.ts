import type { Knex } from 'knex';
import { RawRow } from './raw-row';
import type { FieldMeta } from './sql-values';

/** A packet as mysql2 hands it to a command's state function: the payload is `buffer[offset, end)`. */
interface Mysql2Packet {
  buffer: Buffer;
  offset: number;
  end: number;
  isEOF(): boolean;
}
/** A state of mysql2's command state machine: called with the command as `this`, returns the next. */
type Mysql2State = (this: Mysql2Query, packet: Mysql2Packet, conn: unknown) => Mysql2State | null;

/** The mysql2 connection knex hands out (callback API), as far as the dumper uses it. */
interface Mysql2Query {
  on(event: 'fields', cb: (fields: FieldMeta[]) => void): Mysql2Query;
  on(event: 'error', cb: (err: unknown) => void): Mysql2Query;
  on(event: 'end', cb: () => void): Mysql2Query;
  /** The state that reads rows (its prototype's; mysql2 takes it from the instance after the fields). */
  row: Mysql2State;
}
interface Mysql2Conn {
  query(opts: { sql: string; typeCast: false; rowsAsArray: true }): Mysql2Query;
  threadId?: number;
  pause(): void;
  resume(): void;
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
   * Runs a SELECT and hands each row to `onRow` as it arrives, the columns' metadata to `onFields`
   * first. The row is a RawRow over the driver's packet (the server's text bytes, `typeCast: false`),
   * reused from row to row: the query's row state is replaced by one that only finds the columns in
   * the packet, so no Buffer or array is made per value or row (mysql2 looks the row state up on the
   * command once the fields are read; its end-of-rows handling is kept). No stream or async iterator
   * per row: when `onRow` returns a promise (the consumer is behind: gzip or the disk), the driver is
   * paused (it stops reading the socket and parks what it already has) until the promise settles, so
   * memory stays flat. A throw or a rejection ends it with that error; the caller then releases the
   * connection as broken.
   */
  eachRow(
    sql: string,
    onFields: (fields: FieldMeta[]) => void,
    onRow: (row: RawRow) => Promise<void> | void,
  ): Promise<void> {
    const conn = this.conn;
    return new Promise((resolve, reject) => {
      let failed = false;
      const fail = (e: unknown) => {
        if (failed) return;
        failed = true;
        // Nothing more is read; the half-read result dies with the connection (release(true)).
        conn.pause();
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      const q = conn.query({ sql, typeCast: false, rowsAsArray: true });
      const driverRow = q.row;
      let raw: RawRow | null = null;
      const row: Mysql2State = function (packet, c) {
        if (packet.isEOF()) return driverRow.call(this, packet, c);
        if (failed) return row;
        let wait: Promise<void> | void;
        try {
          wait = onRow(raw!.parse(packet.buffer, packet.offset, packet.end));
        } catch (e) {
          fail(e);
          return row;
        }
        if (wait) {
          conn.pause();
          wait.then(() => failed || conn.resume(), fail);
        }
        return row;
      };
      q.row = row;
      q.on('fields', (f) => {
        try {
          raw = new RawRow(f.length);
          onFields(f);
        } catch (e) {
          fail(e);
        }
      });
      q.on('error', fail);
      q.on('end', () => failed || resolve());
    });
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
