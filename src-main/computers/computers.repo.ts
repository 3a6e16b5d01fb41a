import type { Knex } from 'knex';
import type {
  AssignedPackage,
  Cell,
  ColumnInfo,
  ComputerFilter,
  ComputerSelection,
  ComputerSetting,
  SectionRow,
  SettingName,
  SoftwareRow,
  Sort,
} from '../../shared/contract/computers';
import { DETAIL_SECTIONS, SETTING_NAMES } from '../../shared/contract/computers';
import { readConfigRows } from '../platform/ocs/config';
import { applyScope, type Scope } from '../platform/ocs/scope';
import { applyFilter, resolveSoftwareIds, type ResolvedIds } from './filter-sql';

type QB = Knex.QueryBuilder;

/** Base query on hardware `h` with scope and filter (software criteria resolved by resolveSoftwareIds). */
export function baseQuery(
  k: Knex,
  s: import('./schema-info').SchemaInfo,
  scope: Scope,
  filter: ComputerFilter,
  resolved?: ResolvedIds,
): QB {
  const q = k.from({ h: 'hardware' });
  applyScope(k, q, scope);
  applyFilter(k, q, s, filter, resolved);
  return q;
}

/** Sort column as a qualified identifier, plus the join it needs. */
export function sortTarget(col: ColumnInfo): { ident: string; join: 'bios' | 'accountinfo' | null } {
  if (col.table === 'hardware') return { ident: `h.${col.column}`, join: null };
  if (col.table === 'bios') return { ident: `b.${col.column}`, join: 'bios' };
  return { ident: `a.${col.column}`, join: 'accountinfo' };
}

/**
 * One page of IDs (deferred join): the ORDER BY ... LIMIT runs on the narrow (sort column, ID) index;
 * the wide columns are read afterwards for these IDs only.
 */
export async function pageIds(
  k: Knex,
  base: QB,
  sortCol: ColumnInfo,
  dir: Sort['dir'],
  offset: number,
  limit: number,
): Promise<number[]> {
  const rows = (await pageIdsQuery(base, sortCol, dir, offset, limit)) as Array<{ ID: number }>;
  return rows.map((r) => Number(r.ID));
}

export function pageIdsQuery(
  base: QB,
  sortCol: ColumnInfo,
  dir: Sort['dir'],
  offset: number,
  limit: number,
  /** The selected ID expression (default `h.ID`; pageIdsWithTotal adds SQL_CALC_FOUND_ROWS). */
  id: string | Knex.Raw = 'h.ID',
): QB {
  const t = sortTarget(sortCol);
  const q = base.clone().select(id);
  if (t.join === 'bios') q.leftJoin({ b: 'bios' }, 'b.HARDWARE_ID', 'h.ID');
  if (t.join === 'accountinfo') q.leftJoin({ a: 'accountinfo' }, 'a.HARDWARE_ID', 'h.ID');
  q.orderBy(t.ident, dir);
  if (t.ident !== 'h.ID') q.orderBy('h.ID', dir);
  return q.limit(limit).offset(offset);
}

/** The hardware index that leads with the sort column (what a walk reads its candidates from), if any. */
export function sortIndexName(s: import('./schema-info').SchemaInfo, sortCol: ColumnInfo): string | null {
  if (sortCol.table !== 'hardware') return null;
  return s.leadingIndexName?.get('hardware')?.get(sortCol.column) ?? null;
}

/**
 * A page of IDs and the number of matches from one pass (SQL_CALC_FOUND_ROWS, then FOUND_ROWS() on the
 * same connection). For a filter whose sort column has no index: its page reads and sorts every match
 * anyway, so a separate COUNT(*) would run the same join — the software probes — a second time.
 */
export async function pageIdsWithTotal(
  k: Knex,
  base: QB,
  sortCol: ColumnInfo,
  dir: Sort['dir'],
  offset: number,
  limit: number,
): Promise<{ ids: number[]; total: number }> {
  const q = pageIdsQuery(base, sortCol, dir, offset, limit, k.raw('SQL_CALC_FOUND_ROWS ??', ['h.ID']));
  // A transaction pins one pool connection: FOUND_ROWS() belongs to the session that ran the page.
  return k.transaction(async (trx) => {
    const rows = (await q.transacting(trx)) as Array<{ ID: number }>;
    const [found] = (await trx.raw('SELECT FOUND_ROWS() AS n')) as [Array<{ n: number | string }>];
    return { ids: rows.map((r) => Number(r.ID)), total: Number(found[0]?.n ?? 0) };
  });
}

export function countQuery(base: QB): QB {
  return base.clone().count({ n: '*' });
}

export async function countMatching(base: QB): Promise<number> {
  const r = (await countQuery(base)) as Array<{ n: number | string }>;
  return Number(r[0]?.n ?? 0);
}

export interface FetchedRow {
  id: number;
  lastDate: string | null;
  lastCome: string | null;
  values: Record<string, Cell>;
}

function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return String(v);
}

/** Reads the chosen columns of these computers, in the order of `ids`. */
export async function fetchRows(k: Knex, ids: number[], cols: ColumnInfo[]): Promise<FetchedRow[]> {
  if (!ids.length) return [];
  const q = k
    .from({ h: 'hardware' })
    .select('h.ID as __id', 'h.LASTDATE as __lastdate', 'h.LASTCOME as __lastcome');
  const needBios = cols.some((c) => c.table === 'bios');
  const needAcc = cols.some((c) => c.table === 'accountinfo');
  if (needBios) q.leftJoin({ b: 'bios' }, 'b.HARDWARE_ID', 'h.ID');
  if (needAcc) q.leftJoin({ a: 'accountinfo' }, 'a.HARDWARE_ID', 'h.ID');
  cols.forEach((c, i) => {
    const alias = c.table === 'hardware' ? 'h' : c.table === 'bios' ? 'b' : 'a';
    // The asset category shows its name, as ocsreports' list joins assets_categories on CATEGORY_ID.
    if (c.id === 'hardware.CATEGORY_ID')
      q.select({
        [`c${i}`]: k
          .from({ ac: 'assets_categories' })
          .select('ac.CATEGORY_NAME')
          .whereRaw('ac.ID = h.CATEGORY_ID'),
      });
    else q.select({ [`c${i}`]: `${alias}.${c.column}` });
  });
  q.whereIn('h.ID', ids);
  const rows = (await q) as Array<Record<string, unknown>>;
  const byId = new Map<number, FetchedRow>();
  for (const r of rows) {
    const values: Record<string, Cell> = {};
    cols.forEach((c, i) => (values[c.id] = cell(r[`c${i}`])));
    const id = Number(r.__id);
    byId.set(id, {
      id,
      lastDate: (r.__lastdate as string | null) ?? null,
      lastCome: (r.__lastcome as string | null) ?? null,
      values,
    });
  }
  return ids.map((id) => byId.get(id)).filter((x): x is FetchedRow => !!x);
}

/**
 * Narrows a query over the filter's computers (`h`) to the selection: its ids, or every match less the
 * ones the operator unticked. Applied in SQL beside the TAG perimeter, so an exclusion never widens it.
 */
export function narrowToSelection(q: Knex.QueryBuilder, sel: ComputerSelection): Knex.QueryBuilder {
  if (sel.kind === 'ids') return q.whereIn('h.ID', sel.ids);
  if (sel.except?.length) q.whereNotIn('h.ID', sel.except);
  return q;
}

/** IDs of a selection, within the operator's scope (ids outside it are silently dropped). */
export async function selectionIds(
  k: Knex,
  s: import('./schema-info').SchemaInfo,
  scope: Scope,
  sel: ComputerSelection,
): Promise<number[]> {
  const filter = sel.kind === 'filter' ? sel.filter : { criteria: [], match: 'all' as const };
  const q = baseQuery(k, s, scope, filter, await resolveSoftwareIds(k, s, filter)).select('h.ID');
  narrowToSelection(q, sel);
  q.orderBy('h.ID');
  const rows = (await q) as Array<{ ID: number }>;
  return rows.map((r) => Number(r.ID));
}

/**
 * The next page of a selection's IDs after `afterId` (keyset on the primary key, so page N costs what page
 * 1 costs): the export walks 100k computers without holding their IDs.
 */
export async function selectionIdsAfter(
  k: Knex,
  s: import('./schema-info').SchemaInfo,
  scope: Scope,
  sel: ComputerSelection,
  resolved: ResolvedIds | undefined,
  afterId: number,
  limit: number,
): Promise<number[]> {
  const filter = sel.kind === 'filter' ? sel.filter : { criteria: [], match: 'all' as const };
  const q = baseQuery(k, s, scope, filter, resolved).select('h.ID').where('h.ID', '>', afterId);
  narrowToSelection(q, sel);
  const rows = (await q.orderBy('h.ID').limit(limit)) as Array<{ ID: number }>;
  return rows.map((r) => Number(r.ID));
}

function plain(row: Record<string, unknown>): SectionRow {
  const out: SectionRow = {};
  for (const [key, v] of Object.entries(row)) out[key] = cell(v);
  return out;
}

export interface DetailData {
  hardware: SectionRow;
  bios: SectionRow | null;
  accountinfo: SectionRow | null;
  sections: Record<string, SectionRow[]>;
  software: SoftwareRow[];
  settings: ComputerSetting[];
  packages: AssignedPackage[];
}

function packageState(status: string | null): AssignedPackage['state'] {
  if (status == null) return 'waiting';
  const s = status.toUpperCase();
  if (s === 'NOTIFIED') return 'notified';
  if (s.startsWith('SUCCESS')) return 'success';
  if (s.startsWith('ERR') || s.startsWith('EXIT_CODE')) return 'error';
  return 'other';
}

function settingDiffers(
  name: SettingName,
  own: { ivalue: number | null; tvalue: string | null } | null,
  global: { ivalue: number | null } | null,
): boolean {
  if (!own) return false;
  // IPDISCOVER: 1 = elected by the server (normal); 0 (never) and 2 (forced) are admin choices.
  if (name === 'IPDISCOVER') return own.ivalue !== 1;
  return !global || own.ivalue !== global.ivalue;
}

/** Every section of one computer; the queries run side by side on the pool (all by HARDWARE_ID index). */
export async function readDetail(
  k: Knex,
  s: import('./schema-info').SchemaInfo,
  id: number,
): Promise<DetailData | null> {
  const sectionTables = DETAIL_SECTIONS.filter(
    (t) => s.tables.has(t) && (s.columns.get(t) ?? []).includes('HARDWARE_ID'),
  );
  const orderCol = (t: string) => ((s.columns.get(t) ?? []).includes('ID') ? 'ID' : 'HARDWARE_ID');
  const [hw, bios, acc, sw, devRows, config, ...sections] = await Promise.all([
    k('hardware').where('ID', id).first(),
    s.tables.has('bios') ? k('bios').where('HARDWARE_ID', id).first() : null,
    s.tables.has('accountinfo') ? k('accountinfo').where('HARDWARE_ID', id).first() : null,
    k
      .from({ s: 'software' })
      .leftJoin({ n: 'software_name' }, 'n.ID', 's.NAME_ID')
      .leftJoin({ p: 'software_publisher' }, 'p.ID', 's.PUBLISHER_ID')
      .leftJoin({ v: 'software_version' }, 'v.ID', 's.VERSION_ID')
      .select(
        'n.NAME as name',
        'p.PUBLISHER as publisher',
        'v.VERSION as version',
        's.FOLDER as folder',
        's.COMMENTS as comments',
        's.FILENAME as filename',
        's.FILESIZE as filesize',
        's.SOURCE as source',
        's.GUID as guid',
        's.LANGUAGE as language',
        's.INSTALLDATE as installDate',
        's.BITSWIDTH as bitswidth',
        ...((s.columns.get('software') ?? []).includes('ARCHITECTURE')
          ? ['s.ARCHITECTURE as architecture']
          : []),
      )
      .where('s.HARDWARE_ID', id)
      .orderBy('n.NAME'),
    k
      .from({ d: 'devices' })
      .leftJoin({ e: 'download_enable' }, function () {
        this.on('e.ID', '=', 'd.IVALUE').andOn('d.NAME', 'like', k.raw('?', ['DOWNLOAD%']));
      })
      .leftJoin({ av: 'download_available' }, 'av.FILEID', 'e.FILEID')
      .select(
        'd.NAME',
        'd.IVALUE',
        'd.TVALUE',
        'd.COMMENTS',
        'e.FILEID',
        'e.INFO_LOC',
        'e.PACK_LOC',
        'av.NAME as PKGNAME',
      )
      .where('d.HARDWARE_ID', id)
      .orderBy('d.ID'),
    readConfigRows(k, SETTING_NAMES),
    ...sectionTables.map((t) =>
      t === 'saas' && s.tables.has('saas_exp')
        ? // the service's name (saas_exp) beside each DNS answer, as ocsreports' SaaS section shows it
          k({ x: 'saas' })
            .leftJoin({ e: 'saas_exp' }, 'e.ID', 'x.SAAS_EXP_ID')
            .select('e.NAME as SERVICE', 'x.*')
            .where('x.HARDWARE_ID', id)
            .orderBy('e.NAME')
        : k(t).where('HARDWARE_ID', id).orderBy(orderCol(t)),
    ),
  ]);
  if (!hw) return null;
  const out: Record<string, SectionRow[]> = {};
  sectionTables.forEach((t, i) => (out[t] = (sections[i] as Array<Record<string, unknown>>).map(plain)));

  const devs = devRows as Array<{
    NAME: string;
    IVALUE: number | null;
    TVALUE: string | null;
    COMMENTS: string | null;
    FILEID: string | null;
    INFO_LOC: string | null;
    PACK_LOC: string | null;
    PKGNAME: string | null;
  }>;
  const settings: ComputerSetting[] = SETTING_NAMES.map((name) => {
    const row = devs.find((d) => d.NAME.toUpperCase() === name);
    const own = row ? { ivalue: row.IVALUE == null ? null : Number(row.IVALUE), tvalue: row.TVALUE } : null;
    const global =
      (config as Map<string, { ivalue: number | null; tvalue: string | null }>).get(name) ?? null;
    return { name, value: own, global, differs: settingDiffers(name, own, global) };
  });
  const extra = (kind: string, enableId: number) =>
    devs.find((d) => d.NAME.toUpperCase() === kind && Number(d.IVALUE) === enableId) ?? null;
  const packages: AssignedPackage[] = devs
    .filter((d) => d.NAME.toUpperCase() === 'DOWNLOAD' && d.IVALUE != null)
    .map((d) => {
      const enableId = Number(d.IVALUE);
      return {
        enableId,
        fileId: d.FILEID,
        name: d.PKGNAME,
        status: d.TVALUE,
        state: packageState(d.TVALUE),
        changedAt: d.COMMENTS,
        infoLoc: d.INFO_LOC,
        packLoc: d.PACK_LOC,
        forced: extra('DOWNLOAD_FORCE', enableId)?.TVALUE === '1',
        schedule: extra('DOWNLOAD_SCHEDULE', enableId)?.TVALUE ?? null,
        postCmd: extra('DOWNLOAD_POSTCMD', enableId)?.TVALUE ?? null,
      };
    });
  const software = (sw as Array<Record<string, unknown>>).map((r) => ({
    name: (r.name as string | null) ?? null,
    publisher: (r.publisher as string | null) ?? null,
    version: (r.version as string | null) ?? null,
    folder: (r.folder as string | null) ?? null,
    comments: (r.comments as string | null) ?? null,
    filename: (r.filename as string | null) ?? null,
    filesize: r.filesize == null ? null : Number(r.filesize),
    source: r.source == null ? null : Number(r.source),
    guid: (r.guid as string | null) ?? null,
    language: (r.language as string | null) ?? null,
    installDate: (r.installDate as string | null) ?? null,
    bitswidth: r.bitswidth == null ? null : Number(r.bitswidth),
    architecture: (r.architecture as string | null) ?? null,
  }));
  return {
    hardware: plain(hw as Record<string, unknown>),
    bios: bios ? plain(bios as Record<string, unknown>) : null,
    accountinfo: acc ? plain(acc as Record<string, unknown>) : null,
    sections: out,
    software,
    settings,
    packages,
  };
}
