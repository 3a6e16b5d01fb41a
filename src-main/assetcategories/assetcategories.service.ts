import type { Knex } from 'knex';
import type { AssetCategory } from '../../shared/contract/assetcategories';
import type { ComputerFilter } from '../../shared/contract/computers';
import { AppError } from '../platform/errors';
import type { Scope } from '../platform/ocs/scope';
import * as repo from './assetcategories.repo';
import { categorySql, checkRuns, storedFilter } from './category-sql';

/**
 * Asset categories (docs/asset-categories.md): membership is `hardware.CATEGORY_ID`, which the comm
 * server sets from the stored searches at each inventory; counts are within the operator's perimeter.
 */
export async function listCategories(
  k: Knex,
  scope: Scope,
): Promise<{ categories: AssetCategory[]; none: number }> {
  const [rows, counts] = await Promise.all([repo.categoryRows(k), repo.countsByCategory(k, scope)]);
  const known = new Set(rows.map((r) => Number(r.ID)));
  // A computer whose id names no category (deleted in ocsreports or here) belongs to none.
  let none = 0;
  for (const [c, n] of counts) if (c === null || !known.has(c)) none += n;
  return {
    categories: rows.map((r) => ({
      id: Number(r.ID),
      name: r.CATEGORY_NAME,
      description: r.CATEGORY_DESC,
      computers: counts.get(Number(r.ID)) ?? 0,
      filter: storedFilter(r.SQL_QUERY ?? ''),
      sql: r.SQL_QUERY ?? '',
    })),
    none,
  };
}

async function storable(k: Knex, scope: Scope, filter: ComputerFilter): Promise<string> {
  const sql = await categorySql(k, scope, filter);
  await checkRuns(k, sql);
  return sql;
}

export async function createCategory(
  k: Knex,
  scope: Scope,
  input: { name: string; description: string; filter: ComputerFilter },
): Promise<{ id: number }> {
  const sql = await storable(k, scope, input.filter);
  return { id: await repo.insertCategory(k, { ...input, sql }) };
}

export async function updateCategory(
  k: Knex,
  scope: Scope,
  input: { id: number; name: string; description: string; filter?: ComputerFilter },
): Promise<void> {
  const sql = input.filter ? await storable(k, scope, input.filter) : undefined;
  const n = await repo.updateCategory(k, input.id, { name: input.name, description: input.description, sql });
  if (!n) throw new AppError('NOT_FOUND', { what: 'asset category', id: input.id });
}

export async function deleteCategory(k: Knex, id: number): Promise<void> {
  if (!(await repo.deleteCategory(k, id))) throw new AppError('NOT_FOUND', { what: 'asset category', id });
}
