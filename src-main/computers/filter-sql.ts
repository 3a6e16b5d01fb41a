import type { Knex } from 'knex';
import type { ComputerFilter, Criterion, SearchOp, ValueType } from '../../shared/contract/computers';
import { AppError } from '../platform/errors';
import { likePattern } from '../platform/ocs/like';
import { fieldOps, resolveField, type FieldDef } from './fields';
import { nameKey, softwareNameIds } from './name-ids';
import type { SchemaInfo } from './schema-info';

/**
 * Filter → knex conditions on a query whose hardware alias is `h`. Identifiers only come from the field
 * allowlist (fields.ts) and are passed to knex as identifiers; every value is a binding.
 */

type QB = Knex.QueryBuilder;

/**
 * Software criteria resolved to dictionary IDs before the statement is built (see resolveSoftwareIds):
 * criterion index → NAME_IDs (and VERSION_IDs when a version qualifier is set). `null` = too many
 * names to inline; the criterion keeps its dictionary subquery.
 */
export interface SoftwareIds {
  names: number[] | null;
  versions: number[] | null;
}
export type ResolvedIds = Map<number, SoftwareIds>;

/** Above this many matching dictionary rows a criterion keeps its subquery instead of an IN list. */
export const MAX_INLINE_IDS = 500;

function invalid(field: string, detail: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, detail }, { fields: [{ path: field, message: detail }] });
}

const INT_RE = /^-?\d{1,18}$/;
const DEC_RE = /^-?\d{1,18}(\.\d+)?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/;

function checkValue(path: string, type: ValueType, op: SearchOp, v: string | undefined): string {
  if (v === undefined || v === '') throw invalid(path, 'a value is required');
  if (op === 'OLDER_THAN_DAYS' || op === 'NEWER_THAN_DAYS') {
    if (!/^\d{1,6}$/.test(v)) throw invalid(path, 'a number of days is required');
    return v;
  }
  if (op === 'LIKE' || op === 'NOT_LIKE' || op === 'HAS' || op === 'HAS_NOT') return v;
  if (type === 'int' && !INT_RE.test(v)) throw invalid(path, 'an integer is required');
  if (type === 'decimal' && !DEC_RE.test(v)) throw invalid(path, 'a number is required');
  if ((type === 'date' || type === 'datetime') && !DATE_RE.test(v))
    throw invalid(path, 'a date YYYY-MM-DD [HH:MM[:SS]] is required');
  return v;
}

/** The positive counterpart of a negative operator (used as NOT IN (positive) on other tables). */
const NEGATION: Partial<Record<SearchOp, SearchOp>> = {
  DIFFERENT: 'EQUAL',
  NOT_LIKE: 'LIKE',
  IS_EMPTY: 'IS_NOT_EMPTY',
  HAS_NOT: 'HAS',
};

/** Adds `col <op> value` (single row semantics) to b. */
export function valueCondition(
  b: QB,
  col: string,
  type: ValueType,
  op: SearchOp,
  c: Criterion,
  path: string,
): void {
  const numeric = type === 'int' || type === 'decimal';
  switch (op) {
    case 'EQUAL':
      b.where(col, '=', checkValue(path + '.value', type, op, c.value));
      return;
    case 'DIFFERENT': {
      const v = checkValue(path + '.value', type, op, c.value);
      b.where((q) => q.where(col, '<>', v).orWhereNull(col));
      return;
    }
    case 'SMALLER':
      b.where(col, '<', checkValue(path + '.value', type, op, c.value));
      return;
    case 'BIGGER':
      b.where(col, '>', checkValue(path + '.value', type, op, c.value));
      return;
    case 'BETWEEN':
    case 'OUT_OF': {
      const lo = checkValue(path + '.value', type, op, c.value);
      const hi = checkValue(path + '.value2', type, op, c.value2);
      if (op === 'BETWEEN') b.whereBetween(col, [lo, hi]);
      else b.where((q) => q.where(col, '<', lo).orWhere(col, '>', hi));
      return;
    }
    case 'LIKE':
    case 'HAS':
      b.where(col, 'like', likePattern(checkValue(path + '.value', type, op, c.value)));
      return;
    case 'NOT_LIKE':
    case 'HAS_NOT': {
      const p = likePattern(checkValue(path + '.value', type, op, c.value));
      b.where((q) => q.where(col, 'not like', p).orWhereNull(col));
      return;
    }
    case 'IS_EMPTY':
      if (numeric) b.whereNull(col);
      else b.where((q) => q.whereNull(col).orWhere(col, '=', ''));
      return;
    case 'IS_NOT_EMPTY':
      b.whereNotNull(col);
      if (!numeric) b.where(col, '<>', '');
      return;
    case 'OLDER_THAN_DAYS':
      b.whereRaw('?? < NOW() - INTERVAL ? DAY', [
        col,
        Number(checkValue(path + '.value', type, op, c.value)),
      ]);
      return;
    case 'NEWER_THAN_DAYS':
      b.whereRaw('?? >= NOW() - INTERVAL ? DAY', [
        col,
        Number(checkValue(path + '.value', type, op, c.value)),
      ]);
      return;
  }
}

function isNegativeSoftware(c: Criterion): boolean {
  return c.op === 'HAS_NOT' || c.op === 'DIFFERENT' || c.op === 'NOT_LIKE';
}

/** Is the criterion's name compared with `=` (no wildcard) rather than LIKE? */
function isExactName(c: Criterion): boolean {
  return (c.op === 'EQUAL' || c.op === 'DIFFERENT') && !/[*?]/.test(c.value ?? '');
}

/** `SELECT ID FROM software_name WHERE NAME = ? | LIKE ?` (the unique NAME index; the dictionary is small). */
export function softwareNameQuery(k: Knex, c: Criterion, path: string): QB {
  const name = checkValue(path + '.value', 'text', 'LIKE', c.value);
  const names = k.from('software_name').select('ID');
  if (isExactName(c)) names.where('NAME', name);
  else names.where('NAME', 'like', likePattern(name));
  return names;
}

export function softwareVersionQuery(k: Knex, qualifier: string): QB {
  return k.from('software_version').select('ID').where('VERSION', 'like', likePattern(qualifier, false));
}

/**
 * Resolves the software criteria of a filter to dictionary IDs (one small indexed read per criterion,
 * at most MAX_INLINE_IDS + 1 rows); the result goes to applyFilter. Invalid criteria are left for
 * applyFilter to report.
 */
export async function resolveSoftwareIds(
  k: Knex,
  s: SchemaInfo,
  filter: ComputerFilter | undefined,
): Promise<ResolvedIds> {
  const out: ResolvedIds = new Map();
  const criteria = filter?.criteria ?? [];
  const ids = async (q: QB): Promise<number[] | null> => {
    const rows = (await q.limit(MAX_INLINE_IDS + 1)) as Array<{ ID: number }>;
    return rows.length > MAX_INLINE_IDS ? null : rows.map((r) => Number(r.ID));
  };
  await Promise.all(
    criteria.map(async (c, i) => {
      const def = resolveField(s, c.field);
      if (def?.kind !== 'software' || !fieldOps(def).includes(c.op) || !c.value) return;
      const path = `filter.criteria.${i}`;
      const [names, versions] = await Promise.all([
        // Kept per pattern while the dictionary does not change (name-ids.ts).
        softwareNameIds(k, nameKey(c, isExactName(c)), () => softwareNameQuery(k, c, path), MAX_INLINE_IDS),
        c.qualifier && s.tables.has('software_version')
          ? ids(softwareVersionQuery(k, c.qualifier))
          : Promise.resolve(null),
      ]);
      out.set(i, { names, versions });
    }),
  );
  return out;
}

const PACKAGE_STATE_SQL: Record<string, (q: QB) => void> = {
  WAITING: (q) => q.whereNull('d.TVALUE'),
  NOTIFIED: (q) => q.where('d.TVALUE', 'NOTIFIED'),
  SUCCESS: (q) => q.where('d.TVALUE', 'like', 'SUCCESS%'),
  ERROR: (q) =>
    q.where((w) => w.where('d.TVALUE', 'like', 'ERR%').orWhere('d.TVALUE', 'like', 'EXIT\\_CODE%')),
};

/** Adds the condition of one criterion on `h` to b. */
function criterionCondition(
  k: Knex,
  b: QB,
  def: FieldDef,
  c: Criterion,
  path: string,
  ids?: SoftwareIds,
  correlate = false,
  walk: PerRowWalk | null = null,
): void {
  const neg = NEGATION[c.op];
  switch (def.kind) {
    case 'row': {
      if (def.table === 'hardware') {
        valueCondition(b, `h.${def.column}`, def.type, c.op, c, path);
        return;
      }
      const sub = (op: SearchOp) =>
        k
          .from({ x: def.table })
          .select('x.HARDWARE_ID')
          .where((q) => valueCondition(q, `x.${def.column}`, def.type, op, c, path));
      if (neg) b.whereNotIn('h.ID', sub(neg));
      else b.whereIn('h.ID', sub(c.op));
      return;
    }
    case 'multi': {
      const sub = (op: SearchOp) =>
        k
          .from({ x: def.table })
          .select('x.HARDWARE_ID')
          .where((q) => valueCondition(q, `x.${def.column}`, def.type, op, c, path));
      if (neg) b.whereNotIn('h.ID', sub(neg));
      else b.whereIn('h.ID', sub(c.op));
      return;
    }
    case 'software': {
      const negative = isNegativeSoftware(c);
      const nameIds = ids?.names ?? null;
      const versionIds = c.qualifier ? (ids?.versions ?? null) : null;
      // No such name (or version) in the dictionary: nobody has it.
      if ((nameIds && !nameIds.length) || (versionIds && !versionIds.length)) {
        b.whereRaw(negative ? '1 = 1' : '1 = 0');
        return;
      }
      // Constant NAME_IDs let the optimizer probe the (NAME_ID, HARDWARE_ID) index per computer
      // (index-only) instead of reading every software row of the candidate computers.
      // In a walk, OCS's NAME_ID key alone is never the way to probe one computer (it reads every row
      // of the names, per candidate); leaving it out lets MariaDB take the candidate's own rows by
      // HARDWARE_ID, or one (NAME_ID, HARDWARE_ID) dive per name when ocsdesk_name_hw exists.
      const from = walk?.ignoreNameIndex
        ? k.raw('?? AS ?? IGNORE INDEX (??)', ['software', 's', walk.ignoreNameIndex])
        : { s: 'software' };
      const sub = k
        .from(from)
        .select('s.HARDWARE_ID')
        .whereIn('s.NAME_ID', nameIds ?? softwareNameQuery(k, c, path));
      if (c.qualifier) sub.whereIn('s.VERSION_ID', versionIds ?? softwareVersionQuery(k, c.qualifier));
      // A correlated semi-join cannot be materialized: the optimizer probes it per candidate computer
      // (FirstMatch) instead of reading every index entry of the name first (see softwareProbe).
      // A walk probes "has not" per candidate as well (NOT IN of the candidate's own rows), instead of
      // materializing every row of the names first.
      if ((correlate && !negative) || walk) sub.whereRaw('?? = ??', ['s.HARDWARE_ID', 'h.ID']);
      if (negative) b.whereNotIn('h.ID', sub);
      else b.whereIn('h.ID', sub);
      return;
    }
    case 'setting': {
      const sub = (op: SearchOp | null) => {
        const q = k.from({ d: 'devices' }).select('d.HARDWARE_ID').where('d.NAME', def.name);
        if (op && op !== 'IS_NOT_EMPTY') q.where((w) => valueCondition(w, 'd.IVALUE', 'int', op, c, path));
        return q;
      };
      if (neg) b.whereNotIn('h.ID', sub(neg));
      else b.whereIn('h.ID', sub(c.op));
      return;
    }
    case 'registry': {
      const sub = (op: SearchOp) => {
        const q = k.from({ x: 'registry' }).select('x.HARDWARE_ID');
        if (c.qualifier) q.where('x.NAME', c.qualifier);
        return q.where((w) => valueCondition(w, 'x.REGVALUE', 'text', op, c, path));
      };
      if (neg) b.whereNotIn('h.ID', sub(neg));
      else b.whereIn('h.ID', sub(c.op));
      return;
    }
    case 'group': {
      // Live membership (what the comm server sends settings and packages to): a dynamic group defined
      // on this criterion follows the other group at each recompute, never a frozen id list.
      const gid = checkValue(path + '.value', 'int', 'EQUAL', c.value);
      const sub = k
        .from('groups_cache')
        .select('HARDWARE_ID')
        .where('GROUP_ID', gid)
        .whereIn('STATIC', [0, 1]);
      if (c.op === 'DIFFERENT') b.whereNotIn('h.ID', sub);
      else b.whereIn('h.ID', sub);
      return;
    }
    case 'checkbox': {
      // Ticked labels are stored as `a&&&b&&&`: one label is `&&&label&&&` inside `&&&` + the value.
      const sub = () => k.from({ x: 'accountinfo' }).select('x.HARDWARE_ID');
      if (c.op === 'IS_EMPTY' || c.op === 'IS_NOT_EMPTY') {
        const filled = sub().whereNotNull(`x.${def.column}`).where(`x.${def.column}`, '<>', '');
        if (c.op === 'IS_EMPTY') b.whereNotIn('h.ID', filled);
        else b.whereIn('h.ID', filled);
        return;
      }
      const label = checkValue(path + '.value', 'text', 'EQUAL', c.value);
      const pattern = `%&&&${label.replace(/[\\%_]/g, (m) => '\\' + m)}&&&%`;
      const ticked = sub().whereRaw("CONCAT('&&&', ??, '&&&') LIKE ?", [`x.${def.column}`, pattern]);
      if (c.op === 'DIFFERENT') b.whereNotIn('h.ID', ticked);
      else b.whereIn('h.ID', ticked);
      return;
    }
    case 'softwareCategory': {
      const cat = checkValue(path + '.value', 'int', 'EQUAL', c.value);
      const sub = k
        .from({ s: 'software' })
        .join({ l: 'software_categories_link' }, (j) =>
          j
            .on('l.NAME_ID', 's.NAME_ID')
            .andOn('l.PUBLISHER_ID', 's.PUBLISHER_ID')
            .andOn('l.VERSION_ID', 's.VERSION_ID'),
        )
        .select('s.HARDWARE_ID')
        .where('l.CATEGORY_ID', cat);
      if (c.op === 'DIFFERENT') b.whereNotIn('h.ID', sub);
      else b.whereIn('h.ID', sub);
      return;
    }
    case 'assetCategory': {
      // An id whose category was deleted (ocsreports leaves it until the next inventory) is no category.
      const known = k.from('assets_categories').select('ID');
      if (c.op === 'IS_EMPTY')
        b.where((w) => w.whereNull('h.CATEGORY_ID').orWhereNotIn('h.CATEGORY_ID', known));
      else if (c.op === 'IS_NOT_EMPTY') b.whereIn('h.CATEGORY_ID', known);
      else valueCondition(b, 'h.CATEGORY_ID', 'int', c.op, c, path);
      return;
    }
    case 'package': {
      const sub = () => {
        const q = k.from({ d: 'devices' }).select('d.HARDWARE_ID').where('d.NAME', 'DOWNLOAD');
        if (c.qualifier)
          q.whereIn('d.IVALUE', k.from('download_enable').select('ID').where('FILEID', c.qualifier));
        return q;
      };
      const state = (q: QB) => {
        const v = checkValue(path + '.value', 'text', 'EQUAL', c.value).toUpperCase();
        const known = PACKAGE_STATE_SQL[v];
        if (known) known(q);
        else q.where('d.TVALUE', c.value);
      };
      if (c.op === 'HAS') b.whereIn('h.ID', sub());
      else if (c.op === 'HAS_NOT') b.whereNotIn('h.ID', sub());
      else if (c.op === 'EQUAL')
        b.whereIn(
          'h.ID',
          sub().where((q) => state(q)),
        );
      else if (c.op === 'DIFFERENT')
        b.whereIn(
          'h.ID',
          sub().whereNot((q) => state(q)),
        );
      return;
    }
  }
}

/**
 * Most resolved names a software criterion may have and still be probed per candidate computer in a
 * count (one (NAME_ID, HARDWARE_ID) index dive per name and candidate).
 */
export const PROBE_MAX_NAMES = 4;

/**
 * When a positive software criterion of a count (or of the optimizer's page) is probed per candidate
 * computer instead of materialized (a walk, page-walk.ts, always probes per row): only next to another
 * positive criterion that is not on software (a TAG, memory...), which the optimizer drives from, and
 * only for:
 * - a few constant names: 16,758 probes of Chrome's name beat reading its 161,546 index entries
 *   (measured on a real-shape 100k fleet: count 155-194 → 51 ms);
 * - a wildcard left as a dictionary subquery (over MAX_INLINE_IDS names, e.g. `Microsoft*` = 4,405
 *   names and 1.5 M software rows on the real-shape 100k fleet): materialized, every software row of
 *   those names is read — through ocsdesk_name_hw 1.5 M index entries, and without it 1.5 M clustered
 *   row reads through NAME_ID (over 4 minutes) — while the probe reads the candidates' own rows by
 *   HARDWARE_ID and stops at the first match (≈ 104,000 rows for the 8,380 computers of a TAG).
 * Never without such a criterion: that is a FirstMatch over every computer's software rows
 * (Microsoft* alone: 31 s instead of 2.4 s). Between 5 and MAX_INLINE_IDS names the statement keeps
 * the materialization (n index dives per candidate).
 */
export function softwareProbe(filter: ComputerFilter, s: SchemaInfo, ids: SoftwareIds | undefined): boolean {
  if (filter.match !== 'all' || !ids) return false;
  if (ids.names && ids.names.length > PROBE_MAX_NAMES) return false;
  return (filter.criteria ?? []).some((c) => {
    const def = resolveField(s, c.field);
    return !!def && def.kind !== 'software' && !NEGATION[c.op];
  });
}

/** How a walk (page-walk.ts) probes software per candidate computer. */
interface PerRowWalk {
  /** OCS's single-column NAME_ID index, left out of the probes (information_schema name), if any. */
  ignoreNameIndex: string | null;
}

/** Adds the filter (quick text + criteria) to a query on hardware `h`. */
export function applyFilter(
  k: Knex,
  qb: QB,
  s: SchemaInfo,
  filter: ComputerFilter,
  resolved?: ResolvedIds,
  /** A walk of candidates in sort order (page-walk.ts): every software criterion probed per row. */
  perRow = false,
): void {
  const quick = filter.quick?.trim();
  if (quick) {
    const p = /[*?]/.test(quick) ? likePattern(quick) : likePattern(quick, false) + '%';
    qb.where((q) => q.where('h.NAME', 'like', p).orWhere('h.USERID', 'like', p));
  }
  const criteria = filter.criteria ?? [];
  if (!criteria.length) return;
  const prepared = criteria.map((c, i) => {
    const path = `filter.criteria.${i}`;
    const def = resolveField(s, c.field);
    if (!def) throw invalid(`${path}.field`, `unknown field ${c.field}`);
    if (!fieldOps(def).includes(c.op))
      throw invalid(`${path}.op`, `operator ${c.op} does not apply to ${c.field}`);
    return { c, def, path, ids: resolved?.get(i) };
  });
  const walk: PerRowWalk | null = perRow
    ? { ignoreNameIndex: s.singleColumnIndex?.get('software')?.get('NAME_ID') ?? null }
    : null;
  // Per row, the cheap conditions first: a candidate that fails them never reads its software rows.
  const order = walk ? [...prepared].sort((a, b) => softwareLast(a.def) - softwareLast(b.def)) : prepared;
  qb.where((outer) => {
    for (const { c, def, path, ids } of order) {
      const probe = def.kind === 'software' && (perRow || softwareProbe(filter, s, ids));
      if (filter.match === 'any')
        outer.orWhere((b) => criterionCondition(k, b, def, c, path, ids, probe, walk));
      else outer.where((b) => criterionCondition(k, b, def, c, path, ids, probe, walk));
    }
  });
}

function softwareLast(def: FieldDef): number {
  return def.kind === 'software' || def.kind === 'softwareCategory' ? 1 : 0;
}
