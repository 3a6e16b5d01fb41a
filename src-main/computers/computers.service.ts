import type { Knex } from 'knex';
import type {
  AdminField,
  ColumnInfo,
  ComputerDetail,
  ComputerPage,
  ComputerSelection,
  ListInput,
  SettingName,
  SettingValue,
} from '../../shared/contract/computers';
import { settingProblem } from '../../shared/contract/computers';
import { AppError } from '../platform/errors';
import { configInt } from '../platform/ocs/config';
import type { Scope } from '../platform/ocs/scope';
import { countWithin, rowsWithin } from './bounded-count';
import { resolveSoftwareIds, type ResolvedIds } from './filter-sql';
import { walkBudgets, walkOrderedIds, walkPageQuery, walkPays } from './page-walk';
import { dateOrder, dateOrderApplies, keptDateOrder, orderSlice } from './date-order';
import { DEFAULT_COLUMNS, gridColumns } from './fields';
import {
  baseQuery,
  countMatching,
  countQuery,
  fetchRows,
  narrowToSelection,
  pageIds,
  pageIdsQuery,
  pageIdsWithTotal,
  readDetail,
  selectionIds,
  selectionIdsAfter,
  sortIndexName,
} from './computers.repo';
import { getSchemaInfo, type SchemaInfo } from './schema-info';
import { cachedTotal, invalidateTotals, rememberTotal, totalsGeneration, totalsKey } from './totals-cache';

/** Always sortable: the primary key and the two dates (fast once the performance indexes exist). */
const ALWAYS_SORTABLE = new Set(['hardware.ID', 'hardware.LASTDATE', 'hardware.LASTCOME']);
export const DEFAULT_SORT = { column: 'hardware.LASTDATE', dir: 'desc' as const };

function invalid(field: string, detail: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, detail }, { fields: [{ path: field, message: detail }] });
}

export async function listColumns(k: Knex): Promise<ColumnInfo[]> {
  const s = await getSchemaInfo(k);
  return gridColumns(s).map((c) => (ALWAYS_SORTABLE.has(c.id) ? { ...c, sortable: true } : c));
}

export function resolveColumns(
  all: ColumnInfo[],
  ids: string[] | undefined,
  field = 'columns',
): ColumnInfo[] {
  const wanted = ids?.length ? ids : all.filter((c) => c.default).map((c) => c.id);
  return wanted.map((id, i) => {
    const c = all.find((x) => x.id === id);
    if (!c) throw invalid(`${field}.${i}`, `unknown column ${id}`);
    return c;
  });
}

export function resolveSort(
  all: ColumnInfo[],
  sort: ListInput['sort'],
): { col: ColumnInfo; dir: 'asc' | 'desc' } {
  const want = sort ?? DEFAULT_SORT;
  const col = all.find((c) => c.id === want.column);
  if (!col) throw invalid('sort.column', `unknown column ${want.column}`);
  if (!col.sortable) throw invalid('sort.column', `column ${want.column} is not sortable (no index)`);
  return { col, dir: want.dir };
}

async function lateAfterDays(k: Knex): Promise<number> {
  return configInt(k, 'INTERFACE_LAST_CONTACT');
}

/** A page of computers: IDs on the narrow index first, then the chosen columns for those IDs. */
export async function listComputers(k: Knex, scope: Scope, input: ListInput): Promise<ComputerPage> {
  const s = await getSchemaInfo(k);
  const all = await listColumns(k);
  const cols = resolveColumns(all, input.columns);
  const { col, dir } = resolveSort(all, input.sort);
  const resolved = await resolveSoftwareIds(k, s, input.filter);
  const base = baseQuery(k, s, scope, input.filter, resolved);
  let ids: number[];
  let total: number | null;
  let late: number;
  // The first page always counts; later pages of the same view reuse a total of the last seconds. A
  // block of the virtual grid (withTotal false) never counts: its total is a separate computers.total.
  const key = totalsKey(scope, input.filter);
  const known = input.offset > 0 || !input.withTotal ? cachedTotal(k, key) : null;
  const gen = totalsGeneration();
  const count = async () => {
    if (known !== null || !input.withTotal) return known;
    const n = await countMatching(base);
    rememberTotal(k, key, n, gen);
    return n;
  };
  // Plain list by an unindexed date (OCS has no LASTDATE index): a slice of the kept order, whose
  // length is the total, when one is kept (date-order.ts).
  const order =
    !isFiltered(scope, input.filter) && dateOrderApplies(s, col)
      ? await dateOrder(k, scope, col, isLaterBlock(input))
      : null;
  if (order) {
    ids = orderSlice(order, dir, input.offset, input.limit);
    total = order.length;
    late = await lateAfterDays(k);
  } else if (!isFiltered(scope, input.filter)) {
    // Plain list: the sort index gives the page directly; the count runs beside it. By an unindexed
    // date on a fleet that others write (the kept order no longer exact, its new read started), the
    // server's sort of all of hardware gets FIRST_PAGE_BUDGET_MS; over it, the page is the kept order
    // as it was read (at most MAX_AGE_MS old, never past OCS Desk's own writes).
    const kept = dateOrderApplies(s, col) ? keptDateOrder(k, scope, col) : null;
    const page = kept
      ? rowsWithin<{ ID: number }>(
          k,
          pageIdsQuery(base, col, dir, input.offset, input.limit),
          FIRST_PAGE_BUDGET_MS,
        ).then((r) => (r ? r.map((x) => Number(x.ID)) : orderSlice(kept, dir, input.offset, input.limit)))
      : pageIds(k, base, col, dir, input.offset, input.limit);
    [ids, total, late] = await Promise.all([page, count(), lateAfterDays(k)]);
  } else {
    // Filtered: the page never waits for the count (filteredPageIds). The count runs beside it, unless
    // the page may count in its own pass (a sort column without an index, see filteredPageIds).
    // A block (withTotal false) never counts, not even in the page's pass (SQL_CALC_FOUND_ROWS).
    const onePass = input.withTotal && known === null && !sortIndexName(s, col);
    const counting = onePass ? null : count();
    let page: { ids: number[]; total?: number };
    [page, late] = await Promise.all([
      filteredPageIds(k, s, scope, input, resolved, base, col, dir, onePass),
      lateAfterDays(k),
    ]);
    ids = page.ids;
    if (page.total !== undefined) {
      total = page.total;
      rememberTotal(k, key, total, gen);
    } else total = await (counting ?? count());
  }
  const rows = await fetchRows(k, ids, cols);
  return { rows, total, columns: cols.map((c) => c.id), sort: { column: col.id, dir }, lateAfterDays: late };
}

/**
 * The IDs of one page of a filtered list, without its total: a walk of the computers in sort order
 * (page-walk.ts) when the filter is not selective, or when the walk found fewer than a page within its
 * budget, the optimizer's plan (from the most selective criterion, then a sort of every match).
 * `onePass`: the optimizer's plan, which then reads every match anyway, also counts them.
 */
export async function filteredPageIds(
  k: Knex,
  s: SchemaInfo,
  scope: Scope,
  input: ListInput,
  resolved: ResolvedIds,
  base: Knex.QueryBuilder,
  col: ColumnInfo,
  dir: 'asc' | 'desc',
  onePass: boolean,
): Promise<{ ids: number[]; total?: number }> {
  if (await walkPays(k, s, input.filter, resolved)) {
    // No index to walk: the candidates come from the kept order, when one is kept, instead of a sort
    // of hardware.
    const order = dateOrderApplies(s, col) ? await dateOrder(k, scope, col, isLaterBlock(input)) : null;
    if (order) {
      const { budget } = walkBudgets(s, col, input.offset, input.limit).at(-1)!;
      const w = await walkOrderedIds(
        k,
        s,
        scope,
        input.filter,
        resolved,
        order,
        dir,
        input.offset,
        input.limit,
        budget,
      );
      if (w.conclusive) return { ids: w.ids };
    } else
      for (const { budget, whole } of walkBudgets(s, col, input.offset, input.limit)) {
        const q = walkPageQuery(
          k,
          s,
          scope,
          input.filter,
          resolved,
          col,
          dir,
          input.offset,
          input.limit,
          budget,
        );
        const ids = ((await q) as Array<{ ID: number }>).map((r) => Number(r.ID));
        if (ids.length === input.limit || whole) return { ids };
      }
  }
  if (onePass) return pageIdsWithTotal(k, base, col, dir, input.offset, input.limit);
  return { ids: await pageIds(k, base, col, dir, input.offset, input.limit) };
}

/** A later block of a view (the grid's blocks, pages after the first): may reuse a kept order (date-order.ts). */
function isLaterBlock(input: ListInput): boolean {
  return input.offset > 0 || !input.withTotal;
}

function isFiltered(scope: Scope, filter: ListInput['filter']): boolean {
  return !!scope.tags || !!filter?.quick?.trim() || !!filter?.criteria?.length;
}

/**
 * The statements a list/search page may run (for EXPLAIN checks): the optimizer's page, the count, and
 * for a filtered page the walk (page-walk.ts) with its budget.
 */
export async function listStatements(
  k: Knex,
  scope: Scope,
  input: ListInput,
): Promise<{ page: Knex.QueryBuilder; count: Knex.QueryBuilder; walk: Knex.QueryBuilder | null }> {
  const s = await getSchemaInfo(k);
  const all = await listColumns(k);
  const { col, dir } = resolveSort(all, input.sort);
  const resolved = await resolveSoftwareIds(k, s, input.filter);
  const base = baseQuery(k, s, scope, input.filter, resolved);
  const { budget } = walkBudgets(s, col, input.offset, input.limit).at(-1)!;
  const walk = isFiltered(scope, input.filter)
    ? walkPageQuery(k, s, scope, input.filter, resolved, col, dir, input.offset, input.limit, budget)
    : null;
  return { page: pageIdsQuery(base, col, dir, input.offset, input.limit), count: countQuery(base), walk };
}

/**
 * The number of computers matching a filter within the operator's scope, or null when the server did not
 * finish counting within `budgetMs` (bounded-count.ts). Remembered for the pages of the same view.
 */
export async function countView(
  k: Knex,
  scope: Scope,
  filter: ListInput['filter'],
  budgetMs = COUNT_BUDGET_MS,
): Promise<number | null> {
  const s = await getSchemaInfo(k);
  const key = totalsKey(scope, filter);
  const gen = totalsGeneration();
  const n = await countWithin(
    k,
    countQuery(baseQuery(k, s, scope, filter, await resolveSoftwareIds(k, s, filter))),
    budgetMs,
  );
  if (n !== null) rememberTotal(k, key, n, gen);
  return n;
}

/**
 * How long the server may sort all of hardware for a page by an unindexed date when a kept order that
 * is no longer exact could answer instead (listComputers): the list's goal is p95 < 200 ms without the
 * optional indexes.
 */
export const FIRST_PAGE_BUDGET_MS = 150;

/** How long countView lets the server count by default before answering "not counted". */
export const COUNT_BUDGET_MS = 20_000;

export async function countSelection(k: Knex, scope: Scope, sel: ComputerSelection): Promise<number> {
  const s = await getSchemaInfo(k);
  if (sel.kind === 'ids') return (await selectionIds(k, s, scope, sel)).length;
  const q = baseQuery(k, s, scope, sel.filter, await resolveSoftwareIds(k, s, sel.filter));
  return countMatching(narrowToSelection(q, sel));
}

/**
 * Hardware ids of a selection (explicit ids or "everything matching this filter"), within the
 * operator's TAG restriction: the seam other capabilities use for mass actions (package assignment).
 */
export async function selectedComputerIds(k: Knex, scope: Scope, sel: ComputerSelection): Promise<number[]> {
  return selectionIds(k, await getSchemaInfo(k), scope, sel);
}

/**
 * Pages of a selection's hardware ids in ID order, within the operator's TAG restriction, fetched one page
 * at a time (constant memory for any fleet size). Computers added meanwhile with a higher ID are included.
 */
export async function* selectedComputerIdPages(
  k: Knex,
  scope: Scope,
  sel: ComputerSelection,
  pageSize: number,
): AsyncGenerator<number[]> {
  const s = await getSchemaInfo(k);
  const filter = sel.kind === 'filter' ? sel.filter : { criteria: [], match: 'all' as const };
  const resolved = await resolveSoftwareIds(k, s, filter);
  let after = 0;
  for (;;) {
    const ids = await selectionIdsAfter(k, s, scope, sel, resolved, after, pageSize);
    if (ids.length === 0) return;
    yield ids;
    if (ids.length < pageSize) return;
    after = ids[ids.length - 1]!;
  }
}

/** Is this computer visible to the operator (exists, not a group, within the TAG restriction)? */
async function visibleIds(k: Knex, s: SchemaInfo, scope: Scope, ids: number[]): Promise<number[]> {
  return selectionIds(k, s, scope, { kind: 'ids', ids });
}

export async function computerDetail(k: Knex, scope: Scope, id: number): Promise<ComputerDetail> {
  const s = await getSchemaInfo(k);
  const [visible, data, late] = await Promise.all([
    visibleIds(k, s, scope, [id]),
    readDetail(k, s, id),
    lateAfterDays(k),
  ]);
  if (!data || !visible.length) throw new AppError('NOT_FOUND', { what: 'computer', id });
  // The asset category reads as its name, as on ocsreports' computer summary (an unknown id stays).
  const cat = data.hardware.CATEGORY_ID;
  if (cat != null && s.tables.has('assets_categories')) {
    const row = (await k('assets_categories').select('CATEGORY_NAME').where('ID', cat).first()) as
      { CATEGORY_NAME: string } | undefined;
    if (row) data.hardware = { ...data.hardware, CATEGORY_ID: row.CATEGORY_NAME };
  }
  return { id, ...data, adminFields: s.adminFields, lateAfterDays: late, macVendors: {} };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks admin values against the accountinfo_config types; returns the values to write. */
export function checkAdminValues(
  fields: AdminField[],
  values: Record<string, string | null>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const entries = Object.entries(values);
  if (!entries.length) throw invalid('values', 'nothing to change');
  for (const [column, raw] of entries) {
    const path = `values.${column}`;
    const f = fields.find((x) => x.column === column);
    if (!f) throw invalid(path, `unknown admin field ${column}`);
    let v = raw === null || raw === '' ? null : raw;
    if (column === 'TAG' && v === null) v = 'NA';
    if (v !== null) {
      switch (f.type) {
        case 'date':
          if (!DATE_ONLY.test(v)) throw invalid(path, 'a date YYYY-MM-DD is required');
          break;
        case 'int':
          if (!/^-?\d{1,10}$/.test(v)) throw invalid(path, 'an integer is required');
          break;
        case 'decimal':
          if (!/^-?\d{1,18}(\.\d+)?$/.test(v)) throw invalid(path, 'a number is required');
          break;
        case 'select':
        case 'radio':
          if (f.choices.length && !f.choices.some((c) => c.value === v))
            throw invalid(path, 'not one of the choices');
          break;
        case 'checkbox': {
          const labels = v.split('&&&').filter(Boolean);
          if (f.choices.length && labels.some((l) => !f.choices.some((c) => c.label === l))) {
            throw invalid(path, 'not one of the choices');
          }
          v = labels.length ? labels.join('&&&') + '&&&' : null;
          break;
        }
        case 'longtext':
          break;
        default:
          if (v.length > 255) throw invalid(path, 'at most 255 characters');
      }
    }
    out[column] = v;
  }
  return out;
}

async function upsertAdmin(k: Knex, ids: number[], values: Record<string, string | null>): Promise<void> {
  invalidateTotals();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await k('accountinfo')
      .insert(chunk.map((id) => ({ HARDWARE_ID: id, ...values })))
      .onConflict('HARDWARE_ID')
      .merge(Object.keys(values));
  }
}

export async function setAdminData(
  k: Knex,
  read: Knex,
  scope: Scope,
  id: number,
  values: Record<string, string | null>,
): Promise<void> {
  const s = await getSchemaInfo(read);
  const checked = checkAdminValues(s.adminFields, values);
  const visible = await visibleIds(k, s, scope, [id]);
  if (!visible.length) throw new AppError('NOT_FOUND', { what: 'computer', id });
  await upsertAdmin(k, [id], checked);
  invalidateTotals();
}

export async function massSetAdminData(
  k: Knex,
  scope: Scope,
  sel: ComputerSelection,
  values: Record<string, string | null>,
  progress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<number> {
  const s = await getSchemaInfo(k);
  const checked = checkAdminValues(s.adminFields, values);
  const ids = await selectionIds(k, s, scope, sel);
  for (let i = 0; i < ids.length; i += 500) {
    signal.throwIfAborted();
    await upsertAdmin(k, ids.slice(i, i + 500), checked);
    progress(Math.min(i + 500, ids.length), ids.length);
  }
  invalidateTotals();
  return ids.length;
}

/** As the console does: delete the rows of that NAME for the targets, then insert (null = back to global). */
export async function setSettings(
  k: Knex,
  scope: Scope,
  sel: ComputerSelection,
  settings: Partial<Record<SettingName, SettingValue | null>>,
): Promise<number> {
  const s = await getSchemaInfo(k);
  const names = Object.keys(settings) as SettingName[];
  if (!names.length) throw invalid('settings', 'nothing to change');
  // The CLI and the router parse the input with SettingsChange; this keeps direct callers as strict.
  for (const n of names) {
    const why = settingProblem(n, settings[n] ?? null);
    if (why) throw invalid(`settings.${n}.ivalue`, why);
  }
  const ids = await selectionIds(k, s, scope, sel);
  invalidateTotals();
  await k.transaction(async (trx) => {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const n of names) {
        await trx('devices').whereIn('HARDWARE_ID', chunk).where('NAME', n).delete();
        const v = settings[n];
        if (v) {
          await trx('devices').insert(
            chunk.map((id) => ({ HARDWARE_ID: id, NAME: n, IVALUE: v.ivalue, TVALUE: v.tvalue ?? null })),
          );
        }
      }
    }
  });
  invalidateTotals();
  return ids.length;
}

export { DEFAULT_COLUMNS };
