import type { Knex } from 'knex';
import { hasServerIdColumn, hasTable, type ProcedureSchema } from './schema';

type Trx = Knex.Transaction;

/**
 * The console's `deleteDid` (function_computers.php) for computers whose locks the caller holds, in its
 * transaction: netmap rows of their MACs (unless network devices), the rows of every HARDWARE_ID table
 * (`locks` aside: the caller releases it), download_enable rows of a redistribution server, the hardware
 * row, and deleted_equiv(DELETED=id, EQUIVALENT=NULL) when `trace`. Returns the hardware rows deleted.
 */
export async function deleteComputerRows(
  trx: Trx,
  s: ProcedureSchema & { hardwareIdTables: readonly string[] },
  ids: readonly number[],
  trace: boolean,
): Promise<number> {
  if (ids.length === 0) return 0;
  if (hasTable(s, 'netmap') && hasTable(s, 'networks')) {
    const macs = (await trx
      .from({ n: 'networks' })
      .join({ hh: 'hardware' }, 'hh.ID', 'n.HARDWARE_ID')
      .select('n.MACADDR')
      .whereIn('n.HARDWARE_ID', ids)
      .where('hh.DEVICEID', 'not like', 'NETWORK\\_DEVICE-%')) as Array<{ MACADDR: string | null }>;
    const list = macs.map((r) => r.MACADDR).filter((m): m is string => !!m);
    for (let j = 0; j < list.length; j += 500)
      await trx('netmap')
        .whereIn('MAC', list.slice(j, j + 500))
        .delete();
  }
  for (const t of s.hardwareIdTables) if (t !== 'locks') await trx(t).whereIn('HARDWARE_ID', ids).delete();
  if (hasServerIdColumn(s)) await trx('download_enable').whereIn('SERVER_ID', ids).delete();
  const n = Number(await trx('hardware').whereIn('ID', ids).delete());
  if (trace && hasTable(s, 'deleted_equiv'))
    await trx('deleted_equiv').insert(ids.map((id) => ({ DELETED: String(id), EQUIVALENT: null })));
  return n;
}

/**
 * The last step of the console's deleteDid for a group (`_SYSTEMGROUP_` hardware row): the caller has
 * deleted the group's own rows; this deletes the hardware row and traces it when `trace`.
 */
export async function deleteGroupHardwareRow(
  trx: Trx,
  s: Pick<ProcedureSchema, 'tables'> | null,
  id: number,
  trace: boolean,
): Promise<void> {
  await trx('hardware').where({ ID: id, DEVICEID: '_SYSTEMGROUP_' }).delete();
  if (trace && (s === null || hasTable(s, 'deleted_equiv')))
    await trx('deleted_equiv').insert({ DELETED: String(id), EQUIVALENT: null });
}
