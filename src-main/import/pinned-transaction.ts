import type { Knex } from 'knex';
import type { Sql } from './db-helpers';

/**
 * One file's transaction on one connection of the batch's own pool (multiple statements allowed), without
 * knex's transaction object: knex sends `BEGIN` and `COMMIT` as round trips of their own, and an import
 * sends them with the file's first reads and last writes instead (two round trips fewer per file, and the
 * new dictionary keys of a file stay uncommitted one round trip less; docs/import.md "Round trips").
 * The connection is given back to the pool by `release()`, after the COMMIT or a `rollback()`.
 */
export interface PinnedTransaction extends Sql {
  /** Sends ROLLBACK (harmless when nothing was begun); the connection is still to be released. */
  rollback(): Promise<void>;
  release(): void;
}

/**
 * mysql2 encodes a statement in the character set the session announced: after the comm server's
 * `SET NAMES utf8` that is CESU-8, which it encodes in JavaScript, character by character (a few % of an
 * import's CPU). For text without surrogates (every character in the BMP) CESU-8 and UTF-8 are the same
 * bytes, so such a statement is encoded as UTF-8 by Buffer's native encoder (mysql2's number for utf8mb4);
 * a statement with a character outside the BMP keeps the session's encoding, byte for byte as before.
 * The choice is made when mysql2 builds the statement's packet (it reads `config.charsetNumber` there,
 * its current command being that statement), so queued statements cannot take each other's.
 */
const UTF8MB4_GENERAL_CI = 45;
/** What mysql2 records for the session after `SET NAMES utf8` (utf8mb3, encoded as CESU-8); any other: unchanged. */
export const MYSQL2_UTF8MB3 = 192;
const SURROGATE = /[\uD800-\uDFFF]/;
const encodingChosen = new WeakSet<object>();

export function encodeBmpAsUtf8(conn: unknown): void {
  const c = conn as { config?: { charsetNumber?: unknown }; _command?: { sql?: unknown } } | null;
  const config = c?.config;
  if (!c || !config || encodingChosen.has(c) || typeof config.charsetNumber !== 'number') return;
  encodingChosen.add(c);
  // The session's number: set by mysql2 when the server reports a new character_set_client (SET NAMES).
  let session = config.charsetNumber;
  Object.defineProperty(config, 'charsetNumber', {
    configurable: true,
    enumerable: true,
    get() {
      const sql = c._command?.sql;
      return session === MYSQL2_UTF8MB3 && typeof sql === 'string' && !SURROGATE.test(sql)
        ? UTF8MB4_GENERAL_CI
        : session;
    },
    set(v: number) {
      session = v;
    },
  });
}

export async function pinTransaction(pool: Knex): Promise<PinnedTransaction> {
  // knex's own pool (tarn): the connection is ours until released, as inside knex.transaction().
  const client = pool.client as {
    acquireConnection(): Promise<unknown>;
    releaseConnection(c: unknown): Promise<unknown>;
  };
  const conn = await client.acquireConnection();
  encodeBmpAsUtf8(conn);
  let released = false;
  const raw = ((sql: string, binds?: readonly Knex.RawBinding[]) =>
    (binds === undefined ? pool.raw(sql) : pool.raw(sql, binds)).connection(conn)) as Knex['raw'];
  return {
    raw,
    async rollback() {
      await raw('ROLLBACK');
    },
    release() {
      if (released) return;
      released = true;
      void client.releaseConnection(conn);
    },
  };
}
