import type { Knex } from 'knex';
import { scoped, type Scope } from '../platform/ocs/scope';

/**
 * The dashboard's SQL. Each statement counts exactly what the computers search counts for the
 * criteria the tile links to (filter-sql.ts): same columns, same NULL/blank rule (IS_EMPTY = NULL or
 * ''), same package status classes, so a tile and its click-through never disagree.
 */

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Computers in scope and how many contacted the server within 1, 7, 30 days / not for 30 days. */
export async function contactCounts(
  k: Knex,
  scope: Scope,
): Promise<{ total: number; day: number; week: number; month: number; notSeen30: number }> {
  const q = k
    .from({ h: 'hardware' })
    .select(
      k.raw('COUNT(*) AS total'),
      k.raw('COALESCE(SUM(h.LASTCOME >= NOW() - INTERVAL 1 DAY), 0) AS day'),
      k.raw('COALESCE(SUM(h.LASTCOME >= NOW() - INTERVAL 7 DAY), 0) AS week'),
      k.raw('COALESCE(SUM(h.LASTCOME >= NOW() - INTERVAL 30 DAY), 0) AS month'),
      k.raw('COALESCE(SUM(h.LASTCOME < NOW() - INTERVAL 30 DAY), 0) AS old'),
    );
  scoped(k, q, 'h.ID', scope);
  const r = ((await q) as Row[])[0] ?? {};
  return {
    total: num(r.total),
    day: num(r.day),
    week: num(r.week),
    month: num(r.month),
    notSeen30: num(r.old),
  };
}

/** Computers per value of a hardware column; '' and NULL are one value (null). Unordered. */
export async function hardwareValueCounts(
  k: Knex,
  scope: Scope,
  column: 'OSNAME' | 'USERAGENT',
): Promise<Array<{ value: string | null; count: number }>> {
  const q = k
    .from({ h: 'hardware' })
    .select(k.raw("NULLIF(??, '') AS v", [`h.${column}`]))
    .count({ n: '*' })
    .groupBy('v');
  scoped(k, q, 'h.ID', scope);
  return ((await q) as Row[]).map((r) => ({ value: str(r.v), count: num(r.n) }));
}

/** The most common (OS, version) pairs. */
export async function osVersionCounts(
  k: Knex,
  scope: Scope,
  limit: number,
): Promise<Array<{ os: string | null; version: string | null; count: number }>> {
  const q = k
    .from({ h: 'hardware' })
    .select(k.raw("NULLIF(h.OSNAME, '') AS os"), k.raw("NULLIF(h.OSVERSION, '') AS ver"))
    .count({ n: '*' })
    .groupBy('os', 'ver')
    .orderBy('n', 'desc')
    .orderBy('os')
    .orderBy('ver')
    .limit(limit);
  scoped(k, q, 'h.ID', scope);
  return ((await q) as Row[]).map((r) => ({ os: str(r.os), version: str(r.ver), count: num(r.n) }));
}

// The package status classes of filter-sql.ts (PACKAGE_STATE_SQL): WAITING = no answer yet (NULL),
// NOTIFIED, ERROR = ERR_* or EXIT_CODE_*.
const IN_PROGRESS = "(d.TVALUE IS NULL OR d.TVALUE = 'NOTIFIED')";
const FAILING = "(d.TVALUE LIKE 'ERR%' OR d.TVALUE LIKE 'EXIT\\_CODE%')";

/** Computers with a package in progress / failing, in all and per package (FILEID). */
export async function deploymentCounts(
  k: Knex,
  scope: Scope,
  limit: number,
): Promise<{
  inProgress: number;
  failing: number;
  packages: Array<{ fileId: string; name: string; inProgress: number; failing: number }>;
}> {
  const all = k
    .from({ d: 'devices' })
    .select(
      k.raw(`COUNT(DISTINCT CASE WHEN ${IN_PROGRESS} THEN d.HARDWARE_ID END) AS p`),
      k.raw(`COUNT(DISTINCT CASE WHEN ${FAILING} THEN d.HARDWARE_ID END) AS f`),
    )
    .where('d.NAME', 'DOWNLOAD');
  scoped(k, all, 'd.HARDWARE_ID', scope);
  const per = k
    .from({ d: 'devices' })
    .join({ e: 'download_enable' }, 'e.ID', 'd.IVALUE')
    .leftJoin({ a: 'download_available' }, 'a.FILEID', 'e.FILEID')
    .select(
      'e.FILEID as fileId',
      k.raw('MAX(a.NAME) AS name'),
      k.raw(`COUNT(DISTINCT CASE WHEN ${IN_PROGRESS} THEN d.HARDWARE_ID END) AS p`),
      k.raw(`COUNT(DISTINCT CASE WHEN ${FAILING} THEN d.HARDWARE_ID END) AS f`),
    )
    .where('d.NAME', 'DOWNLOAD')
    .where((w) => w.whereRaw(IN_PROGRESS).orWhereRaw(FAILING))
    .groupBy('e.FILEID')
    .orderByRaw('f DESC, p DESC, e.FILEID')
    .limit(limit);
  scoped(k, per, 'd.HARDWARE_ID', scope);
  const [totals, rows] = await Promise.all([all, per]);
  const t = (totals as Row[])[0] ?? {};
  return {
    inProgress: num(t.p),
    failing: num(t.f),
    packages: (rows as Row[]).map((r) => ({
      fileId: String(r.fileId),
      name: str(r.name) ?? String(r.fileId),
      inProgress: num(r.p),
      failing: num(r.f),
    })),
  };
}
