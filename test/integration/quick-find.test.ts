import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { namePrefixQuery, networkPrefixQuery } from '../../src-main/computers/quick-find.repo';
import { createPool } from '../../src-main/platform/db/connect';
import { groupIds, scopeFromParts } from '../../src-main/platform/ocs/scope';
import { ADMIN, USER, failure, testApp, unchecked } from '../helpers/app';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';

/**
 * search.quick (the command palette's quick find) on a seeded fleet plus a few computers named to
 * test prefixes, literal `%`/`_`, the TAG perimeter and the limit; EXPLAIN shows every branch is an
 * indexed range (never a full scan of hardware or networks).
 */
const { app, call, session, connect } = testApp();

const MINE = [
  { name: 'QF-ALPHA-1', tag: 'QF-SITE', ip: '127.99.1.1', mac: 'AA:BB:CC:00:00:01' },
  { name: 'QF-ALPHA-2', tag: 'QF-SITE', ip: '127.99.1.2', mac: 'AA:BB:CC:00:00:02' },
  { name: 'QF_BETA', tag: 'QF-SITE', ip: '127.99.1.3', mac: 'AA:BB:CC:00:00:03' },
  { name: 'QF%GAMMA', tag: 'QF-SITE', ip: '127.99.1.4', mac: 'AA:BB:CC:00:00:04' },
  { name: 'QF-OUTSIDE', tag: 'QF-ELSEWHERE', ip: '127.99.2.1', mac: 'AA:BB:CC:00:01:01' },
];

describe('search.quick', () => {
  let db = '';
  let k: Knex;
  const ids = new Map<string, number>();
  const admin = session(ADMIN);
  const user = session(USER);
  const restricted = session({ ...USER, id: 'qf-restricted', tags: ['QF-SITE'] });

  beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: 3000, seed: 11, batch: 500, concurrency: 2 });
    for (const c of MINE) {
      const [id] = await k('hardware').insert({
        DEVICEID: `DEV-${c.name}`,
        NAME: c.name,
        IPADDR: c.ip,
        LASTCOME: '2026-11-30 08:00:00',
        LASTDATE: '2026-11-30 08:00:00',
      });
      ids.set(c.name, Number(id));
      await k('accountinfo').insert({ HARDWARE_ID: Number(id), TAG: c.tag });
      await k('networks').insert([
        { HARDWARE_ID: Number(id), DESCRIPTION: 'eth0', IPADDRESS: c.ip, MACADDR: c.mac },
        { HARDWARE_ID: Number(id), DESCRIPTION: 'eth1', IPADDRESS: c.ip, MACADDR: c.mac },
      ]);
    }
    await k.raw('ANALYZE TABLE hardware, networks, accountinfo');
    for (const s of [admin, user, restricted]) await connect(s, db);
  });
  afterAll(async () => {
    for (const s of [admin, user, restricted]) await s.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  const names = (hits: Array<{ name: string }>) => hits.map((h) => h.name);

  it('finds computers by name prefix, case-insensitively, with address and last contact', async () => {
    const { hits } = await call(user, 'search.quick', { text: 'qf-alpha' });
    expect(names(hits)).toEqual(['QF-ALPHA-1', 'QF-ALPHA-2']);
    expect(hits[0]).toEqual({
      id: ids.get('QF-ALPHA-1'),
      name: 'QF-ALPHA-1',
      ip: '127.99.1.1',
      lastSeen: '2026-11-30 08:00:00',
      matched: 'name',
    });
  });

  it('finds by IP prefix and by MAC prefix (colons or dashes), one hit per computer', async () => {
    const byIp = await call(user, 'search.quick', { text: '127.99.1.' });
    expect(names(byIp.hits).sort()).toEqual(['QF%GAMMA', 'QF-ALPHA-1', 'QF-ALPHA-2', 'QF_BETA']);
    expect(byIp.hits.every((h) => h.matched === 'ip')).toBe(true);
    expect(byIp.hits.find((h) => h.name === 'QF_BETA')).toMatchObject({
      ip: '127.99.1.3',
      mac: 'AA:BB:CC:00:00:03',
    });

    const byMac = await call(user, 'search.quick', { text: 'aa-bb-cc-00-00-0' });
    expect(names(byMac.hits).sort()).toEqual(['QF%GAMMA', 'QF-ALPHA-1', 'QF-ALPHA-2', 'QF_BETA']);
    expect(byMac.hits.every((h) => h.matched === 'mac')).toBe(true);
    const exact = await call(user, 'search.quick', { text: 'AA:BB:CC:00:01:01' });
    expect(exact.hits).toEqual([expect.objectContaining({ name: 'QF-OUTSIDE', matched: 'mac' })]);
  });

  it('takes % and _ literally (no wildcard injection)', async () => {
    expect(names((await call(user, 'search.quick', { text: 'QF_' })).hits)).toEqual(['QF_BETA']);
    expect(names((await call(user, 'search.quick', { text: 'QF%' })).hits)).toEqual(['QF%GAMMA']);
    expect((await call(user, 'search.quick', { text: '%' })).hits).toEqual([]);
    expect((await call(user, 'search.quick', { text: '_' })).hits).toEqual([]);
    expect((await call(user, 'search.quick', { text: 'Q*' })).hits).toEqual([]);
    expect((await call(user, 'search.quick', { text: '\\' })).hits).toEqual([]);
  });

  it('keeps to the operator TAG perimeter', async () => {
    for (const text of ['QF-', '127.99.', 'AA:BB:CC', 'QF-OUTSIDE', '127.99.2.1']) {
      const { hits } = await call(restricted, 'search.quick', { text });
      expect(names(hits), text).not.toContain('QF-OUTSIDE');
    }
    expect(names((await call(restricted, 'search.quick', { text: 'QF' })).hits).sort()).toEqual([
      'QF%GAMMA',
      'QF-ALPHA-1',
      'QF-ALPHA-2',
      'QF_BETA',
    ]);
    expect(names((await call(admin, 'search.quick', { text: 'QF-O' })).hits)).toEqual(['QF-OUTSIDE']);
  });

  it('returns at most `limit` hits (≤ 20) and refuses empty or long texts', async () => {
    expect((await call(user, 'search.quick', { text: '1', limit: 20 })).hits).toHaveLength(20);
    expect((await call(user, 'search.quick', { text: '1', limit: 3 })).hits).toHaveLength(3);
    expect((await call(user, 'search.quick', { text: 'QF' })).hits.length).toBeLessThanOrEqual(10);
    for (const input of [{ text: '' }, { text: '   ' }, { text: 'x'.repeat(101) }, { text: 'a', limit: 21 }])
      expect(await failure(call(user, 'search.quick', unchecked(input)))).toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    void app;
  });

  it('reads only indexed ranges: NAME on hardware, IPADDRESS and MACADDR on networks', async () => {
    const explain = async (q: Knex.QueryBuilder) => {
      const { sql, bindings } = q.toSQL();
      const [rows] = (await k.raw(`EXPLAIN ${sql}`, bindings as Knex.RawBinding[])) as [
        Array<{ table: string; type: string; key: string | null }>,
      ];
      return rows;
    };
    const grp = await groupIds(k);
    for (const tags of [null, ['QF-SITE']]) {
      const scope = scopeFromParts(tags, grp);
      const plans = {
        name: await explain(namePrefixQuery(k, scope, 'PAR', 20)),
        ip: await explain(networkPrefixQuery(k, scope, 'IPADDRESS', '10.1', 40)),
        mac: await explain(networkPrefixQuery(k, scope, 'MACADDR', '3C:52', 40)),
      };
      const ctx = JSON.stringify({ tags, plans }, null, 1);
      // Every table is read through an index (a restricted operator's plan may start from its TAGs).
      for (const p of Object.values(plans))
        for (const r of p.filter((x) => x.table)) {
          expect(r.type, ctx).not.toBe('ALL');
          expect(r.key, ctx).not.toBeNull();
        }
      if (tags) continue;
      expect(
        plans.name.find((r) => r.table === 'h'),
        ctx,
      ).toMatchObject({ type: 'range', key: 'NAME' });
      expect(
        plans.ip.find((r) => r.table === 'n'),
        ctx,
      ).toMatchObject({ type: 'range', key: 'IPADDRESS' });
      expect(
        plans.mac.find((r) => r.table === 'n'),
        ctx,
      ).toMatchObject({ type: 'range', key: 'MACADDR' });
    }
  });
});
