import type { Knex } from 'knex';
import { AppError } from '../platform/errors';
import { releaseLocks, takeLock, withWriter } from '../platform/ocs/comm-procedures';

/**
 * The `locks` row the comm server and ocsreports take on a group id while they rewrite its
 * groups_cache rows (the server's `_lock`, ocsreports' `lock`). `locks` is a MEMORY table: the row
 * is taken outside any transaction and always released. A lock older than LOCK_REUSE_TIME is taken
 * over, as the server does; a fresh one means the server is rebuilding the group right now, so we
 * wait a little and then say so.
 */
export async function withGroupLock<T>(k: Knex, groupId: number, fn: () => Promise<T>): Promise<T> {
  return withWriter(k, async (w) => {
    let taken = false;
    for (let attempt = 0; attempt < 20 && !taken; attempt++) {
      taken = await takeLock(k, groupId, w);
      if (!taken) await new Promise((r) => setTimeout(r, 250));
    }
    if (!taken)
      throw new AppError('CONFLICT', {
        detail:
          'The comm server (or ocsreports) is rebuilding this group right now; its membership was not changed. Try again in a minute.',
      });
    try {
      return await fn();
    } finally {
      await releaseLocks(k, [groupId], w);
    }
  });
}
