import type { Knex } from 'knex';
import type { NameCountsState } from '../../shared/contract/software';
import { keptPerScope } from '../platform/ocs/kept-per-scope';
import type { Scope } from '../platform/ocs/scope';
import { countTriples, type NameCount, type Triple, type TripleCounts } from './software.repo';

/**
 * The computers of every installed (name, publisher, version) and of every name in one perimeter,
 * counted from one read of every software row (software.repo.ts `countTriples`, tallied in
 * triple-tally.ts). At 14 M rows that is ~25-30 s on a loaded machine, so nobody waits for it: it runs in the
 * background, one at a time per connection pool, bounded by `max_statement_time`, and its answer is
 * kept (`TTL_MS`, then still served while a recount runs). Every figure of All software (total, sorts,
 * publishers, versions, computers of a page, a name's versions), Home's top software and the CVE list's
 * installed software and their computers read it from memory; a caller waits at most its own budget,
 * then shows the state (counting since…).
 */

export type { NameCount };

export interface NameCounts {
  /** Names installed in the perimeter, in name order (software_name.NAME, the server's collation). */
  byName: NameCount[];
  /** Name ID → index in byName (its rank in name order). */
  rank: Map<number, number>;
  /**
   * The triples, grouped by name in byName's order and by (publisher, version) within a name: name i's
   * are [start[i], start[i + 1]). Typed arrays: a real fleet has up to a few million triples.
   */
  start: Int32Array;
  publisher: Int32Array;
  version: Int32Array;
  computers: Int32Array;
  /** Distinct computers with software in the perimeter (0 when unknown). */
  hosts: number;
  computedAt: string;
}

/**
 * Kept counts built from one count's rows: the triples placed by name rank (a counting sort, linear: a
 * comparison sort of a million triples would hold the main process for seconds), then each name's few
 * triples sorted by (publisher, version) for `tripleComputers`' binary search.
 */
export function buildCounts(read: TripleCounts, computedAt = new Date().toISOString()): NameCounts {
  const rank = new Map(read.nameOrder.map((id, i) => [id, i]));
  const n = read.nameOrder.length;
  const ranks = read.triples.map((t) => rank.get(t.nameId) ?? -1);
  const start = new Int32Array(n + 1);
  for (const r of ranks) if (r >= 0) start[r + 1] = start[r + 1]! + 1;
  for (let i = 0; i < n; i++) start[i + 1] = start[i + 1]! + start[i]!;
  const size = start[n]!;
  const publisher = new Int32Array(size);
  const version = new Int32Array(size);
  const computers = new Int32Array(size);
  const next = start.slice(0, n);
  read.triples.forEach((t, i) => {
    const r = ranks[i]!;
    if (r < 0) return;
    const j = next[r]!;
    next[r] = j + 1;
    publisher[j] = t.publisherId;
    version[j] = t.versionId;
    computers[j] = t.computers;
  });
  const byName = read.nameOrder.map((id, i): NameCount => {
    const from = start[i]!;
    const to = start[i + 1]!;
    let sorted = true;
    for (let j = from + 1; j < to && sorted; j++)
      sorted =
        publisher[j - 1]! < publisher[j]! ||
        (publisher[j - 1] === publisher[j] && version[j - 1]! < version[j]!);
    // The server's GROUP BY hands the rows over in (name, publisher, version) order: usually nothing to do.
    if (!sorted) {
      const own = Array.from({ length: to - from }, (_, x) => [
        publisher[from + x]!,
        version[from + x]!,
        computers[from + x]!,
      ]);
      own.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
      own.forEach(([p, v, c], x) => {
        publisher[from + x] = p!;
        version[from + x] = v!;
        computers[from + x] = c!;
      });
    }
    // Sorted by publisher: its distinct publishers are its changes of publisher.
    let publishers = to > from ? 1 : 0;
    for (let j = from + 1; j < to; j++) if (publisher[j] !== publisher[j - 1]) publishers++;
    let versions = publishers;
    if (publishers > 1) versions = new Set(version.subarray(from, to)).size;
    else for (let j = from + 1; j < to; j++) if (version[j] !== version[j - 1]) versions++;
    return {
      id,
      computers: read.nameComputers.get(id) ?? 0,
      versions,
      publishers,
    };
  });
  return { byName, rank, start, publisher, version, computers, hosts: read.hosts ?? 0, computedAt };
}

/**
 * Bytes one kept count holds, estimated: its typed arrays exactly, each name's figures (an object of
 * four numbers, ~56 bytes in V8) and its rank entry (~40 bytes in a Map). Printed by bench:software.
 */
export function keptBytes(counts: NameCounts): number {
  const arrays = [counts.start, counts.publisher, counts.version, counts.computers];
  return arrays.reduce((s, a) => s + a.byteLength, 0) + counts.byName.length * (56 + 40);
}

/** The kept triples of one name (none when it is not installed in the perimeter). */
export function triplesOfName(counts: NameCounts, nameId: number): Triple[] {
  const i = counts.rank.get(nameId);
  if (i === undefined) return [];
  const out: Triple[] = [];
  for (let j = counts.start[i]!; j < counts.start[i + 1]!; j++)
    out.push({
      nameId,
      publisherId: counts.publisher[j]!,
      versionId: counts.version[j]!,
      computers: counts.computers[j]!,
    });
  return out;
}

/** Kept distinct computers of one triple (0 when no computer of the perimeter has it). */
export function tripleComputers(
  counts: NameCounts,
  nameId: number,
  publisherId: number,
  versionId: number,
): number {
  const i = counts.rank.get(nameId);
  if (i === undefined) return 0;
  // Binary search on (publisher, version) within the name's range.
  let lo = counts.start[i]!;
  let hi = counts.start[i + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const d = counts.publisher[mid]! - publisherId || counts.version[mid]! - versionId;
    if (d === 0) return counts.computers[mid]!;
    if (d < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/** Tunable for tests: how long answers are fresh, how long a count may run, when a failed one is retried. */
export const countLimits = {
  ttlMs: 5 * 60_000,
  statementS: 30 * 60,
  retryMs: 10 * 60_000,
};

/** One count per perimeter and pool, in the background, kept (platform/ocs/kept-per-scope.ts). */
const kept = keptPerScope(
  async (k: Knex, scope: Scope): Promise<NameCounts> =>
    buildCounts(await countTriples(k, scope, countLimits.statementS)),
  countLimits,
);

/**
 * The perimeter's counts as kept, starting a count when there are none or they are older than the
 * TTL (not again within `retryMs` of a failed one). Waits at most `waitMs` for a count that runs when
 * nothing is kept yet (a small fleet answers within it); `counts` is null while none has arrived.
 */
export async function nameCounts(
  k: Knex,
  scope: Scope,
  waitMs: number,
): Promise<{ counts: NameCounts | null; state: NameCountsState }> {
  const { value, state } = await kept.get(k, scope, waitMs);
  return { counts: value, state };
}

/** Counts no older than the TTL, waiting for them as long as the count takes (CSV export). */
export function nameCountsNow(k: Knex, scope: Scope): Promise<NameCounts> {
  return kept.now(k, scope);
}

/** The perimeter's kept counts, however old, without starting a count (null when none). */
export function keptCounts(k: Knex, scope: Scope): NameCounts | null {
  return kept.kept(k, scope);
}

/** The perimeter's count state, without starting a count. */
export function countsState(k: Knex, scope: Scope): NameCountsState {
  return kept.state(k, scope);
}
