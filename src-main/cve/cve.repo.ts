import type { Knex } from 'knex';
import type { z } from 'zod';
import type { CveSoftwareInput, Severity, SoftwareKey } from '../../shared/contract/cve';
import { getSchemaInfo } from '../computers/schema-info';
import { likePattern } from '../platform/ocs/like';
import { requireInScope, scoped, type Scope } from '../platform/ocs/scope';
import { keptCounts, tripleComputers } from '../software/name-counts';

/**
 * SQL of the CVE screens, knex bindings only (docs/cve.md). `cve_search` keys a software by its
 * dictionary ids (NAME_ID, PUBLISHER_ID, VERSION_ID), the columns `software` carries, so affected
 * computers are the software rows of that triple inside the scope: the same join ocsreports' computer
 * detail (plugins/computer_detail/cd_cve/cd_cve.php) and cron_cve_computer.php make. cve_search has no
 * secondary index; it holds one row per CVE found, far fewer than software rows, and every software
 * probe goes through software's NAME_ID index.
 */

/** The list's filters and order (paging and waiting do not concern the SQL here). */
type ListInput = Pick<z.output<typeof CveSoftwareInput>, 'filter' | 'severities' | 'sort'>;
type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);
const str = (v: unknown): string => (v == null ? '' : String(v));

/** CVSS ranges of each band (cve_search.CVSS is double(4,2)), on a HAVING's `MAX(<column>)`. */
function bandsSql(bands: readonly Severity[] | undefined, column: string): string | null {
  const m = `MAX(${column})`;
  const sql: Record<Severity, string> = {
    none: `${m} <= 0`,
    low: `(${m} > 0 AND ${m} < 4)`,
    medium: `(${m} >= 4 AND ${m} < 7)`,
    high: `(${m} >= 7 AND ${m} < 9)`,
    critical: `${m} >= 9`,
  };
  const uniq = [...new Set(bands ?? [])];
  return uniq.length ? `(${uniq.map((b) => sql[b]).join(' OR ')})` : null;
}

const SAME_TRIPLE =
  's.NAME_ID = c.NAME_ID AND s.PUBLISHER_ID = c.PUBLISHER_ID AND s.VERSION_ID = c.VERSION_ID';

/** software rows inside the scope, alias `s`. */
function installedIn(k: Knex, scope: Scope): Knex.QueryBuilder {
  const q = k.from({ s: 'software' });
  scoped(k, q, 's.HARDWARE_ID', scope);
  return q;
}

/**
 * Every vulnerable triple of cve_search (columns NAME_ID, PUBLISHER_ID, VERSION_ID, NAME, PUBLISHER,
 * VERSION, maxCvss, cves) that the text and severity filters keep, whether installed or not: bounded
 * by cve_search, never reads software. Which are installed in the scope, and on how many computers,
 * the kept background count says (name-counts.ts).
 */
function vulnerableTriples(k: Knex, input: ListInput): Knex.QueryBuilder {
  const f = input.filter?.trim();
  const like = f ? likePattern(f) : null;
  // Grouped first; whether one of the triple's CVE ids matches the filter is read in the same pass.
  const grouped = k
    .from('cve_search')
    .select('NAME_ID', 'PUBLISHER_ID', 'VERSION_ID')
    .max({ maxCvss: 'CVSS' })
    .countDistinct({ cves: 'CVE' })
    .groupBy('NAME_ID', 'PUBLISHER_ID', 'VERSION_ID');
  if (like) grouped.select(k.raw('MAX(CVE LIKE ?) AS cveHit', [like]));
  const bands = bandsSql(input.severities, 'CVSS');
  if (bands) grouped.havingRaw(bands);
  const q = k
    .from(grouped.as('c'))
    .leftJoin({ n: 'software_name' }, 'n.ID', 'c.NAME_ID')
    .leftJoin({ p: 'software_publisher' }, 'p.ID', 'c.PUBLISHER_ID')
    .leftJoin({ v: 'software_version' }, 'v.ID', 'c.VERSION_ID')
    .select(
      'c.NAME_ID',
      'c.PUBLISHER_ID',
      'c.VERSION_ID',
      'n.NAME',
      'p.PUBLISHER',
      'v.VERSION',
      'c.maxCvss',
      'c.cves',
    );
  if (like)
    q.where((w) =>
      w.where('n.NAME', 'like', like).orWhere('p.PUBLISHER', 'like', like).orWhere('c.cveHit', 1),
    );
  return q;
}

export interface TripleRow {
  nameId: number;
  publisherId: number;
  versionId: number;
  name: string;
  publisher: string;
  version: string;
  maxCvss: number;
  cves: number;
}

const tripleOf = (r: Row): TripleRow => ({
  nameId: num(r.NAME_ID),
  publisherId: num(r.PUBLISHER_ID),
  versionId: num(r.VERSION_ID),
  name: str(r.NAME),
  publisher: str(r.PUBLISHER),
  version: str(r.VERSION),
  maxCvss: num(r.maxCvss),
  cves: num(r.cves),
});

/**
 * Every vulnerable triple the filters keep, in the list's order: by name, CVSS or CVE count as asked
 * (ties by name, publisher, version, then ids, ascending); sorted by computers, in that tie order, for
 * the caller's stable sort on the kept computers.
 */
export async function candidateTriples(k: Knex, input: ListInput): Promise<TripleRow[]> {
  const dir = input.sort.dir;
  const q = k.from(vulnerableTriples(k, input).as('t')).select('t.*');
  if (input.sort.column === 'cvss') q.orderBy('t.maxCvss', dir);
  if (input.sort.column === 'cves') q.orderBy('t.cves', dir);
  const nameDir = input.sort.column === 'name' ? dir : 'asc';
  q.orderBy('t.NAME', nameDir)
    .orderBy('t.PUBLISHER', nameDir)
    .orderBy('t.VERSION', nameDir)
    .orderBy('t.NAME_ID', nameDir)
    .orderBy('t.PUBLISHER_ID', nameDir)
    .orderBy('t.VERSION_ID', nameDir);
  return ((await q) as Row[]).map(tripleOf);
}

const keyOf = (t: SoftwareKey) => `${t.nameId}:${t.publisherId}:${t.versionId}`;

/**
 * Distinct computers of the scope per triple, read live (software's NAME_ID index narrows the rows
 * read: every row of a name on most computers without the optional indexes). Used only while no
 * background count is kept.
 */
export async function computersOf(k: Knex, scope: Scope, keys: SoftwareKey[]): Promise<Map<string, number>> {
  if (!keys.length) return new Map();
  const rows = (await installedIn(k, scope)
    .select('s.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID')
    .countDistinct({ c: 's.HARDWARE_ID' })
    .whereIn('s.NAME_ID', [...new Set(keys.map((t) => t.nameId))])
    .whereIn(
      ['s.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID'],
      keys.map((t) => [t.nameId, t.publisherId, t.versionId]),
    )
    .groupBy('s.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID')) as Row[];
  return new Map(
    rows.map((r) => [
      keyOf({ nameId: num(r.NAME_ID), publisherId: num(r.PUBLISHER_ID), versionId: num(r.VERSION_ID) }),
      num(r.c),
    ]),
  );
}

export { keyOf };

/** CVEs stored for one triple (one entry per CVE id: its highest CVSS, its first link). */
export async function cvesOf(
  k: Knex,
  key: SoftwareKey,
): Promise<Array<{ cve: string; cvss: number; link: string }>> {
  const rows = (await k
    .from({ c: 'cve_search' })
    .select('c.CVE')
    .max({ cvss: 'c.CVSS' })
    .min({ link: 'c.LINK' })
    .where({ 'c.NAME_ID': key.nameId, 'c.PUBLISHER_ID': key.publisherId, 'c.VERSION_ID': key.versionId })
    .groupBy('c.CVE')
    .orderBy('cvss', 'desc')
    .orderBy('c.CVE')) as Row[];
  return rows.map((r) => ({ cve: str(r.CVE), cvss: num(r.cvss), link: str(r.link) }));
}

type Holder = { id: number; name: string; tag: string | null; lastdate: string | null };
const holderOf = (r: Row): Holder => ({
  id: num(r.ID),
  name: str(r.NAME),
  tag: r.TAG == null ? null : String(r.TAG),
  lastdate: r.LASTDATE == null ? null : String(r.LASTDATE),
});

/**
 * What one computer's probe costs against one row of the name read through NAME_ID: a computer's rows
 * are consecutive in the clustered index (a page or two), a name's rows are one random read each.
 * Tunable for tests (0: walk whenever a count is kept).
 */
export const walkLimits = { probeCost: 4 };

/**
 * One page of a software's computers without reading every row of its name: the perimeter's hardware
 * walked in NAME order (its NAME index), each computer probed through software's HARDWARE_ID index
 * (`exists_to_in=off`: a dependent probe, not a materialised read of every row), until the page is
 * full; the total is the kept count's (name-counts.ts, at most its TTL old, as the list's computers).
 * Chosen when a count is kept and the probes it expects, (offset + limit) × computers with software ÷
 * the triple's computers, cost less than the name's rows; never with ocsdesk_triple_hw (the triple's
 * computers are then one index range) or without hardware's NAME index. Null: not chosen.
 */
async function walkHolders(
  k: Knex,
  scope: Scope,
  key: SoftwareKey,
  offset: number,
  limit: number,
): Promise<{ rows: Holder[]; total: number } | null> {
  const kept = keptCounts(k, scope);
  if (!kept?.hosts) return null;
  const info = await getSchemaInfo(k);
  if (info.indexNames.get('software')?.has('ocsdesk_triple_hw')) return null;
  if (!info.indexNames.get('hardware')?.has('NAME') || !info.indexNames.get('software')?.has('HARDWARE_ID'))
    return null;
  const total = tripleComputers(kept, key.nameId, key.publisherId, key.versionId);
  if (!total) return null; // none when counted: read live
  const rank = kept.rank.get(key.nameId);
  const nameComputers = rank === undefined ? 0 : kept.byName[rank]!.computers;
  const probes = ((offset + limit) * kept.hosts) / total;
  if (probes * walkLimits.probeCost >= nameComputers) return null;
  const probe = k
    .from(k.raw('?? AS s FORCE INDEX (HARDWARE_ID)', ['software']))
    .select(k.raw('1'))
    .whereRaw('s.HARDWARE_ID = h.ID')
    .where({ 's.NAME_ID': key.nameId, 's.PUBLISHER_ID': key.publisherId, 's.VERSION_ID': key.versionId });
  const q = k
    .from(k.raw('?? AS h FORCE INDEX FOR ORDER BY (NAME)', ['hardware']))
    .leftJoin({ a: 'accountinfo' }, 'a.HARDWARE_ID', 'h.ID')
    .select('h.ID', 'h.NAME', 'a.TAG', 'h.LASTDATE')
    .whereExists(probe)
    .orderBy('h.NAME')
    .orderBy('h.ID')
    .offset(offset)
    .limit(limit);
  scoped(k, q, 'h.ID', scope);
  const { sql, bindings } = q.toSQL().toNative();
  const [rows] = (await k.raw(`SET STATEMENT optimizer_switch = 'exists_to_in=off' FOR ${sql}`, [
    ...bindings,
  ])) as [Row[]];
  return { rows: rows.map(holderOf), total };
}

/** Computers of the scope that have the triple, or any triple stored under a CVE id; by name. */
export async function affectedComputers(
  k: Knex,
  scope: Scope,
  by: SoftwareKey | { cve: string },
  offset: number,
  limit: number,
): Promise<{
  rows: Array<{ id: number; name: string; tag: string | null; lastdate: string | null }>;
  total: number;
}> {
  if (!('cve' in by)) {
    const walked = await walkHolders(k, scope, by, offset, limit);
    if (walked) return walked;
  }
  const holders = installedIn(k, scope).select('s.HARDWARE_ID');
  if ('cve' in by)
    // The names the CVE is stored for first, so software is read through its NAME_ID index.
    holders
      .whereIn('s.NAME_ID', k.from('cve_search').select('NAME_ID').where('CVE', by.cve))
      .whereExists(
        k.from({ c: 'cve_search' }).select(k.raw('1')).whereRaw(SAME_TRIPLE).where('c.CVE', by.cve),
      );
  else
    holders.where({ 's.NAME_ID': by.nameId, 's.PUBLISHER_ID': by.publisherId, 's.VERSION_ID': by.versionId });
  const q = k
    .from({ h: 'hardware' })
    .leftJoin({ a: 'accountinfo' }, 'a.HARDWARE_ID', 'h.ID')
    .whereIn('h.ID', holders);
  scoped(k, q, 'h.ID', scope);
  const [count, rows] = await Promise.all([
    q.clone().count({ c: '*' }),
    q
      .clone()
      .select('h.ID', 'h.NAME', 'a.TAG', 'h.LASTDATE')
      .orderBy('h.NAME')
      .orderBy('h.ID')
      .offset(offset)
      .limit(limit),
  ]);
  return {
    total: num((count as Row[])[0]?.c),
    rows: (rows as Row[]).map(holderOf),
  };
}

/** CVEs of the software installed on one computer of the scope (NOT_FOUND outside it). */
export async function computerCves(
  k: Knex,
  scope: Scope,
  id: number,
): Promise<
  Array<{ cve: string; cvss: number; link: string; name: string; publisher: string; version: string }>
> {
  await requireInScope(k, scope, id);
  const rows = (await installedIn(k, scope)
    .join({ c: 'cve_search' }, (j) =>
      j
        .on('c.NAME_ID', 's.NAME_ID')
        .andOn('c.PUBLISHER_ID', 's.PUBLISHER_ID')
        .andOn('c.VERSION_ID', 's.VERSION_ID'),
    )
    .leftJoin({ n: 'software_name' }, 'n.ID', 'c.NAME_ID')
    .leftJoin({ p: 'software_publisher' }, 'p.ID', 'c.PUBLISHER_ID')
    .leftJoin({ v: 'software_version' }, 'v.ID', 'c.VERSION_ID')
    .where('s.HARDWARE_ID', id)
    .select('c.CVE', 'n.NAME', 'p.PUBLISHER', 'v.VERSION')
    .max({ cvss: 'c.CVSS' })
    .min({ link: 'c.LINK' })
    .groupBy('c.CVE', 'c.NAME_ID', 'c.PUBLISHER_ID', 'c.VERSION_ID', 'n.NAME', 'p.PUBLISHER', 'v.VERSION')
    .orderBy('cvss', 'desc')
    .orderBy('n.NAME')
    .orderBy('c.CVE')) as Row[];
  return rows.map((r) => ({
    cve: str(r.CVE),
    cvss: num(r.cvss),
    link: str(r.link),
    name: str(r.NAME),
    publisher: str(r.PUBLISHER),
    version: str(r.VERSION),
  }));
}

/** cve_search_history, latest first (one row per publisher: ocsreports updates it in place). */
export async function historyPage(
  k: Knex,
  offset: number,
  limit: number,
): Promise<{ rows: Array<{ flagDate: string; cveCount: number; publisher: string }>; total: number }> {
  const q = k
    .from({ h: 'cve_search_history' })
    .leftJoin({ p: 'software_publisher' }, 'p.ID', 'h.PUBLISHER_ID');
  const [count, rows] = await Promise.all([
    q.clone().count({ c: '*' }),
    q
      .clone()
      .select('h.FLAG_DATE', 'h.CVE_NB', 'p.PUBLISHER', 'h.PUBLISHER_ID')
      .orderBy('h.FLAG_DATE', 'desc')
      .orderBy('h.ID', 'desc')
      .offset(offset)
      .limit(limit),
  ]);
  return {
    total: num((count as Row[])[0]?.c),
    rows: (rows as Row[]).map((r) => ({
      flagDate: str(r.FLAG_DATE),
      cveCount: num(r.CVE_NB),
      publisher: r.PUBLISHER == null ? `#${num(r.PUBLISHER_ID)}` : String(r.PUBLISHER),
    })),
  };
}

/** Row counts of the three tables and the latest lookup date (no computer named). */
export async function tableFigures(
  k: Knex,
): Promise<{ cveRows: number; computerRows: number; historyRows: number; lastRun: string | null }> {
  // cve_search_computer is 7069's: the 7039 schema of the comm server package alone lacks it (and
  // nothing fills it there), so it counts as empty instead of failing the whole page.
  const { tables } = await getSchemaInfo(k);
  const one = async (t: string) => (tables.has(t) ? num(((await k(t).count({ c: '*' })) as Row[])[0]?.c) : 0);
  const [cveRows, computerRows, historyRows, last] = await Promise.all([
    one('cve_search'),
    one('cve_search_computer'),
    one('cve_search_history'),
    k('cve_search_history').max({ d: 'FLAG_DATE' }),
  ]);
  const d = (last as Row[])[0]?.d;
  return { cveRows, computerRows, historyRows, lastRun: d == null ? null : String(d) };
}
