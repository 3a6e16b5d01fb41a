import type { Knex } from 'knex';
import { deleteGroupHardwareRow } from '../platform/ocs/comm-procedures';
import type { ComputerFilter } from '../../shared/contract/computers';
import type { GroupMember, MemberState } from '../../shared/contract/groups';
import { deleteConfigPrefix } from '../platform/ocs/config';
import { tableExists } from '../platform/ocs/schema-facts';
import { scoped, type Scope } from '../platform/ocs/scope';

/**
 * SQL of the groups capability, on the OCS tables exactly as ocsreports 2.11 and the comm server 2.8.1
 * write them (docs/groups.md), plus one OCS Desk table, `ocsdesk_group_def`, holding the search a
 * dynamic group was made from and its drill-down parent (the XMLDEF holds SQL only).
 */

type QB = Knex.QueryBuilder;

export const SYSTEM_GROUP = '_SYSTEMGROUP_';
export const VISIBLE_TO_ALL = 'GROUP_4_ALL';
export const DEF_TABLE = 'ocsdesk_group_def';

export const STATE_OF: Record<number, MemberState> = { 0: 'dynamic', 1: 'included', 2: 'excluded' };
export const STATIC_OF: Record<MemberState, number> = { dynamic: 0, included: 1, excluded: 2 };

export interface GroupRow {
  ID: number;
  NAME: string | null;
  DESCRIPTION: string | null;
  WORKGROUP: string | null;
  LASTDATE: Date | string | null;
  REQUEST: string | null;
  XMLDEF: string | null;
  CREATE_TIME: number | null;
  REVALIDATE_FROM: number | null;
}

export interface DefRow {
  HARDWARE_ID: number;
  PARENT_ID: number | null;
  FILTER: string | null;
}

/** Creates the OCS Desk definition table on first use (DDL: never inside a transaction). */
export async function ensureDefTable(k: Knex): Promise<void> {
  if (await tableExists(k, DEF_TABLE)) return;
  await k.raw(
    `CREATE TABLE IF NOT EXISTS \`${DEF_TABLE}\` (
      HARDWARE_ID INT NOT NULL PRIMARY KEY,
      PARENT_ID INT NULL,
      FILTER LONGTEXT NULL,
      KEY PARENT_ID (PARENT_ID)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8`,
  );
}

export async function readDefs(k: Knex, ids?: number[]): Promise<Map<number, DefRow>> {
  if (!(await tableExists(k, DEF_TABLE))) return new Map();
  const q = k(DEF_TABLE).select('HARDWARE_ID', 'PARENT_ID', 'FILTER');
  if (ids) q.whereIn('HARDWARE_ID', ids);
  const rows = (await q) as DefRow[];
  return new Map(rows.map((r) => [Number(r.HARDWARE_ID), r]));
}

export function parseFilter(raw: string | null | undefined): ComputerFilter | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as ComputerFilter;
  } catch {
    return null;
  }
}

/** Group rows (hardware + groups), only visible ones unless `all`. */
export function groupRows(k: Knex, all: boolean, id?: number): QB {
  const q = k
    .from({ h: 'hardware' })
    .join({ g: 'groups' }, 'g.HARDWARE_ID', 'h.ID')
    .select(
      'h.ID',
      'h.NAME',
      'h.DESCRIPTION',
      'h.WORKGROUP',
      'h.LASTDATE',
      'g.REQUEST',
      'g.XMLDEF',
      'g.CREATE_TIME',
      'g.REVALIDATE_FROM',
    )
    .where('h.DEVICEID', SYSTEM_GROUP);
  if (!all) q.where('h.WORKGROUP', VISIBLE_TO_ALL);
  if (id !== undefined) q.where('h.ID', id);
  return q.orderBy('h.NAME').orderBy('h.ID');
}

/**
 * Members and exclusions per group inside the scope: one pass over groups_cache (no index on GROUP_ID
 * in the OCS schema, so one grouped scan beats one count per group). Grouping on (GROUP_ID, STATIC)
 * with a bare COUNT(*) and summing here is twice as fast as conditional SUMs (bench/groups).
 */
export async function countsByGroup(
  k: Knex,
  scope: Scope,
  groupIds?: number[],
): Promise<Map<number, { members: number; excluded: number }>> {
  const q = k
    .from({ gc: 'groups_cache' })
    .select('gc.GROUP_ID', 'gc.STATIC')
    .count({ n: '*' })
    .groupBy('gc.GROUP_ID', 'gc.STATIC')
    .orderByRaw('NULL');
  if (groupIds) q.whereIn('gc.GROUP_ID', groupIds);
  scoped(k, q, 'gc.HARDWARE_ID', scope);
  const rows = (await q) as Array<{ GROUP_ID: number; STATIC: number | null; n: number | string }>;
  const out = new Map<number, { members: number; excluded: number }>();
  for (const r of rows) {
    const c = out.get(Number(r.GROUP_ID)) ?? { members: 0, excluded: 0 };
    const st = Number(r.STATIC ?? 0);
    if (st === 0 || st === 1) c.members += Number(r.n);
    else if (st === 2) c.excluded += Number(r.n);
    out.set(Number(r.GROUP_ID), c);
  }
  return out;
}

function toIso(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(String(v).replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}

export function memberRow(r: Record<string, unknown>): GroupMember {
  return {
    id: Number(r.ID),
    name: (r.NAME as string | null) ?? null,
    userId: (r.USERID as string | null) ?? null,
    os: (r.OSNAME as string | null) ?? null,
    tag: (r.TAG as string | null) ?? null,
    lastDate: toIso(r.LASTDATE as Date | string | null),
    state: STATE_OF[Number(r.STATIC ?? 0)] ?? 'dynamic',
  };
}

/** groups_cache rows of a group joined to the computers, inside the scope. */
export function memberQuery(
  k: Knex,
  scope: Scope,
  groupId: number,
  states: MemberState[],
  quick?: string,
): QB {
  const q = k
    .from({ gc: 'groups_cache' })
    .join({ h: 'hardware' }, 'h.ID', 'gc.HARDWARE_ID')
    .leftJoin({ a: 'accountinfo' }, 'a.HARDWARE_ID', 'h.ID')
    .where('gc.GROUP_ID', groupId)
    .whereIn(
      'gc.STATIC',
      states.map((s) => STATIC_OF[s]),
    );
  scoped(k, q, 'gc.HARDWARE_ID', scope);
  if (quick?.trim()) q.where('h.NAME', 'like', `%${quick.trim().replace(/[\\%_]/g, (m) => '\\' + m)}%`);
  return q;
}

export const MEMBER_COLUMNS = ['h.ID', 'h.NAME', 'h.USERID', 'h.OSNAME', 'h.LASTDATE', 'a.TAG', 'gc.STATIC'];

/** Computer rows for the given ids (preview samples, compare parts), inside the scope. */
export function computerRows(k: Knex, scope: Scope, ids: QB | number[]): QB {
  const q = k
    .from({ h: 'hardware' })
    .leftJoin({ a: 'accountinfo' }, 'a.HARDWARE_ID', 'h.ID')
    .select('h.ID', 'h.NAME', 'h.USERID', 'h.OSNAME', 'h.LASTDATE', 'a.TAG')
    .whereIn('h.ID', ids);
  scoped(k, q, 'h.ID', scope);
  return q;
}

/** Deletes a group and every row that refers to it, as ocsreports' deleteDid does, plus our own row. */
export async function deleteGroupRows(
  trx: Knex.Transaction,
  id: number,
  has: (table: string) => boolean,
  trace: boolean,
): Promise<{ members: number; settings: number }> {
  await deleteConfigPrefix(trx, 'GUI_REPORT_MSG', id);
  await trx('groups').where('HARDWARE_ID', id).delete();
  const members = Number(await trx('groups_cache').where('GROUP_ID', id).delete());
  if (has('download_servers')) await trx('download_servers').where('GROUP_ID', id).delete();
  const settings = Number(await trx('devices').where('HARDWARE_ID', id).delete());
  if (has('download_enable')) await trx('download_enable').where('SERVER_ID', id).delete();
  if (has('reports_notifications')) await trx('reports_notifications').where('GROUP_ID', id).delete();
  if (has(DEF_TABLE)) await trx(DEF_TABLE).where('HARDWARE_ID', id).delete();
  await deleteGroupHardwareRow(trx, null, id, trace && has('deleted_equiv'));
  return { members, settings };
}
