import type { Knex } from 'knex';
import type { ColumnInfo } from '../../shared/contract/computers';
import { applyScope, scopeKey, type Scope } from '../platform/ocs/scope';
import { sortIndexName } from './computers.repo';
import { unchangedSince } from './table-changes';
import type { SchemaInfo } from './schema-info';
import { totalsGeneration } from './totals-cache';

/**
 * The computers of a perimeter in the order of an unindexed date column of hardware (LASTDATE,
 * LASTCOME), kept in memory. OCS's schema has no index on them: without `ocsdesk_lastdate` every page
 * sorted by last inventory reads all of hardware (49 MB at 100k computers) and sorts it, and so does
 * every candidate list of a walk (page-walk.ts). One such read here (the server sorts, the IDs alone
 * come back) keeps the whole order (4 bytes per computer), and pages, totals and walk candidates are
 * then slices of it.
 *
 * Exact: an order is served as long as hardware (and accountinfo, for a TAG-restricted perimeter) did
 * not change since it was read: their `information_schema.TABLES.UPDATE_TIME` (InnoDB sets it at the
 * commit of any write, to the second) is older than the second its statement started. Any write since
 * (the comm server's inventories and contacts, an import, a deletion), an unknown time (NULL after a
 * restart) or an age over MAX_AGE_MS means a new read. Like the totals (totals-cache.ts), a later block
 * of the same view (`lenient`) accepts an order younger than LENIENT_MS despite writes from others, so
 * scrolling a fleet that the comm server keeps writing does not need a new read for every block;
 * OCS Desk's own writes (invalidateTotals) end that too. A request never waits for a read (dateOrder).
 */
const LENIENT_MS = 10_000;
/** Backstop for what UPDATE_TIME cannot tell (a time-zone fold, a table evicted from InnoDB's cache). */
const MAX_AGE_MS = 5 * 60_000;
/**
 * How old a no-longer-exact order a first page may fall back to (keptDateOrder): sorted by last
 * inventory, the page an admin opens to find the computer just inventoried may lag the comm server by
 * this much, never more (each such page starts a new read, so while someone is looking it is the seconds
 * since their last page).
 */
const FALLBACK_MAX_AGE_MS = 30_000;
const MAX_ENTRIES = 8;
/** How long a read of the order waits before it starts (see dateOrder). */
const READ_DELAY_MS = 500;

interface Entry {
  /** hardware IDs ascending by (column, ID), NULLs first: ORDER BY col ASC, ID ASC. */
  ids: Int32Array;
  /** UNIX time (s) at which the reading statement started. */
  startedS: number;
  at: number;
  generation: number;
  tables: string[];
}

interface Kept {
  entry: Entry | null;
  /** The read under way, if any (one per perimeter and column). */
  reading: Promise<void> | null;
}

const caches = new WeakMap<Knex, Map<string, Kept>>();

/**
 * Is `col` a column this order serves: a date of hardware without an index leading with it (the
 * dates are always sortable, listColumns; other columns without an index are not sortable at all)?
 */
export function dateOrderApplies(s: SchemaInfo, col: ColumnInfo): boolean {
  if (col.table !== 'hardware' || sortIndexName(s, col)) return false;
  return /^(datetime|date|timestamp)$/.test(s.types.get('hardware')?.get(col.column) ?? '');
}

function keyOf(scope: Scope, col: ColumnInfo): string {
  return JSON.stringify([col.column, scopeKey(scope)]);
}

async function read(k: Knex, scope: Scope, col: ColumnInfo): Promise<Entry> {
  const generation = totalsGeneration();
  // The time first, in a statement of its own: every write committed after the read's view was opened
  // has an UPDATE_TIME of this second or later.
  const [now] = (await k.raw('SELECT UNIX_TIMESTAMP() AS t')) as [Array<{ t: number | string }>];
  const startedS = Number(now[0]!.t);
  // The server sorts (its own order: NULLs first, ties by ID) and sends the IDs alone, as arrays: the
  // main process only copies 100,000 numbers.
  const q = k.from({ h: 'hardware' }).select('h.ID');
  applyScope(k, q, scope);
  q.orderBy(`h.${col.column}`, 'asc').orderBy('h.ID', 'asc');
  const { sql, bindings } = q.toSQL();
  const [rows] = (await k.raw(sql, bindings as Knex.RawBinding[]).options({ rowsAsArray: true })) as [
    Array<[number]>,
  ];
  const ids = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) ids[i] = Number(rows[i]![0]);
  return {
    ids,
    startedS,
    at: Date.now(),
    generation,
    tables: scope.tags ? ['hardware', 'accountinfo'] : ['hardware'],
  };
}

async function stillExact(k: Knex, e: Entry): Promise<boolean> {
  if (Date.now() - e.at > MAX_AGE_MS) return false;
  return unchangedSince(k, e.tables, e.startedS);
}

/**
 * The perimeter's IDs ordered by `col` (ascending by (col, ID), NULLs first; a descending page reads it
 * from the end), or null when no order that may serve is kept: the caller then takes its page from SQL
 * as without the order, and a read of the order is started in the background (one at a time per
 * perimeter), for the next pages. No request waits for that read: reading and sorting the whole
 * perimeter costs more than the one page a first request needs (a filesort that keeps the top rows).
 * `lenient`: a later block of a view (see above).
 */
export async function dateOrder(
  k: Knex,
  scope: Scope,
  col: ColumnInfo,
  lenient: boolean,
): Promise<Int32Array | null> {
  let m = caches.get(k);
  if (!m) caches.set(k, (m = new Map()));
  const key = keyOf(scope, col);
  let kept = m.get(key);
  if (!kept) {
    if (m.size >= MAX_ENTRIES) m.delete(m.keys().next().value!);
    m.set(key, (kept = { entry: null, reading: null }));
  }
  const e = kept.entry;
  if (e) {
    const young = Date.now() - e.at < LENIENT_MS && e.generation === totalsGeneration();
    if ((lenient && young) || (await stillExact(k, e))) return e.ids;
  }
  if (!kept.reading) {
    const slot = kept;
    // After a short delay: the request that found no order, and those of the same screen, go first.
    slot.reading = new Promise((r) => setTimeout(r, READ_DELAY_MS).unref())
      .then(() => read(k, scope, col))
      .then((entry) => {
        slot.entry = entry;
      })
      // A failed read (a closed pool, a killed statement) only means no kept order: pages come from SQL.
      .catch(() => undefined)
      .finally(() => {
        slot.reading = null;
      });
  }
  return null;
}

/**
 * The kept order as it was read, exact or not, when it is younger than FALLBACK_MAX_AGE_MS and OCS Desk wrote
 * nothing since (its own writes end it, invalidateTotals): what a first page falls back to when the
 * server cannot sort within its budget while others write the fleet (computers.service.ts). Call it after
 * dateOrder, which starts the new read.
 */
export function keptDateOrder(k: Knex, scope: Scope, col: ColumnInfo): Int32Array | null {
  const e = caches.get(k)?.get(keyOf(scope, col))?.entry;
  if (!e || Date.now() - e.at > FALLBACK_MAX_AGE_MS || e.generation !== totalsGeneration()) return null;
  return e.ids;
}

/** Resolves when the reads under way on this pool are over (tests, benchmarks). */
export async function dateOrdersRead(k: Knex): Promise<void> {
  await Promise.all([...(caches.get(k)?.values() ?? [])].map((x) => x.reading));
}

/** IDs at positions [offset, offset + limit) of the order in direction `dir`. */
export function orderSlice(ids: Int32Array, dir: 'asc' | 'desc', offset: number, limit: number): number[] {
  const n = ids.length;
  const out: number[] = [];
  for (let i = offset; i < Math.min(n, offset + limit); i++) out.push(ids[dir === 'asc' ? i : n - 1 - i]!);
  return out;
}

/** Forgets every kept order (tests). */
export function dropDateOrders(k: Knex): void {
  caches.delete(k);
}
