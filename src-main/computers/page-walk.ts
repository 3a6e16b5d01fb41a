import type { Knex } from 'knex';
import type { ColumnInfo, ComputerFilter, Sort } from '../../shared/contract/computers';
import { applyScope, type Scope } from '../platform/ocs/scope';
import { applyFilter, softwareNameQuery, type ResolvedIds } from './filter-sql';
import { resolveField } from './fields';
import { sortIndexName, sortTarget } from './computers.repo';
import type { SchemaInfo } from './schema-info';

/**
 * The page of a search without its total: walk the computers in the requested order and keep the first
 * offset + limit that match, so the work depends on how far the page is, not on how many match.
 *
 *   SELECT STRAIGHT_JOIN w.ID FROM (SELECT h.ID, <sort key> FROM hardware h [FORCE INDEX (sort index)]
 *     WHERE <operator scope> ORDER BY <sort>, h.ID LIMIT <budget>) w
 *   JOIN hardware h ON h.ID = w.ID WHERE <criteria, each a per-row probe> ORDER BY <sort>, ID LIMIT n OFFSET o
 *
 * The candidates (`w`) come from the sort index when there is one (index-only) or from one sort of
 * hardware's narrow columns (OCS has no LASTDATE index), among the computers that pass the filter's cheap
 * criteria (cheapCriteria); the join then runs in that order and stops at
 * the LIMIT, every criterion checked for one computer at a time (software by the candidate's own rows,
 * or one ocsdesk_name_hw dive per name). `budget` bounds the candidates when the matches are sparse: a
 * walk that found fewer than offset + limit matches among `budget` candidates proves nothing, and the
 * caller falls back to the optimizer's plan.
 */
export function walkPageQuery(
  k: Knex,
  s: SchemaInfo,
  scope: Scope,
  filter: ComputerFilter,
  resolved: ResolvedIds | undefined,
  sortCol: ColumnInfo,
  dir: Sort['dir'],
  offset: number,
  limit: number,
  budget: number,
): Knex.QueryBuilder {
  const t = sortTarget(sortCol);
  const index = sortIndexName(s, sortCol);
  const inner = index
    ? k.from(k.raw('?? AS ?? FORCE INDEX (??)', ['hardware', 'h', index]))
    : k.from({ h: 'hardware' });
  if (t.join === 'bios') inner.leftJoin({ b: 'bios' }, 'b.HARDWARE_ID', 'h.ID');
  if (t.join === 'accountinfo') inner.leftJoin({ a: 'accountinfo' }, 'a.HARDWARE_ID', 'h.ID');
  applyScope(k, inner, scope);
  // The budget counts candidates that pass the cheap criteria: a TAG that few of the first computers in
  // sort order have does not leave the walk without a page (and no software probe runs for the others).
  const cheap = cheapCriteria(s, filter);
  if (cheap) applyFilter(k, inner, s, cheap);
  // STRAIGHT_JOIN: hardware first, read in its sort index's order, the cheap criteria's tables after it
  // (otherwise a TAG's semi-join may come first and the candidates be sorted again, in full).
  inner.select(k.raw(cheap ? 'STRAIGHT_JOIN ??' : '??', ['h.ID']), { __k: t.ident }).orderBy(t.ident, dir);
  if (t.ident !== 'h.ID') inner.orderBy('h.ID', dir);
  inner.limit(budget);
  // STRAIGHT_JOIN keeps the candidates first: the sort happens on them, before any probe.
  const q = k
    .from(inner.as('w'))
    .join({ h: 'hardware' }, 'h.ID', 'w.ID')
    .select(k.raw('STRAIGHT_JOIN ?? AS ??', ['w.ID', 'ID']));
  applyFilter(k, q, s, filter, resolved, true);
  q.orderBy('w.__k', dir);
  if (t.ident !== 'h.ID') q.orderBy('w.ID', dir);
  return q.limit(limit).offset(offset);
}

/**
 * The criteria of an "all" filter that cost one row read per computer (a column of hardware, accountinfo
 * or bios: a TAG, memory…), as a filter of their own, when the filter also has software criteria: a walk
 * checks them on its candidates first, in a statement of their own, so that the software probes (a
 * candidate's software rows read by HARDWARE_ID, ~0.3 ms each without ocsdesk_name_hw) run only for the
 * computers that pass them. In one statement MariaDB attaches a "has not" probe to hardware and joins
 * the TAG's semi-join after it: on the 100k fleet, "has not Microsoft Edge" + a TAG probed 6,400
 * candidates for the 1,420 of the TAG (2.7 s). The full filter is always checked again afterwards: this
 * part only narrows the candidates.
 */
export function cheapCriteria(s: SchemaInfo, filter: ComputerFilter): ComputerFilter | null {
  const criteria = filter.criteria ?? [];
  if (filter.match !== 'all' || filter.quick?.trim()) return null;
  const kinds = criteria.map((c) => resolveField(s, c.field)?.kind);
  if (!kinds.some((x) => x === 'software' || x === 'softwareCategory')) return null;
  const cheap = criteria.filter((_, i) => kinds[i] === 'row');
  return cheap.length ? { ...filter, criteria: cheap } : null;
}

/** Candidates a walk reads at most (at least 10 per row it must return; 10,000 at the first pages). */
export const WALK_BUDGET = 10_000;

/**
 * The budgets of the walks to try for rows offset + limit, smallest first; `whole` when one covers every
 * computer (always conclusive). With a sort index a first walk of 40 candidates per row costs a tenth of
 * the full budget (index entries read and sorted again) and finds the page when ≥ 2.5 % match; without
 * one every walk sorts all of hardware anyway, so there is one walk with the full budget.
 */
export function walkBudgets(
  s: SchemaInfo,
  sortCol: ColumnInfo,
  offset: number,
  limit: number,
): Array<{ budget: number; whole: boolean }> {
  const rows = offset + limit;
  const fleet = s.hardwareRows ?? Infinity;
  // InnoDB's estimate can be off by tens of percent: "whole" only with a wide margin.
  const budget = (b: number) =>
    b >= fleet * 2 ? { budget: Number.MAX_SAFE_INTEGER, whole: true } : { budget: b, whole: false };
  const last = budget(Math.max(WALK_BUDGET, 10 * rows));
  const first = 40 * rows;
  if (!sortIndexName(s, sortCol) || last.whole || first * 2 > last.budget) return [last];
  return [budget(first), last];
}

/**
 * Fewer software rows than this for the names of a positive criterion make it selective: the optimizer's
 * plan (those rows read once, then the hardware rows) costs less than probing candidates one by one.
 */
export function selectiveRows(s: SchemaInfo): number {
  return Math.min(20_000, Math.max(1_000, Math.round((s.hardwareRows ?? 0) / 10)));
}

/**
 * Is walking worth it for this filter? Not with a quick text (the NAME / USERID index finds those few
 * computers directly) nor when a positive software criterion is selective (see selectiveRows; checked
 * by counting at most that many index entries of its names, index-only). With "any", only when one
 * criterion at least is not such a selective name.
 */
export async function walkPays(
  k: Knex,
  s: SchemaInfo,
  filter: ComputerFilter,
  resolved: ResolvedIds | undefined,
): Promise<boolean> {
  if (filter.quick?.trim()) return false;
  const criteria = filter.criteria ?? [];
  const cap = selectiveRows(s);
  const selective = await Promise.all(
    criteria.map(async (c, i) => {
      const def = resolveField(s, c.field);
      if (def?.kind !== 'software' || c.op === 'HAS_NOT' || c.op === 'DIFFERENT' || c.op === 'NOT_LIKE')
        return false;
      const ids = resolved?.get(i);
      if (!ids) return false;
      if (ids.names && !ids.names.length) return true;
      const rows = k
        .from('software')
        .select(k.raw('1'))
        .whereIn('NAME_ID', ids.names ?? softwareNameQuery(k, c, `filter.criteria.${i}`))
        .limit(cap);
      const [r] = (await k.from(rows.as('x')).count({ n: '*' })) as Array<{ n: number | string }>;
      return Number(r?.n ?? 0) < cap;
    }),
  );
  if (!criteria.length) return true;
  return filter.match === 'any' ? !selective.every(Boolean) : !selective.some(Boolean);
}

/** Most candidate IDs one statement of an ordered walk names (a few tens of KB of SQL). */
const ORDERED_CHUNK_MAX = 10_000;

/**
 * The walk over a kept order (date-order.ts) instead of a sort of hardware: the candidates are taken
 * from `ids` (ascending; read from the end for `desc`) in chunks — twice the rows wanted first, then
 * four times more each round — and each chunk's statement `SELECT h.ID FROM hardware h WHERE h.ID IN
 * (<chunk>) AND <operator scope> AND <criteria, per-row probes>` keeps those that match; their order is
 * the kept one. The scope is applied again, so a kept order never widens the perimeter. `conclusive`
 * as for walkPageQuery: false when `budget` candidates gave fewer than offset + limit matches and
 * some were left. With cheap criteria (or a TAG perimeter) checked first, `budget` counts the
 * candidates that pass them (the software probes), as the sort-order walk's budget does.
 */
export async function walkOrderedIds(
  k: Knex,
  s: SchemaInfo,
  scope: Scope,
  filter: ComputerFilter,
  resolved: ResolvedIds | undefined,
  ids: Int32Array,
  dir: Sort['dir'],
  offset: number,
  limit: number,
  budget: number,
): Promise<{ ids: number[]; conclusive: boolean }> {
  const need = offset + limit;
  const n = ids.length;
  const at = (i: number) => ids[dir === 'asc' ? i : n - 1 - i]!;
  const found: number[] = [];
  let pos = 0;
  let size = Math.max(2 * need, 100);
  // A TAG-restricted perimeter is a cheap criterion too (its accountinfo row).
  const cheap = cheapCriteria(s, filter);
  const prefilter =
    cheap ??
    (scope.tags && filter.match === 'all' && hasSoftware(s, filter) ? { ...filter, criteria: [] } : null);
  const stop = prefilter ? n : Math.min(n, budget);
  let probed = 0;
  while (pos < stop && found.length < need && probed < budget) {
    const chunk: number[] = [];
    for (let i = pos; i < Math.min(stop, pos + size); i++) chunk.push(at(i));
    const candidates = prefilter ? await passing(k, s, scope, prefilter, chunk) : chunk;
    // Probed in batches sized to the matches still needed at the rate seen so far (plus a quarter),
    // not the whole chunk: a chunk is 4x the previous one and would overshoot by as much.
    let done = 0;
    while (done < candidates.length && found.length < need && probed < budget) {
      const rate = probed ? Math.max(found.length / probed, MIN_RATE) : 1;
      const want = Math.max(MIN_PROBES, Math.ceil(((need - found.length) / rate) * 1.25));
      const batch = candidates.slice(done, done + want);
      const hit = new Set(await matching(k, s, scope, filter, resolved, batch));
      for (const id of batch) if (hit.has(id)) found.push(id);
      probed += batch.length;
      done += batch.length;
    }
    // Stopped inside the chunk: either the page is found or the budget is spent (not conclusive).
    if (done < candidates.length) break;
    pos += chunk.length;
    size = Math.min(ORDERED_CHUNK_MAX, size * 4);
  }
  return { ids: found.slice(offset, need), conclusive: found.length >= need || pos >= n };
}

function hasSoftware(s: SchemaInfo, filter: ComputerFilter): boolean {
  return (filter.criteria ?? []).some((c) => {
    const kind = resolveField(s, c.field)?.kind;
    return kind === 'software' || kind === 'softwareCategory';
  });
}

/** Least match rate assumed when sizing a batch of probes (at most 50 candidates per row still needed). */
const MIN_RATE = 0.02;
/** Fewest candidates one statement of probes names. */
const MIN_PROBES = 50;

/** The `ids` that pass `prefilter` inside the perimeter, in the order of `ids`. */
async function passing(
  k: Knex,
  s: SchemaInfo,
  scope: Scope,
  prefilter: ComputerFilter,
  ids: number[],
): Promise<number[]> {
  const q = k.from({ h: 'hardware' }).select('h.ID').whereIn('h.ID', ids);
  applyScope(k, q, scope);
  applyFilter(k, q, s, prefilter);
  const kept = new Set(((await q) as Array<{ ID: number }>).map((r) => Number(r.ID)));
  return ids.filter((id) => kept.has(id));
}

/** Which of `ids` match the whole filter inside the perimeter (software probed per candidate). */
async function matching(
  k: Knex,
  s: SchemaInfo,
  scope: Scope,
  filter: ComputerFilter,
  resolved: ResolvedIds | undefined,
  ids: number[],
): Promise<number[]> {
  if (!ids.length) return [];
  const q = k.from({ h: 'hardware' }).select('h.ID').whereIn('h.ID', ids);
  applyScope(k, q, scope);
  applyFilter(k, q, s, filter, resolved, true);
  return ((await q) as Array<{ ID: number }>).map((r) => Number(r.ID));
}
