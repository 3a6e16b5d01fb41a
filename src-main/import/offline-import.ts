import type { Knex } from 'knex';
import { mapDbError } from '../platform/db/mysql-errors';
import { AppError, isAppError } from '../platform/errors';
import { unlockDevice } from './db-helpers';
import type { Inventory } from './ocs-reader';
import { writeInventory, type WriteResult } from './offline-writer';
import type { DbFacts } from './server-config';

const MAX_ATTEMPTS = 6;

function retryable(e: unknown): boolean {
  const code = (e as { code?: string; errno?: number })?.code;
  const errno = (e as { errno?: number })?.errno;
  if (code === 'ER_LOCK_DEADLOCK' || errno === 1213 || code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1205) return true;
  return isAppError(e) && (e.code === 'DB_DEADLOCK' || (e.code === 'CONFLICT' && e.params.what === 'device-locked'));
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * One file, one transaction: all its rows or none. Same session settings as the comm server
 * (non-strict sql_mode, SET NAMES utf8) so that MariaDB coerces values exactly as for the server;
 * READ COMMITTED so dictionary rows committed by concurrent files are seen at once.
 * Deadlocks and a device locked by another writer are retried with backoff.
 * Cancellation is checked right before COMMIT: a cancelled file is rolled back.
 */
export async function importOffline(
  knex: Knex,
  facts: DbFacts,
  inv: Inventory,
  path: string,
  signal?: AbortSignal,
): Promise<WriteResult & { attempts: number }> {
  const owner = process.pid;
  for (let attempt = 1; ; attempt++) {
    const held: number[] = [];
    try {
      const r = await knex.transaction(
        async (trx) => {
          await trx.raw("SET NAMES 'utf8', SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'");
          try {
            const res = await writeInventory(trx, facts, inv, path, owner, held);
            signal?.throwIfAborted();
            return res;
          } finally {
            // Pooled connection: give it back with the pool's settings.
            await trx.raw('SET NAMES utf8mb4, SESSION sql_mode = DEFAULT').catch(() => undefined);
          }
        },
        { isolationLevel: 'read committed' },
      );
      return { ...r, attempts: attempt };
    } catch (e) {
      if (signal?.aborted) throw new AppError('JOB_CANCELLED');
      if (retryable(e) && attempt < MAX_ATTEMPTS) {
        await sleep(50 * 2 ** attempt + Math.random() * 100, signal);
        continue;
      }
      if (isAppError(e)) throw e;
      throw mapDbError(e);
    } finally {
      for (const h of held) await unlockDevice(knex, h, owner).catch(() => undefined);
    }
  }
}
