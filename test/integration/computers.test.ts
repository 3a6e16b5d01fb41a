import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { MAX_INLINE_IDS } from '../../src-main/computers/filter-sql';
import { invalidateTotals } from '../../src-main/computers/totals-cache';
import { ADMIN, USER, testApp, failure } from '../helpers/app';
import { createRealSchemaDb, dropDb, realSchemaAvailable, appParams, rootParams } from '../helpers/db';

const { app, call, callByName, session } = testApp();

describe.skipIf(!realSchemaAvailable())('computers on the real MariaDB (seeded fleet)', () => {
  let db = '';
  let k: Knex;
  const admin = session(ADMIN);
  const user = session(USER);
  const restricted = session({ ...USER, id: 'restricted', tags: ['LYON-*', 'DATACENTER'] });
  const N = 400;

  beforeAll(async () => {
    db = await createRealSchemaDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, {
      computers: N,
      seed: 3,
      batch: 100,
      concurrency: 1,
      baseDate: new Date('2026-11-20T12:00:00Z'),
    });
    for (const s of [admin, user, restricted]) {
      const op = s.operator;
      await call(s, 'connection.open', appParams(db));
      s.operator = op;
    }
  });
  afterAll(async () => {
    app.jobs.cancelAll();
    for (const s of [admin, user, restricted]) await s.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it('gives blocks of rows without counting them; the total is its own call, then known for free', async () => {
    const view = { sort: { column: 'hardware.NAME', dir: 'asc' as const }, columns: ['hardware.NAME'] };
    const counted = await call(user, 'computers.list', { ...view, offset: 0, limit: 500 });
    const views = [
      { route: 'computers.list' as const, filter: { criteria: [], match: 'all' as const } },
      { route: 'computers.list' as const, filter: { quick: 'lyo-', criteria: [], match: 'all' as const } },
      {
        route: 'search.run' as const,
        filter: {
          criteria: [{ field: 'hardware.MEMORY', op: 'BIGGER' as const, value: '4000' }],
          match: 'all' as const,
        },
      },
    ];
    for (const { route, filter } of views) {
      const all = await call(user, route, { ...view, filter, offset: 0, limit: 500 });
      expect(all.total).toBeGreaterThan(0);
      invalidateTotals();
      // Blocks of 50 give the same rows in the same order as one page, and never count.
      const ids: number[] = [];
      for (let offset = 0; offset < all.total!; offset += 50) {
        const block = await call(user, route, { ...view, filter, offset, limit: 50, withTotal: false });
        // A filter sorted on a column without an index counts in the same pass (free): that one may say.
        if (block.total !== null) expect(block.total).toBe(all.total);
        ids.push(...block.rows.map((r) => r.id));
      }
      expect(ids).toEqual(all.rows.map((r) => r.id));
      // The grid's total: computers.total on the same filter, remembered for the next blocks.
      invalidateTotals();
      const blockFirst = await call(user, route, { ...view, filter, offset: 0, limit: 50, withTotal: false });
      if (!filter.quick && !filter.criteria.length) expect(blockFirst.total).toBeNull();
      const { total } = await call(user, 'computers.total', { filter });
      expect(total).toBe(all.total);
      const next = await call(user, route, { ...view, filter, offset: 50, limit: 50, withTotal: false });
      expect(next.total).toBe(all.total);
    }
    expect(counted.total).toBe(N);
    // The restricted operator's blocks and count stay in the TAG perimeter.
    const mine = await call(restricted, 'computers.list', { ...view, offset: 0, limit: 500 });
    const block = await call(restricted, 'computers.list', {
      ...view,
      offset: 0,
      limit: 500,
      withTotal: false,
    });
    expect(block.rows.map((r) => r.id)).toEqual(mine.rows.map((r) => r.id));
    const c = await call(restricted, 'computers.total', { filter: { criteria: [], match: 'all' } });
    expect(c.total).toBe(mine.total);
  });

  it('lists, sorts and pages computers with total and last-inventory dates', async () => {
    const cols = await call(user, 'computers.columns');
    expect(cols.find((c) => c.id === 'hardware.NAME')?.sortable).toBe(true);
    expect(cols.find((c) => c.id === 'hardware.IPADDR')?.sortable).toBe(false);
    expect(cols.find((c) => c.id === 'accountinfo.TAG')?.admin?.column).toBe('TAG');

    const p1 = await call(user, 'computers.list', { limit: 50 });
    expect(p1.total).toBe(N);
    expect(p1.rows).toHaveLength(50);
    expect(p1.sort).toEqual({ column: 'hardware.LASTDATE', dir: 'desc' });
    const dates = p1.rows.map((r) => r.lastDate!);
    expect([...dates].sort().reverse()).toEqual(dates);

    const byName = await call(user, 'computers.list', {
      limit: 30,
      offset: 60,
      sort: { column: 'hardware.NAME', dir: 'asc' },
      columns: ['hardware.NAME', 'bios.SSN', 'accountinfo.TAG'],
    });
    const names = byName.rows.map((r) => String(r.values['hardware.NAME']));
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect(Object.keys(byName.rows[0]!.values)).toEqual(['hardware.NAME', 'bios.SSN', 'accountinfo.TAG']);
    const all = await call(user, 'computers.list', {
      limit: 500,
      sort: { column: 'hardware.NAME', dir: 'asc' },
      columns: ['hardware.NAME'],
    });
    expect(all.rows.slice(60, 90).map((r) => r.id)).toEqual(byName.rows.map((r) => r.id));

    const quick = await call(user, 'computers.list', {
      filter: { quick: 'lyo-' },
      columns: ['hardware.NAME'],
    });
    expect(quick.total).toBeGreaterThan(0);
    for (const r of quick.rows)
      expect(String(r.values['hardware.NAME']).toLowerCase().startsWith('lyo-')).toBe(true);
  });

  it('refuses unknown columns and unsortable sorts', async () => {
    const e1 = await failure(call(user, 'computers.list', { columns: ['hardware.NOPE'] }));
    expect(e1.code).toBe('VALIDATION_FAILED');
    const e2 = await failure(
      call(user, 'computers.list', { sort: { column: 'hardware.IPADDR', dir: 'asc' } }),
    );
    expect(e2.code).toBe('VALIDATION_FAILED');
    const e3 = await failure(call(user, 'computers.list', { columns: ['hardware.NAME`; DROP TABLE x'] }));
    expect(e3.code).toBe('VALIDATION_FAILED');
  });

  it('returns every section of a computer in one call', async () => {
    const linux = await call(user, 'computers.list', {
      filter: { criteria: [{ field: 'hardware.OSNAME', op: 'LIKE', value: 'Debian*' }] },
      limit: 1,
      columns: ['hardware.NAME'],
    });
    const id = linux.rows[0]!.id;
    const d = await call(user, 'computers.detail', { id });
    expect(d.hardware.NAME).toBe(linux.rows[0]!.values['hardware.NAME']);
    expect(d.bios?.SSN).toBeTruthy();
    expect(d.accountinfo?.TAG).toBeTruthy();
    for (const s of [
      'cpus',
      'memories',
      'storages',
      'drives',
      'networks',
      'controllers',
      'repository',
      'videos',
      'printers',
      'registry',
    ]) {
      expect(d.sections[s], s).toBeDefined();
    }
    expect(d.sections.controllers!.length).toBe(6);
    expect(d.software.length).toBeGreaterThan(10);
    expect(d.software[0]!.name).toBeTruthy();
    expect(d.settings.map((x) => x.name)).toContain('FREQUENCY');
    expect(d.adminFields[0]!.column).toBe('TAG');
    const e = await failure(call(user, 'computers.detail', { id: 999999 }));
    expect(e.code).toBe('NOT_FOUND');
  });

  it('searches with 3 criteria including software has / has not', async () => {
    const fields = await call(user, 'search.fields');
    for (const key of [
      'software.NAME',
      'bios.BMANUFACTURER',
      'networks.IPADDRESS',
      'devices.FREQUENCY',
      'devices.DOWNLOAD',
      'registry.REGVALUE',
      'accountinfo.TAG',
    ]) {
      expect(fields.map((f) => f.key)).toContain(key);
    }
    const filter = {
      criteria: [
        { field: 'software.NAME', op: 'HAS' as const, value: 'Google Chrome' },
        { field: 'software.NAME', op: 'HAS_NOT' as const, value: 'VLC*' },
        { field: 'hardware.MEMORY', op: 'BIGGER' as const, value: '8192' },
      ],
    };
    const p = await call(user, 'search.run', {
      filter,
      limit: 500,
      columns: ['hardware.NAME', 'hardware.MEMORY'],
    });
    expect(p.total).toBeGreaterThan(0);
    const ids = p.rows.map((r) => r.id);
    const expected = (await k.raw(
      `SELECT h.ID FROM hardware h WHERE h.MEMORY > 8192
         AND h.ID IN (SELECT s.HARDWARE_ID FROM software s JOIN software_name n ON n.ID = s.NAME_ID WHERE n.NAME = 'Google Chrome')
         AND h.ID NOT IN (SELECT s.HARDWARE_ID FROM software s JOIN software_name n ON n.ID = s.NAME_ID WHERE n.NAME LIKE 'VLC%')
       ORDER BY h.ID`,
    )) as [Array<{ ID: number }>];
    expect([...ids].sort((a, b) => a - b)).toEqual(expected[0].map((r) => Number(r.ID)));

    // Several names + TAG (each name probed per candidate computer, filter-sql.ts softwareProbe) and a
    // wildcard + TAG: the same computers as plain SQL.
    for (const [names, sqlNames] of [
      [
        ['Google Chrome', 'VLC media player'],
        ["n.NAME = 'Google Chrome'", "n.NAME = 'VLC media player'"],
      ],
      [['Microsoft*'], ["n.NAME LIKE 'Microsoft%'"]],
      // Over MAX_INLINE_IDS names: the dictionary subquery, probed per candidate next to the TAG.
      [['*e*'], ["n.NAME LIKE '%e%'"]],
    ] as const) {
      const r = await call(user, 'search.run', {
        filter: {
          criteria: [
            ...names.map((value) => ({ field: 'software.NAME', op: 'HAS' as const, value })),
            { field: 'accountinfo.TAG', op: 'EQUAL' as const, value: 'LYON-USINE' },
          ],
        },
        limit: 500,
        columns: ['hardware.NAME'],
      });
      const [want] = (await k.raw(
        `SELECT h.ID FROM hardware h JOIN accountinfo a ON a.HARDWARE_ID = h.ID WHERE a.TAG = 'LYON-USINE' ${sqlNames
          .map(
            (w) =>
              `AND h.ID IN (SELECT s.HARDWARE_ID FROM software s JOIN software_name n ON n.ID = s.NAME_ID WHERE ${w})`,
          )
          .join(' ')} ORDER BY h.ID`,
      )) as [Array<{ ID: number }>];
      expect(want.length, names.join(' + ')).toBeGreaterThan(0);
      if (names[0] === '*e*') {
        const [rows] = (await k.raw("SELECT COUNT(*) AS n FROM software_name WHERE NAME LIKE '%e%'")) as [
          Array<{ n: number }>,
        ];
        expect(Number(rows[0]?.n)).toBeGreaterThan(MAX_INLINE_IDS);
      }
      expect(r.total).toBe(want.length);
      const wanted = new Set(want.map((x) => Number(x.ID)));
      expect(r.rows.length).toBe(Math.min(500, want.length));
      for (const x of r.rows) expect(wanted.has(x.id)).toBe(true);
    }

    // Names resolved to dictionary IDs first: a name nobody has matches nothing, and its "has not" everyone.
    const unknown = (op: 'HAS' | 'HAS_NOT') => ({
      criteria: [{ field: 'software.NAME', op, value: 'No Such Software*' }],
    });
    expect((await call(user, 'search.run', { filter: unknown('HAS') })).total).toBe(0);
    expect((await call(user, 'search.run', { filter: unknown('HAS_NOT') })).total).toBe(N);

    const between = await call(user, 'search.run', {
      filter: {
        criteria: [
          { field: 'hardware.LASTDATE', op: 'BETWEEN', value: '2026-11-01', value2: '2026-11-30' },
          { field: 'accountinfo.TAG', op: 'EQUAL', value: 'DATACENTER' },
        ],
      },
      columns: ['hardware.LASTDATE', 'accountinfo.TAG'],
      limit: 500,
    });
    for (const r of between.rows) {
      expect(r.values['accountinfo.TAG']).toBe('DATACENTER');
      expect(String(r.values['hardware.LASTDATE']) >= '2026-11-01').toBe(true);
    }
    const bad = await failure(
      call(user, 'search.run', {
        filter: { criteria: [{ field: 'hardware.MEMORY', op: 'BIGGER' as const, value: '1 OR 1=1' }] },
      }),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
  });

  it('saves searches per operator', async () => {
    const saved = await call(user, 'search.savedSave', {
      name: 'Chrome users',
      filter: { criteria: [{ field: 'software.NAME', op: 'HAS' as const, value: 'Google Chrome' }] },
    });
    expect(saved.owner).toBe('test-user');
    expect((await call(user, 'search.savedList')).map((x) => x.name)).toContain('Chrome users');
    expect((await call(admin, 'search.savedList')).map((x) => x.name)).not.toContain('Chrome users');
    await call(user, 'search.savedDelete', { id: saved.id });
    expect(await call(user, 'search.savedList')).toEqual([]);
  });

  it('keeps grid preferences per operator', async () => {
    expect(await call(user, 'computers.getGridPrefs')).toBeNull();
    const prefs = {
      columns: ['hardware.NAME', 'bios.SSN'],
      pageSize: 100,
      sort: { column: 'hardware.NAME', dir: 'asc' as const },
      widths: {},
    };
    await call(user, 'computers.setGridPrefs', prefs);
    // A layout saved before the choice of one list or pages reads as one list (the default).
    expect(await call(user, 'computers.getGridPrefs')).toEqual({ ...prefs, mode: 'scroll' });
    await call(user, 'computers.setGridPrefs', { ...prefs, mode: 'pages' });
    expect(await call(user, 'computers.getGridPrefs')).toEqual({ ...prefs, mode: 'pages' });
    expect(await call(admin, 'computers.getGridPrefs')).toBeNull();
  });

  it('writes admin data to accountinfo, and a User is refused on admin routes', async () => {
    const id = (await call(user, 'computers.list', { limit: 1 })).rows[0]!.id;
    await call(admin, 'computers.setAdminData', { id, values: { TAG: 'NEW-TAG' } });
    expect((await k('accountinfo').where('HARDWARE_ID', id).first()).TAG).toBe('NEW-TAG');
    const e = await failure(call(user, 'computers.setAdminData', { id, values: { TAG: 'X' } }));
    expect(e.code).toBe('FORBIDDEN');
    for (const route of [
      'computers.setSettings',
      'computers.delete',
      'computers.massSetAdminData',
      'computers.createPerfIndexes',
    ]) {
      expect((await failure(callByName(user, route, {}))).code).toBe('FORBIDDEN');
    }
    const bad = await failure(call(admin, 'computers.setAdminData', { id, values: { fields_99: 'x' } }));
    expect(bad.code).toBe('VALIDATION_FAILED');
  });

  it('writes per-computer settings as devices rows and marks the differences', async () => {
    const id = (await call(user, 'computers.list', { limit: 1, offset: 5 })).rows[0]!.id;
    await call(admin, 'computers.setSettings', {
      selection: { kind: 'ids', ids: [id] },
      settings: { FREQUENCY: { ivalue: -1, tvalue: null }, IPDISCOVER: { ivalue: 0, tvalue: null } },
    });
    const rows = await k('devices')
      .where('HARDWARE_ID', id)
      .whereIn('NAME', ['FREQUENCY', 'IPDISCOVER'])
      .orderBy('NAME');
    expect(rows.map((r: { NAME: string; IVALUE: number }) => [r.NAME, r.IVALUE])).toEqual([
      ['FREQUENCY', -1],
      ['IPDISCOVER', 0],
    ]);
    const d = await call(user, 'computers.detail', { id });
    expect(d.settings.find((x) => x.name === 'FREQUENCY')).toMatchObject({
      value: { ivalue: -1 },
      global: { ivalue: 0 },
      differs: true,
    });
    await call(admin, 'computers.setSettings', {
      selection: { kind: 'ids', ids: [id] },
      settings: { FREQUENCY: null },
    });
    expect(await k('devices').where({ HARDWARE_ID: id, NAME: 'FREQUENCY' })).toHaveLength(0);
  });

  it('counts a search sorted on an unindexed column in the page statement itself (same page and total as plain SQL)', async () => {
    // No ocsdesk_lastdate here: the page of a search by last inventory reads and sorts every match,
    // so it also counts them (SQL_CALC_FOUND_ROWS + FOUND_ROWS(), computers.repo.ts pageIdsWithTotal).
    const [want] = (await k.raw(
      `SELECT h.ID FROM hardware h WHERE h.MEMORY > 8192
         AND h.ID IN (SELECT s.HARDWARE_ID FROM software s JOIN software_name n ON n.ID = s.NAME_ID WHERE n.NAME LIKE '%e%')
       ORDER BY h.LASTDATE DESC, h.ID DESC`,
    )) as [Array<{ ID: number }>];
    expect(want.length).toBeGreaterThan(20);
    expect(want.length).toBeLessThan(N);
    const filter = {
      criteria: [
        { field: 'hardware.MEMORY', op: 'BIGGER' as const, value: '8192' },
        { field: 'software.NAME', op: 'HAS' as const, value: 'e' },
      ],
    };
    for (const offset of [0, 10, want.length - 3, want.length + 5]) {
      invalidateTotals(); // later pages would reuse the first page's total
      const p = await call(admin, 'search.run', {
        filter,
        offset,
        limit: 10,
        sort: { column: 'hardware.LASTDATE', dir: 'desc' },
        columns: ['hardware.NAME'],
      });
      expect(p.total, `offset ${offset}`).toBe(want.length);
      expect(p.rows.map((r) => r.id)).toEqual(want.slice(offset, offset + 10).map((r) => Number(r.ID)));
    }
  });

  it('pages a software search in sort order as plain SQL does, restricted operator included (the walk, page-walk.ts)', async () => {
    const filter = {
      criteria: [
        { field: 'software.NAME', op: 'HAS' as const, value: 'Google Chrome' },
        { field: 'software.NAME', op: 'HAS_NOT' as const, value: 'VLC*' },
        { field: 'hardware.MEMORY', op: 'BIGGER' as const, value: '4096' },
        // Cheap criteria are checked on the walk's candidates first (cheapCriteria).
        { field: 'accountinfo.TAG', op: 'DIFFERENT' as const, value: 'PARIS-SIEGE' },
      ],
    };
    for (const [s, tags] of [
      [user, null],
      [restricted, "a.TAG LIKE 'LYON-%' OR a.TAG = 'DATACENTER'"],
    ] as const) {
      for (const [sort, order] of [
        [{ column: 'hardware.LASTDATE', dir: 'desc' as const }, 'h.LASTDATE DESC, h.ID DESC'],
        [{ column: 'hardware.NAME', dir: 'asc' as const }, 'h.NAME ASC, h.ID ASC'],
      ] as const) {
        const [want] = (await k.raw(
          `SELECT h.ID FROM hardware h LEFT JOIN accountinfo a ON a.HARDWARE_ID = h.ID
            WHERE h.DEVICEID NOT IN ('_SYSTEMGROUP_', '_DOWNLOADGROUP_') AND h.MEMORY > 4096 ${tags ? `AND (${tags})` : ''}
              AND h.ID NOT IN (SELECT x.HARDWARE_ID FROM accountinfo x WHERE x.TAG = 'PARIS-SIEGE')
              AND h.ID IN (SELECT s.HARDWARE_ID FROM software s JOIN software_name n ON n.ID = s.NAME_ID WHERE n.NAME LIKE '%Google Chrome%')
              AND h.ID NOT IN (SELECT s.HARDWARE_ID FROM software s JOIN software_name n ON n.ID = s.NAME_ID WHERE n.NAME LIKE 'VLC%')
            ORDER BY ${order}`,
        )) as [Array<{ ID: number }>];
        expect(want.length).toBeGreaterThan(25);
        for (const offset of [0, 20, want.length - 5]) {
          invalidateTotals();
          const p = await call(s, 'search.run', {
            filter,
            offset,
            limit: 20,
            sort,
            columns: ['hardware.NAME'],
          });
          expect(p.total, `${sort.column} ${offset}`).toBe(want.length);
          expect(p.rows.map((r) => r.id)).toEqual(want.slice(offset, offset + 20).map((r) => Number(r.ID)));
        }
      }
    }
  });

  it('applies the TAG restriction to list, detail, search and counts', async () => {
    const p = await call(restricted, 'computers.list', {
      limit: 500,
      columns: ['accountinfo.TAG'],
    });
    expect(p.total).toBeGreaterThan(0);
    expect(p.total).toBeLessThan(N);
    for (const r of p.rows) expect(String(r.values['accountinfo.TAG'])).toMatch(/^(LYON-|DATACENTER$)/);
    const other = await call(user, 'computers.list', {
      filter: { criteria: [{ field: 'accountinfo.TAG', op: 'EQUAL', value: 'PARIS-SIEGE' }] },
      limit: 1,
    });
    expect((await failure(call(restricted, 'computers.detail', { id: other.rows[0]!.id }))).code).toBe(
      'NOT_FOUND',
    );
    const counts = await call(restricted, 'tags.repartition', {});
    expect(counts.total).toBe(p.total);
    expect(counts.counts.every((c) => /^(LYON-|DATACENTER$)/.test(c.value ?? ''))).toBe(true);
    const full = await call(user, 'tags.repartition', {});
    expect(full.total).toBe(N);
  });

  it('exports the current view as CSV', async () => {
    const r = await call(user, 'computers.exportCsv', {
      columns: ['hardware.NAME', 'accountinfo.TAG'],
      maxRows: 10,
    });
    expect(r.rows).toBe(10);
    expect(r.truncated).toBe(true);
    expect(r.csv.split('\r\n')[0]).toBe('Computer name,TAG');
  });

  it('deletes computers with every related row and a deleted_equiv trace', async () => {
    await k('config').where('NAME', 'TRACE_DELETED').update({ IVALUE: 1 });
    const victims = (
      await call(user, 'computers.list', {
        limit: 3,
        sort: { column: 'hardware.ID', dir: 'asc' },
      })
    ).rows.map((r) => r.id);
    const { jobId } = await call(admin, 'computers.delete', {
      selection: { kind: 'ids', ids: victims },
      expectedCount: 3,
    });
    const info = await app.jobs.wait(jobId);
    expect(info.state).toBe('succeeded');
    expect(info.result).toEqual({ deleted: 3, traced: true });
    for (const t of ['hardware', 'software', 'networks', 'bios', 'accountinfo', 'drives', 'devices']) {
      const col = t === 'hardware' ? 'ID' : 'HARDWARE_ID';
      expect(await k(t).whereIn(col, victims), t).toHaveLength(0);
    }
    const trace = await k('deleted_equiv').select('DELETED', 'EQUIVALENT').orderBy('ID');
    expect(trace).toEqual(victims.map((v) => ({ DELETED: String(v), EQUIVALENT: null })));
    expect(await k('locks')).toHaveLength(0);
  });
});
