import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../shared/contract/connection';
import type { ImportSummary } from '../../shared/contract/import';
import type { JobInfo } from '../../shared/contract/jobs';
import { formatErrorEn } from '../../shared/i18n/format-error';
import { initDatabase } from '../../src-main/database/database.service';
import { createPool, openDb, type DbHandle } from '../../src-main/platform/db/connect';
import { ADMIN, failure, testApp } from '../helpers/app';
import { MAKE_FLEET } from '../helpers/ocs-stack';
import {
  createPrivateMariadb,
  privateMariadbUnavailableReason,
  type PrivateMariadb,
} from '../helpers/private-mariadb';
import { plantedPassword } from '../helpers/planted-passwords';

/**
 * Database faults (issue 23) against a private mariadbd on its own port and datadir: the server
 * crashes in the middle of an import or a search and comes back; a 1 MiB max_allowed_packet; a server
 * that refuses new connections. The app runs as a password-protected account created by OCS Desk's own
 * `initDatabase`, and the same session (DbHandle) must answer again once the server is back.
 */
const reason = privateMariadbUnavailableReason();
const APP = {
  user: 'ocsdesk_fault',
  password: plantedPassword('itFaultApp'),
  hosts: ['127.0.0.1', 'localhost'],
};
const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-db-faults-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function makeFleet(out: string, count: number, seed = 23): string[] {
  execFileSync('python3', [
    MAKE_FLEET,
    '--count',
    String(count),
    '--out',
    out,
    '--seed',
    String(seed),
    '--jobs',
    '1',
  ]);
  return readdirSync(out).filter((f) => f.endsWith('.ocs'));
}

async function initOn(srv: PrivateMariadb, database: string): Promise<ConnectionParams> {
  const { password: _pw, database: _db, ...server } = srv.root();
  await initDatabase({
    server: { ...server, password: '' },
    database,
    appUser: { ...APP, ifExists: 'grant' },
  } as Parameters<typeof initDatabase>[0]);
  return { host: '127.0.0.1', port: srv.port, user: APP.user, password: APP.password, database };
}

/** Child rows per HARDWARE_ID table of one computer (what "fully in" is compared on). */
async function fingerprint(k: Knex, deviceId: string): Promise<Record<string, number> | null> {
  const [hw] = (await k.raw('SELECT ID FROM hardware WHERE DEVICEID = ?', [deviceId])) as [
    Array<{ ID: number }>,
  ];
  if (hw.length === 0) return null;
  expect(hw).toHaveLength(1);
  const out: Record<string, number> = {};
  for (const t of await hardwareIdTables(k)) {
    if (t === 'locks') continue;
    const [[c]] = (await k.raw('SELECT COUNT(*) AS n FROM ?? WHERE HARDWARE_ID = ?', [t, hw[0]!.ID])) as [
      [{ n: number }],
    ];
    if (Number(c.n) > 0) out[t] = Number(c.n);
  }
  return out;
}

async function hardwareIdTables(k: Knex): Promise<string[]> {
  const [rows] = (await k.raw(
    "SELECT TABLE_NAME AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'HARDWARE_ID'",
  )) as [Array<{ t: string }>];
  return rows.map((r) => r.t).filter((t) => t !== 'hardware');
}

/** No child row whose computer is missing; no `locks` row left. */
async function expectNoOrphans(k: Knex): Promise<void> {
  for (const t of await hardwareIdTables(k)) {
    const [[o]] = (await k.raw(
      'SELECT COUNT(*) AS n FROM ?? WHERE HARDWARE_ID NOT IN (SELECT ID FROM hardware)',
      [t],
    )) as [[{ n: number }]];
    expect(Number(o.n), `${t} rows without hardware`).toBe(0);
  }
  const [[l]] = (await k.raw('SELECT COUNT(*) AS n FROM locks')) as [[{ n: number }]];
  expect(Number(l.n), 'locks rows left').toBe(0);
}

async function waitForProcess(root: Knex, like: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const [rows] = (await root.raw(
      "SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE '%metadata lock%' AND INFO LIKE ?",
      [like],
    )) as [Array<{ ID: number }>];
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no statement like ${like} waiting`);
}

describe.skipIf(!!reason)('database faults on a private mariadbd', () => {
  describe('the server crashes (SIGKILL) in the middle of work and comes back', () => {
    let srv: PrivateMariadb;
    let params: ConnectionParams;
    let refParams: ConnectionParams;
    const fleet = path.join(work, 'fleet');
    let files: string[] = [];
    const { app, call, session } = testApp();
    const admin = session(ADMIN);

    beforeAll(async () => {
      srv = await createPrivateMariadb();
      params = await initOn(srv, 'ocsweb_faults');
      refParams = await initOn(srv, 'ocsweb_ref');
      files = makeFleet(fleet, 30);
      const ref = await openDb(refParams);
      try {
        const { runImportBatch } = await import('../../src-main/import/import.service');
        const s = await runImportBatch(
          ref.knex,
          [fleet],
          { mode: 'offline' },
          {
            signal: new AbortController().signal,
            progress: () => undefined,
          },
        );
        expect(s.failed).toBe(0);
      } finally {
        await ref.close();
      }
      await call(admin, 'connection.open', params);
      admin.operator = ADMIN;
    });
    afterAll(async () => {
      await admin.db?.close();
      await srv?.destroy();
    });

    it('offline import through the route: clear error, nothing half-written, a re-run completes on the same session', async () => {
      const db = admin.db as DbHandle;
      const root = await createPool(srv.root('ocsweb_faults'), { max: 1 });
      let rootDown = false;
      try {
        // Hold `software` so the import stops inside a computer's transaction (hardware written, the
        // rest pending), with some computers already committed; then crash the server there.
        const { jobId } = await call(admin, 'import.run', {
          paths: [fleet],
          mode: 'offline',
          concurrency: 2,
        });
        for (let i = 0; i < 600; i++) {
          const [[c]] = (await root.raw('SELECT COUNT(*) AS n FROM hardware')) as [[{ n: number }]];
          if (Number(c.n) >= 3) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await root.raw('LOCK TABLES software WRITE');
        await waitForProcess(root, '%software%');
        await srv.stop('SIGKILL');
        rootDown = true;
        const info: JobInfo = await app.jobs.wait(jobId);
        const codes = new Set<string>();
        if (info.state === 'failed') codes.add(info.error?.code ?? 'none');
        for (const f of (info.result as ImportSummary | undefined)?.files ?? [])
          if (f.status === 'failed') codes.add(f.code ?? 'none');
        expect(codes.size, JSON.stringify(info.error ?? info.result)).toBeGreaterThan(0);
        for (const c of codes) expect(['DB_CONNECTION_LOST', 'DB_UNREACHABLE']).toContain(c);
        if (info.error) {
          const msg = formatErrorEn(info.error.code, info.error.params).message;
          expect(msg).toContain(`127.0.0.1:${srv.port}`);
        }
      } finally {
        await root.destroy();
      }
      expect(rootDown).toBe(true);
      await srv.start();
      // Every computer is either exactly as in the reference import or absent.
      const check = await createPool(params, { max: 1 });
      const ref = await createPool(refParams, { max: 1 });
      try {
        let present = 0;
        for (const f of files) {
          const id = f.replace(/\.ocs$/, '');
          const got = await fingerprint(check, id);
          if (got === null) continue;
          present++;
          expect(got, id).toEqual(await fingerprint(ref, id));
        }
        expect(present).toBeGreaterThan(0);
        expect(present).toBeLessThan(files.length);
        await expectNoOrphans(check);
        // The same session answers again (the pool dropped its dead connections), and a re-run completes.
        const page = await call(admin, 'computers.list', { limit: 10 });
        expect(page.total).toBe(present);
        const { jobId } = await call(admin, 'import.run', {
          paths: [fleet],
          mode: 'offline',
        });
        const again: JobInfo = await app.jobs.wait(jobId);
        expect(again.state, JSON.stringify(again.error)).toBe('succeeded');
        expect((again.result as ImportSummary).failed).toBe(0);
        for (const f of files) {
          const id = f.replace(/\.ocs$/, '');
          expect(await fingerprint(check, id), id).toEqual(await fingerprint(ref, id));
        }
        await expectNoOrphans(check);
      } finally {
        await check.destroy();
        await ref.destroy();
      }
      expect(db).toBe(admin.db);
    });

    it('a search waiting on the server when it crashes: DB_CONNECTION_LOST naming host:port; the next call answers', async () => {
      const root = await createPool(srv.root('ocsweb_faults'), { max: 1 });
      let running: Promise<unknown>;
      try {
        await root.raw('LOCK TABLES hardware WRITE');
        running = call(admin, 'computers.list', { limit: 50, filter: { quick: 'a' } });
        running.catch(() => undefined);
        await waitForProcess(root, '%hardware%');
        await srv.stop('SIGKILL');
      } finally {
        await root.destroy();
      }
      const e = await failure(running);
      expect(e.code).toBe('DB_CONNECTION_LOST');
      expect(formatErrorEn(e.code, e.params).message).toContain(`127.0.0.1:${srv.port}`);
      // While it is down: a clear error, not a hang.
      // A pooled connection the crash left behind may be the one tried first (CONNECTION_LOST), a new
      // one is refused (UNREACHABLE): either way a clear error naming the server at once, never a hang.
      const down = await failure(call(admin, 'computers.list', { limit: 10 }));
      expect(['DB_UNREACHABLE', 'DB_CONNECTION_LOST']).toContain(down.code);
      expect(down.params).toMatchObject({ host: '127.0.0.1', port: srv.port });
      await srv.start();
      const page = await call(admin, 'computers.list', { limit: 10 });
      expect(page.total).toBe(files.length);
    });
  });

  describe('max_allowed_packet of 1 MiB', () => {
    let srv: PrivateMariadb;
    beforeAll(async () => {
      srv = await createPrivateMariadb(['--max-allowed-packet=1M']);
    });
    afterAll(async () => srv?.destroy());

    it('a 6 MB inventory is written in chunks below the packet size, completely', async () => {
      const params = await initOn(srv, 'ocsweb_packet');
      const src = path.join(work, 'one');
      const [f] = makeFleet(src, 1, 6);
      const deviceId = f!.replace(/\.ocs$/, '');
      const soft: string[] = [];
      for (let i = 0; i < 4000; i++) {
        const t = (k: string) => `${k} ${i} `.padEnd(255, 'z');
        soft.push(
          `<SOFTWARES><NAME>${t('name')}</NAME><PUBLISHER>${t('pub')}</PUBLISHER><VERSION>${t('ver')}</VERSION>` +
            `<COMMENTS>${t('comment')}</COMMENTS><FOLDER>${t('folder')}</FOLDER><FILENAME>${t('file')}</FILENAME></SOFTWARES>`,
        );
      }
      const raw = execFileSync('python3', [
        '-c',
        'import sys,zlib;d=open(sys.argv[1],"rb").read()\ntry:\n d=zlib.decompress(d)\nexcept Exception:\n pass\nsys.stdout.buffer.write(d)',
        path.join(src, f!),
      ]).toString('utf8');
      const xml = raw
        .replace(/<SOFTWARES>[\s\S]*?<\/SOFTWARES>\s*/g, '')
        .replace('</CONTENT>', soft.join('\n') + '\n</CONTENT>');
      const file = path.join(work, 'big.ocs');
      writeFileSync(file, xml);
      expect(readFileSync(file).length).toBeGreaterThan(4 * 1024 * 1024);
      const { app, call, session } = testApp();
      const admin = session(ADMIN);
      await call(admin, 'connection.open', params);
      admin.operator = ADMIN;
      try {
        expect((admin.db as DbHandle).maxAllowedPacket).toBe(1024 * 1024);
        const { jobId } = await call(admin, 'import.run', {
          paths: [file],
          mode: 'offline',
        });
        const info: JobInfo = await app.jobs.wait(jobId);
        const s = info.result as ImportSummary;
        const k = (admin.db as DbHandle).knex;
        const [[c]] = (await k.raw(
          'SELECT COUNT(*) AS n FROM software s JOIN hardware h ON h.ID = s.HARDWARE_ID WHERE h.DEVICEID = ?',
          [deviceId],
        )) as [[{ n: number }]];
        if (s.failed === 0) {
          expect(Number(c.n)).toBe(4000);
        } else {
          // Refused: said so, and nothing of it written.
          expect(s.files[0]!.code).toBe('DB_PACKET_TOO_LARGE');
          const [[h]] = (await k.raw('SELECT COUNT(*) AS n FROM hardware')) as [[{ n: number }]];
          expect(Number(h.n)).toBe(0);
        }
        expect(s.failed, JSON.stringify(s.files)).toBe(0);
      } finally {
        await admin.db?.close();
      }
    });
  });

  describe('a server that refuses new connections', () => {
    let srv: PrivateMariadb;
    let params: ConnectionParams;
    beforeAll(async () => {
      srv = await createPrivateMariadb(['--max-connections=10']);
      params = await initOn(srv, 'ocsweb_maxconn');
    });
    afterAll(async () => srv?.destroy());

    it('max_connections saturated by other clients: connection.open and an open session get a clear error, then recover', async () => {
      const { call, session } = testApp();
      const admin = session(ADMIN);
      await call(admin, 'connection.open', params);
      admin.operator = ADMIN;
      const holders: Knex[] = [];
      try {
        // Drop the session's idle connections.
        const ids = srv
          .sql(`SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '${APP.user}'`)
          .split('\n')
          .slice(1)
          .filter(Boolean);
        for (const id of ids) srv.sql(`KILL ${id}`);
        // Other clients take every slot (10 is the server's minimum max_connections) until it refuses one.
        let full = false;
        for (let i = 0; i < 20 && !full; i++) {
          const h = await createPool(params, { max: 1 });
          holders.push(h);
          full = await h.raw('SELECT 1').then(
            () => false,
            (e: { errno?: number }) => e.errno === 1040,
          );
        }
        expect(full).toBe(true);
        const e1 = await failure(call(session(ADMIN), 'connection.open', params));
        expect(e1.code).toBe('DB_TOO_MANY_CONNECTIONS');
        expect(e1.params).toMatchObject({ host: '127.0.0.1', port: srv.port });
        const e2 = await failure(call(admin, 'computers.list', { limit: 10 }));
        expect(e2.code).toBe('DB_TOO_MANY_CONNECTIONS');
        expect(formatErrorEn(e2.code, e2.params).hint).toMatch(/max_connections/);
      } finally {
        for (const h of holders) await h.destroy();
      }
      // A slot is free again: the same session answers.
      const page = await call(admin, 'computers.list', { limit: 10 });
      expect(page.total).toBe(0);
      await admin.db?.close();
    });

    it('a stopped server: connection.open and an open session fail with DB_UNREACHABLE, not a hang', async () => {
      const { call, session } = testApp();
      const admin = session(ADMIN);
      await call(admin, 'connection.open', params);
      admin.operator = ADMIN;
      await srv.stop('SIGTERM');
      try {
        const e1 = await failure(call(session(ADMIN), 'connection.open', params));
        expect(e1.code).toBe('DB_UNREACHABLE');
        expect(e1.params).toMatchObject({ host: '127.0.0.1', port: srv.port, reason: 'ECONNREFUSED' });
        const e2 = await failure(call(admin, 'computers.list', { limit: 10 }));
        expect(['DB_UNREACHABLE', 'DB_CONNECTION_LOST']).toContain(e2.code);
      } finally {
        await srv.start();
      }
      const page = await call(admin, 'computers.list', { limit: 10 });
      expect(page.total).toBe(0);
      await admin.db?.close();
    });
  });

  describe('a read replica that lags or is down', () => {
    let primary: PrivateMariadb;
    let replica: PrivateMariadb;
    let params: ConnectionParams;
    const fleet = path.join(work, 'rep-fleet');
    const more = path.join(work, 'rep-more');
    beforeAll(async () => {
      primary = await createPrivateMariadb(['--log-bin=binlog', '--server-id=1', '--binlog-format=ROW']);
      replica = await createPrivateMariadb(['--server-id=2']);
      // Real replication from the first statement on (both start from the same empty datadir).
      primary.sql(
        "CREATE USER repl@'127.0.0.1' IDENTIFIED BY 'Repl-Pw-1'; GRANT REPLICATION SLAVE ON *.* TO repl@'127.0.0.1';",
      );
      replica.sql(
        `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='repl', MASTER_PASSWORD='Repl-Pw-1', MASTER_USE_GTID=slave_pos; START SLAVE;`,
      );
      params = await initOn(primary, 'ocsweb_rep');
      // The app account may read the replication delay (as an admin would grant for this setup).
      for (const h of APP.hosts) primary.sql(`GRANT SLAVE MONITOR ON *.* TO '${APP.user}'@'${h}'`);
      makeFleet(fleet, 3, 31);
      makeFleet(more, 1, 32);
      const h = await openDb(params);
      try {
        const { runImportBatch } = await import('../../src-main/import/import.service');
        await runImportBatch(h.knex, [fleet], { mode: 'offline' }, noCtl());
      } finally {
        await h.close();
      }
      await caughtUp(3);
    });
    afterAll(async () => {
      await replica?.destroy();
      await primary?.destroy();
    });

    const noCtl = () => ({ signal: new AbortController().signal, progress: () => undefined });
    async function caughtUp(n: number): Promise<void> {
      for (let i = 0; i < 600; i++) {
        const out = replica.sql('SELECT COUNT(*) FROM hardware', 'ocsweb_rep').split('\n')[1];
        if (Number(out) === n) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the replica did not catch up');
    }

    it('reads go to the replica; stopped replication or a dead replica: reads from the primary, said in connection.status; back once it is well', async () => {
      const { call, session } = testApp();
      const admin = session(ADMIN);
      const db = await openDb(
        params,
        { ...params, port: replica.port },
        { retryAfterMs: 300, lagCheckEveryMs: 0 },
      );
      admin.db = db;
      const port = async () =>
        Number(((await db.read.raw('SELECT @@port AS p')) as [[{ p: number }]])[0][0].p);
      try {
        expect(await port()).toBe(replica.port);
        expect((await call(admin, 'connection.status', {})).replica).toMatchObject({
          port: replica.port,
          readsFrom: 'replica',
          reason: null,
          lagSeconds: 0,
        });

        // Lagging: the replica stops applying changes; a computer added on the primary is still listed.
        replica.sql('STOP SLAVE SQL_THREAD');
        const h = await openDb(params);
        try {
          const { runImportBatch } = await import('../../src-main/import/import.service');
          await runImportBatch(h.knex, [more], { mode: 'offline' }, noCtl());
        } finally {
          await h.close();
        }
        expect((await call(admin, 'computers.list', { limit: 10 })).total).toBe(4);
        expect(await port()).toBe(primary.port);
        expect((await call(admin, 'connection.status', {})).replica).toMatchObject({
          readsFrom: 'primary',
          reason: 'lagging',
          detail: 'replication stopped',
        });
        replica.sql('START SLAVE SQL_THREAD');
        await caughtUp(4);
        await new Promise((r) => setTimeout(r, 400)); // past retryAfterMs
        expect(await port()).toBe(replica.port);
        expect((await call(admin, 'connection.status', {})).replica).toMatchObject({ readsFrom: 'replica' });

        // Down (crash): the next reads answer from the primary, the status names the replica and why.
        await replica.stop('SIGKILL');
        expect((await call(admin, 'computers.list', { limit: 10 })).total).toBe(4);
        const st = (await call(admin, 'connection.status', {})).replica;
        expect(st).toMatchObject({ port: replica.port, readsFrom: 'primary', reason: 'unreachable' });
        expect(st?.detail).toContain('ECONNREFUSED');
        await replica.start();
        await caughtUp(4);
        await new Promise((r) => setTimeout(r, 400));
        expect((await call(admin, 'computers.list', { limit: 10 })).total).toBe(4);
        expect(await port()).toBe(replica.port);
      } finally {
        await db.close();
      }
    });
  });
});
