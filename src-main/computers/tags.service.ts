import type { Knex } from 'knex';
import { adminValueText } from '../../shared/contract/admin-value-text';
import { AppError } from '../platform/errors';
import { applyScope, type Scope } from '../platform/ocs/scope';
import { getSchemaInfo } from './schema-info';

/**
 * Computers per value of an accountinfo column: one GROUP BY on accountinfo (a covering scan of the TAG
 * index for TAG, streamed in index order), groups
 * excluded by id, TAG restriction applied on the TAG column itself (or through hardware for wildcards).
 */
export async function tagRepartition(
  k: Knex,
  scope: Scope,
  column: string,
): Promise<{
  column: string;
  total: number;
  counts: Array<{ value: string | null; label: string | null; count: number }>;
}> {
  const s = await getSchemaInfo(k);
  const field = s.adminFields.find((f) => f.column === column);
  if (!field) {
    throw new AppError('VALIDATION_FAILED', { field: 'column', detail: `unknown admin field ${column}` });
  }
  const q = k
    .from({ a: 'accountinfo' })
    .select({ value: `a.${column}` })
    .count({ n: '*' })
    .groupBy(`a.${column}`);
  // No ORDER BY in SQL: grouping streams off the column's index (no temporary table, no filesort);
  // the few values are sorted here.
  if (scope.groupIds.length) q.whereNotIn('a.HARDWARE_ID', scope.groupIds);
  if (scope.tags) {
    if (!scope.tags.length) q.whereRaw('1 = 0');
    else if (scope.tags.every((t) => !/[*?]/.test(t))) q.whereIn('a.TAG', scope.tags);
    else {
      const inner = k.from({ h: 'hardware' }).select('h.ID');
      applyScope(k, inner, scope);
      q.whereIn('a.HARDWARE_ID', inner);
    }
  }
  const rows = (await q) as Array<{ value: string | null; n: number | string }>;
  const counts = rows
    .map((r) => ({
      value: r.value,
      label: r.value === null ? null : adminValueText(field, r.value),
      count: Number(r.n),
    }))
    .sort((x, y) => y.count - x.count || (x.label ?? '').localeCompare(y.label ?? ''));
  return { column, total: counts.reduce((a, c) => a + c.count, 0), counts };
}
