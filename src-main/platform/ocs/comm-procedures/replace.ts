import type { Knex } from 'knex';
import { CHECKSUM_MAX_VALUE } from './constants';
import { hasServerIdColumn, hasTable, type ProcedureSchema } from './schema';

/** The caller's transaction: a knex transaction or an import's pinned connection (only `raw` is used). */
type Trx = Pick<Knex, 'raw'>;

/** Tables the replace procedure moves or handles itself; never emptied for the old computer. */
const HANDLED = new Set([
  'hardware',
  'archive',
  'accountinfo',
  'devices',
  'itmgmt_comments',
  'groups_cache',
  'locks',
  'download_servers',
  'download_enable',
]);

export interface ReplaceArgs {
  /** The computer that stays. */
  current: number;
  /** The duplicate that goes (its lock must be held by the caller: see withLock). */
  old: number;
  /**
   * The inventory that triggered an automatic merge (comm server `_duplicate_replace`): CHECKSUM becomes
   * old | the inventory's (CHECKSUM_MAX_VALUE for a missing one) and USERID the inventory's unless it is
   * a system account. Without it (a merge asked by an operator) CHECKSUM becomes old | current's and
   * USERID stays.
   */
  inventory?: { checksum?: string; userid?: string };
  /** Inventory tables whose rows of the old computer are deleted (software and download_history always are). */
  inventoryTables: readonly string[];
  /** TRACE_DELETED=1: write deleted_equiv(DELETED=old, EQUIVALENT=current). */
  trace: boolean;
}

export interface ReplaceResult {
  /** The old computer is archived: its hardware row stays (automatic merges only, as 2.8.1). */
  archivedKept: boolean;
}

const truthy = (v: unknown) => v !== null && v !== undefined && v !== '' && String(v) !== '0';

/**
 * The comm server's `_duplicate_replace(old)` (Duplicate.pm, 2.8.1) in the caller's transaction: the old
 * computer's QUALITY/FIDELITY and administrative data (accountinfo, devices: package assignments and
 * settings) replace the current ones, comments, forced group memberships and download server roles
 * follow, every inventory row of the old computer goes, and its hardware row is deleted (traced when
 * asked; an archived one is kept, see below). False when the old computer is already gone.
 *
 * Deliberate differences from 2.8.1 (docs/import.md): the old `software` rows go too when its hardware row
 * goes (2.8.1 leaves them orphaned); missing optional tables are skipped (2.8.1 fails the merge); a forced
 * membership or server role both computers have is kept once and the old computer's others still move
 * (UPDATE IGNORE; 2.8.1's UPDATE fails on the duplicate key and moves none of them, leaving the old
 * download_servers row orphaned).
 */
export async function replaceDuplicate(
  trx: Trx,
  s: ProcedureSchema,
  a: ReplaceArgs,
): Promise<false | ReplaceResult> {
  const [rows] = (await trx.raw('SELECT QUALITY, FIDELITY, CHECKSUM, USERID FROM hardware WHERE ID = ?', [
    a.old,
  ])) as [Array<{ QUALITY: unknown; FIDELITY: unknown; CHECKSUM: unknown; USERID: string | null }>];
  const o = rows[0];
  if (!o) return false;
  const oldChecksum = o.CHECKSUM === null ? String(CHECKSUM_MAX_VALUE) : String(o.CHECKSUM);
  const quality = truthy(o.QUALITY) ? o.QUALITY : 0;
  if (a.inventory) {
    const inv = a.inventory;
    const userid = /system|localsystem/i.test(inv.userid ?? '') ? o.USERID : (inv.userid ?? null);
    await trx.raw(
      'UPDATE hardware SET QUALITY = ?, FIDELITY = ?, CHECKSUM = (? | ?), USERID = ? WHERE ID = ?',
      [
        quality,
        o.FIDELITY,
        oldChecksum,
        inv.checksum ?? String(CHECKSUM_MAX_VALUE),
        userid,
        a.current,
      ] as Knex.Value[],
    );
  } else {
    await trx.raw('UPDATE hardware SET QUALITY = ?, FIDELITY = ?, CHECKSUM = (? | CHECKSUM) WHERE ID = ?', [
      quality,
      o.FIDELITY,
      oldChecksum,
      a.current,
    ] as Knex.Value[]);
  }
  // An archived computer (ocsreports' `archive` row, a foreign key to hardware) cannot be deleted: 2.8.1's
  // DELETE fails unchecked and its merge goes on, so the archived hardware row stays, without inventory
  // or administrative data (its NAME and UUID can match a later duplicate again). An automatic merge does
  // the same. An operator's merge (no inventory) removes it with its archive row first, as ocsreports'
  // fusionne (deleteDid empties every HARDWARE_ID table, archive included): the operator chose it, and a
  // kept empty row would still group by hostname, where merging it again would empty the survivor's
  // administrative data.
  const keepArchived = a.inventory !== undefined && hasTable(s, 'archive');
  if (!keepArchived && hasTable(s, 'archive'))
    await trx.raw('DELETE FROM archive WHERE HARDWARE_ID = ?', [a.old]);
  const [del] = (await trx.raw(
    keepArchived
      ? 'DELETE FROM hardware WHERE ID = ? AND NOT EXISTS (SELECT 1 FROM archive WHERE HARDWARE_ID = ?)'
      : 'DELETE FROM hardware WHERE ID = ?',
    keepArchived ? [a.old, a.old] : [a.old],
  )) as [{ affectedRows: number }];
  for (const t of ['accountinfo', 'devices']) {
    if (!hasTable(s, t)) continue;
    await trx.raw('DELETE FROM ?? WHERE HARDWARE_ID = ?', [t, a.current]);
    await trx.raw('UPDATE ?? SET HARDWARE_ID = ? WHERE HARDWARE_ID = ?', [t, a.current, a.old]);
  }
  if (hasTable(s, 'itmgmt_comments'))
    await trx.raw('UPDATE itmgmt_comments SET HARDWARE_ID = ? WHERE HARDWARE_ID = ?', [a.current, a.old]);
  if (hasTable(s, 'groups_cache')) {
    // Forced (1) and excluded (2) memberships follow; dynamic ones are recomputed from the new inventory.
    await trx.raw(
      'UPDATE IGNORE groups_cache SET HARDWARE_ID = ? WHERE HARDWARE_ID = ? AND STATIC IN (1, 2)',
      [a.current, a.old],
    );
    await trx.raw('DELETE FROM groups_cache WHERE HARDWARE_ID = ?', [a.old]);
  }
  const archivedKept = Number(del.affectedRows) === 0;
  // The software rows of a deleted computer would be orphans (2.8.1 leaves them: a deliberate difference);
  // an archived computer that stays keeps them, as in 2.8.1.
  const cleared = new Set([...(archivedKept ? [] : ['software']), 'download_history', ...a.inventoryTables]);
  for (const t of cleared)
    if (!HANDLED.has(t) && hasTable(s, t)) await trx.raw('DELETE FROM ?? WHERE HARDWARE_ID = ?', [t, a.old]);
  if (a.trace && hasTable(s, 'deleted_equiv'))
    await trx.raw('INSERT INTO deleted_equiv (DATE, DELETED, EQUIVALENT) VALUES (NULL, ?, ?)', [
      String(a.old),
      String(a.current),
    ]);
  // The Download module's duplicate handler.
  if (hasServerIdColumn(s))
    await trx.raw('UPDATE download_enable SET SERVER_ID = ? WHERE SERVER_ID = ?', [a.current, a.old]);
  if (hasTable(s, 'download_servers')) {
    await trx.raw('UPDATE IGNORE download_servers SET HARDWARE_ID = ? WHERE HARDWARE_ID = ?', [
      a.current,
      a.old,
    ]);
    await trx.raw('DELETE FROM download_servers WHERE HARDWARE_ID = ?', [a.old]);
  }
  return { archivedKept };
}
