import type { Knex } from 'knex';
import type { MergeResult } from '../../shared/contract/duplicates';
import { configInt } from '../platform/ocs/config';
import { invalidateGroupIds } from '../platform/ocs/scope';
import { scoped, type Scope } from '../platform/ocs/scope';
import { getSchemaInfo, type SchemaInfo } from '../computers/schema-info';
import { invalidateTotals } from '../computers/totals-cache';
import { pickSurvivor } from './duplicates.repo';

/** CHECKSUM_MAX_VALUE of the comm server: every section changed. */
const CHECKSUM_MAX = 262143;
/** Locks older than this are taken over (the console purges its locks after an hour). */
const LOCK_REUSE_SEC = 3600;
/** Tables the replace procedure moves or handles itself rather than deleting the old rows. */
const HANDLED = new Set([
  'accountinfo',
  'devices',
  'itmgmt_comments',
  'groups_cache',
  'locks',
  'download_servers',
]);

interface HwRow {
  ID: number;
  LASTCOME: string | null;
  LASTDATE: string | null;
  QUALITY: string | number | null;
  FIDELITY: number | null;
  CHECKSUM: number | string | null;
}

const affected = (r: unknown): number => Number((r as [{ affectedRows?: number }])[0]?.affectedRows ?? 0);

/** Takes the `locks` rows of a group (or none of them). A lock held by another writer skips the group. */
async function lockAll(k: Knex, ids: number[], owner: number): Promise<boolean> {
  const taken: number[] = [];
  for (const id of ids) {
    let ok = false;
    try {
      await k.raw('INSERT INTO locks (HARDWARE_ID, ID, SINCE) VALUES (?, ?, NOW())', [id, owner]);
      ok = true;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ER_DUP_ENTRY') throw e;
      const upd = await k.raw(
        'UPDATE locks SET ID = ?, SINCE = NOW() WHERE HARDWARE_ID = ? AND UNIX_TIMESTAMP() - UNIX_TIMESTAMP(SINCE) > ?',
        [owner, id, LOCK_REUSE_SEC],
      );
      ok = affected(upd) > 0;
    }
    if (!ok) {
      await unlockAll(k, taken, owner);
      return false;
    }
    taken.push(id);
  }
  return true;
}

async function unlockAll(k: Knex, ids: number[], owner: number): Promise<void> {
  if (ids.length) await k('locks').whereIn('HARDWARE_ID', ids).where('ID', owner).delete();
}

/**
 * The comm server's `_duplicate_replace(old)` onto `cur`, inside the caller's transaction: the old
 * computer's administrative data (accountinfo, devices: package assignments and settings) replace the
 * current ones, comments and forced group memberships follow, every inventory row of the old computer
 * goes, and the old hardware row is deleted (traced in deleted_equiv when TRACE_DELETED=1).
 */
async function replace(
  trx: Knex.Transaction,
  s: SchemaInfo,
  cur: HwRow,
  old: HwRow,
  trace: boolean,
): Promise<void> {
  const has = (t: string) => s.tables.has(t);
  const q = old.QUALITY === null || old.QUALITY === '' || String(old.QUALITY) === '0' ? 0 : old.QUALITY;
  await trx.raw('UPDATE hardware SET QUALITY = ?, FIDELITY = ?, CHECKSUM = (? | CHECKSUM) WHERE ID = ?', [
    q,
    old.FIDELITY,
    old.CHECKSUM ?? CHECKSUM_MAX,
    cur.ID,
  ]);
  await trx('hardware').where('ID', old.ID).delete();
  if (has('accountinfo')) {
    await trx('accountinfo').where('HARDWARE_ID', cur.ID).delete();
    await trx('accountinfo').where('HARDWARE_ID', old.ID).update({ HARDWARE_ID: cur.ID });
  }
  if (has('devices')) {
    await trx('devices').where('HARDWARE_ID', cur.ID).delete();
    await trx('devices').where('HARDWARE_ID', old.ID).update({ HARDWARE_ID: cur.ID });
  }
  if (has('itmgmt_comments'))
    await trx('itmgmt_comments').where('HARDWARE_ID', old.ID).update({ HARDWARE_ID: cur.ID });
  if (has('groups_cache')) {
    // Forced (1) and excluded (2) memberships follow; a membership the current computer already has stays.
    await trx.raw(
      'UPDATE IGNORE groups_cache SET HARDWARE_ID = ? WHERE HARDWARE_ID = ? AND STATIC IN (1, 2)',
      [cur.ID, old.ID],
    );
    await trx('groups_cache').where('HARDWARE_ID', old.ID).delete();
  }
  if (has('download_servers')) {
    await trx.raw('UPDATE IGNORE download_servers SET HARDWARE_ID = ? WHERE HARDWARE_ID = ?', [
      cur.ID,
      old.ID,
    ]);
    await trx('download_servers').where('HARDWARE_ID', old.ID).delete();
  }
  if (has('download_enable') && (s.columns.get('download_enable') ?? []).includes('SERVER_ID')) {
    await trx('download_enable').where('SERVER_ID', old.ID).update({ SERVER_ID: cur.ID });
  }
  // Every inventory table (and download_history) of the old computer; unlike comm server 2.8.1 the old
  // software rows go too instead of staying orphaned.
  for (const t of s.hardwareIdTables) if (!HANDLED.has(t)) await trx(t).where('HARDWARE_ID', old.ID).delete();
  if (trace) await trx('deleted_equiv').insert({ DELETED: String(old.ID), EQUIVALENT: String(cur.ID) });
}

export async function mergeGroups(
  k: Knex,
  scope: Scope,
  groups: number[][],
  opts: {
    progress: (done: number, total: number, note?: string) => void;
    signal: AbortSignal;
    owner?: number;
  },
): Promise<MergeResult> {
  const s = await getSchemaInfo(k);
  const trace = (await configInt(k, 'TRACE_DELETED')) === 1 && s.tables.has('deleted_equiv');
  const owner = opts.owner ?? process.pid;
  const out: MergeResult = { merged: 0, removed: 0, survivors: [], skipped: [], traced: trace };
  opts.progress(0, groups.length);
  for (const [gi, wanted] of groups.entries()) {
    opts.signal.throwIfAborted();
    // Only computers the operator may see (groups are never computers; TAG restriction).
    const q = scoped(
      k,
      k('hardware')
        .select('ID', 'LASTCOME', 'LASTDATE', 'QUALITY', 'FIDELITY', 'CHECKSUM')
        .whereIn('ID', wanted),
      'ID',
      scope,
    );
    const rows = ((await q) as HwRow[]).map((r) => ({
      ...r,
      ID: Number(r.ID),
      LASTCOME: r.LASTCOME ? String(r.LASTCOME) : null,
      LASTDATE: r.LASTDATE ? String(r.LASTDATE) : null,
    }));
    if (rows.length < 2) {
      out.skipped.push({ ids: wanted, reason: 'not-found' });
      continue;
    }
    const ids = rows.map((r) => r.ID);
    const cur = pickSurvivor(
      rows.map((r) => ({ ...r, id: r.ID, lastCome: r.LASTCOME, lastDate: r.LASTDATE })),
    )!;
    // Newest first, so the oldest computer is replaced last and its administrative data win.
    const olds = rows
      .filter((r) => r.ID !== cur.ID)
      .sort(
        (a, b) =>
          (b.LASTCOME ?? '').localeCompare(a.LASTCOME ?? '') ||
          (b.LASTDATE ?? '').localeCompare(a.LASTDATE ?? '') ||
          b.ID - a.ID,
      );
    if (!(await lockAll(k, ids, owner))) {
      out.skipped.push({ ids, reason: 'locked' });
      continue;
    }
    try {
      await k.transaction(async (trx) => {
        for (const old of olds) await replace(trx, s, cur, old, trace);
      });
      out.merged++;
      out.removed += olds.length;
      out.survivors.push(cur.ID);
    } finally {
      invalidateTotals();
      await unlockAll(k, ids, owner);
    }
    opts.progress(gi + 1, groups.length);
  }
  invalidateGroupIds(k);
  opts.progress(groups.length, groups.length);
  return out;
}
