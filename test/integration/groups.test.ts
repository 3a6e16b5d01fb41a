import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupMember } from '../../shared/contract/groups';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, operatorOf, testApp, USER, unchecked } from '../helpers/app';
import { appParams, createRealSchemaDb, dropDb, realSchemaAvailable } from '../helpers/db';

const run = promisify(execFile);
import { failure } from '../helpers/failure';
import { ocsreportsGroupPages } from '../helpers/ocsreports-groups';

const { call, callByName, session, connect } = testApp();

const WIN10 = { field: 'hardware.OSNAME', op: 'LIKE' as const, value: 'Windows 10' };

/** A few computers straight in the OCS tables (what the comm server writes for an inventory). */
async function seed(k: Knex): Promise<Record<string, number>> {
  const fleet: Array<[string, string, string]> = [
    ['pc-w10-a', 'Microsoft Windows 10 Pro', 'PARIS'],
    ['pc-w10-b', 'Microsoft Windows 10 Enterprise', 'LYON'],
    ['pc-w11-c', 'Microsoft Windows 11 Pro', 'PARIS'],
    ['srv-deb-d', 'Debian GNU/Linux 12', 'LYON'],
    ['pc-w10-e', 'Microsoft Windows 10 Pro', 'PARIS'],
  ];
  const ids: Record<string, number> = {};
  for (const [name, os, tag] of fleet) {
    const [id] = (await k('hardware').insert({
      DEVICEID: `${name}-2026-01-01-00-00-00`,
      NAME: name,
      OSNAME: os,
      USERID: 'u',
      LASTDATE: k.fn.now(),
    })) as number[];
    await k('accountinfo').insert({ HARDWARE_ID: id, TAG: tag });
    ids[name] = Number(id);
  }
  return ids;
}

const names = (rows: GroupMember[]) => rows.map((r) => r.name).sort();

async function rowsOf(k: Knex, gid: number): Promise<Array<[number, number]>> {
  const r = (await k('groups_cache')
    .select('HARDWARE_ID', 'STATIC')
    .where('GROUP_ID', gid)
    .orderBy('HARDWARE_ID')) as Array<{
    HARDWARE_ID: number;
    STATIC: number;
  }>;
  return r.map((x) => [Number(x.HARDWARE_ID), Number(x.STATIC)]);
}

/** Rows left anywhere that refer to a group id. */
async function orphans(k: Knex, gid: number): Promise<Record<string, number>> {
  const n = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' }).first()) as { n: number }).n);
  return {
    hardware: await n(k('hardware').where('ID', gid)),
    groups: await n(k('groups').where('HARDWARE_ID', gid)),
    groups_cache: await n(k('groups_cache').where('GROUP_ID', gid)),
    devices: await n(k('devices').where('HARDWARE_ID', gid)),
    locks: await n(k('locks').where('HARDWARE_ID', gid)),
    download_servers: await n(k('download_servers').where('GROUP_ID', gid)),
    download_enable: await n(k('download_enable').where('SERVER_ID', gid)),
    ocsdesk_group_def: await n(k('ocsdesk_group_def').where('HARDWARE_ID', gid)),
  };
}

describe.skipIf(!realSchemaAvailable())('groups on the shipped OCS schema', () => {
  let db: string;
  let admin: Session;
  let k: Knex;
  let ids: Record<string, number>;

  beforeAll(async () => {
    db = await createRealSchemaDb();
    admin = await connect(session(ADMIN), db);
    k = admin.db!.knex;
    ids = await seed(k);
  });
  afterAll(async () => {
    await admin?.dispose();
    if (db) await dropDb(db);
  });

  it('static group from a list of names: add, already, unknown, remove; counts in the list', async () => {
    const g = await call(admin, 'groups.create', {
      kind: 'static',
      name: 'Accounting laptops',
      description: 'by name',
      visible: true,
      members: { kind: 'names', names: ['pc-w10-a', 'PC-W11-C'] },
    });
    expect(g).toMatchObject({ kind: 'static', visible: true, members: 2, excluded: 0, computedAt: null });
    expect(await rowsOf(k, g.id)).toEqual([
      [ids['pc-w10-a']!, 1],
      [ids['pc-w11-c']!, 1],
    ]);
    const add = await call(admin, 'groups.addMembers', {
      id: g.id,
      target: { kind: 'names', names: ['pc-w10-a', 'srv-deb-d', 'nope'] },
    });
    expect(add).toEqual({ added: 1, already: 1, unknown: ['nope'] });
    expect(
      await call(admin, 'groups.removeMembers', {
        id: g.id,
        target: { kind: 'ids', ids: [ids['pc-w11-c']!] },
      }),
    ).toEqual({
      removed: 1,
    });
    const list = await call(admin, 'groups.list');
    expect(list.find((x) => x.id === g.id)).toMatchObject({ members: 2 });
    // same name again is refused with the field
    const e = await failure(
      call(admin, 'groups.create', { kind: 'static', name: 'Accounting laptops', description: 'x' }),
    );
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'name' } });
    expect(await ocsreportsGroupPages(k, g.id)).toEqual([]);
  });

  it('dynamic group: preview, save as one-REQUEST XMLDEF, exclusion survives a refresh, ocsreports replays it', async () => {
    const def = { filter: { criteria: [WIN10], match: 'all' as const } };
    const p = await call(admin, 'groups.preview', def);
    expect(p.count).toBe(3);
    expect(names(p.sample)).toEqual(['pc-w10-a', 'pc-w10-b', 'pc-w10-e']);
    expect(p.sql).toMatch(/and deviceid <> '_SYSTEMGROUP_' and deviceid <> '_DOWNLOADGROUP_'$/);

    const g = await call(admin, 'groups.create', {
      kind: 'dynamic',
      name: 'Win10',
      description: 'd',
      definition: def,
    });
    expect(g).toMatchObject({ kind: 'dynamic', members: 3, visible: false, legacy: false });
    const row = (await k('groups').where('HARDWARE_ID', g.id).first()) as Record<string, unknown>;
    expect(row.REVALIDATE_FROM).toBe(0);
    expect(row.REQUEST).toBeNull();
    expect(String(row.XMLDEF)).toMatch(
      /^<xmldef><REQUEST>select distinct `h`.`ID` from `hardware` as `h` where .*<\/REQUEST><\/xmldef>$/,
    );
    expect(String(row.XMLDEF)).toContain('&apos;%Windows 10%&apos;');

    await call(admin, 'groups.setMemberState', { id: g.id, ids: [ids['pc-w10-b']!], state: 'excluded' });
    await call(admin, 'groups.setMemberState', { id: g.id, ids: [ids['srv-deb-d']!], state: 'included' });
    // a new Windows 10 computer appears: the refresh brings it in, keeps the exclusion and the inclusion
    const [late] = (await k('hardware').insert({
      DEVICEID: 'late-1',
      NAME: 'pc-w10-late',
      OSNAME: 'Windows 10 Home',
      LASTDATE: k.fn.now(),
    })) as number[];
    const r = await call(admin, 'groups.refresh', { id: g.id });
    expect(r).toMatchObject({ added: 1, removed: 0, members: 4 });
    expect(await rowsOf(k, g.id)).toEqual(
      [
        [ids['pc-w10-a']!, 0],
        [ids['pc-w10-b']!, 2],
        [ids['srv-deb-d']!, 1],
        [ids['pc-w10-e']!, 0],
        [Number(late), 0],
      ].sort((a, b) => a[0]! - b[0]!),
    );
    const after = (await k('groups').where('HARDWARE_ID', g.id).first()) as {
      REVALIDATE_FROM: number;
      CREATE_TIME: number;
    };
    expect(after.REVALIDATE_FROM).toBeGreaterThanOrEqual(after.CREATE_TIME);
    const members = await call(admin, 'groups.members', {
      id: g.id,
      states: ['excluded'],
    });
    expect(members).toMatchObject({ total: 1, rows: [{ name: 'pc-w10-b', state: 'excluded' }] });
    // ocsreports' replay runs the stored statement and gets the live matches
    expect(await ocsreportsGroupPages(k, g.id)).toEqual(
      [ids['pc-w10-a']!, ids['pc-w10-b']!, ids['pc-w10-e']!, Number(late)].sort((a, b) => a - b),
    );
    const detail = await call(admin, 'groups.get', { id: g.id });
    expect(detail.filter?.criteria).toEqual([WIN10]);
    expect(detail.queries).toHaveLength(1);
  });

  it('refuses a search the comm server and ocsreports would not read alike, with the reason', async () => {
    const e = await failure(
      call(admin, 'groups.preview', {
        filter: { criteria: [{ field: 'hardware.NAME', op: 'EQUAL', value: 'R&amp;D' }] },
      }),
    );
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'definition.filter' } });
    expect(String(e.params.detail)).toMatch(/ocsreports would decode/);
    const before = await k('hardware').where('DEVICEID', '_SYSTEMGROUP_').count({ n: '*' }).first();
    await failure(
      call(admin, 'groups.create', {
        kind: 'dynamic',
        name: 'bad',
        description: 'x',
        definition: {
          filter: { criteria: [{ field: 'hardware.NAME', op: 'EQUAL', value: 'a</REQUEST>b' }] },
        },
      }),
    );
    expect(await k('hardware').where('DEVICEID', '_SYSTEMGROUP_').count({ n: '*' }).first()).toEqual(before);
  });

  it('nested group and member-of criteria read the parent cache; compare; CSV', async () => {
    const parent = await call(admin, 'groups.create', {
      kind: 'dynamic',
      name: 'All Windows',
      description: 'parent',
      definition: { filter: { criteria: [{ field: 'hardware.OSNAME', op: 'LIKE', value: 'Windows' }] } },
    });
    const child = await call(admin, 'groups.create', {
      kind: 'dynamic',
      name: 'Windows in Paris',
      description: 'child',
      definition: {
        parentId: parent.id,
        filter: { criteria: [{ field: 'accountinfo.TAG', op: 'EQUAL', value: 'PARIS' }] },
      },
    });
    expect(child).toMatchObject({ parentId: parent.id });
    // a valid dynamic group for ocsreports too: its replay runs the nested statement
    expect(await ocsreportsGroupPages(k, child.id)).toEqual(
      [ids['pc-w10-a']!, ids['pc-w10-e']!, ids['pc-w11-c']!].sort((a, b) => a - b),
    );
    const kids = await call(admin, 'groups.members', { id: child.id });
    expect(names(kids.rows)).toEqual(['pc-w10-a', 'pc-w10-e', 'pc-w11-c']);
    const cmp = await call(admin, 'groups.compare', { a: parent.id, b: child.id });
    expect(cmp).toMatchObject({ onlyA: 2, onlyB: 0, both: 3 });
    expect(names(cmp.rows.onlyA)).toEqual(['pc-w10-b', 'pc-w10-late']);
    const csv = await call(admin, 'groups.exportCsv', { id: child.id });
    expect(csv.rows).toBe(3);
    expect(csv.csv.startsWith('\uFEFFID,Name')).toBe(true);
    // the parent cannot go while the child reads it
    expect(await failure(call(admin, 'groups.delete', { id: parent.id, confirm: true }))).toMatchObject({
      code: 'CONFLICT',
    });
    // a loop is refused
    expect(
      await failure(
        call(admin, 'groups.update', {
          id: parent.id,
          definition: { parentId: child.id, filter: { criteria: [] } },
        }),
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'definition.parentId' } });
    await call(admin, 'groups.delete', { id: child.id, confirm: true });
    await call(admin, 'groups.delete', { id: parent.id, confirm: true });
  });

  it('"member of group" is a search criterion and compiles to a live sub-query in a dynamic group', async () => {
    const base = await call(admin, 'groups.create', {
      kind: 'static',
      name: 'Pilot',
      description: 'p',
      visible: true,
      members: { kind: 'names', names: ['pc-w10-a', 'srv-deb-d'] },
    });
    const crit = { field: 'groups_cache.GROUP_ID', op: 'EQUAL' as const, value: String(base.id) };
    const page = await call(admin, 'search.run', {
      filter: { criteria: [crit, WIN10], match: 'all' },
    });
    expect(page.rows.map((r) => r.id)).toEqual([ids['pc-w10-a']]);
    const notIn = await call(admin, 'search.run', {
      filter: { criteria: [{ ...crit, op: 'DIFFERENT' as const }], match: 'all' },
    });
    expect(notIn.total).toBe(
      (await k('hardware')
        .whereNot('DEVICEID', '_SYSTEMGROUP_')
        .count({ n: '*' })
        .first()
        .then((r) => Number((r as { n: number }).n))) - 2,
    );
    const dyn = await call(admin, 'groups.create', {
      kind: 'dynamic',
      name: 'Windows pilots',
      description: 'member of Pilot',
      definition: { filter: { criteria: [crit, WIN10] } },
    });
    expect(dyn.members).toBe(1);
    const xml = String(
      ((await k('groups').where('HARDWARE_ID', dyn.id).first('XMLDEF')) as { XMLDEF: string }).XMLDEF,
    );
    expect(xml).toContain(`\`GROUP_ID\` = &apos;${base.id}&apos;`);
    // live: a new pilot joins, the refresh follows without touching the definition
    await call(admin, 'groups.addMembers', { id: base.id, target: { kind: 'names', names: ['pc-w10-e'] } });
    expect(await call(admin, 'groups.refresh', { id: dyn.id })).toMatchObject({ members: 2, added: 1 });
    // the group it reads cannot be deleted first
    expect(await failure(call(admin, 'groups.delete', { id: base.id, confirm: true }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(
      await failure(call(admin, 'search.run', { filter: { criteria: [{ ...crit, value: 'x' }] } })),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await call(admin, 'groups.delete', { id: dyn.id, confirm: true });
    await call(admin, 'groups.delete', { id: base.id, confirm: true });
  });

  it('a User sees only visible groups and only members inside its TAG perimeter; it may not create', async () => {
    const hidden = await call(admin, 'groups.create', {
      kind: 'static',
      name: 'Hidden',
      description: 'h',
      members: { kind: 'ids', ids: [ids['pc-w10-a']!] },
    });
    const shown = await call(admin, 'groups.create', {
      kind: 'static',
      name: 'Shown',
      description: 's',
      visible: true,
      members: { kind: 'ids', ids: [ids['pc-w10-a']!, ids['pc-w10-b']!] },
    });
    const ladmin = await connect(session(operatorOf('ladmin', 'test-ladmin', ['LYON'])), db);
    const user = await connect(session(USER), db);
    try {
      const seen = await call(ladmin, 'groups.list');
      expect(seen.map((g) => g.id)).not.toContain(hidden.id);
      expect(seen.find((g) => g.id === shown.id)).toMatchObject({ members: 1 });
      expect(await failure(call(ladmin, 'groups.get', { id: hidden.id }))).toMatchObject({
        code: 'NOT_FOUND',
      });
      const m = await call(ladmin, 'groups.members', { id: shown.id });
      expect(names(m.rows)).toEqual(['pc-w10-b']);
      // outside the perimeter: not added
      expect(
        await call(ladmin, 'groups.addMembers', {
          id: shown.id,
          target: { kind: 'names', names: ['pc-w11-c'] },
        }),
      ).toMatchObject({
        added: 0,
        unknown: ['pc-w11-c'],
      });
      expect(
        await failure(call(ladmin, 'groups.create', { kind: 'static', name: 'x', description: 'y' })),
      ).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(
        await failure(call(user, 'groups.addMembers', { id: shown.id, target: { kind: 'ids', ids: [1] } })),
      ).toMatchObject({
        code: 'FORBIDDEN',
      });
    } finally {
      await ladmin.dispose();
      await user.dispose();
    }
  });

  it('a TAG-restricted administrator changes a group as a whole only when no member is outside its perimeter', async () => {
    await k('download_available').insert({
      FILEID: '1765000009',
      NAME: 'p',
      PRIORITY: 5,
      FRAGMENTS: 1,
      SIZE: 1,
      OSNAME: 'WINDOWS',
    });
    const enableId = (
      (await k('download_enable').insert({
        FILEID: '1765000009',
        INFO_LOC: 'h/d',
        PACK_LOC: 'h/d',
      })) as number[]
    )[0]!;
    const mixed = await call(admin, 'groups.create', {
      kind: 'static',
      name: 'Paris and Lyon',
      description: 'm',
      visible: true,
      members: { kind: 'ids', ids: [ids['pc-w10-a']!, ids['pc-w10-b']!] },
    });
    const everyone = await call(admin, 'groups.create', {
      kind: 'dynamic',
      name: 'Every Windows 10',
      description: 'd',
      definition: { filter: { criteria: [WIN10], match: 'all' } },
    });
    const lyonAdmin = await connect(session({ ...ADMIN, id: 'lyon-admin', tags: ['LYON'] }), db);
    try {
      const refused = async (route: string, input: unknown) =>
        expect(await failure(callByName(lyonAdmin, route, input)), route).toMatchObject({
          code: 'OUTSIDE_PERIMETER',
          params: { count: expect.any(Number) },
        });
      // One member (pc-w10-a) is in PARIS: every whole-group change is refused, nothing written.
      await refused('groups.update', { id: mixed.id, name: 'renamed' });
      await refused('groups.delete', { id: mixed.id, confirm: true });
      await refused('groups.assignPackage', { id: mixed.id, enableId });
      await refused('groups.setSettings', {
        id: mixed.id,
        settings: { FREQUENCY: { ivalue: 2, tvalue: null } },
      });
      // A dynamic group: its definition reaches PARIS computers even before any member row exists.
      await k('groups_cache').where('GROUP_ID', everyone.id).delete();
      await refused('groups.refresh', { id: everyone.id });
      await refused('groups.update', {
        id: everyone.id,
        definition: { filter: { criteria: [], match: 'all' } },
      });
      expect(await k('devices').where('HARDWARE_ID', mixed.id)).toEqual([]);
      expect(await rowsOf(k, everyone.id)).toEqual([]);
      expect((await k('hardware').where('ID', mixed.id).first('NAME')) as { NAME: string }).toEqual({
        NAME: 'Paris and Lyon',
      });

      // Its own dynamic group keeps its perimeter in the definition the comm server reads: allowed.
      const own = await call(lyonAdmin, 'groups.create', {
        kind: 'dynamic',
        name: 'Lyon Windows 10',
        description: 'own',
        definition: { filter: { criteria: [WIN10], match: 'all' } },
      });
      expect((await call(lyonAdmin, 'groups.refresh', { id: own.id })).members).toBe(1);
      expect(await call(lyonAdmin, 'groups.assignPackage', { id: own.id, enableId })).toEqual({
        assigned: true,
      });
      expect(await call(admin, 'groups.refresh', { id: own.id })).toMatchObject({ members: 1 });
      expect(await rowsOf(k, own.id)).toEqual([[ids['pc-w10-b']!, 0]]);
      await call(lyonAdmin, 'groups.delete', { id: own.id, confirm: true });
    } finally {
      await lyonAdmin.dispose();
      await call(admin, 'groups.delete', { id: mixed.id, confirm: true });
      await call(admin, 'groups.delete', { id: everyone.id, confirm: true });
    }
  });

  it('package to a group as ocsreports writes it; members statuses; un-assign cancels pending member rows', async () => {
    await k('download_available').insert({
      FILEID: '1765000000',
      NAME: 'Agent update',
      PRIORITY: 5,
      FRAGMENTS: 1,
      SIZE: 10,
      OSNAME: 'WINDOWS',
    });
    const enableId = (
      (await k('download_enable').insert({
        FILEID: '1765000000',
        INFO_LOC: 'h/download',
        PACK_LOC: 'h/download',
      })) as number[]
    )[0]!;
    const g = await call(admin, 'groups.create', {
      kind: 'static',
      name: 'Deploy here',
      description: 'pkg',
      visible: true,
      members: { kind: 'names', names: ['pc-w10-a', 'pc-w10-b', 'pc-w11-c'] },
    });
    expect(await call(admin, 'groups.assignPackage', { id: g.id, enableId })).toEqual({ assigned: true });
    expect(await call(admin, 'groups.assignPackage', { id: g.id, enableId })).toEqual({ assigned: false });
    expect(
      await k('devices').where({ HARDWARE_ID: g.id, NAME: 'DOWNLOAD' }).select('IVALUE', 'TVALUE'),
    ).toEqual([{ IVALUE: enableId, TVALUE: null }]);
    // what the comm server writes on members at their prolog (trace rows), then their results
    await k('devices').insert([
      { HARDWARE_ID: ids['pc-w10-a']!, NAME: 'DOWNLOAD', IVALUE: enableId, TVALUE: 'SUCCESS' },
      { HARDWARE_ID: ids['pc-w10-b']!, NAME: 'DOWNLOAD', IVALUE: enableId, TVALUE: 'NOTIFIED' },
    ]);
    expect(await call(admin, 'groups.packageStats', { id: g.id, enableId })).toMatchObject({
      members: 3,
      notYet: 1,
      byCategory: { success: 1, notified: 1, waiting: 0, error: 0 },
    });
    const detail = await call(admin, 'groups.get', { id: g.id });
    expect(detail.packages).toEqual([
      expect.objectContaining({ enableId, fileId: '1765000000', name: 'Agent update' }),
    ]);
    expect(await call(admin, 'groups.unassignPackage', { id: g.id, enableId, cancelPending: true })).toEqual({
      removed: 1,
      cancelled: 1,
    });
    expect(await k('devices').where({ NAME: 'DOWNLOAD', IVALUE: enableId }).pluck('HARDWARE_ID')).toEqual([
      ids['pc-w10-a']!,
    ]);
    // admin (no TELEDIFF) may not assign
    const adm = await connect(session(operatorOf('admin')), db);
    try {
      expect(await failure(call(adm, 'groups.assignPackage', { id: g.id, enableId }))).toMatchObject({
        code: 'FORBIDDEN',
      });
    } finally {
      await adm.dispose();
    }
    await call(admin, 'groups.delete', { id: g.id, confirm: true });
  });

  it('settings per group and which one wins on a computer (computer, group or global)', async () => {
    const slow = await call(admin, 'groups.create', {
      kind: 'static',
      name: 'Slow inventory',
      description: 's',
      members: { kind: 'ids', ids: [ids['srv-deb-d']!] },
    });
    const noDl = await call(admin, 'groups.create', {
      kind: 'static',
      name: 'No download',
      description: 'n',
      members: { kind: 'ids', ids: [ids['srv-deb-d']!] },
    });
    await k('config').where('NAME', 'FREQUENCY').update({ IVALUE: 10 });
    await k('config').where('NAME', 'DOWNLOAD').update({ IVALUE: 1 });
    await call(admin, 'groups.setSettings', {
      id: slow.id,
      settings: { FREQUENCY: { ivalue: 5, tvalue: null }, PROLOG_FREQ: { ivalue: 6, tvalue: null } },
    });
    await call(admin, 'groups.setSettings', {
      id: noDl.id,
      settings: { DOWNLOAD_SWITCH: { ivalue: 0, tvalue: null } },
    });
    await k('devices').insert({ HARDWARE_ID: ids['srv-deb-d']!, NAME: 'FREQUENCY', IVALUE: 7 });
    const eff = await call(admin, 'groups.effectiveSettings', {
      id: ids['srv-deb-d']!,
    });
    const by = Object.fromEntries(eff.map((e) => [e.name, e]));
    expect(by.FREQUENCY).toMatchObject({ value: 5, source: 'group', group: { name: 'Slow inventory' } });
    expect(by.PROLOG_FREQ).toMatchObject({ value: 6, source: 'group' });
    expect(by.DOWNLOAD_SWITCH).toMatchObject({ value: 0, source: 'group', group: { name: 'No download' } });
    expect(by.DOWNLOAD_TIMEOUT).toMatchObject({ source: 'global' });
    // out of bounds is refused with the field
    expect(
      await failure(
        call(admin, 'groups.setSettings', {
          id: slow.id,
          settings: { FREQUENCY: { ivalue: -5, tvalue: null } },
        }),
      ),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await call(admin, 'groups.setSettings', { id: slow.id, settings: { FREQUENCY: null } });
    expect(await k('devices').where({ HARDWARE_ID: slow.id, NAME: 'FREQUENCY' }).first()).toBeUndefined();
    for (const x of [slow, noDl]) await call(admin, 'groups.delete', { id: x.id, confirm: true });
  });

  it('delete leaves no row that refers to the group', async () => {
    const g = await call(admin, 'groups.create', {
      kind: 'dynamic',
      name: 'To delete',
      description: 'x',
      definition: { filter: { criteria: [WIN10] } },
    });
    await k('devices').insert([
      { HARDWARE_ID: g.id, NAME: 'FREQUENCY', IVALUE: 3 },
      { HARDWARE_ID: g.id, NAME: 'DOWNLOAD', IVALUE: 999 },
    ]);
    await k('config').insert({ NAME: `GUI_REPORT_MSG${g.id}`, IVALUE: g.id, TVALUE: 'hello' });
    // Without confirm: the router refuses it (the contract requires confirm: true).
    expect(await failure(call(admin, 'groups.delete', unchecked({ id: g.id })))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await call(admin, 'groups.delete', { id: g.id, confirm: true })).toMatchObject({
      ok: true,
      members: 4,
      settings: 2,
    });
    expect(await orphans(k, g.id)).toEqual({
      hardware: 0,
      groups: 0,
      groups_cache: 0,
      devices: 0,
      locks: 0,
      download_servers: 0,
      download_enable: 0,
      ocsdesk_group_def: 0,
    });
    expect(await k('config').where('NAME', `GUI_REPORT_MSG${g.id}`).first()).toBeUndefined();
  });
});

const ROOT_DIR = path.resolve(import.meta.dirname, '../..');

describe.skipIf(!realSchemaAvailable() || !existsSync(path.join(ROOT_DIR, 'dist/main/cli.cjs')))(
  'ocs-desk groups (CLI, built)',
  () => {
    it('create (static and dynamic), add, exclude, refresh, compare, list, delete with --format json', async () => {
      const db = await createRealSchemaDb();
      try {
        const p = appParams(db);
        const env = {
          ...process.env,
          OCS_DB_HOST: p.host,
          OCS_DB_PORT: String(p.port),
          OCS_DB_NAME: db,
          OCS_DB_USER: p.user,
          OCS_DB_PASSWORD: p.password,
        };
        const cli = async (...args: string[]) => {
          const r = await run('node', ['bin/ocs-desk.cjs', 'groups', ...args, '--format', 'json'], {
            cwd: ROOT_DIR,
            env,
          });
          return JSON.parse(r.stdout) as Record<string, unknown> & Array<Record<string, unknown>>;
        };
        const s = session(ADMIN);
        await connect(s, db);
        const ids = await seed(s.db!.knex);
        await s.dispose();
        const dyn = await cli(
          'create',
          '--name',
          'W10',
          '--description',
          'cli',
          '--where',
          'hardware.OSNAME:LIKE:Windows 10',
        );
        expect(dyn).toMatchObject({ kind: 'dynamic', members: 3 });
        const stat = await cli(
          'create',
          '--name',
          'Picked',
          '--description',
          'cli',
          '--static',
          '--names',
          'pc-w10-a,srv-deb-d',
        );
        expect(stat).toMatchObject({ kind: 'static', members: 2 });
        expect(await cli('add', String(stat.id), '--names', 'pc-w11-c')).toMatchObject({ added: 1 });
        expect(await cli('exclude', String(dyn.id), '--ids', String(ids['pc-w10-a']!))).toEqual({
          changed: 1,
        });
        expect(await cli('refresh', String(dyn.id))).toMatchObject({ members: 2 });
        expect(await cli('compare', String(dyn.id), String(stat.id))).toMatchObject({
          onlyA: 2,
          onlyB: 3,
          both: 0,
        });
        const list = await cli('list');
        expect(list.map((g) => g.name).sort()).toEqual(['Picked', 'W10']);
        // a refused deletion without --yes: exit code 2, nothing deleted
        await expect(
          run('node', ['bin/ocs-desk.cjs', 'groups', 'delete', String(stat.id)], { cwd: ROOT_DIR, env }),
        ).rejects.toMatchObject({
          code: 2,
        });
        expect(await cli('delete', String(stat.id), '--yes')).toMatchObject({ ok: true, members: 3 });
      } finally {
        await dropDb(db);
      }
    });
  },
);
