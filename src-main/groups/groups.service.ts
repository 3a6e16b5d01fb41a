import type { Knex } from 'knex';
import type {
  CompareResult,
  DynamicDefinition,
  GroupCreate,
  GroupDetail,
  GroupMember,
  GroupSummary,
  MemberState,
  MemberTarget,
  Preview,
} from '../../shared/contract/groups';
import { csvLine } from '../computers/csv-export';
import { AppError } from '../platform/errors';
import { configInt } from '../platform/ocs/config';
import { tableExists } from '../platform/ocs/schema-facts';
import { idsInScope, invalidateGroupIds, isUnrestricted, scoped, type Scope } from '../platform/ocs/scope';
import { checkRuns, definitionSql } from './definition-sql';
import { withGroupLock } from './group-lock';
import {
  computerRows,
  countsByGroup,
  DEF_TABLE,
  deleteGroupRows,
  ensureDefTable,
  groupRows,
  MEMBER_COLUMNS,
  memberQuery,
  memberRow,
  parseFilter,
  readDefs,
  SYSTEM_GROUP,
  VISIBLE_TO_ALL,
  type GroupRow,
} from './groups.repo';
import { decodeXmldef, encodeXmldef } from './xmldef';

/**
 * Groups as ocsreports and the comm server keep them (docs/groups.md). `admin` is the caller's
 * `manageGroups` right (ocsreports' GROUPS=YES): without it only groups visible to all exist, and
 * membership edits are limited to visible static groups, as in ocsreports.
 */
export interface Caller {
  scope: Scope;
  admin: boolean;
}

function invalid(field: string, detail: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, detail }, { fields: [{ path: field, message: detail }] });
}

const notFound = (id: number) => new AppError('NOT_FOUND', { what: `group ${id}`, id });

function isBlank(v: string | null | undefined): boolean {
  return v === null || v === undefined || v.trim() === '' || v.trim() === 'NULL';
}

export function kindOf(r: Pick<GroupRow, 'REQUEST' | 'XMLDEF'>): 'static' | 'dynamic' {
  return isBlank(r.REQUEST) && isBlank(r.XMLDEF) ? 'static' : 'dynamic';
}

/** The statements the comm server runs for a group, in its order (legacy REQUEST first). */
export function queriesOf(r: Pick<GroupRow, 'REQUEST' | 'XMLDEF'>): string[] {
  if (!isBlank(r.REQUEST)) return [r.REQUEST!];
  return decodeXmldef(r.XMLDEF) ?? [];
}

function iso(v: Date | string | null): string | null {
  if (!v) return null;
  const d = v instanceof Date ? v : new Date(String(v).replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const unix = (s: number | null | undefined) => (s && s > 0 ? new Date(s * 1000).toISOString() : null);

function summary(
  r: GroupRow,
  c: { members: number; excluded: number } | undefined,
  parentId: number | null,
  revalidate: number,
): GroupSummary {
  const kind = kindOf(r);
  const qs = queriesOf(r);
  return {
    id: Number(r.ID),
    name: r.NAME ?? '',
    description: r.DESCRIPTION ?? '',
    kind,
    visible: r.WORKGROUP === VISIBLE_TO_ALL,
    members: c?.members ?? 0,
    excluded: c?.excluded ?? 0,
    createdAt: iso(r.LASTDATE),
    computedAt: kind === 'dynamic' ? unix(r.CREATE_TIME) : null,
    staleAfter: kind === 'dynamic' ? (unix((r.REVALIDATE_FROM ?? 0) + revalidate) ?? unix(1)) : null,
    legacy: kind === 'dynamic' && (!isBlank(r.REQUEST) || qs.length > 1),
    parentId,
  };
}

export async function listGroups(k: Knex, c: Caller): Promise<GroupSummary[]> {
  const rows = (await groupRows(k, c.admin)) as GroupRow[];
  const [counts, defs, revalidate] = await Promise.all([
    countsByGroup(k, c.scope),
    readDefs(k),
    configInt(k, 'GROUPS_CACHE_REVALIDATE'),
  ]);
  return rows.map((r) =>
    summary(r, counts.get(Number(r.ID)), defs.get(Number(r.ID))?.PARENT_ID ?? null, revalidate),
  );
}

/** The group row if the caller may see it; NOT_FOUND otherwise (a hidden group does not exist for a User). */
export async function groupRow(k: Knex, c: Caller, id: number): Promise<GroupRow> {
  const r = (await groupRows(k, c.admin, id).first()) as GroupRow | undefined;
  if (!r) throw notFound(id);
  return r;
}

/**
 * The group row for a change that acts on the whole group (definition, delete, recompute, its packages
 * and settings): the comm server applies those to every member, so a TAG-restricted operator may make
 * them only when no member is outside its perimeter, now (any state) or after a recompute of the
 * definition. Membership edits of single computers go through `idsInScope` instead.
 */
export async function groupForChange(k: Knex, c: Caller, id: number): Promise<GroupRow> {
  const r = await groupRow(k, c, id);
  if (isUnrestricted(c.scope)) return r;
  const rows = (await k('groups_cache').distinct('HARDWARE_ID').where('GROUP_ID', id)) as Array<{
    HARDWARE_ID: number;
  }>;
  const ids = new Set(rows.map((x) => Number(x.HARDWARE_ID)));
  if (kindOf(r) === 'dynamic') {
    const { evaluate } = await import('./recompute');
    const legacy = !isBlank(r.REQUEST);
    for (const h of await evaluate(k, queriesOf(r), legacy, id)) ids.add(h);
  }
  const inside = new Set(await idsInScope(k, c.scope, [...ids]));
  const outside = [...ids].filter((h) => !inside.has(h)).length;
  if (outside) throw new AppError('OUTSIDE_PERIMETER', { count: outside, what: `group ${r.NAME ?? id}` });
  return r;
}

async function summaryOf(k: Knex, c: Caller, id: number): Promise<GroupSummary> {
  const r = await groupRow(k, c, id);
  const [counts, defs, revalidate] = await Promise.all([
    countsByGroup(k, c.scope, [id]),
    readDefs(k, [id]),
    configInt(k, 'GROUPS_CACHE_REVALIDATE'),
  ]);
  return summary(r, counts.get(id), defs.get(id)?.PARENT_ID ?? null, revalidate);
}

export async function groupDetail(k: Knex, c: Caller, id: number): Promise<GroupDetail> {
  const r = await groupRow(k, c, id);
  const s = await summaryOf(k, c, id);
  const def = (await readDefs(k, [id])).get(id);
  const devices = (await k('devices')
    .select('NAME', 'IVALUE', 'TVALUE')
    .where('HARDWARE_ID', id)
    .whereNotIn('NAME', ['DOWNLOAD', 'DOWNLOAD_FORCE', 'DOWNLOAD_SCHEDULE', 'DOWNLOAD_POSTCMD'])
    .orderBy('NAME')) as Array<{ NAME: string; IVALUE: number | null; TVALUE: string | null }>;
  const packages = (await k
    .from({ d: 'devices' })
    .join({ e: 'download_enable' }, 'e.ID', 'd.IVALUE')
    .leftJoin({ a: 'download_available' }, 'a.FILEID', 'e.FILEID')
    .select('e.ID', 'e.FILEID', 'a.NAME')
    .where({ 'd.HARDWARE_ID': id, 'd.NAME': 'DOWNLOAD' })) as Array<{
    ID: number;
    FILEID: string;
    NAME: string | null;
  }>;
  return {
    ...s,
    queries: queriesOf(r),
    filter: parseFilter(def?.FILTER),
    settings: devices.map((d) => ({
      name: d.NAME,
      ivalue: d.IVALUE === null ? null : Number(d.IVALUE),
      tvalue: d.TVALUE,
    })),
    packages: packages.map((p) => ({
      enableId: Number(p.ID),
      fileId: String(p.FILEID),
      name: p.NAME ?? '',
      members: s.members,
    })),
  };
}

export async function listMembers(
  k: Knex,
  c: Caller,
  input: { id: number; offset: number; limit: number; states: MemberState[]; quick?: string },
): Promise<{ rows: GroupMember[]; total: number }> {
  await groupRow(k, c, input.id);
  const base = memberQuery(k, c.scope, input.id, input.states, input.quick);
  const [rows, total] = await Promise.all([
    base
      .clone()
      .select(MEMBER_COLUMNS)
      .orderBy('h.NAME')
      .orderBy('h.ID')
      .offset(input.offset)
      .limit(input.limit),
    base.clone().count({ n: '*' }).first(),
  ]);
  return {
    rows: (rows as Array<Record<string, unknown>>).map(memberRow),
    total: Number((total as { n: number } | undefined)?.n ?? 0),
  };
}

/** Checks the parent and "member of" groups exist for the caller and do not lead back to `self`. */
async function checkReferences(k: Knex, c: Caller, def: DynamicDefinition, self?: number): Promise<void> {
  const refs = [...(def.parentId ? [def.parentId] : []), ...def.memberOf.map((m) => m.groupId)];
  for (const [i, gid] of refs.entries()) {
    const field =
      def.parentId && i === 0 ? 'definition.parentId' : `definition.memberOf.${i - (def.parentId ? 1 : 0)}`;
    if (gid === self) throw invalid(field, 'a group cannot be defined on itself');
    const r = (await groupRows(k, c.admin, gid).first()) as GroupRow | undefined;
    if (!r)
      throw invalid(field, `group ${gid} does not exist (or is not visible to you): pick another group`);
  }
  if (self && def.parentId) {
    // Walk up the drill-down chain: a loop would make each group wait for the other.
    const defs = await readDefs(k);
    const seen = new Set<number>([self]);
    for (let p: number | null = def.parentId; p; p = defs.get(p)?.PARENT_ID ?? null) {
      if (seen.has(p))
        throw invalid(
          'definition.parentId',
          'this parent is already below this group: choose another parent',
        );
      seen.add(p);
    }
  }
}

export async function preview(
  k: Knex,
  c: Caller,
  def: DynamicDefinition & { limit: number },
): Promise<Preview> {
  await checkReferences(k, c, def);
  const sql = await definitionSql(k, c.scope, def);
  await checkRuns(k, sql);
  const ids = k.from(k.raw(`(${sql}) AS gq`)).select('gq.ID');
  const [countRow, sample] = await Promise.all([
    scoped(k, k.from(k.raw(`(${sql}) AS gq`)), 'gq.ID', c.scope)
      .count({ n: '*' })
      .first(),
    def.limit
      ? computerRows(k, c.scope, ids).orderBy('h.NAME').orderBy('h.ID').limit(def.limit)
      : Promise.resolve([]),
  ]);
  return {
    count: Number((countRow as { n: number } | undefined)?.n ?? 0),
    sample: (sample as Array<Record<string, unknown>>).map((r) => memberRow({ ...r, STATIC: 0 })),
    sql,
  };
}

/** Computers of a target inside the scope, and the names that matched none. */
async function resolveTarget(
  k: Knex,
  scope: Scope,
  t: MemberTarget,
  filterIds: (sel: Extract<MemberTarget, { kind: 'filter' }>) => Promise<number[]>,
): Promise<{ ids: number[]; unknown: string[] }> {
  if (t.kind === 'ids') return { ids: await idsInScope(k, scope, t.ids), unknown: [] };
  if (t.kind === 'filter') return { ids: await filterIds(t), unknown: [] };
  const names = [...new Set(t.names)];
  const found = new Map<string, number[]>();
  for (let i = 0; i < names.length; i += 1000) {
    const q = k
      .from({ h: 'hardware' })
      .select('h.ID', 'h.NAME')
      .whereIn('h.NAME', names.slice(i, i + 1000));
    scoped(k, q, 'h.ID', scope);
    for (const r of (await q) as Array<{ ID: number; NAME: string }>) {
      const key = r.NAME.toLowerCase();
      found.set(key, [...(found.get(key) ?? []), Number(r.ID)]);
    }
  }
  return {
    ids: [...new Set([...found.values()].flat())].sort((a, b) => a - b),
    unknown: names.filter((n) => !found.has(n.toLowerCase())),
  };
}

async function nameTaken(k: Knex, name: string, except?: number): Promise<boolean> {
  const q = k('hardware').where({ DEVICEID: SYSTEM_GROUP }).andWhere('NAME', name).first('ID');
  if (except) q.whereNot('ID', except);
  return !!(await q);
}

/** Inserts STATIC=1 rows; a computer that already has a row in the group keeps its state (as ocsreports' INSERT IGNORE). */
async function includeRows(trx: Knex.Transaction, gid: number, ids: number[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const have = new Set(
      (
        (await trx('groups_cache')
          .select('HARDWARE_ID')
          .where('GROUP_ID', gid)
          .whereIn('HARDWARE_ID', chunk)
          .forUpdate()) as Array<{ HARDWARE_ID: number }>
      ).map((r) => Number(r.HARDWARE_ID)),
    );
    const missing = chunk.filter((id) => !have.has(id));
    if (missing.length)
      await trx('groups_cache')
        .insert(missing.map((id) => ({ HARDWARE_ID: id, GROUP_ID: gid, STATIC: 1 })))
        .onConflict()
        .ignore();
    added += missing.length;
  }
  return added;
}

export async function createGroup(
  k: Knex,
  c: Caller,
  input: GroupCreate,
  filterIds: (sel: Extract<MemberTarget, { kind: 'filter' }>) => Promise<number[]>,
): Promise<GroupSummary> {
  if (await nameTaken(k, input.name))
    throw invalid('name', `a group named "${input.name}" already exists: choose another name`);
  let xml = '';
  let sql: string | null = null;
  if (input.kind === 'dynamic') {
    await checkReferences(k, c, input.definition);
    sql = await definitionSql(k, c.scope, input.definition);
    await checkRuns(k, sql);
    await ensureDefTable(k);
    xml = encodeXmldef(sql);
  }
  const members =
    input.kind === 'static' && input.members
      ? await resolveTarget(k, c.scope, input.members, filterIds)
      : null;
  if (members?.unknown.length)
    throw invalid('members', `no computer named ${members.unknown.slice(0, 5).join(', ')}: correct the list`);
  const id = await k.transaction(async (trx) => {
    const [gid] = (await trx('hardware').insert({
      DEVICEID: SYSTEM_GROUP,
      NAME: input.name,
      DESCRIPTION: input.description,
      LASTDATE: trx.fn.now(),
      WORKGROUP: input.visible ? VISIBLE_TO_ALL : '',
    })) as number[];
    await trx('groups').insert({
      HARDWARE_ID: gid,
      REQUEST: null,
      XMLDEF: xml,
      CREATE_TIME: trx.raw('UNIX_TIMESTAMP()'),
      // 0 = stale: the comm server recomputes a new dynamic group at the next agent contact.
      REVALIDATE_FROM: 0,
    });
    if (input.kind === 'dynamic') {
      await trx(DEF_TABLE).insert({
        HARDWARE_ID: gid,
        PARENT_ID: input.definition.parentId,
        FILTER: JSON.stringify({ ...input.definition.filter, memberOf: input.definition.memberOf }),
      });
      // The search result now, as STATIC=0 rows (what ocsreports stores at creation).
      await trx.raw(
        `INSERT IGNORE INTO groups_cache (HARDWARE_ID, GROUP_ID, STATIC) SELECT gq.ID, ?, 0 FROM (${sql}) AS gq`,
        [Number(gid)],
      );
    } else if (members?.ids.length) await includeRows(trx, gid!, members.ids);
    return Number(gid);
  });
  invalidateGroupIds(k);
  return summaryOf(k, c, id);
}

export async function updateGroup(
  k: Knex,
  c: Caller,
  input: {
    id: number;
    name?: string;
    description?: string;
    visible?: boolean;
    definition?: DynamicDefinition;
  },
): Promise<GroupSummary> {
  const r = await groupForChange(k, c, input.id);
  if (input.name !== undefined && (await nameTaken(k, input.name, input.id)))
    throw invalid('name', `a group named "${input.name}" already exists: choose another name`);
  let xml: string | null = null;
  if (input.definition) {
    if (kindOf(r) !== 'dynamic')
      throw invalid('definition', 'a static group has no search: create a dynamic group instead');
    await checkReferences(k, c, input.definition, input.id);
    const sql = await definitionSql(k, c.scope, input.definition);
    await checkRuns(k, sql);
    await ensureDefTable(k);
    xml = encodeXmldef(sql);
  }
  await k.transaction(async (trx) => {
    const hw: Record<string, unknown> = {};
    if (input.name !== undefined) hw.NAME = input.name;
    if (input.description !== undefined) hw.DESCRIPTION = input.description;
    if (input.visible !== undefined) hw.WORKGROUP = input.visible ? VISIBLE_TO_ALL : '';
    if (Object.keys(hw).length)
      await trx('hardware').where({ ID: input.id, DEVICEID: SYSTEM_GROUP }).update(hw);
    if (xml !== null && input.definition) {
      // A legacy REQUEST would win over XMLDEF: clear it (ocsreports' replace_group does the same);
      // REVALIDATE_FROM=0 makes the server apply the new query at the next agent contact.
      await trx('groups')
        .where('HARDWARE_ID', input.id)
        .update({ REQUEST: '', XMLDEF: xml, REVALIDATE_FROM: 0 });
      await trx.raw(
        `INSERT INTO \`${DEF_TABLE}\` (HARDWARE_ID, PARENT_ID, FILTER) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE PARENT_ID = VALUES(PARENT_ID), FILTER = VALUES(FILTER)`,
        [
          input.id,
          input.definition.parentId,
          JSON.stringify({ ...input.definition.filter, memberOf: input.definition.memberOf }),
        ],
      );
    }
  });
  return summaryOf(k, c, input.id);
}

/** Groups whose definition reads this one (drill-down children, "member of" criteria). */
async function dependents(k: Knex, id: number): Promise<string[]> {
  const rows = (await k
    .from({ g: 'groups' })
    .join({ h: 'hardware' }, 'h.ID', 'g.HARDWARE_ID')
    .select('h.NAME', 'g.XMLDEF', 'g.REQUEST')
    .whereNot('g.HARDWARE_ID', id)
    .andWhere((w) =>
      w.where('g.XMLDEF', 'like', '%GROUP_ID%').orWhere('g.REQUEST', 'like', '%GROUP_ID%'),
    )) as Array<{
    NAME: string;
    XMLDEF: string | null;
    REQUEST: string | null;
  }>;
  const re = new RegExp(`GROUP_ID\`?\\s*=\\s*'?${id}'?(?!\\d)`, 'i');
  return rows.filter((r) => queriesOf(r).some((q) => re.test(q))).map((r) => r.NAME);
}

export async function deleteGroup(
  k: Knex,
  c: Caller,
  id: number,
): Promise<{ members: number; settings: number }> {
  await groupForChange(k, c, id);
  const users = await dependents(k, id);
  if (users.length)
    throw new AppError('CONFLICT', {
      detail: `Group ${id} is used by the definition of ${users.slice(0, 5).join(', ')}: change or delete those groups first.`,
    });
  const tables = ['download_servers', 'download_enable', 'reports_notifications', 'deleted_equiv', DEF_TABLE];
  const present = new Set<string>();
  for (const t of tables) if (await tableExists(k, t)) present.add(t);
  const trace = (await configInt(k, 'TRACE_DELETED')) > 0;
  const out = await withGroupLock(k, id, () =>
    k.transaction((trx) => deleteGroupRows(trx, id, (t) => present.has(t), trace)),
  );
  invalidateGroupIds(k);
  return out;
}

/** Membership edits by a non-administrator: only on static groups visible to all (ocsreports' rule). */
function checkEditable(c: Caller, r: GroupRow): void {
  if (c.admin) return;
  if (kindOf(r) !== 'static' || r.WORKGROUP !== VISIBLE_TO_ALL)
    throw new AppError('FORBIDDEN', {
      right: 'manageGroups',
      route: 'groups.members',
      reason: 'dynamic-or-hidden',
    });
}

export async function addMembers(
  k: Knex,
  c: Caller,
  id: number,
  target: MemberTarget,
  filterIds: (sel: Extract<MemberTarget, { kind: 'filter' }>) => Promise<number[]>,
): Promise<{ added: number; already: number; unknown: string[] }> {
  checkEditable(c, await groupRow(k, c, id));
  const { ids, unknown } = await resolveTarget(k, c.scope, target, filterIds);
  if (!ids.length) return { added: 0, already: 0, unknown };
  const added = await withGroupLock(k, id, () => k.transaction((trx) => includeRows(trx, id, ids)));
  return { added, already: ids.length - added, unknown };
}

export async function removeMembers(
  k: Knex,
  c: Caller,
  id: number,
  target: MemberTarget,
  filterIds: (sel: Extract<MemberTarget, { kind: 'filter' }>) => Promise<number[]>,
): Promise<{ removed: number }> {
  checkEditable(c, await groupRow(k, c, id));
  const { ids } = await resolveTarget(k, c.scope, target, filterIds);
  if (!ids.length) return { removed: 0 };
  const removed = await withGroupLock(k, id, () =>
    k.transaction(async (trx) => {
      let n = 0;
      for (let i = 0; i < ids.length; i += 1000)
        n += Number(
          await trx('groups_cache')
            .where('GROUP_ID', id)
            .whereIn('HARDWARE_ID', ids.slice(i, i + 1000))
            .delete(),
        );
      return n;
    }),
  );
  return { removed };
}

/** Exclude (2), include statically (1) or reset (drop the static row) computers of a dynamic group. */
export async function setMemberState(
  k: Knex,
  c: Caller,
  id: number,
  rawIds: number[],
  state: 'excluded' | 'included' | 'reset',
): Promise<{ changed: number }> {
  const r = await groupRow(k, c, id);
  if (kindOf(r) !== 'dynamic')
    throw invalid(
      'state',
      'only a dynamic group has excluded or statically included computers: remove the computer instead',
    );
  const ids = await idsInScope(k, c.scope, rawIds);
  if (!ids.length) return { changed: 0 };
  const changed = await withGroupLock(k, id, () =>
    k.transaction(async (trx) => {
      let n = 0;
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000);
        if (state === 'reset') {
          n += Number(
            await trx('groups_cache')
              .where('GROUP_ID', id)
              .whereIn('HARDWARE_ID', chunk)
              .whereNot('STATIC', 0)
              .delete(),
          );
          continue;
        }
        // Delete then insert: the primary key is (computer, group), one state per computer.
        await trx('groups_cache').where('GROUP_ID', id).whereIn('HARDWARE_ID', chunk).delete();
        await trx('groups_cache').insert(
          chunk.map((h) => ({ HARDWARE_ID: h, GROUP_ID: id, STATIC: state === 'excluded' ? 2 : 1 })),
        );
        n += chunk.length;
      }
      return n;
    }),
  );
  return { changed };
}

export async function compareGroups(
  k: Knex,
  c: Caller,
  a: number,
  b: number,
  limit: number,
): Promise<CompareResult> {
  await groupRow(k, c, a);
  await groupRow(k, c, b);
  const per = k
    .from({ gc: 'groups_cache' })
    .select('gc.HARDWARE_ID')
    .select(k.raw('MAX(gc.GROUP_ID = ?) AS ina', [a]), k.raw('MAX(gc.GROUP_ID = ?) AS inb', [b]))
    .whereIn('gc.GROUP_ID', [a, b])
    .whereIn('gc.STATIC', [0, 1])
    .groupBy('gc.HARDWARE_ID');
  scoped(k, per, 'gc.HARDWARE_ID', c.scope);
  const counts = (await k
    .from(per.as('p'))
    .select(
      k.raw('COALESCE(SUM(ina = 1 AND inb = 0), 0) AS onlyA'),
      k.raw('COALESCE(SUM(ina = 0 AND inb = 1), 0) AS onlyB'),
      k.raw('COALESCE(SUM(ina = 1 AND inb = 1), 0) AS inBoth'),
    )
    .first()) as { onlyA: string | number; onlyB: string | number; inBoth: string | number };
  const part = async (ina: 0 | 1, inb: 0 | 1): Promise<GroupMember[]> => {
    if (!limit) return [];
    const ids = k.from(per.clone().as('p')).select('p.HARDWARE_ID').where({ 'p.ina': ina, 'p.inb': inb });
    const rows = (await computerRows(k, c.scope, ids)
      .orderBy('h.NAME')
      .orderBy('h.ID')
      .limit(limit)) as Array<Record<string, unknown>>;
    return rows.map((r) => memberRow({ ...r, STATIC: 0 }));
  };
  const [onlyA, onlyB, both] = await Promise.all([part(1, 0), part(0, 1), part(1, 1)]);
  return {
    onlyA: Number(counts.onlyA),
    onlyB: Number(counts.onlyB),
    both: Number(counts.inBoth),
    rows: { onlyA, onlyB, both },
  };
}

/** Most rows a CSV export returns at once (the group's members inside the perimeter). */
export const CSV_MAX = 200_000;

export async function exportMembersCsv(
  k: Knex,
  c: Caller,
  id: number,
  states: MemberState[],
): Promise<{ csv: string; rows: number }> {
  await groupRow(k, c, id);
  const rows = (await memberQuery(k, c.scope, id, states)
    .select(MEMBER_COLUMNS)
    .orderBy('h.NAME')
    .orderBy('h.ID')
    .limit(CSV_MAX + 1)) as Array<Record<string, unknown>>;
  if (rows.length > CSV_MAX) throw new AppError('RANGE_TOO_LARGE', { max: CSV_MAX, what: 'group members' });
  const lines = [csvLine(['ID', 'Name', 'User', 'OS', 'TAG', 'Last inventory', 'State'], ',')];
  for (const r of rows.map(memberRow))
    lines.push(csvLine([r.id, r.name, r.userId, r.os, r.tag, r.lastDate, r.state], ','));
  return { csv: '\uFEFF' + lines.join(''), rows: rows.length };
}

export async function groupsOfComputer(
  k: Knex,
  c: Caller,
  computerId: number,
): Promise<Array<{ id: number; name: string; kind: 'static' | 'dynamic'; state: MemberState }>> {
  if (!(await idsInScope(k, c.scope, [computerId])).length)
    throw new AppError('NOT_FOUND', { what: 'computer', id: computerId });
  const q = groupRows(k, c.admin)
    .clearSelect()
    .clearOrder()
    .join({ gc: 'groups_cache' }, 'gc.GROUP_ID', 'h.ID')
    .select('h.ID', 'h.NAME', 'g.REQUEST', 'g.XMLDEF', 'gc.STATIC')
    .where('gc.HARDWARE_ID', computerId)
    .orderBy('h.NAME');
  const rows = (await q) as Array<GroupRow & { STATIC: number }>;
  return rows.map((r) => ({
    id: Number(r.ID),
    name: r.NAME ?? '',
    kind: kindOf(r),
    state: (['dynamic', 'included', 'excluded'] as const)[Number(r.STATIC)] ?? 'dynamic',
  }));
}

export async function refreshGroup(
  k: Knex,
  read: Knex,
  c: Caller,
  id: number,
): Promise<import('../../shared/contract/groups').RefreshResult> {
  const r = await groupForChange(k, c, id);
  if (kindOf(r) !== 'dynamic')
    throw invalid('id', 'a static group has nothing to recompute: its members are the ones you added');
  const { recompute } = await import('./recompute');
  return recompute(k, read, r, queriesOf(r));
}
