import type { Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import type { InitResult } from '../../shared/contract/database';
import { fillDemoFleet } from '../../src-main/demo/demo.service';
import { createPool } from '../../src-main/platform/db/connect';
import { DEMO_TABLE } from '../../src-main/platform/ocs/console-tables';
import type { Session } from '../../src-main/platform/rpc/session';
import { createOcsDb, dropDb, grantApp, ROOT, rootParams, uniqueDbName } from '../helpers/db';
import { ADMIN, testApp, unchecked } from '../helpers/app';
import { runCli } from '../helpers/cli';

/**
 * The first-run demo path (issue 19): database.init creates a new OCS database filled with a generated
 * demo fleet, marked in OCS Desk's own table; connected to it, connection.status says so (the header's
 * badge). Demo rows never go into a database that already holds an OCS schema or computers.
 */
describe('demo database', () => {
  const { app, session, call, connect } = testApp();
  const { database: _d, ...server } = ROOT;
  const dbs: string[] = [];
  const sessions: Session[] = [];
  const fresh = () => {
    const s = session();
    sessions.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of sessions) await s.dispose();
    for (const db of dbs) await dropDb(db);
  });

  const count = async (k: Knex, table: string, where?: (q: Knex.QueryBuilder) => void) => {
    const q = k(table);
    where?.(q);
    return Number(((await q.count({ n: '*' }).first()) as { n: number | string }).n);
  };

  it('creates a database with N demo computers (software, TAGs, networks), marked, and connected says so', async () => {
    const db = uniqueDbName('ocsdesk_demo');
    dbs.push(db);
    const s = fresh();
    const { jobId } = await call(s, 'database.init', { server, database: db, demo: { computers: 120 } });
    const info = await app.jobs.wait(jobId);
    expect(info.state).toBe('succeeded');
    const result = info.result as InitResult;
    expect(result.demo).toMatchObject({ computers: 120 });
    expect(result.demo!.softwareRows).toBeGreaterThan(120 * 20);

    const k = await createPool(rootParams(db), { max: 1 });
    try {
      const computers = (q: Knex.QueryBuilder) =>
        void q.whereNotIn('DEVICEID', ['_SYSTEMGROUP_', '_DOWNLOADGROUP_']);
      expect(await count(k, 'hardware', computers)).toBe(120);
      expect(await count(k, 'accountinfo')).toBe(120);
      const tags = (await k('accountinfo').distinct('TAG')) as Array<{ TAG: string }>;
      expect(tags.length).toBeGreaterThanOrEqual(5);
      expect(await count(k, 'networks')).toBeGreaterThanOrEqual(120);
      expect(await count(k, 'software')).toBe(result.demo!.softwareRows);
      expect(await count(k, 'software_name')).toBeGreaterThan(50);
      const oses = (await k('hardware').distinct('OSNAME')) as Array<{ OSNAME: string }>;
      expect(oses.some((o) => o.OSNAME.startsWith('Microsoft Windows'))).toBe(true);
      const marker = (await k(DEMO_TABLE).select('COMPUTERS')) as Array<{ COMPUTERS: number }>;
      expect(marker).toEqual([{ COMPUTERS: 120 }]);
    } finally {
      await k.destroy();
    }

    // Connected as the application account: the status carries the marker (the "Demo data" badge).
    await grantApp(db);
    const c = await connect(fresh(), db);
    expect((await call(c, 'connection.status')).demo).toMatchObject({ computers: 120 });

    // Its networks are made up: IP discovery refuses to scan them, before any tool runs.
    const k2 = await createPool(rootParams(db), { max: 1 });
    const net = ((await k2('networks').first('IPSUBNET')) as { IPSUBNET: string }).IPSUBNET;
    await k2.destroy();
    const admin = await connect(session(ADMIN), db);
    sessions.push(admin);
    const scan = await call(admin, 'ipdiscover.analyse', { netId: net });
    const refused = await app.jobs.wait(scan.jobId);
    expect(refused.state).toBe('failed');
    expect(refused.error).toMatchObject({ code: 'CONFLICT' });
    expect(JSON.stringify(refused.error)).toContain('demo data');
  });

  it('a database without demo data has no marker', async () => {
    const db = await createOcsDb();
    dbs.push(db);
    const c = await connect(fresh(), db);
    expect((await call(c, 'connection.status')).demo).toBeNull();
  });

  it('refuses demo data in a database that holds computers or an OCS schema, changing nothing', async () => {
    const db = await createOcsDb();
    dbs.push(db);
    const k = await createPool(rootParams(db), { max: 1 });
    try {
      await k('hardware').insert({ DEVICEID: 'REAL-PC-2026-12-06-00-00-00', NAME: 'REAL-PC' });
      const refused = await fillDemoFleet(k, db, { computers: 20 }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'CONFLICT' });
      expect(String((refused as { params: { detail: string } }).params.detail)).toContain('1 computer');
      expect(await count(k, 'hardware')).toBe(1);
      expect(await k.schema.hasTable(DEMO_TABLE)).toBe(false);

      // Through the wizard's route: an existing schema (read-only account only) never gets demo rows.
      const { jobId } = await call(
        fresh(),
        'database.init',
        unchecked({
          server,
          database: db,
          readonlyUser: { user: `ocsdesk_demo_ro_${process.pid}`, password: 'Demo-Refused-2026' },
          demo: { computers: 20 },
        }),
      );
      const info = await app.jobs.wait(jobId);
      expect(info.state).toBe('failed');
      expect(info.error).toMatchObject({ code: 'CONFLICT' });
      expect(await count(k, 'hardware')).toBe(1);
      expect(await k.schema.hasTable(DEMO_TABLE)).toBe(false);
    } finally {
      await k.destroy();
    }
  });

  it('a cancelled demo fill leaves nothing behind (the new database is removed)', async () => {
    const db = uniqueDbName('ocsdesk_demo');
    dbs.push(db);
    const s = fresh();
    const { jobId } = await call(s, 'database.init', { server, database: db, demo: { computers: 5000 } });
    // Cancel once the fleet is being written (progress note of the demo phase).
    for (;;) {
      const j = await call(s, 'jobs.get', { jobId });
      if (j.note === 'demo fleet' || j.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await call(s, 'jobs.cancel', { jobId });
    const info = await app.jobs.wait(jobId);
    expect(info.state).toBe('cancelled');
    const root = await createPool(ROOT, { database: null, max: 1 });
    try {
      const [rows] = (await root.raw('SHOW DATABASES LIKE ?', [db])) as [unknown[]];
      expect(rows).toEqual([]);
    } finally {
      await root.destroy();
    }
  });
  it('ocs-desk db init --demo N: the CLI makes the same marked demo database', async () => {
    const db = uniqueDbName('ocsdesk_demo');
    dbs.push(db);
    const out = await runCli(
      [
        'db',
        'init',
        '--host',
        ROOT.host,
        '--port',
        String(ROOT.port),
        '--admin-user',
        ROOT.user,
        '--database',
        db,
        '--demo',
        '15',
      ],
      { OCS_DB_ADMIN_PASSWORD: ROOT.password ?? '' },
    );
    expect(out.stderr).not.toMatch(/error/i);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/demo data: 15 generated computers, \d+ software rows \(marked as demo\)/);
    const k = await createPool(rootParams(db), { max: 1 });
    try {
      expect(await k(DEMO_TABLE).select('COMPUTERS')).toEqual([{ COMPUTERS: 15 }]);
      expect(await count(k, 'accountinfo')).toBe(15);
    } finally {
      await k.destroy();
    }
  });
});
