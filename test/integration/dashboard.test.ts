import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Criterion } from '../../shared/contract/computers';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { ADMIN, USER, testApp } from '../helpers/app';
import { appParams, createRealSchemaDb, dropDb, realSchemaAvailable, rootParams } from '../helpers/db';

/**
 * The dashboard on the real MariaDB, as a TAG-restricted operator and an unrestricted one: every figure
 * equals the same count written in plain SQL, and equals the total of the search its tile links to.
 */
const { app, call, session } = testApp();

type Row = Record<string, unknown>;

describe.skipIf(!realSchemaAvailable())('dashboard on the real MariaDB', () => {
  let db = '';
  let k: Knex;
  const admin = session(ADMIN);
  const restricted = session({ ...USER, id: 'restricted', tags: ['LYON-*', 'DATACENTER'] });
  const N = 300;
  /** Plain SQL of the restricted perimeter (computers only, TAG LYON-* or DATACENTER). */
  const PERIM = `h.DEVICEID NOT IN ('_SYSTEMGROUP_', '_DOWNLOADGROUP_')
    AND h.ID IN (SELECT HARDWARE_ID FROM accountinfo WHERE TAG LIKE 'LYON-%' OR TAG = 'DATACENTER')`;
  const ALL = `h.DEVICEID NOT IN ('_SYSTEMGROUP_', '_DOWNLOADGROUP_')`;

  const sql = async (q: string): Promise<Row[]> => ((await k.raw(q)) as [Row[]])[0];

  beforeAll(async () => {
    db = await createRealSchemaDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: N, seed: 7, batch: 100, concurrency: 1 });
    // Contacts a whole number of days + 6 h ago: no computer is near a 1/7/30-day boundary while the
    // route and the plain SQL read the clock.
    await k.raw('UPDATE hardware SET LASTCOME = NOW() - INTERVAL (ID % 45) DAY - INTERVAL 6 HOUR');
    await k.raw('UPDATE hardware SET LASTCOME = NULL WHERE ID % 97 = 0');
    // Blank and NULL OS names are one value (IS_EMPTY); an agent string only a few have.
    await k.raw("UPDATE hardware SET OSNAME = '' WHERE ID % 50 = 1");
    await k.raw('UPDATE hardware SET OSNAME = NULL WHERE ID % 50 = 2');
    // A group row (never counted).
    await k('hardware').insert({ DEVICEID: '_SYSTEMGROUP_', NAME: 'grp', OSNAME: 'GROUPOS' });
    // Two packages; statuses on some computers.
    for (const [fileId, name] of [
      ['1700000001', 'pkg-one'],
      ['1700000002', 'pkg-two'],
    ] as const) {
      await k('download_available').insert({
        FILEID: fileId,
        NAME: name,
        PRIORITY: 5,
        FRAGMENTS: 1,
        SIZE: 10,
        OSNAME: 'WINDOWS',
      });
      await k('download_enable').insert({ FILEID: fileId, INFO_LOC: 'l/d', PACK_LOC: 'l/d' });
    }
    const enables = (await k('download_enable').select('ID', 'FILEID')) as Array<{
      ID: number;
      FILEID: string;
    }>;
    const ids = ((await k('hardware').select('ID').whereNot('DEVICEID', '_SYSTEMGROUP_')) as Row[]).map((r) =>
      Number(r.ID),
    );
    const statuses = [null, 'NOTIFIED', 'SUCCESS', 'ERR_TIMEOUT', 'EXIT_CODE_3', 'notified'];
    const rows = ids.flatMap((id, i) =>
      enables
        .filter((_e, j) => (i + j) % 3 !== 0)
        .map((e, j) => ({
          HARDWARE_ID: id,
          NAME: 'DOWNLOAD',
          IVALUE: e.ID,
          TVALUE: statuses[(i + j) % statuses.length] ?? null,
        })),
    );
    await k('devices').insert(rows);
    for (const s of [admin, restricted]) {
      const op = s.operator;
      await call(s, 'connection.open', appParams(db));
      s.operator = op;
    }
  });
  afterAll(async () => {
    app.jobs.cancelAll();
    for (const s of [admin, restricted]) await s.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  const searchTotal = async (
    s: typeof admin,
    criteria: Criterion[],
    match: 'all' | 'any' = 'all',
  ): Promise<number> => (await call(s, 'search.run', { limit: 1, filter: { criteria, match } })).total ?? -1;

  for (const who of ['restricted', 'admin'] as const) {
    it(`counts as plain SQL and as the click-through searches (${who})`, async () => {
      const s = who === 'admin' ? admin : restricted;
      const where = who === 'admin' ? ALL : PERIM;
      const d = await call(s, 'dashboard.summary', {});

      const [c] = await sql(`SELECT COUNT(*) t,
          SUM(LASTCOME >= NOW() - INTERVAL 1 DAY) d, SUM(LASTCOME >= NOW() - INTERVAL 7 DAY) w,
          SUM(LASTCOME >= NOW() - INTERVAL 30 DAY) m, SUM(LASTCOME < NOW() - INTERVAL 30 DAY) o
        FROM hardware h WHERE ${where}`);
      expect(d.total).toBe(Number(c!.t));
      if (who === 'restricted') expect(d.total).toBeLessThan(N);
      else expect(d.total).toBe(N);
      expect(d.seen).toEqual({ day: Number(c!.d), week: Number(c!.w), month: Number(c!.m) });
      expect(d.notSeen30).toBe(Number(c!.o));
      expect(d.seen.day).toBeGreaterThan(0);
      expect(d.notSeen30).toBeGreaterThan(0);

      const days = async (op: 'NEWER_THAN_DAYS' | 'OLDER_THAN_DAYS', value: string) =>
        searchTotal(s, [{ field: 'hardware.LASTCOME', op, value }]);
      expect(await days('NEWER_THAN_DAYS', '1')).toBe(d.seen.day);
      expect(await days('NEWER_THAN_DAYS', '7')).toBe(d.seen.week);
      expect(await days('NEWER_THAN_DAYS', '30')).toBe(d.seen.month);
      expect(await days('OLDER_THAN_DAYS', '30')).toBe(d.notSeen30);
      expect(await searchTotal(s, [])).toBe(d.total);

      // OS: plain SQL grouping with '' and NULL together; every tile value is its search's total.
      const os = await sql(
        `SELECT NULLIF(OSNAME, '') v, COUNT(*) n FROM hardware h WHERE ${where} GROUP BY v`,
      );
      const osMap = new Map(os.map((r) => [r.v === null ? null : String(r.v), Number(r.n)]));
      expect(d.os.top.length + d.os.others).toBe(osMap.size);
      expect(d.os.top.reduce((a, x) => a + x.count, 0) + d.os.rest).toBe(d.total);
      for (const x of d.os.top) {
        expect(x.count).toBe(osMap.get(x.value));
        const crit: Criterion =
          x.value === null
            ? { field: 'hardware.OSNAME', op: 'IS_EMPTY', value: '' }
            : { field: 'hardware.OSNAME', op: 'EQUAL', value: x.value };
        expect(await searchTotal(s, [crit])).toBe(x.count);
      }
      expect(d.os.top.some((x) => x.value === null)).toBe(true);
      expect(d.os.top.some((x) => x.value === 'GROUPOS')).toBe(false);

      const ver = await sql(`SELECT NULLIF(OSNAME, '') o, NULLIF(OSVERSION, '') v, COUNT(*) n
        FROM hardware h WHERE ${where} GROUP BY o, v ORDER BY n DESC, o, v LIMIT 10`);
      expect(d.osVersions).toEqual(
        ver.map((r) => ({
          os: r.o === null ? null : String(r.o),
          version: r.v === null ? null : String(r.v),
          count: Number(r.n),
        })),
      );
      const v0 = d.osVersions.find((v) => v.os !== null && v.version !== null)!;
      expect(
        await searchTotal(s, [
          { field: 'hardware.OSNAME', op: 'EQUAL', value: v0.os! },
          { field: 'hardware.OSVERSION', op: 'EQUAL', value: v0.version! },
        ]),
      ).toBe(v0.count);

      const agents = await sql(
        `SELECT NULLIF(USERAGENT, '') v, COUNT(*) n FROM hardware h WHERE ${where} GROUP BY v`,
      );
      for (const x of d.agents.top) {
        expect(x.count).toBe(Number(agents.find((r) => r.v === x.value)?.n));
        if (x.value !== null)
          expect(await searchTotal(s, [{ field: 'hardware.USERAGENT', op: 'EQUAL', value: x.value }])).toBe(
            x.count,
          );
      }

      // Deployments: computers with a package WAITING/NOTIFIED, or ERR_*/EXIT_CODE_*.
      const [dep] = await sql(`SELECT
          COUNT(DISTINCT CASE WHEN d.TVALUE IS NULL OR d.TVALUE = 'NOTIFIED' THEN d.HARDWARE_ID END) p,
          COUNT(DISTINCT CASE WHEN d.TVALUE LIKE 'ERR%' OR d.TVALUE LIKE 'EXIT\\_CODE%' THEN d.HARDWARE_ID END) f
        FROM devices d JOIN hardware h ON h.ID = d.HARDWARE_ID WHERE d.NAME = 'DOWNLOAD' AND ${where}`);
      expect(d.deployments.inProgress).toBe(Number(dep!.p));
      expect(d.deployments.failing).toBe(Number(dep!.f));
      expect(d.deployments.failing).toBeGreaterThan(0);
      const pkg = (value: string, qualifier?: string): Criterion => ({
        field: 'devices.DOWNLOAD',
        op: 'EQUAL',
        value,
        ...(qualifier ? { qualifier } : {}),
      });
      expect(await searchTotal(s, [pkg('WAITING'), pkg('NOTIFIED')], 'any')).toBe(d.deployments.inProgress);
      expect(await searchTotal(s, [pkg('ERROR')])).toBe(d.deployments.failing);
      expect(d.deployments.packages.map((p) => p.name).sort()).toEqual(['pkg-one', 'pkg-two']);
      for (const p of d.deployments.packages) {
        expect(await searchTotal(s, [pkg('ERROR', p.fileId)])).toBe(p.failing);
        expect(await searchTotal(s, [pkg('WAITING', p.fileId), pkg('NOTIFIED', p.fileId)], 'any')).toBe(
          p.inProgress,
        );
      }

      // Top software: computers per name in plain SQL; each name's "has" search gives the same.
      // Counted in the background: asked again until the count has arrived (it says when it counted).
      let top = await call(s, 'dashboard.topSoftware', { limit: 5 });
      for (let i = 0; i < 300 && !top.counts.computedAt; i++) {
        expect(top.rows).toEqual([]);
        expect(top.counts.countingSince).not.toBeNull();
        await new Promise((r) => setTimeout(r, 100));
        top = await call(s, 'dashboard.topSoftware', { limit: 5 });
      }
      expect(top.counts).toMatchObject({ countingSince: null, failed: null });
      const soft = await sql(`SELECT n.NAME name, COUNT(DISTINCT s.HARDWARE_ID) c
        FROM software s JOIN software_name n ON n.ID = s.NAME_ID JOIN hardware h ON h.ID = s.HARDWARE_ID
        WHERE ${where} GROUP BY s.NAME_ID ORDER BY c DESC, n.NAME, n.ID LIMIT 5`);
      expect(top.rows.map((r) => r.computers)).toEqual(soft.map((r) => Number(r.c)));
      expect(top.rows.map((r) => r.name)).toEqual(soft.map((r) => String(r.name)));
      for (const r of top.rows)
        expect(await searchTotal(s, [{ field: 'software.NAME', op: 'HAS', value: r.name }])).toBe(
          r.computers,
        );
    });
  }
});
