import type { Knex } from 'knex';
import type { z } from 'zod';
import type { SoftwareListInput } from '../../shared/contract/software';
import { TripleTally } from './triple-tally';
import { likePattern } from '../platform/ocs/like';
import { tableExists } from '../platform/ocs/schema-facts';
import { scoped, type Scope } from '../platform/ocs/scope';

/**
 * SQL of All software, knex bindings only. A row is a software name (`software_name`) installed on at
 * least one computer in the operator's perimeter. Sorted by name, names are paged on the NAME index
 * with one EXISTS probe of software(NAME_ID) each, until the background count (name-counts.ts) is kept:
 * then every page, its total and its figures come from that count (`countTriples`), for any sort.
 */

/** The figures switch does not concern the SQL here. */
type ListInput = Omit<z.output<typeof SoftwareListInput>, 'figures'>;
type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);

/** software rows inside the scope, alias `s`. */
function softwareIn(k: Knex, scope: Scope): Knex.QueryBuilder {
  const q = k.from({ s: 'software' });
  scoped(k, q, 's.HARDWARE_ID', scope);
  return q;
}

/**
 * software_categories_link arrived with ocsreports' schema 7069: on an older database (7039, what
 * ocsbase_new.sql creates) no software has a category, so nothing is read from it.
 */
const LINKS = 'software_categories_link';
const hasLinks = (k: Knex) => tableExists(k, LINKS);

/** Name filter and category filter on a query whose software_name alias is `n`. */
async function nameFilters(k: Knex, q: Knex.QueryBuilder, input: ListInput): Promise<void> {
  const f = input.filter?.trim();
  if (f) q.where('n.NAME', 'like', likePattern(f));
  if (input.category !== undefined && !(await hasLinks(k))) {
    if (input.category !== 'none') q.whereRaw('0 = 1');
    return;
  }
  if (input.category === 'none')
    q.whereNotExists(
      k.from({ l: 'software_categories_link' }).select(k.raw('1')).whereRaw('l.NAME_ID = n.ID'),
    );
  else if (input.category !== undefined)
    q.whereExists(
      k
        .from({ l: 'software_categories_link' })
        .select(k.raw('1'))
        .whereRaw('l.NAME_ID = n.ID')
        .where('l.CATEGORY_ID', input.category),
    );
}

/**
 * One page of names (id, name) sorted by name: the dictionary's NAME index walked in order, one EXISTS
 * probe of software(NAME_ID) per name, stopping at the page's end. Never counts (the total comes from
 * the per-name counts, name-counts.ts).
 */
export async function pageNamesByName(
  k: Knex,
  scope: Scope,
  input: ListInput,
): Promise<Array<{ id: number; name: string }>> {
  const dir = input.sort.dir;
  const q = k
    .from({ n: 'software_name' })
    .whereExists(softwareIn(k, scope).select(k.raw('1')).whereRaw('s.NAME_ID = n.ID'));
  await nameFilters(k, q, input);
  const rows = (await q
    .select('n.ID', 'n.NAME')
    // NAME is UNIQUE: an ID tie-break would make the server sort every name (filesort) instead of
    // walking the NAME index and stopping at the page's end.
    .orderBy('n.NAME', dir)
    .offset(input.offset)
    .limit(input.limit)) as Row[];
  return rows.map((r) => ({ id: num(r.ID), name: String(r.NAME) }));
}

/**
 * IDs of the dictionary names the name and category filters keep (a scan of the NAME index, ~61,000
 * entries at most), or null when nothing is filtered.
 */
export async function filteredNameIds(k: Knex, input: ListInput): Promise<Set<number> | null> {
  if (!input.filter?.trim() && input.category === undefined) return null;
  const q = k.from({ n: 'software_name' }).select('n.ID');
  await nameFilters(k, q, input);
  return new Set(((await q) as Row[]).map((r) => num(r.ID)));
}

/** Names of the given IDs. */
export async function namesOf(k: Knex, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = (await k('software_name').select('ID', 'NAME').whereIn('ID', ids)) as Row[];
  return new Map(rows.map((r) => [num(r.ID), String(r.NAME)]));
}

export interface Triple {
  nameId: number;
  publisherId: number;
  versionId: number;
  computers: number;
}

/** (name, publisher, version) triples of the given names in the scope, with their computers. */
export async function triplesOf(k: Knex, scope: Scope, nameIds: number[]): Promise<Triple[]> {
  if (!nameIds.length) return [];
  const rows = (await softwareIn(k, scope)
    .select('s.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID')
    .countDistinct({ c: 's.HARDWARE_ID' })
    .whereIn('s.NAME_ID', nameIds)
    .groupBy('s.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID')) as Row[];
  return rows.map((r) => ({
    nameId: num(r.NAME_ID),
    publisherId: num(r.PUBLISHER_ID),
    versionId: num(r.VERSION_ID),
    computers: num(r.c),
  }));
}

/** Link rows of the given names: key `name:publisher:version` → category id (the lowest row ID wins). */
export async function linksOf(k: Knex, nameIds: number[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!nameIds.length || !(await hasLinks(k))) return out;
  const rows = (await k(LINKS)
    .select('NAME_ID', 'PUBLISHER_ID', 'VERSION_ID', 'CATEGORY_ID')
    .whereIn('NAME_ID', nameIds)
    .orderBy('ID', 'desc')) as Row[];
  for (const r of rows)
    out.set(`${num(r.NAME_ID)}:${num(r.PUBLISHER_ID)}:${num(r.VERSION_ID)}`, num(r.CATEGORY_ID));
  return out;
}

/** Values of dictionary rows by ID (software_publisher / software_version). */
export async function dictionaryValues(
  k: Knex,
  table: 'software_publisher' | 'software_version',
  ids: number[],
): Promise<Map<number, string>> {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map();
  const col = table === 'software_publisher' ? 'PUBLISHER' : 'VERSION';
  const rows = (await k(table).select('ID', col).whereIn('ID', uniq)) as Row[];
  return new Map(rows.map((r) => [num(r.ID), String(r[col] ?? '')]));
}

export async function softwareName(k: Knex, nameId: number): Promise<string | null> {
  const r = (await k('software_name').first('NAME').where('ID', nameId)) as { NAME: string } | undefined;
  return r ? r.NAME : null;
}

/** ID → name of every category (a handful). */
export async function categoryNames(k: Knex): Promise<Map<number, string>> {
  const rows = (await k('software_categories').select('ID', 'CATEGORY_NAME')) as Row[];
  return new Map(rows.map((r) => [num(r.ID), String(r.CATEGORY_NAME)]));
}

export interface NameCount {
  id: number;
  computers: number;
  versions: number;
  publishers: number;
}

/** What one background count reads: every installed triple of the scope and each name's computers. */
export interface TripleCounts {
  /** (name, publisher, version) triples with their distinct computers, in any order. */
  triples: Triple[];
  /** Name ID → its distinct computers (not the sum of its triples': one computer may have two versions). */
  nameComputers: Map<number, number>;
  /** IDs of the installed names in name order (software_name.NAME, the server's collation, then ID). */
  nameOrder: number[];
  /** Distinct computers of the scope with at least one software row (unknown: undefined). */
  hosts?: number;
}

type RawConn = {
  query(
    opts: { sql: string; values?: unknown[]; rowsAsArray?: boolean },
    cb?: (e: unknown, rows: unknown) => void,
  ): NodeJS.EventEmitter;
};

/** Streams the rows of one statement on a raw connection (arrays, one callback per row). */
function streamRows(
  conn: RawConn,
  sql: string,
  values: unknown[],
  onRow: (r: unknown[]) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    conn
      .query({ sql, values, rowsAsArray: true })
      .on('result', (r: unknown[]) => {
        if (!failed) onRow(r);
      })
      .on('error', (e: unknown) => {
        failed = true;
        reject(e);
      })
      .on('end', () => {
        if (!failed) resolve();
      });
  });
}

/** Split computers are read again this many at a time (HARDWARE_ID index). */
const SPLIT_CHUNK = 500;

/** Where the last count's time went (printed by bench:software). */
export const lastCountPhases = { scanMs: 0, rows: 0, splitComputers: 0, correctMs: 0 };

/**
 * Distinct computers of every (name, publisher, version) of the scope and of every name. The perimeter's
 * software rows are read once in primary-key order and tallied here (triple-tally.ts): the server only
 * reads, with no sort or temporary table (the GROUP BY … WITH ROLLUP this replaces sorted every row on
 * disk: 74-89 s at 14 M rows, against ~30 s for this read). The computers whose rows come in several
 * runs are read again through the HARDWARE_ID index to take back what they were counted too often.
 * Everything is read in one consistent snapshot (a read-only transaction), so the figures are those of
 * one moment, as a single statement's. The scan is stopped by the server after `maxSeconds`. The
 * names' order is read apart from the dictionary's NAME index (~61,000 entries).
 */
export async function countTriples(k: Knex, scope: Scope, maxSeconds: number): Promise<TripleCounts> {
  const client = k.client as {
    acquireConnection(): Promise<unknown>;
    releaseConnection(c: unknown): Promise<unknown>;
  };
  const conn = (await client.acquireConnection()) as RawConn;
  const raw = (sql: string, b: readonly Knex.RawBinding[] = []) => k.raw(sql, b).connection(conn);
  const tally = new TripleTally();
  try {
    await raw('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    // The perimeter's computers (by TAG) and the groups' hardware rows, left out as `scoped` does.
    const skip = new Set(scope.groupIds);
    let allowed: Set<number> | null = null;
    if (scope.tags) {
      const q = k.from({ a: 'accountinfo' }).select('a.HARDWARE_ID');
      scoped(k, q, 'a.HARDWARE_ID', scope);
      allowed = new Set(((await q.connection(conn)) as Row[]).map((r) => num(r.HARDWARE_ID)));
    }
    // The server stops it (ER_STATEMENT_TIMEOUT): a count never runs unbounded, even if the app is gone.
    const t0 = performance.now();
    let rowsRead = 0;
    await streamRows(
      conn,
      `SET STATEMENT max_statement_time = ${Number(maxSeconds)} FOR
       SELECT ID, HARDWARE_ID, NAME_ID, PUBLISHER_ID, VERSION_ID FROM software ORDER BY ID`,
      [],
      (r) => {
        rowsRead++;
        const hw = Number(r[1]);
        if (skip.has(hw) || (allowed && !allowed.has(hw))) return;
        tally.add(Number(r[0]), hw, Number(r[2]), Number(r[3]), Number(r[4]));
      },
    );
    const t1 = performance.now();
    const split = [...tally.splitRuns.keys()];
    for (let i = 0; i < split.length; i += SPLIT_CHUNK) {
      const rows: Array<[number, number, number, number, number]> = [];
      const ids = split.slice(i, i + SPLIT_CHUNK);
      await streamRows(
        conn,
        `SELECT ID, HARDWARE_ID, NAME_ID, PUBLISHER_ID, VERSION_ID FROM software WHERE HARDWARE_ID IN (${ids.map(() => '?').join(',')})`,
        ids,
        (r) => rows.push([Number(r[0]), Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4])]),
      );
      tally.correct(rows);
    }
    Object.assign(lastCountPhases, {
      scanMs: t1 - t0,
      rows: rowsRead,
      splitComputers: split.length,
      correctMs: performance.now() - t1,
    });
    await raw('COMMIT');
  } catch (e) {
    await raw('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.releaseConnection(conn);
  }
  const t = tally.result();
  const triples: Triple[] = [];
  for (let i = 0; i < t.size; i++)
    triples.push({
      nameId: t.name[i]!,
      publisherId: t.publisher[i]!,
      versionId: t.version[i]!,
      computers: t.computers[i]!,
    });
  // NAME is UNIQUE: walked in index order, no sort.
  const names = (await k('software_name').select('ID').orderBy('NAME')) as Row[];
  const nameOrder = names.map((r) => num(r.ID)).filter((id) => t.nameComputers.has(id));
  return { triples, nameComputers: t.nameComputers, nameOrder, hosts: t.hosts };
}
