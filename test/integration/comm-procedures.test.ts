import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/contract/import';
import { runImportBatch } from '../../src-main/import/import.service';
import { openWriter, releaseLocks, takeLocks } from '../../src-main/platform/ocs/comm-procedures';
import { APP_ACCOUNT, createRealSchemaDb, dropDb, realSchemaAvailable } from '../helpers/db';
import { buildCli, childEnv, noCtl, withPool, withSoftware } from '../helpers/import-test';
import { MAKE_FLEET } from '../helpers/ocs-stack';

/**
 * Issue 16 defect 8: the `locks` protocol of platform/ocs/comm-procedures. A row left by a dead OCS Desk
 * writer (kill -9) is taken over at once; rows of a live writer (another OCS Desk process, the comm
 * server) are respected until LOCK_REUSE_TIME, as the comm server does.
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-procs-it-'));
const dbs: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function lockRows(k: Knex, id: number): Promise<Array<{ ID: number | null }>> {
  const [rows] = (await k.raw('SELECT ID FROM locks WHERE HARDWARE_ID = ?', [id])) as [
    Array<{ ID: number | null }>,
  ];
  return rows;
}

async function computer(
  k: Knex,
  deviceId: string,
): Promise<{ id: number; software: number; first: string | null }> {
  const [[r]] = (await k.raw(
    `SELECT h.ID AS id, (SELECT COUNT(*) FROM software s WHERE s.HARDWARE_ID = h.ID) AS software,
       (SELECT MIN(n.NAME) FROM software s JOIN software_name n ON n.ID = s.NAME_ID WHERE s.HARDWARE_ID = h.ID) AS first
       FROM hardware h WHERE h.DEVICEID = ?`,
    [deviceId],
  )) as [[{ id: number; software: number; first: string | null }]];
  return { id: Number(r.id), software: Number(r.software), first: r.first };
}

const failures = (s: ImportSummary) => JSON.stringify(s.files.filter((f) => f.status === 'failed'));

describe.skipIf(!realSchemaAvailable())('locks left by OCS Desk and by others', () => {
  let db = '';
  let deviceId = '';
  let small = '';
  let big = '';
  let hid = 0;
  beforeAll(async () => {
    const src = path.join(work, 'src');
    execFileSync('python3', [
      MAKE_FLEET,
      '--count',
      '1',
      '--out',
      src,
      '--seed',
      '8',
      '--jobs',
      '1',
      '--compress',
      'none',
    ]);
    const f = readdirSync(src).find((x) => x.endsWith('.ocs'))!;
    deviceId = f.replace(/\.ocs$/, '');
    const xml = readFileSync(path.join(src, f), 'utf8');
    small = path.join(work, 'small', f);
    big = path.join(work, 'big', f);
    mkdirSync(path.dirname(small));
    mkdirSync(path.dirname(big));
    writeFileSync(small, withSoftware(xml, 30, 'small'));
    // Big enough that its writes take a while: the test kills the importing process in the middle.
    writeFileSync(big, withSoftware(xml, 6000, 'big', true));
    db = await createRealSchemaDb();
    dbs.push(db);
    await withPool(db, async (k) => {
      const s = await runImportBatch(k, [small], { mode: 'offline' }, noCtl());
      expect(s.imported, failures(s)).toBe(1);
      hid = (await computer(k, deviceId)).id;
    });
  });

  it('takes over at once the rows of a writer that is gone, never those of a live one', async () => {
    await withPool(db, async (k) => {
      const a = await openWriter(k);
      const b = await openWriter(k);
      expect(a.recognisable && b.recognisable).toBe(true);
      expect(a.lockId).toBeLessThan(0);
      expect(await takeLocks(k, [900001, 900002], a)).toEqual([900001, 900002]);
      expect(await takeLocks(k, [900001, 900002, 900003], b)).toEqual([900003]);
      await a.close(); // like a killed process: its rows stay, its named lock goes
      expect((await takeLocks(k, [900001, 900002], b)).sort()).toEqual([900001, 900002]);
      await releaseLocks(k, [900001, 900002, 900003], b);
      await b.close();
    });
  });

  it("a new writer sweeps a dead writer's rows on computers nobody touches again; live and comm server rows stay", async () => {
    await withPool(db, async (k) => {
      const dead = await openWriter(k);
      const live = await openWriter(k);
      expect(await takeLocks(k, [900011], dead)).toEqual([900011]);
      expect(await takeLocks(k, [900012], live)).toEqual([900012]);
      await k.raw('INSERT INTO locks (HARDWARE_ID, ID, SINCE) VALUES (900013, 4242, NOW())');
      await dead.close(); // like a killed merge: its row stays, on a computer no later operation takes
      const next = await openWriter(k);
      const [rows] = (await k.raw(
        'SELECT HARDWARE_ID AS h, ID FROM locks WHERE HARDWARE_ID IN (900011, 900012, 900013) ORDER BY 1',
      )) as [Array<{ h: number; ID: number }>];
      expect(rows.map((r) => [Number(r.h), Number(r.ID)])).toEqual([
        [900012, live.lockId],
        [900013, 4242],
      ]);
      await releaseLocks(k, [900012], live);
      await k.raw('DELETE FROM locks WHERE HARDWARE_ID = 900013');
      await next.close();
      await live.close();
    });
  });

  it('an open writer keeps no metadata lock on `locks`: DDL on the table does not wait for it', async () => {
    await withPool(db, async (k) => {
      const w = await openWriter(k);
      try {
        // Was: the sweep ran in the writer's long transaction, so ALTER TABLE locks waited for the writer.
        await k.raw('SET SESSION lock_wait_timeout = 3');
        await k.raw('ALTER TABLE locks COMMENT = ?', ['ocs-desk test']);
        await k.raw("ALTER TABLE locks COMMENT = ''");
      } finally {
        await w.close();
      }
    });
  });

  it('a comm server lock (an Apache pid) is respected until LOCK_REUSE_TIME, then taken over', async () => {
    await withPool(db, async (k) => {
      await k.raw('INSERT INTO locks (HARDWARE_ID, ID, SINCE) VALUES (?, 4242, NOW())', [hid]);
      const s = await runImportBatch(k, [small], { mode: 'offline' }, noCtl());
      expect(s.failed).toBe(1);
      expect(s.files[0]).toMatchObject({ status: 'failed', code: 'CONFLICT' });
      expect(await lockRows(k, hid)).toEqual([{ ID: 4242 }]);
      // Older than LOCK_REUSE_TIME (600 s by default): taken over, as the comm server does.
      await k.raw('UPDATE locks SET SINCE = NOW() - INTERVAL 700 SECOND WHERE HARDWARE_ID = ?', [hid]);
      const t = await runImportBatch(k, [small], { mode: 'offline' }, noCtl());
      expect(t.imported, failures(t)).toBe(1);
      expect(await lockRows(k, hid)).toEqual([]);
    });
  });

  it('a live OCS Desk process holding the computer is respected; once it is killed, a re-run goes through', async () => {
    const holder = await buildCli(work, path.resolve(import.meta.dirname, '../helpers/hold-lock.ts'));
    const child = spawn(process.execPath, [holder, db, String(hid)], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
      child.once('exit', () => reject(new Error(`holder exited: ${err}`)));
    });
    await withPool(db, async (k) => {
      const s = await runImportBatch(k, [small], { mode: 'offline' }, noCtl());
      expect(s.files[0]).toMatchObject({ status: 'failed', code: 'CONFLICT' });
      expect((await lockRows(k, hid))[0]!.ID).toBeLessThan(0);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      // The server frees the dead process's named lock when it sees its connection close.
      for (let i = 0; i < 100; i++) {
        const [[r]] = (await k.raw(
          'SELECT IS_USED_LOCK(CONCAT(?, -ID)) AS u FROM locks WHERE HARDWARE_ID = ?',
          ['ocs-desk-writer-', hid],
        )) as [[{ u: number | null }]];
        if (r.u === null) break;
        await sleep(50);
      }
      const t = await runImportBatch(k, [small], { mode: 'offline' }, noCtl());
      expect(t.imported, failures(t)).toBe(1);
      expect(await lockRows(k, hid)).toEqual([]);
    });
  });

  it('an import killed with kill -9 while it holds the lock does not block the re-run, and the computer is right', async () => {
    const cli = await buildCli(work);
    const child = spawn(
      process.execPath,
      [cli, 'import', '--offline', big, '--quiet', '--user', APP_ACCOUNT.user, '--database', db],
      {
        env: childEnv({ OCS_DB_PASSWORD: APP_ACCOUNT.password, OCS_DB_HOST: '127.0.0.1' }),
        stdio: 'ignore',
      },
    );
    children.push(child);
    await withPool(db, async (k) => {
      let seen = false;
      for (let i = 0; i < 3000 && !seen && child.exitCode === null; i++) {
        seen = (await lockRows(k, hid)).length > 0;
        if (!seen) await sleep(20);
      }
      expect(seen, 'the child import took the lock').toBe(true);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(await lockRows(k, hid)).toHaveLength(1); // left behind by the dead import
      expect((await computer(k, deviceId)).software).toBe(30); // its transaction rolled back
      const t = await runImportBatch(k, [big], { mode: 'offline' }, noCtl());
      expect(t.imported, failures(t)).toBe(1);
      expect(t.files[0]!.attempts).toBeLessThan(6);
      expect(await computer(k, deviceId)).toEqual({ id: hid, software: 6000, first: 'big product 0' });
      expect(await lockRows(k, hid)).toEqual([]);
    });
  });
});
