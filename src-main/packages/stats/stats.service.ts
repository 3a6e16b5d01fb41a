import type { Knex } from 'knex';
import type { PackageStats, StatusCategory, StatusComputer } from '../../../shared/contract/packages';
import { ASSIGNMENT_NAMES, GROUP_DEVICEIDS, statusCategory } from '../status';

/** DOWNLOAD rows of a package's activations, computers only. */
function statusRows(k: Knex, fileId: string) {
  return k('devices as d')
    .join('download_enable as e', 'e.ID', 'd.IVALUE')
    .join('hardware as h', 'h.ID', 'd.HARDWARE_ID')
    .where('d.NAME', 'DOWNLOAD')
    .where('e.FILEID', fileId)
    .whereNotIn('h.DEVICEID', GROUP_DEVICEIDS);
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
export async function packageStats(k: Knex, fileId: string): Promise<PackageStats> {
  const rows = (await statusRows(k, fileId)
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
  q: { fileId: string; status?: string | null; category?: StatusCategory; offset: number; limit: number },
): Promise<{ rows: StatusComputer[]; total: number }> {
  const base = () => {
    const b = statusRows(k, q.fileId);
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
 * all: TVALUE IS NOT NULL. Only _SYSTEMGROUP_ rows are excluded, as the console does.
 */
export async function validatePackage(
  k: Knex,
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
