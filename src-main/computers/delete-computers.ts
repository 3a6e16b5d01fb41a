import type { Knex } from 'knex';
import type { ComputerSelection } from '../../shared/contract/computers';
import { AppError } from '../platform/errors';
import type { Scope } from '../platform/ocs/scope';
import { invalidateGroupIds } from '../platform/ocs/scope';
import { configInt } from '../platform/ocs/config';
import { selectionIds } from './computers.repo';
import { getSchemaInfo } from './schema-info';
import { invalidateTotals } from './totals-cache';

const CHUNK = 200;

/**
 * Deletes computers as the console does: lock rows, netmap rows of their MACs (unless network devices),
 * rows of every HARDWARE_ID table, download_enable rows of redistribution servers, the hardware row, and a
 * deleted_equiv trace when TRACE_DELETED=1. One transaction per chunk of 200 computers.
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
  const tables = s.hardwareIdTables.filter((t) => t !== 'locks');
  const serverCol = (s.columns.get('download_enable') ?? []).includes('SERVER_ID');
  let deleted = 0;
  opts.progress(0, ids.length);
  for (let i = 0; i < ids.length; i += CHUNK) {
    opts.signal.throwIfAborted();
    let chunk = ids.slice(i, i + CHUNK);
    if (hasLocks) {
      // A computer the comm server holds right now is skipped (it would recreate half of it).
      const held = new Set(
        (
          (await k('locks').select('HARDWARE_ID').whereIn('HARDWARE_ID', chunk)) as Array<{
            HARDWARE_ID: number;
          }>
        ).map((r) => Number(r.HARDWARE_ID)),
      );
      chunk = chunk.filter((id) => !held.has(id));
      if (!chunk.length) continue;
      await k('locks')
        .insert(chunk.map((id) => ({ HARDWARE_ID: id })))
        .onConflict('HARDWARE_ID')
        .ignore();
    }
    try {
      await k.transaction(async (trx) => {
        if (s.tables.has('netmap') && s.tables.has('networks')) {
          const macs = trx
            .from({ n: 'networks' })
            .join({ hh: 'hardware' }, 'hh.ID', 'n.HARDWARE_ID')
            .select('n.MACADDR')
            .whereIn('n.HARDWARE_ID', chunk)
            .where('hh.DEVICEID', 'not like', 'NETWORK\\_DEVICE-%');
          const macList = ((await macs) as Array<{ MACADDR: string | null }>)
            .map((r) => r.MACADDR)
            .filter((m): m is string => !!m);
          for (let j = 0; j < macList.length; j += 500)
            await trx('netmap')
              .whereIn('MAC', macList.slice(j, j + 500))
              .delete();
        }
        for (const t of tables) await trx(t).whereIn('HARDWARE_ID', chunk).delete();
        if (serverCol) await trx('download_enable').whereIn('SERVER_ID', chunk).delete();
        const n = await trx('hardware').whereIn('ID', chunk).delete();
        deleted += Number(n);
        if (traced)
          await trx('deleted_equiv').insert(chunk.map((id) => ({ DELETED: String(id), EQUIVALENT: null })));
      });
    } finally {
      invalidateTotals();
      if (hasLocks) await k('locks').whereIn('HARDWARE_ID', chunk).delete();
    }
    opts.progress(Math.min(i + CHUNK, ids.length), ids.length);
  }
  invalidateGroupIds(k);
  return { deleted, traced };
}
