import type { Knex } from 'knex';
import { createSiblingPool, targetOf } from '../platform/db/connect';
import { mapDbError } from '../platform/db/mysql-errors';
import { AppError, isAppError } from '../platform/errors';
import { openWriter, releaseLocks } from '../platform/ocs/comm-procedures';
import { packetBudget, type StatementBatch } from './db-helpers';
import type { Inventory } from './ocs-reader';
import { pinTransaction } from './pinned-transaction';
import { cachesDue, writeInventory, type WriteResult, type WriterContext } from './offline-writer';
import type { DbFacts } from './server-config';

const MAX_ATTEMPTS = 6;

/** How many attempts a file's final error took (the report shows the real count, not 1). */
const attemptsOfError = new WeakMap<object, number>();
export function attemptsOf(e: unknown): number {
  return (typeof e === 'object' && e !== null ? attemptsOfError.get(e) : undefined) ?? 1;
}
export function withAttempts<E>(e: E, attempts: number): E {
  if (e && typeof e === 'object') attemptsOfError.set(e, attempts);
  return e;
}

/** The comm server's session (non-strict sql_mode, SET NAMES utf8), READ COMMITTED. */
const SESSION_SQL = "SET NAMES 'utf8', SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'";
const RESET_SQL = 'SET NAMES utf8mb4, SESSION sql_mode = DEFAULT';
const ISOLATION_SQL = 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED';

function retryable(e: unknown): boolean {
  const code = (e as { code?: string; errno?: number })?.code;
  const errno = (e as { errno?: number })?.errno;
  if (code === 'ER_LOCK_DEADLOCK' || errno === 1213 || code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1205)
    return true;
  // InnoDB reports a deadlock or timeout on a table's AUTO-INC lock (INSERT … SELECT into the cache tables,
  // e.g. while another file rebuilds them) as "failed to read auto-increment value".
  if (code === 'ER_AUTOINC_READ_FAILED' || errno === 1467) return true;
  return (
    isAppError(e) &&
    (e.code === 'DB_DEADLOCK' || (e.code === 'CONFLICT' && e.params.what === 'device-locked'))
  );
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => (clearTimeout(t), resolve());
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** FIFO lock (one holder at a time). */
function createLock(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<void> = Promise.resolve();
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    const prev = tail;
    let release!: () => void;
    tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

export interface OfflineSession {
  importFile(inv: Inventory, path: string, signal?: AbortSignal): Promise<WriteResult & { attempts: number }>;
  close(): Promise<void>;
}

/**
 * A dedicated pool for one batch, opened from the caller pool's own connection parameters (same account
 * and password), its connections set up once like the comm server's session (instead of SET … before
 * and after every file on shared pooled connections) and allowed several statements per round trip
 * (every statement still carries its values as bindings). Falls back to the caller's pool, with the
 * session set per transaction, for a pool not made by createPool.
 */
function dedicatedPool(knex: Knex, size: number): Promise<Knex | null> {
  return createSiblingPool(knex, {
    max: size,
    multipleStatements: true,
    sessionSql: `${SESSION_SQL}; ${ISOLATION_SQL}`,
  });
}

/**
 * One file, one transaction: all its rows or none. Same session settings as the comm server
 * (non-strict sql_mode, SET NAMES utf8) so that MariaDB coerces values exactly as for the server;
 * READ COMMITTED so dictionary rows committed by concurrent files are seen at once.
 * Deadlocks and a device locked by another writer are retried with backoff.
 * Cancellation is checked right before COMMIT: a cancelled file is rolled back.
 */
export async function createOfflineSession(
  knex: Knex,
  facts: DbFacts,
  concurrency: number,
): Promise<OfflineSession> {
  // The batch's identity in `locks`: a re-run after this process is killed takes its rows over at once.
  const writer = await openWriter(knex);
  const own = await dedicatedPool(knex, concurrency).catch(async (e: unknown) => {
    await writer.close();
    throw e;
  });
  const pool = own ?? knex;
  if (own) {
    // The caller's pool listens to its statements (e.g. oversized-packet detection): it hears these too.
    for (const ev of ['query', 'query-error', 'query-response'])
      own.on(ev, (...args: unknown[]) => knex.emit(ev, ...args));
  }
  // Read once per batch: every round trip of its files stays under it (a 20,000-software file does not fit one).
  const [[packet]] = (await pool.raw('SELECT @@max_allowed_packet AS m')) as [[{ m: number | string }]];
  const ctx: WriterContext = {
    facts,
    multi: own !== null,
    dictionaryLock: createLock(),
    packetBudget: packetBudget(Number(packet.m)),
  };

  const once = async (
    inv: Inventory,
    path: string,
    held: number[],
    signal?: AbortSignal,
  ): Promise<WriteResult> => {
    if (own) {
      // BEGIN goes with the file's first reads (writeInventory), COMMIT with its last writes.
      const tx = await pinTransaction(own);
      try {
        return await writeInventory(tx, ctx, inv, path, writer, held, async (last: StatementBatch) => {
          signal?.throwIfAborted();
          await last.add('COMMIT');
          await last.flush();
        });
      } catch (e) {
        await tx.rollback().catch(() => undefined);
        throw e;
      } finally {
        tx.release();
      }
    }
    const trx = await pool.transaction({ isolationLevel: 'read committed' });
    try {
      await trx.raw(SESSION_SQL);
      const res = await writeInventory(trx, ctx, inv, path, writer, held, async (last: StatementBatch) => {
        await last.flush();
        signal?.throwIfAborted();
        await trx.raw(RESET_SQL);
        await trx.commit();
      });
      return res;
    } catch (e) {
      if (!trx.isCompleted()) {
        // Shared pooled connection: give it back with the pool's settings.
        await trx.raw(RESET_SQL).catch(() => undefined);
        await trx.rollback().catch(() => undefined);
      }
      throw e;
    }
  };

  /**
   * While the inventory caches are due for their rebuild (INVENTORY_CACHE_REVALIDATE), files go one at a
   * time: the serial comm server rebuilds them in its first inventory, from the rows before any other
   * file of the batch; rebuilt by a file that runs beside others, they would miss what those files
   * committed meanwhile and then changed (an update pair's first OSNAME, seen at concurrency 16).
   * Checked again after each such file (one that fails before the rebuild leaves them due).
   */
  let due = await cachesDue(pool, facts).catch(() => false);
  let gate: Promise<void> | null = null;
  const throughGate = async <T>(fn: () => Promise<T>): Promise<T> => {
    while (due) {
      if (gate) {
        await gate;
        continue;
      }
      let open!: () => void;
      gate = new Promise<void>((r) => (open = r));
      try {
        return await fn();
      } finally {
        due = await cachesDue(pool, facts).catch(() => false);
        gate = null;
        open();
      }
    }
    return fn();
  };

  const importOne = async (
    inv: Inventory,
    path: string,
    signal?: AbortSignal,
  ): Promise<WriteResult & { attempts: number }> => {
    for (let attempt = 1; ; attempt++) {
      const held: number[] = [];
      try {
        const r = await once(inv, path, held, signal);
        return { ...r, attempts: attempt };
      } catch (e) {
        if (signal?.aborted) throw new AppError('JOB_CANCELLED');
        if (retryable(e) && attempt < MAX_ATTEMPTS) {
          await sleep(50 * 2 ** attempt + Math.random() * 100, signal);
          continue;
        }
        throw withAttempts(isAppError(e) ? e : mapDbError(e, targetOf(knex)), attempt);
      } finally {
        if (held.length) await releaseLocks(pool, held, writer).catch(() => undefined);
      }
    }
  };

  return {
    importFile: (inv, path, signal) => throughGate(() => importOne(inv, path, signal)),
    async close() {
      await writer.close();
      if (own) await own.destroy();
    },
  };
}
