import type { Knex } from 'knex';
import type { RefreshResult } from '../../shared/contract/groups';
import { AppError } from '../platform/errors';
import { configInt } from '../platform/ocs/config';
import { withGroupLock } from './group-lock';
import type { GroupRow } from './groups.repo';

/**
 * "Refresh now": the comm server's `_build_group_cache` done from OCS Desk, with the same end state
 * (Groups.pm, 2.8.1): under the group's `locks` row, run the statements (legacy REQUEST alone, else
 * each XMLDEF REQUEST, every next one narrowed with ` AND ID IN (…)` / ` AND HARDWARE_ID IN (…)`),
 * drop ids that are group rows unless the statement carries the server's idiom, replace the STATIC=0
 * rows (rows in state 1 or 2 stay: the insert of those ids is ignored), then CREATE_TIME=now and
 * REVALIDATE_FROM=now+random(GROUPS_CACHE_OFFSET).
 *
 * One difference, on purpose: a statement the database refuses leaves the cache untouched and is
 * reported, where the server would empty the group.
 */

const IDIOM = /and\s+deviceid(\s+)?<>(\s+)?'_SYSTEMGROUP_'\s+and\s+deviceid(\s+)?<>(\s+)?'_DOWNLOADGROUP_'/i;

function firstColumn(rows: Array<Record<string, unknown>>): number[] {
  return rows.map((r) => Number(Object.values(r)[0])).filter((n) => Number.isInteger(n) && n > 0);
}

async function run(read: Knex, sql: string, groupId: number): Promise<number[]> {
  try {
    const [rows] = (await read.raw(sql)) as [Array<Record<string, unknown>>];
    return firstColumn(rows);
  } catch (e) {
    const msg = (e as { sqlMessage?: string }).sqlMessage ?? (e as Error).message;
    throw new AppError('CONFLICT', {
      detail: `The definition of group ${groupId} fails in the database (${msg}); its members were left unchanged. Edit the group's search.`,
    });
  }
}

async function dropGroupIds(read: Knex, sql: string, ids: number[]): Promise<number[]> {
  if (IDIOM.test(sql) || !ids.length) return ids;
  const keep = new Set<number>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = (await read('hardware')
      .select('ID')
      .whereIn('ID', ids.slice(i, i + 5000))
      .whereNotIn('DEVICEID', ['_SYSTEMGROUP_', '_DOWNLOADGROUP_'])) as Array<{ ID: number }>;
    for (const r of rows) keep.add(Number(r.ID));
  }
  return ids.filter((id) => keep.has(id));
}

/** The ids the server's recompute yields for these statements (legacy REQUEST or XMLDEF REQUESTs). */
export async function evaluate(
  read: Knex,
  queries: string[],
  legacyRequest: boolean,
  groupId: number,
): Promise<number[]> {
  if (legacyRequest) return dropGroupIds(read, queries[0]!, await run(read, queries[0]!, groupId));
  let ids: number[] = [];
  for (const [i, q] of queries.entries()) {
    let sql = q;
    if (i > 0) {
      if (!ids.length) return [];
      const field = /^select\s+(distinct\s+)?ID/i.test(sql) ? 'ID' : 'HARDWARE_ID';
      sql = `${sql} AND ${field} IN (${ids.map((n) => `'${n}'`).join(',')})`;
    }
    ids = await dropGroupIds(read, sql, await run(read, sql, groupId));
  }
  return [...new Set(ids)];
}

export async function recompute(k: Knex, read: Knex, r: GroupRow, queries: string[]): Promise<RefreshResult> {
  const id = Number(r.ID);
  const legacy = !!r.REQUEST && r.REQUEST.trim() !== '' && r.REQUEST !== 'NULL';
  const offset = await configInt(k, 'GROUPS_CACHE_OFFSET');
  return withGroupLock(k, id, async () => {
    const ids = await evaluate(read, queries, legacy, id);
    return k.transaction(async (trx) => {
      const before = (await trx('groups_cache')
        .select('HARDWARE_ID')
        .where({ GROUP_ID: id, STATIC: 0 })) as Array<{ HARDWARE_ID: number }>;
      await trx('groups_cache').where({ GROUP_ID: id, STATIC: 0 }).delete();
      for (let i = 0; i < ids.length; i += 1000)
        await trx('groups_cache')
          .insert(ids.slice(i, i + 1000).map((h) => ({ GROUP_ID: id, HARDWARE_ID: h, STATIC: 0 })))
          .onConflict()
          .ignore();
      await trx('groups')
        .where('HARDWARE_ID', id)
        .update({
          CREATE_TIME: trx.raw('UNIX_TIMESTAMP()'),
          REVALIDATE_FROM: trx.raw('UNIX_TIMESTAMP() + ?', [Math.floor(Math.random() * Math.max(offset, 0))]),
        });
      const after = (await trx('groups_cache')
        .select('HARDWARE_ID', 'STATIC')
        .where('GROUP_ID', id)) as Array<{ HARDWARE_ID: number; STATIC: number }>;
      const prev = new Set(before.map((b) => Number(b.HARDWARE_ID)));
      const now = new Set(after.filter((a) => Number(a.STATIC) === 0).map((a) => Number(a.HARDWARE_ID)));
      const t = (await trx('groups').select('CREATE_TIME').where('HARDWARE_ID', id).first()) as {
        CREATE_TIME: number;
      };
      return {
        members: after.filter((a) => Number(a.STATIC) !== 2).length,
        added: [...now].filter((h) => !prev.has(h)).length,
        removed: [...prev].filter((h) => !now.has(h)).length,
        computedAt: new Date(Number(t.CREATE_TIME) * 1000).toISOString(),
      };
    });
  });
}
