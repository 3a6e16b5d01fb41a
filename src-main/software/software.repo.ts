import type { Knex } from 'knex';
import type { z } from 'zod';
import type { SoftwareListInput } from '../../shared/contract/software';
import { likePattern } from '../platform/ocs/like';
import { tableExists } from '../platform/ocs/schema-facts';
import { scoped, type Scope } from '../platform/ocs/scope';

/**
 * SQL of All software, knex bindings only. A row is a software name (`software_name`) installed on at
 * least one computer in the operator's perimeter. Sorted by name, names are paged on the NAME index
 * with one EXISTS probe of software(NAME_ID) each; the figures are then read for the page's names only
 * (NAME_ID index; the (NAME_ID, HARDWARE_ID) optional index makes the computer counts index-only).
 * Sorted by computers or versions, every software row of the perimeter is grouped (docs/software-categories.md).
 */

type ListInput = z.output<typeof SoftwareListInput>;
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

/** One page of names (id, name) and the total, in the requested order. */
export async function pageNames(
  k: Knex,
  scope: Scope,
  input: ListInput,
): Promise<{ names: Array<{ id: number; name: string; sortValue?: number }>; total: number }> {
  const dir = input.sort.dir;
  if (input.sort.column === 'name') {
    const q = k
      .from({ n: 'software_name' })
      .whereExists(softwareIn(k, scope).select(k.raw('1')).whereRaw('s.NAME_ID = n.ID'));
    await nameFilters(k, q, input);
    const [count, rows] = await Promise.all([
      q.clone().count({ c: '*' }),
      q
        .clone()
        .select('n.ID', 'n.NAME')
        .orderBy('n.NAME', dir)
        .orderBy('n.ID', dir)
        .offset(input.offset)
        .limit(input.limit),
    ]);
    return {
      total: num((count as Row[])[0]?.c),
      names: (rows as Row[]).map((r) => ({ id: num(r.ID), name: String(r.NAME) })),
    };
  }
  const agg = softwareIn(k, scope).select('s.NAME_ID').groupBy('s.NAME_ID');
  if (input.sort.column === 'computers') agg.countDistinct({ v: 's.HARDWARE_ID' });
  else agg.countDistinct({ v: 's.VERSION_ID' });
  const q = k.from(agg.as('a')).join({ n: 'software_name' }, 'n.ID', 'a.NAME_ID');
  await nameFilters(k, q, input);
  const [count, rows] = await Promise.all([
    q.clone().count({ c: '*' }),
    q
      .clone()
      .select('n.ID', 'n.NAME', 'a.v')
      .orderBy('a.v', dir)
      .orderBy('n.NAME')
      .orderBy('n.ID')
      .offset(input.offset)
      .limit(input.limit),
  ]);
  return {
    total: num((count as Row[])[0]?.c),
    names: (rows as Row[]).map((r) => ({ id: num(r.ID), name: String(r.NAME), sortValue: num(r.v) })),
  };
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

/** Distinct computers per name, in the scope. */
export async function computersPerName(
  k: Knex,
  scope: Scope,
  nameIds: number[],
): Promise<Map<number, number>> {
  if (!nameIds.length) return new Map();
  const rows = (await softwareIn(k, scope)
    .select('s.NAME_ID')
    .countDistinct({ c: 's.HARDWARE_ID' })
    .whereIn('s.NAME_ID', nameIds)
    .groupBy('s.NAME_ID')) as Row[];
  return new Map(rows.map((r) => [num(r.NAME_ID), num(r.c)]));
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
