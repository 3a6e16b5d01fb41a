import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import type { JobInfo } from '../../shared/contract/jobs';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { ADMIN, failure, testApp, USER } from '../helpers/app';
import { createOcsDb, dropDb, ROOT, rootParams } from '../helpers/db';
import { OPTIONAL_INDEXES } from '../helpers/optional-indexes';
import { stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

const noStack = stackUnavailableReason();

describe('the optional ocsdesk_* indexes: status, estimates, create, drop, who may', () => {
  const base = testApp();
  const sessions: Array<ReturnType<typeof base.session>> = [];
  const t = {
    ...base,
    session: (op: Parameters<typeof base.session>[0]) => {
      const s = base.session(op);
      sessions.push(s);
      return s;
    },
  };
  let db = '';
  let k: Knex;
  const roUser = `ocsdesk_ro_${randomBytes(3).toString('hex')}`;
  const roPassword = 'Ro-Pw-' + randomBytes(6).toString('hex');

  beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: 1500, seed: 3, batch: 500, concurrency: 1 });
    await k.raw('ANALYZE TABLE hardware, software, devices');
    const r = await createPool(ROOT, { database: null, max: 1 });
    try {
      await r.raw('CREATE USER ?@? IDENTIFIED BY ?', [roUser, '127.0.0.1', roPassword]);
      await r.raw('GRANT SELECT, INSERT, UPDATE, DELETE ON ??.* TO ?@?', [db, roUser, '127.0.0.1']);
    } finally {
      await r.destroy();
    }
  });
  afterAll(async () => {
    t.app.jobs.cancelAll();
    for (const s of sessions) await s.dispose();
    await k?.destroy();
    const r = await createPool(ROOT, { database: null, max: 1 });
    try {
      await r.raw('DROP USER IF EXISTS ?@?', [roUser, '127.0.0.1']);
    } finally {
      await r.destroy();
    }
    if (db) await dropDb(db);
  });

  async function runJob(
    s: ReturnType<typeof t.session>,
    route: 'computers.createPerfIndexes' | 'computers.dropPerfIndexes',
  ): Promise<JobInfo> {
    const { jobId } = await t.call(s, route);
    return t.app.jobs.wait(jobId);
  }

  async function indexesInDb(): Promise<string[]> {
    const [rows] = (await k.raw(
      "SELECT DISTINCT CONCAT(TABLE_NAME, '.', INDEX_NAME) AS n FROM information_schema.STATISTICS " +
        "WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME LIKE 'ocsdesk\\_%' ORDER BY n",
    )) as [Array<{ n: string }>];
    return rows.map((r) => r.n);
  }

  it('reports them missing with estimates from the table sizes, creates and drops them online', async () => {
    const admin = await t.connect(t.session(ADMIN), db);
    const before = await t.call(admin, 'computers.perfIndexes');
    expect(before, JSON.stringify(before)).toMatchObject({ canChange: true });
    expect(before.blockedBy).toBeNull();
    expect(before.database).toBe(db);
    expect(before.indexes.map((i) => i.name)).toEqual([...OPTIONAL_INDEXES]);
    expect(before.indexes.every((i) => !i.present)).toBe(true);
    const sw = before.indexes.find((i) => i.name === 'ocsdesk_name_hw')!;
    const hw = before.indexes.find((i) => i.name === 'ocsdesk_lastdate')!;
    // InnoDB's estimate: ~1,500 hardware rows, far more software rows; the software index is the big one.
    expect(hw.tableRows).toBeGreaterThan(1000);
    expect(sw.tableRows!).toBeGreaterThan(20 * hw.tableRows!);
    expect(sw.estimatedBytes!).toBeGreaterThan(10 * hw.estimatedBytes!);
    expect(sw.estimatedSeconds).toBeGreaterThanOrEqual(1);

    const created = await runJob(admin, 'computers.createPerfIndexes');
    expect(created.state).toBe('succeeded');
    expect((created.result as { created: string[] }).created).toHaveLength(5);
    expect(await indexesInDb()).toEqual([
      'devices.ocsdesk_name_ivalue',
      'hardware.ocsdesk_lastcome',
      'hardware.ocsdesk_lastdate',
      'software.ocsdesk_name_hw',
      'software.ocsdesk_triple_hw',
    ]);
    const after = await t.call(admin, 'computers.perfIndexes');
    expect(after.indexes.every((i) => i.present)).toBe(true);
    // Creating again is a no-op, not an error.
    const again = await runJob(admin, 'computers.createPerfIndexes');
    expect((again.result as { created: string[] }).created).toEqual([]);

    const dropped = await runJob(admin, 'computers.dropPerfIndexes');
    expect(dropped.state).toBe('succeeded');
    expect((dropped.result as { dropped: string[] }).dropped).toHaveLength(5);
    expect(await indexesInDb()).toEqual([]);
  });

  it('a User operator sees the status but may not change it', async () => {
    const user = await t.connect(t.session(USER), db);
    const r = await t.call(user, 'computers.perfIndexes');
    expect(r.indexes).toHaveLength(5);
    for (const route of ['computers.createPerfIndexes', 'computers.dropPerfIndexes'] as const) {
      expect((await failure(t.call(user, route))).code).toBe('FORBIDDEN');
    }
  });

  it('an account without ALTER/INDEX sees the status, who can fix it, and a clear refusal', async () => {
    const s = t.session(ADMIN);
    await t.app.router.invoke(
      'connection.open',
      { ...ROOT, user: roUser, password: roPassword, database: db },
      s,
      'test',
    );
    s.operator = ADMIN;
    const r = await t.call(s, 'computers.perfIndexes');
    expect(r.canChange).toBe(false);
    expect(r.blockedBy).toBe('privileges');
    expect(r.account).toBe(`${roUser}@127.0.0.1`);
    const info = await runJob(s, 'computers.createPerfIndexes');
    expect(info.state).toBe('failed');
    expect(info.error?.code).toBe('DB_ACCESS_DENIED');
    expect(String(info.error?.params.detail)).toContain('GRANT ALTER, INDEX');
    expect(await indexesInDb()).toEqual([]);
  });

  it('cancelling a creation leaves no half-built index and the table usable', async () => {
    const admin = await t.connect(t.session(ADMIN), db);
    const { jobId } = await t.call(admin, 'computers.createPerfIndexes');
    await t.call(admin, 'jobs.cancel', { jobId });
    const info = await t.app.jobs.wait(jobId);
    // Either cancelled before/while building (rolled back) or it finished first: never in between.
    const names = await indexesInDb();
    if (info.state === 'cancelled') expect(names.length).toBeLessThan(4);
    else expect(info.state).toBe('succeeded');
    const [[{ n }]] = (await k.raw('SELECT COUNT(*) AS n FROM software')) as [[{ n: number }]];
    expect(Number(n)).toBeGreaterThan(0);
    await runJob(admin, 'computers.dropPerfIndexes');
  });

  it.skipIf(!!noStack)(
    'the real comm server keeps accepting inventories while the indexes are built and after',
    async () => {
      await withStackLock(async () => {
        await stack('use-db', db);
        const admin = await t.connect(t.session(ADMIN), db);
        // On this small fleet one creation takes well under a second and an agent run several: the
        // indexes are created and dropped over and over for as long as the agent's inventory is being
        // sent and stored, so the comm server's writes really meet the online DDL.
        // The comm server logs through mod_perl's stderr into Apache's main error log.
        const errorLog = '/var/log/apache2/error.log';
        const logFrom = statSync(errorLog).size;
        let sent = false;
        const sending = stack('agent-send').then(
          (out) => ({ out }),
          (e: unknown) => ({ error: e }),
        );
        void sending.finally(() => {
          sent = true;
        });
        let rounds = 0;
        do {
          expect((await runJob(admin, 'computers.createPerfIndexes')).state).toBe('succeeded');
          expect((await runJob(admin, 'computers.dropPerfIndexes')).state).toBe('succeeded');
          rounds++;
        } while (!sent);
        expect(rounds).toBeGreaterThan(0);
        const first = await sending;
        let during: string;
        if ('out' in first) {
          during = first.out.trim().split('\n').pop()!.trim();
        } else {
          // The one refusal online DDL may cause (docs/schema-compat.md): the inventory's transaction
          // had read a table whose ALTER was starting or committing, and MariaDB chose it as the
          // deadlock victim. Nothing else may have failed, and the agent's next contact lands.
          const added = readFileSync(errorLog).subarray(logFrom).toString('utf8');
          expect(added, String(first.error)).toMatch(/Deadlock found when trying to get lock/);
          during = (await stack('agent-send')).trim().split('\n').pop()!.trim();
        }
        const info = await runJob(admin, 'computers.createPerfIndexes');
        expect(info.state).toBe('succeeded');
        const afterId = (await stack('agent-send')).trim().split('\n').pop()!.trim();
        for (const deviceId of [during, afterId]) {
          const hw = (await k('hardware').where('DEVICEID', deviceId).first('ID', 'LASTDATE')) as
            { ID: number } | undefined;
          expect(hw, deviceId).toBeDefined();
          const [[{ n }]] = (await k.raw('SELECT COUNT(*) AS n FROM software WHERE HARDWARE_ID = ?', [
            hw!.ID,
          ])) as [[{ n: number }]];
          expect(Number(n)).toBeGreaterThan(0);
        }
        expect(await indexesInDb()).toHaveLength(5);
        // The schema-compat check OCS Desk runs on connect still accepts the database.
        const report = await t.call(admin, 'database.inspect');
        expect(report.schema.state).toBe('ok');
        expect((report as unknown as { upgrade: { steps: string[] } }).upgrade.steps).toEqual([]);
      });
    },
    300_000,
  );
});
