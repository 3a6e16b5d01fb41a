import type { Knex } from 'knex';
import type {
  AssignResult,
  ComputerPackage,
  PackageStats,
  StatusCategory,
  StatusComputer,
} from '../../shared/contract/packages';
import { AppError } from '../platform/errors';
import { scoped, type Scope } from '../platform/ocs/scope';
import { ASSIGNMENT_NAMES, GROUP_DEVICEIDS, statusCategory } from './status';

/**
 * SQL of package assignments and statuses (devices rows NAME='DOWNLOAD…' of computers), knex bindings
 * only. Every function that reads or writes computers' rows takes the caller's Scope: a restricted
 * operator neither sees nor changes the assignments of computers outside the perimeter.
 */

const CHUNK = 1000;

function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

async function requireActivation(k: Knex, enableId: number): Promise<{ FILEID: string }> {
  const e = (await k('download_enable').where('ID', enableId).first('FILEID')) as
    { FILEID: string } | undefined;
  if (!e) throw new AppError('NOT_FOUND', { what: `activation ${enableId}` });
  return e;
}

/**
 * Assigns an activated package (download_enable.ID) to computers (hardware.ID): one devices row
 * NAME='DOWNLOAD', IVALUE=enableId, TVALUE NULL (= waiting for notification) per computer, plus
 * DOWNLOAD_FORCE '1' when `force`. Computers that already have the package keep their status
 * unless `reset`. Unknown ids, group rows and computers outside the scope are returned in `missing`
 * (the same answer, so the perimeter is not an oracle). One transaction.
 *
 * For other capabilities: the computers search calls this with the ids of every result.
 */
export async function assignPackage(
  k: Knex,
  scope: Scope,
  opts: { enableId: number; hardwareIds: number[]; force?: boolean; reset?: boolean },
): Promise<AssignResult> {
  await requireActivation(k, opts.enableId);
  const ids = [...new Set(opts.hardwareIds)];
  return k.transaction(async (trx) => {
    let assigned = 0;
    let alreadyAssigned = 0;
    const missing: number[] = [];
    for (const part of chunks(ids)) {
      const found = (await scoped(
        trx,
        trx('hardware').whereIn('ID', part).whereNotIn('DEVICEID', GROUP_DEVICEIDS).select('ID'),
        'ID',
        scope,
      )) as Array<{ ID: number }>;
      const ok = new Set(found.map((r) => Number(r.ID)));
      for (const id of part) if (!ok.has(id)) missing.push(id);
      let targets = [...ok];
      if (!opts.reset) {
        const have = (await trx('devices')
          .where({ NAME: 'DOWNLOAD', IVALUE: opts.enableId })
          .whereIn('HARDWARE_ID', targets)
          .select('HARDWARE_ID')) as Array<{ HARDWARE_ID: number }>;
        const already = new Set(have.map((r) => Number(r.HARDWARE_ID)));
        alreadyAssigned += already.size;
        targets = targets.filter((id) => !already.has(id));
      }
      if (!targets.length) continue;
      await trx('devices')
        .whereIn('NAME', ASSIGNMENT_NAMES)
        .where('IVALUE', opts.enableId)
        .whereIn('HARDWARE_ID', targets)
        .del();
      const rows = targets.map((id) => ({
        HARDWARE_ID: id,
        NAME: 'DOWNLOAD',
        IVALUE: opts.enableId,
        TVALUE: null,
        COMMENTS: null,
      }));
      if (opts.force)
        rows.push(
          ...targets.map((id) => ({
            HARDWARE_ID: id,
            NAME: 'DOWNLOAD_FORCE',
            IVALUE: opts.enableId,
            TVALUE: '1' as never,
            COMMENTS: null,
          })),
        );
      await trx('devices').insert(rows);
      assigned += targets.length;
    }
    return { assigned, alreadyAssigned, missing };
  });
}

/** Removes the assignment rows (DOWNLOAD and its options) of these computers for one activation. */
export async function unassignPackage(
  k: Knex,
  scope: Scope,
  opts: { enableId: number; hardwareIds: number[] },
): Promise<{ removed: number }> {
  await requireActivation(k, opts.enableId);
  return k.transaction(async (trx) => {
    let removed = 0;
    for (const asked of chunks([...new Set(opts.hardwareIds)])) {
      const inScope = (await scoped(
        trx,
        trx('hardware').whereIn('ID', asked).select('ID'),
        'ID',
        scope,
      )) as Array<{
        ID: number;
      }>;
      const part = inScope.map((x) => Number(x.ID));
      if (!part.length) continue;
      const n = await trx('devices')
        .where({ NAME: 'DOWNLOAD', IVALUE: opts.enableId })
        .whereIn('HARDWARE_ID', part)
        .del();
      removed += n;
      await trx('devices')
        .whereIn('NAME', ASSIGNMENT_NAMES)
        .where('IVALUE', opts.enableId)
        .whereIn('HARDWARE_ID', part)
        .del();
    }
    return { removed };
  });
}

/** The packages assigned to one computer with their statuses (computer detail screen). */
export async function packagesForComputer(
  k: Knex,
  scope: Scope,
  hardwareId: number,
): Promise<ComputerPackage[]> {
  const rows = (await scoped(k, k('devices as d'), 'd.HARDWARE_ID', scope)
    .join('download_enable as e', 'e.ID', 'd.IVALUE')
    .leftJoin('download_available as a', 'a.FILEID', 'e.FILEID')
    .leftJoin('devices as f', function () {
      this.on('f.HARDWARE_ID', '=', 'd.HARDWARE_ID')
        .andOn('f.IVALUE', '=', 'd.IVALUE')
        .andOn('f.NAME', '=', k.raw('?', ['DOWNLOAD_FORCE']));
    })
    .where('d.HARDWARE_ID', hardwareId)
    .where('d.NAME', 'DOWNLOAD')
    .orderBy('e.FILEID', 'desc')
    .select(
      'e.ID',
      'e.FILEID',
      'a.NAME',
      'a.OSNAME',
      'd.TVALUE',
      'd.COMMENTS',
      'e.INFO_LOC',
      'e.PACK_LOC',
      'f.TVALUE as FORCE',
    )) as Array<{
    ID: number;
    FILEID: string;
    NAME: string | null;
    OSNAME: string | null;
    TVALUE: string | null;
    COMMENTS: string | null;
    INFO_LOC: string;
    PACK_LOC: string;
    FORCE: string | null;
  }>;
  return rows.map((r) => ({
    enableId: Number(r.ID),
    fileId: r.FILEID,
    name: r.NAME,
    os: r.OSNAME,
    status: r.TVALUE,
    category: statusCategory(r.TVALUE),
    comments: r.COMMENTS,
    infoLoc: r.INFO_LOC,
    packLoc: r.PACK_LOC,
    forced: r.FORCE === '1',
  }));
}

/** DOWNLOAD rows of a package's activations, computers only. */
function statusRows(k: Knex, scope: Scope, fileId: string) {
  const q = k('devices as d')
    .join('download_enable as e', 'e.ID', 'd.IVALUE')
    .join('hardware as h', 'h.ID', 'd.HARDWARE_ID')
    .where('d.NAME', 'DOWNLOAD')
    .where('e.FILEID', fileId)
    .whereNotIn('h.DEVICEID', GROUP_DEVICEIDS);
  return scoped(k, q, 'h.ID', scope);
}

const CATEGORY_SQL: Record<StatusCategory, [string, string[]]> = {
  waiting: ['d.TVALUE IS NULL', []],
  notified: ["d.TVALUE LIKE 'NOTI%'", []],
  success: ["d.TVALUE LIKE 'SUCCESS%'", []],
  error: ["(d.TVALUE LIKE 'ERR%' OR d.TVALUE LIKE 'EXIT_CODE%')", []],
  other: [
    "(d.TVALUE IS NOT NULL AND d.TVALUE NOT LIKE 'NOTI%' AND d.TVALUE NOT LIKE 'SUCCESS%' AND d.TVALUE NOT LIKE 'ERR%' AND d.TVALUE NOT LIKE 'EXIT_CODE%')",
    [],
  ],
};

/** Counts per distinct status (every ERR_* on its own) and per category, like the console's page but finer. */
export async function packageStats(k: Knex, scope: Scope, fileId: string): Promise<PackageStats> {
  const rows = (await statusRows(k, scope, fileId)
    .groupBy('d.TVALUE')
    .select('d.TVALUE', k.raw('COUNT(*) AS n'))) as Array<{
    TVALUE: string | null;
    n: number | string;
  }>;
  const name = (await k('download_available').where('FILEID', fileId).first('NAME')) as
    { NAME: string } | undefined;
  const byCategory: Record<StatusCategory, number> = {
    waiting: 0,
    notified: 0,
    success: 0,
    error: 0,
    other: 0,
  };
  const statuses = rows
    .map((r) => ({ status: r.TVALUE, category: statusCategory(r.TVALUE), count: Number(r.n) }))
    .sort((a, b) => b.count - a.count || String(a.status).localeCompare(String(b.status)));
  for (const s of statuses) byCategory[s.category] += s.count;
  const total = statuses.reduce((a, s) => a + s.count, 0);
  return { fileId, name: name?.NAME ?? null, total, byCategory, statuses };
}

/** One page of the computers with a given status (null = waiting) or category. */
export async function statusComputers(
  k: Knex,
  scope: Scope,
  q: { fileId: string; status?: string | null; category?: StatusCategory; offset: number; limit: number },
): Promise<{ rows: StatusComputer[]; total: number }> {
  const base = () => {
    const b = statusRows(k, scope, q.fileId);
    if (q.status === null) b.whereNull('d.TVALUE');
    else if (typeof q.status === 'string') b.where('d.TVALUE', q.status);
    if (q.category) b.whereRaw(CATEGORY_SQL[q.category][0]);
    return b;
  };
  const countRow = (await base().count({ n: '*' }).first()) as { n: number | string } | undefined;
  const rows = (await base()
    .orderBy('h.NAME')
    .orderBy('h.ID')
    .offset(q.offset)
    .limit(q.limit)
    .select('h.ID', 'h.NAME', 'h.DEVICEID', 'd.IVALUE', 'd.TVALUE', 'd.COMMENTS')) as Array<{
    ID: number;
    NAME: string | null;
    DEVICEID: string;
    IVALUE: number;
    TVALUE: string | null;
    COMMENTS: string | null;
  }>;
  return {
    total: Number(countRow?.n ?? 0),
    rows: rows.map((r) => ({
      hardwareId: Number(r.ID),
      name: r.NAME,
      deviceId: r.DEVICEID,
      enableId: Number(r.IVALUE),
      status: r.TVALUE,
      comments: r.COMMENTS,
    })),
  };
}

/**
 * The console's clean-up buttons (ocs-compat 6.10): remove the assignment rows (DOWNLOAD and its
 * options) of the matching computers. success: TVALUE LIKE 'SUCCESS%'; notNotified: TVALUE IS NULL;
 * all: TVALUE IS NOT NULL. Only _SYSTEMGROUP_ rows are excluded, as the console does; a restricted
 * operator cleans up the computers of the perimeter only.
 */
export async function validatePackage(
  k: Knex,
  scope: Scope,
  fileId: string,
  action: 'success' | 'notNotified' | 'all',
): Promise<{ removed: number }> {
  return k.transaction(async (trx) => {
    const sel = trx('devices as d')
      .join('download_enable as e', 'e.ID', 'd.IVALUE')
      .join('hardware as h', 'h.ID', 'd.HARDWARE_ID')
      .where('d.NAME', 'DOWNLOAD')
      .where('e.FILEID', fileId)
      .whereNot('h.DEVICEID', '_SYSTEMGROUP_');
    // Unrestricted: exactly the console's rows (its _DOWNLOADGROUP_ rows included).
    if (scope.tags) scoped(trx, sel, 'h.ID', scope);
    if (action === 'success') sel.where('d.TVALUE', 'like', 'SUCCESS%');
    else if (action === 'notNotified') sel.whereNull('d.TVALUE');
    else sel.whereNotNull('d.TVALUE');
    const rows = (await sel.select('d.HARDWARE_ID', 'd.IVALUE').forUpdate()) as Array<{
      HARDWARE_ID: number;
      IVALUE: number;
    }>;
    const byEnable = new Map<number, number[]>();
    for (const r of rows)
      byEnable.set(Number(r.IVALUE), [...(byEnable.get(Number(r.IVALUE)) ?? []), Number(r.HARDWARE_ID)]);
    for (const [enableId, hw] of byEnable) {
      for (let i = 0; i < hw.length; i += 1000) {
        await trx('devices')
          .whereIn('NAME', ASSIGNMENT_NAMES)
          .where('IVALUE', enableId)
          .whereIn('HARDWARE_ID', hw.slice(i, i + 1000))
          .del();
      }
    }
    return { removed: rows.length };
  });
}
