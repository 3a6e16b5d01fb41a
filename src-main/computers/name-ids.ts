import type { Knex } from 'knex';
import type { Criterion } from '../../shared/contract/computers';
import { tableTimes } from './table-changes';

/**
 * The software_name IDs a criterion's name resolves to, kept per pool and pattern. A plain name means
 * "contains" (`%Google Chrome%`): no index range serves it, so each resolution reads the whole NAME
 * index (61,316 entries on the real-shape 100k fleet: 60-270 ms of a search under load), and a view
 * resolves it for its page, its count and each block. The server still evaluates every pattern (its
 * collation: utf8 general ci folds case and accents, which JS would have to imitate); only the answer is
 * kept:
 * - unchanged when software_name's UPDATE_TIME is older than the read (table-changes.ts);
 * - otherwise, when the table was not re-created (CREATE_TIME) and its MAX(ID) did not go down, the
 *   dictionary has grown (the comm server and imports insert names; nothing renames one,
 *   and a name is removed only once no software row refers to it, which changes no search): the same
 *   pattern is read over the IDs above the last read's MAX(ID) only, a range of the primary key;
 * - read again whole after MAX_AGE_MS whatever happened (a commit out of AUTO_INCREMENT order, a
 *   rename by another tool).
 */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 200;

interface Entry {
  /** null: more than `max` names (the statement keeps its dictionary subquery). */
  ids: number[] | null;
  /** MAX(ID) of software_name read before the names. */
  maxId: number;
  /** UNIX second at which the names' read started. */
  startedS: number;
  /** software_name's CREATE_TIME when read (a TRUNCATE renews it and restarts the IDs). */
  createS: number | null;
  at: number;
}

const caches = new WeakMap<Knex, Map<string, Promise<Entry>>>();

type NameQuery = () => Knex.QueryBuilder;

async function maxIdNow(k: Knex): Promise<{ maxId: number; startedS: number }> {
  const [rows] = (await k.raw('SELECT MAX(ID) AS m, UNIX_TIMESTAMP() AS t FROM software_name')) as [
    Array<{ m: number | string | null; t: number | string }>,
  ];
  return { maxId: Number(rows[0]?.m ?? 0), startedS: Number(rows[0]!.t) };
}

async function readIds(q: Knex.QueryBuilder, max: number): Promise<number[] | null> {
  const rows = (await q.limit(max + 1)) as Array<{ ID: number }>;
  return rows.length > max ? null : rows.map((r) => Number(r.ID));
}

async function readWhole(k: Knex, names: NameQuery, max: number, createS: number | null): Promise<Entry> {
  // MAX(ID) first: a name inserted after it is above it and found by the next growth read.
  const { maxId, startedS } = await maxIdNow(k);
  return { ids: await readIds(names(), max), maxId, startedS, createS, at: Date.now() };
}

async function grown(k: Knex, e: Entry, names: NameQuery, max: number): Promise<Entry> {
  const { maxId, startedS } = await maxIdNow(k);
  // IDs went down: rows were removed from the top, not only added; read the pattern whole.
  if (maxId < e.maxId) return readWhole(k, names, max, e.createS);
  if (e.ids === null || maxId === e.maxId) return { ...e, startedS };
  const added = await readIds(names().where('ID', '>', e.maxId).where('ID', '<=', maxId), max);
  const ids = added && e.ids.length + added.length <= max ? [...e.ids, ...added] : null;
  return { ids, maxId, startedS, createS: e.createS, at: e.at };
}

/**
 * IDs of the software names `names()` selects (`SELECT ID FROM software_name WHERE NAME …`), at most
 * `max` (null above). `key` names the pattern (the criterion's operator and value).
 */
export async function softwareNameIds(
  k: Knex,
  key: string,
  names: NameQuery,
  max: number,
): Promise<number[] | null> {
  let m = caches.get(k);
  if (!m) caches.set(k, (m = new Map()));
  const kept = m.get(key);
  const e = kept ? await kept.catch(() => null) : null;
  const t = (await tableTimes(k, ['software_name'])).get('software_name')!;
  let p: Promise<Entry>;
  if (e && Date.now() - e.at < MAX_AGE_MS && t.createS === e.createS) {
    if (t.updateS != null && t.updateS < e.startedS) return e.ids;
    p = grown(k, e, names, max);
  } else p = readWhole(k, names, max, t.createS);
  if (m.size >= MAX_ENTRIES && !m.has(key)) m.delete(m.keys().next().value!);
  m.set(key, p);
  p.catch(() => m.get(key) === p && m.delete(key));
  return (await p).ids;
}

/** The key of a name criterion: exact (`=`) or pattern, and its value. */
export function nameKey(c: Criterion, exact: boolean): string {
  return JSON.stringify([exact, c.value ?? '']);
}

/** Forgets every kept resolution (tests). */
export function dropNameIds(k: Knex): void {
  caches.delete(k);
}
