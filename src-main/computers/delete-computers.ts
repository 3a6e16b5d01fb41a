import type { Knex } from 'knex';
import type { ComputerSelection } from '../../shared/contract/computers';
import { AppError } from '../platform/errors';
import type { Scope } from '../platform/ocs/scope';
import { invalidateGroupIds } from '../platform/ocs/scope';
import { configInt } from '../platform/ocs/config';
import { deleteComputerRows, releaseLocks, takeLocks, withWriter } from '../platform/ocs/comm-procedures';
import { selectionIds } from './computers.repo';
import { getSchemaInfo } from './schema-info';
import { invalidateTotals } from './totals-cache';

const CHUNK = 200;

/**
 * Deletes the selected computers as the console does (comm-procedures `deleteComputerRows`), one
 * transaction per chunk of 200, each computer under its `locks` row; a computer another writer (the
 * comm server) holds right now is skipped, since it would recreate half of it.
 */
export async function deleteComputers(
  k: Knex,
  scope: Scope,
  sel: ComputerSelection,
  opts: {
    expectedCount?: number;
    progress: (done: number, total: number, note?: string) => void;
    signal: AbortSignal;
  },
): Promise<{ deleted: number; traced: boolean }> {
  const s = await getSchemaInfo(k);
  const ids = await selectionIds(k, s, scope, sel);
  if (opts.expectedCount !== undefined && opts.expectedCount !== ids.length) {
    throw new AppError('CONFLICT', { expected: opts.expectedCount, actual: ids.length });
  }
  const trace = (await configInt(k, 'TRACE_DELETED')) === 1;
  const traced = trace && s.tables.has('deleted_equiv');
  const hasLocks = s.tables.has('locks');
  let deleted = 0;
  opts.progress(0, ids.length);
  await withWriter(k, async (w) => {
    for (let i = 0; i < ids.length; i += CHUNK) {
      opts.signal.throwIfAborted();
      let chunk = ids.slice(i, i + CHUNK);
      if (hasLocks) chunk = await takeLocks(k, chunk, w);
      if (!chunk.length) continue;
      try {
        await k.transaction(async (trx) => {
          deleted += await deleteComputerRows(trx, s, chunk, traced);
        });
      } finally {
        invalidateTotals();
        if (hasLocks) await releaseLocks(k, chunk, w);
      }
      opts.progress(Math.min(i + CHUNK, ids.length), ids.length);
    }
  });
  invalidateGroupIds(k);
  return { deleted, traced };
}
