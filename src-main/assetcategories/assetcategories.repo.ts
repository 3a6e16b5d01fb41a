import type { Knex } from 'knex';
import { applyScope, type Scope } from '../platform/ocs/scope';

/** The SQL of asset categories, on `assets_categories` and `hardware.CATEGORY_ID` as ocsreports 2.11.1 reads them. */

export interface CategoryRow {
  ID: number;
  CATEGORY_NAME: string;
  CATEGORY_DESC: string;
  SQL_QUERY: string;
}

export async function categoryRows(k: Knex): Promise<CategoryRow[]> {
  return (await k('assets_categories')
    .select('ID', 'CATEGORY_NAME', 'CATEGORY_DESC', 'SQL_QUERY')
    .orderBy('CATEGORY_NAME')
    .orderBy('ID')) as CategoryRow[];
}

/** Computers of the perimeter per hardware.CATEGORY_ID (NULL included), group rows left out. */
export async function countsByCategory(k: Knex, scope: Scope): Promise<Map<number | null, number>> {
  const q = k
    .from({ h: 'hardware' })
    .select({ c: 'h.CATEGORY_ID' })
    .count({ n: '*' })
    .whereNotIn('h.DEVICEID', ['_SYSTEMGROUP_', '_DOWNLOADGROUP_'])
    .groupBy('h.CATEGORY_ID');
  applyScope(k, q, scope);
  const rows = (await q) as Array<{ c: number | null; n: number | string }>;
  return new Map(rows.map((r) => [r.c === null ? null : Number(r.c), Number(r.n)]));
}

export async function insertCategory(
  k: Knex,
  row: { name: string; description: string; sql: string },
): Promise<number> {
  const [id] = await k('assets_categories').insert({
    CATEGORY_NAME: row.name,
    CATEGORY_DESC: row.description,
    SQL_QUERY: row.sql,
    SQL_ARGS: '',
  });
  return Number(id);
}

export async function updateCategory(
  k: Knex,
  id: number,
  row: { name: string; description: string; sql?: string },
): Promise<number> {
  return k('assets_categories')
    .where('ID', id)
    .update({
      CATEGORY_NAME: row.name,
      CATEGORY_DESC: row.description,
      ...(row.sql !== undefined ? { SQL_QUERY: row.sql, SQL_ARGS: '' } : {}),
    });
}

export async function deleteCategory(k: Knex, id: number): Promise<number> {
  return k('assets_categories').where('ID', id).delete();
}
