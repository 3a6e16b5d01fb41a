import type { Knex } from 'knex';
import type { DynamicDefinition } from '../../shared/contract/groups';
import { applyFilter } from '../computers/filter-sql';
import { getSchemaInfo } from '../computers/schema-info';
import { AppError } from '../platform/errors';
import { scoped, type Scope } from '../platform/ocs/scope';
import { unstorableReason } from './xmldef';

/**
 * A dynamic definition as the single SELECT the comm server runs at recompute time
 * (spec §2.2, §9.1 rule 2): the multi-criteria search of the Computers screen compiled with live
 * sub-queries (software names are looked up at run time, never frozen into id lists), "member of" and
 * the drill-down parent read from groups_cache, the operator's TAG perimeter folded in, and the
 * server's own group-row idiom last so that it skips its extra `verify_ids` query.
 */

/** The text the comm server looks for (`verify_ids`); must follow an `and` and name deviceid unqualified. */
export const SERVER_IDIOM = "deviceid <> '_SYSTEMGROUP_' and deviceid <> '_DOWNLOADGROUP_'";

function refuse(field: string, detail: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, detail }, { fields: [{ path: field, message: detail }] });
}

/** Members (STATIC 0 or 1) of a group, as a sub-query: what the comm server counts as membership. */
export function membersOf(k: Knex, groupId: number): Knex.QueryBuilder {
  return k.from('groups_cache').select('HARDWARE_ID').where('GROUP_ID', groupId).whereIn('STATIC', [0, 1]);
}

export async function definitionSql(k: Knex, scope: Scope, def: DynamicDefinition): Promise<string> {
  const s = await getSchemaInfo(k);
  const q = k.from({ h: 'hardware' }).distinct('h.ID');
  // No resolved ids: every software criterion keeps its dictionary sub-query, evaluated at recompute.
  applyFilter(k, q, s, def.filter);
  if (def.parentId) q.whereIn('h.ID', membersOf(k, def.parentId));
  for (const m of def.memberOf) {
    if (m.negate) q.whereNotIn('h.ID', membersOf(k, m.groupId));
    else q.whereIn('h.ID', membersOf(k, m.groupId));
  }
  // A TAG-restricted operator's group holds only computers of its perimeter, for the server too.
  if (scope.tags !== null) scoped(k, q, 'h.ID', scope);
  q.whereRaw('1 = 1').whereRaw(SERVER_IDIOM);
  const sql = q.toString();
  const why = unstorableReason(sql);
  if (why)
    throw refuse(
      'definition.filter',
      `this search cannot be stored as a group the comm server evaluates: ${why}`,
    );
  return sql;
}

/** Refuses a statement MariaDB would not run (checked with EXPLAIN, which does not execute it). */
export async function checkRuns(k: Knex, sql: string): Promise<void> {
  try {
    await k.raw(`EXPLAIN ${sql}`);
  } catch (e) {
    const msg = (e as { sqlMessage?: string }).sqlMessage ?? (e as Error).message;
    throw refuse('definition.filter', `the database refuses this search as a group query (${msg})`);
  }
}
