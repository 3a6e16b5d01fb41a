import type { Knex } from 'knex';
import type { GroupPackageStats } from '../../shared/contract/groups';
import { statusCategory } from '../packages/status';
import { AppError } from '../platform/errors';
import { scoped } from '../platform/ocs/scope';
import { membersOf } from './definition-sql';
import { groupForChange, groupRow, type Caller } from './groups.service';

/**
 * Deployment to a group, as ocsreports' group page writes it (`active_option` / `desactive_packet`):
 * one `devices` row (HARDWARE_ID = group id, NAME 'DOWNLOAD', IVALUE = download_enable.ID, TVALUE
 * NULL). The comm server expands it at each member's prolog: with DOWNLOAD_GROUPS_TRACE_EVENTS on it
 * writes a DOWNLOAD row on the member ("trace row") whose TVALUE then carries the agent's result, so
 * the members' statuses are their own rows. DOWNLOAD_FORCE is not written: the server ignores it for
 * group packages.
 */

const GROUP_ROW_NAMES = ['DOWNLOAD', 'DOWNLOAD_FORCE', 'DOWNLOAD_SCHEDULE', 'DOWNLOAD_POSTCMD'];

async function activation(k: Knex, enableId: number): Promise<{ FILEID: string; NAME: string | null }> {
  const e = (await k
    .from({ e: 'download_enable' })
    .leftJoin({ a: 'download_available' }, 'a.FILEID', 'e.FILEID')
    .where('e.ID', enableId)
    .first('e.FILEID', 'a.NAME')) as { FILEID: string; NAME: string | null } | undefined;
  if (!e)
    throw new AppError(
      'VALIDATION_FAILED',
      { field: 'enableId', detail: `no activated package has id ${enableId}: activate the package first` },
      { fields: [{ path: 'enableId', message: 'unknown activation' }] },
    );
  return e;
}

export async function assignToGroup(
  k: Knex,
  c: Caller,
  id: number,
  enableId: number,
): Promise<{ assigned: boolean }> {
  await groupForChange(k, c, id);
  await activation(k, enableId);
  return k.transaction(async (trx) => {
    const had = await trx('devices')
      .where({ HARDWARE_ID: id, NAME: 'DOWNLOAD', IVALUE: enableId })
      .first('HARDWARE_ID');
    if (had) return { assigned: false };
    await trx('devices').insert({
      HARDWARE_ID: id,
      NAME: 'DOWNLOAD',
      IVALUE: enableId,
      TVALUE: null,
      COMMENTS: null,
    });
    return { assigned: true };
  });
}

export async function unassignFromGroup(
  k: Knex,
  c: Caller,
  id: number,
  enableId: number,
  cancelPending: boolean,
): Promise<{ removed: number; cancelled: number }> {
  await groupForChange(k, c, id);
  return k.transaction(async (trx) => {
    const removed = Number(
      await trx('devices')
        .where({ HARDWARE_ID: id, IVALUE: enableId })
        .whereIn('NAME', GROUP_ROW_NAMES)
        .delete(),
    );
    let cancelled = 0;
    if (cancelPending) {
      // Trace rows still waiting or notified would keep the package flowing to the member (spec §7.3).
      const q = trx('devices')
        .where({ NAME: 'DOWNLOAD', IVALUE: enableId })
        .where((w) => w.whereNull('TVALUE').orWhere('TVALUE', 'NOTIFIED'))
        .whereIn('HARDWARE_ID', membersOf(trx, id));
      scoped(trx, q, 'HARDWARE_ID', c.scope);
      cancelled = Number(await q.delete());
    }
    return { removed, cancelled };
  });
}

export async function groupPackageStats(
  k: Knex,
  c: Caller,
  id: number,
  enableId: number,
): Promise<GroupPackageStats> {
  await groupRow(k, c, id);
  const e = await activation(k, enableId);
  const q = k
    .from({ gc: 'groups_cache' })
    .leftJoin({ d: 'devices' }, (j) =>
      j
        .on('d.HARDWARE_ID', 'gc.HARDWARE_ID')
        .andOn('d.NAME', k.raw('?', ['DOWNLOAD']))
        .andOn('d.IVALUE', k.raw('?', [enableId])),
    )
    .where('gc.GROUP_ID', id)
    .whereIn('gc.STATIC', [0, 1])
    .groupByRaw('d.HARDWARE_ID IS NULL, d.TVALUE')
    .select(k.raw('d.HARDWARE_ID IS NULL AS none'), 'd.TVALUE', k.raw('COUNT(*) AS n'));
  scoped(k, q, 'gc.HARDWARE_ID', c.scope);
  const rows = (await q) as Array<{ none: number; TVALUE: string | null; n: number | string }>;
  const byCategory = { waiting: 0, notified: 0, success: 0, error: 0, other: 0 };
  let notYet = 0;
  const statuses: GroupPackageStats['statuses'] = [];
  for (const r of rows) {
    const n = Number(r.n);
    if (Number(r.none)) {
      notYet += n;
      continue;
    }
    byCategory[statusCategory(r.TVALUE)] += n;
    statuses.push({ status: r.TVALUE, count: n });
  }
  statuses.sort((a, b) => b.count - a.count);
  return {
    enableId,
    fileId: String(e.FILEID),
    name: e.NAME,
    members: notYet + statuses.reduce((a, s) => a + s.count, 0),
    notYet,
    byCategory,
    statuses,
  };
}
