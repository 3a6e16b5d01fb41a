import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportFileResult } from '../../shared/contract/import';
import { runImportBatch, SERVER_MAX_CONCURRENCY } from '../../src-main/import/import.service';
import { readOcsFile } from '../../src-main/import/ocs-reader';
import { createPool } from '../../src-main/platform/db/connect';
import type { Knex } from 'knex';
import {
  APP_ACCOUNT,
  createRealSchemaDb,
  dropDb,
  ROOT,
  realSchemaAvailable,
  rootParams,
  uniqueDbName,
} from '../helpers/db';
import { MAKE_FLEET, onFreshStackDb, STACK_ENV, stackUnavailableReason } from '../helpers/ocs-stack';
import { noCtl, withPool } from '../helpers/import-test';

/**
 * Issue 16 defects 4 and 5, against the real comm server 2.8.1, on fresh files (a random make-fleet range
 * the suite has never seen): every file server mode reports imported holds exactly its rows when the batch
 * ends, and a POST that times out is reported from what the database holds.
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-import-server-'));
const dbs: string[] = [];
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

function freshFleet(name: string, count: number): string {
  const out = path.join(work, name);
  const start = 1_000_000 + Math.floor(Math.random() * 2_000_000);
  execFileSync('python3', [
    MAKE_FLEET,
    '--count',
    String(count),
    '--out',
    out,
    '--seed',
    String(start % 9973),
    '--start-index',
    String(start),
    '--jobs',
    '1',
  ]);
  return out;
}

const SOFTWARE_COLS =
  'HARDWARE_ID, NAME_ID, PUBLISHER_ID, VERSION_ID, FOLDER, COMMENTS, FILENAME, FILESIZE, SOURCE, GUID, LANGUAGE, INSTALLDATE, BITSWIDTH';

/** The server on a stack database of its own for `fn`. */
async function onStackDb<T>(fn: (db: string) => Promise<T>): Promise<T> {
  const db = uniqueDbName('ocsdesk_it_srvimp');
  dbs.push(db);
  return onFreshStackDb(db, () => fn(db));
}

const stackReason = stackUnavailableReason();

describe.skipIf(!!stackReason || !realSchemaAvailable())(
  'server mode: imported means the rows are there when the batch ends (defect 4)',
  () => {
    it(`at the highest allowed concurrency (${SERVER_MAX_CONCURRENCY}) over fresh files, every imported file is re-checked; rows changed after its check are caught`, async () => {
      const fleet = freshFleet('recheck', 16);
      const files = readdirSync(fleet)
        .filter((f) => f.endsWith('.ocs'))
        .sort();
      const duplicated = files[2]!;
      const deleted = files[5]!;
      await onStackDb(async (db) => {
        const root = await createPool(rootParams(db), { max: 1 });
        try {
          // What the comm server's concurrency bug does: write a computer again after OCS Desk's check.
          const afterFile = async (r: ImportFileResult) => {
            if (r.status !== 'imported') return;
            if (path.basename(r.path) === duplicated)
              await root.raw(
                `INSERT INTO software (${SOFTWARE_COLS}) SELECT ${SOFTWARE_COLS} FROM software WHERE HARDWARE_ID = ? ORDER BY ID LIMIT 1`,
                [r.hardwareId],
              );
            if (path.basename(r.path) === deleted)
              await root.raw('DELETE FROM hardware WHERE ID = ?', [r.hardwareId]);
          };
          const s = await withPool(db, (k) =>
            runImportBatch(
              k,
              [fleet],
              { mode: 'server', serverUrl: STACK_ENV.serverUrl, concurrency: 16, afterFile },
              noCtl(),
            ),
          );
          const byName = new Map(s.files.map((f) => [path.basename(f.path), f]));
          expect(byName.get(duplicated)).toMatchObject({
            status: 'failed',
            code: 'CONFLICT',
            reason: 'changed-after-check',
          });
          expect(byName.get(duplicated)!.message).toMatch(/software-count-mismatch: \d+ rows stored/);
          expect(byName.get(deleted)).toMatchObject({ status: 'failed', reason: 'deleted-after-check' });
          const others = s.files.filter((f) => ![duplicated, deleted].includes(path.basename(f.path)));
          expect(
            others.filter((f) => f.status !== 'imported'),
            'the real server at the cap',
          ).toEqual([]);
          expect(s.imported).toBe(files.length - 2);
          // Independently of OCS Desk's check: each imported computer has as many software rows as its file.
          for (const f of others) {
            const inv = await readOcsFile(f.path);
            const [[c]] = (await root.raw(
              'SELECT COUNT(*) AS n FROM software s JOIN hardware h ON h.ID = s.HARDWARE_ID WHERE h.DEVICEID = ?',
              [inv.deviceId],
            )) as [[{ n: number }]];
            expect(Number(c.n), f.path).toBe(inv.sections.get('SOFTWARES')?.length ?? 0);
          }
        } finally {
          await root.destroy();
        }
      });
    });
  },
);

/** A comm server stand-in: `slow` forwards the POST to the real server, then answers too late; `silent` never answers. */
async function standIn(kind: 'slow' | 'silent'): Promise<{ url: string; close: () => Promise<void> }> {
  const srv = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      if (kind === 'silent') return;
      void fetch(STACK_ENV.serverUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-compress', 'User-Agent': req.headers['user-agent'] ?? '' },
        body: Buffer.concat(body),
      }).then(async (r) => {
        await r.arrayBuffer();
        // The answer comes after the client gave up (it closes the connection first).
        setTimeout(() => res.writeHead(r.status).end(), 60_000).unref();
      });
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/ocsinventory`,
    close: () => {
      srv.closeAllConnections();
      return new Promise<void>((r) => srv.close(() => r()));
    },
  };
}

describe.skipIf(!!stackReason || !realSchemaAvailable())(
  'server mode: a timeout is reported from the database (defect 5)',
  () => {
    it('the server stored the file after the timeout: imported (after timeout)', async () => {
      const fleet = freshFleet('slow', 1);
      const proxy = await standIn('slow');
      try {
        await onStackDb(async (db) => {
          const s = await withPool(db, (k) =>
            runImportBatch(k, [fleet], { mode: 'server', serverUrl: proxy.url, timeoutSeconds: 5 }, noCtl()),
          );
          expect(s.files[0]).toMatchObject({
            status: 'imported',
            reason: 'imported-after-timeout',
            attempts: 1,
          });
          expect(s.files[0]!.message).toMatch(/after timeout.*5 s/);
        });
      } finally {
        await proxy.close();
      }
    });

    it('nothing stored after the timeout: failed, timeout-not-stored, one attempt', async () => {
      const fleet = freshFleet('silent', 1);
      const blackHole = await standIn('silent');
      const db = await createRealSchemaDb();
      dbs.push(db);
      try {
        const s = await withPool(db, (k) =>
          runImportBatch(
            k,
            [fleet],
            { mode: 'server', serverUrl: blackHole.url, timeoutSeconds: 5 },
            noCtl(),
          ),
        );
        expect(s.files[0]).toMatchObject({
          status: 'failed',
          code: 'TIMEOUT',
          reason: 'timeout-not-stored',
          attempts: 1,
        });
        expect(s.files[0]!.message).toMatch(/did not answer within 5 s.*does not hold this file's inventory/);
      } finally {
        await blackHole.close();
      }
    });
  },
);

type Cut = 'pass' | 'cut-answer' | 'cut-request' | 'down';

/**
 * A comm server stand-in in front of the real one whose behaviour the test sets per file: `pass` forwards
 * and answers; `cut-answer` forwards (the server stores the file) and then drops the connection instead of
 * answering; `cut-request` drops the connection as the file arrives (the server never sees it); `down` stops
 * listening (connections refused from then on).
 */
async function flakyServer(): Promise<{ url: string; set: (m: Cut) => void; close: () => Promise<void> }> {
  let mode: Cut = 'pass';
  const srv = http.createServer((req, res) => {
    if (mode === 'cut-request') {
      req.socket.destroy();
      return;
    }
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const cut = mode === 'cut-answer';
      void fetch(STACK_ENV.serverUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-compress', 'User-Agent': req.headers['user-agent'] ?? '' },
        body: Buffer.concat(body),
      }).then(async (r) => {
        const answer = Buffer.from(await r.arrayBuffer());
        if (cut) res.socket?.destroy();
        else res.writeHead(r.status).end(answer);
      });
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  let closed = false;
  const close = () => {
    if (closed) return Promise.resolve();
    closed = true;
    const done = new Promise<void>((r) => srv.close(() => r()));
    srv.closeAllConnections();
    return done;
  };
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/ocsinventory`,
    set: (m) => {
      mode = m;
      if (m === 'down') void close();
    },
    close,
  };
}

/** The app account's statement on `db` whose text starts like `sqlStart`, once it waits (on a table lock). */
async function waitingStatement(
  root: Knex,
  db: string,
  sqlStart: string,
  not: number[] = [],
): Promise<number> {
  for (let i = 0; i < 1200; i++) {
    const [rows] = (await root.raw(
      `SELECT ID FROM information_schema.PROCESSLIST
        WHERE DB = ? AND USER = ? AND INFO LIKE ? AND STATE LIKE '%lock%'`,
      [db, APP_ACCOUNT.user, `${sqlStart}%`],
    )) as [Array<{ ID: number }>];
    const id = rows.map((r) => Number(r.ID)).find((n) => !not.includes(n));
    if (id !== undefined) return id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no waiting statement like ${sqlStart}`);
}

/**
 * With `hardware` locked by `locker` (the caller awaits LOCK TABLES before the batch goes on), kills the
 * batch's statement starting with `sqlStart` and its `kills - 1` retries as each waits, then (with
 * `thenWait`) waits for the next retry, and unlocks: the batch sees exactly `kills` dropped connections.
 */
async function dropWaitingStatements(
  locker: Knex,
  killer: Knex,
  db: string,
  sqlStart: string,
  kills: number,
  thenWait = false,
): Promise<void> {
  try {
    const killed: number[] = [];
    for (let i = 0; i < kills; i++) {
      const id = await waitingStatement(killer, db, sqlStart, killed);
      await killer.raw('KILL CONNECTION ?', [id]);
      killed.push(id);
    }
    if (thenWait) await waitingStatement(killer, db, sqlStart, killed);
  } finally {
    await locker.raw('UNLOCK TABLES');
  }
}

const hardwareOf = async (root: Knex, deviceIds: string[]) =>
  (
    (await root.raw(
      `SELECT DEVICEID FROM hardware WHERE DEVICEID IN (${deviceIds.map(() => '?').join(',')})`,
      deviceIds,
    )) as [Array<{ DEVICEID: string }>]
  )[0]
    .map((r) => r.DEVICEID)
    .sort();

describe.skipIf(!!stackReason || !realSchemaAvailable())(
  'server mode under faults mid-batch (issue 23): a clear error per file, nothing half-written, the report counts right',
  () => {
    it('the comm server drops the connection after storing a file, as a file arrives, then goes down', async () => {
      const fleet = freshFleet('comm-down', 6);
      const files = readdirSync(fleet)
        .filter((f) => f.endsWith('.ocs'))
        .sort();
      const ids = await Promise.all(
        files.map(async (f) => (await readOcsFile(path.join(fleet, f))).deviceId),
      );
      const plan: Cut[] = ['pass', 'cut-answer', 'cut-request', 'pass', 'down', 'down'];
      const flaky = await flakyServer();
      try {
        await onStackDb(async (db) => {
          // At concurrency 1 the batch reports `done` = i just before file i starts.
          const ctl = {
            signal: new AbortController().signal,
            progress: (done: number) => flaky.set(plan[Math.min(done, plan.length - 1)]!),
          };
          const s = await withPool(db, (k) =>
            runImportBatch(k, [fleet], { mode: 'server', serverUrl: flaky.url, concurrency: 1 }, ctl),
          );
          const got = s.files.map((f) => [path.basename(f.path), f.status, f.code, f.reason, f.attempts]);
          expect(got).toEqual([
            [files[0], 'imported', null, null, 1],
            [files[1], 'imported', null, 'imported-after-disconnect', 1],
            [files[2], 'failed', 'SERVER_UNREACHABLE', 'server-unreachable', 1],
            [files[3], 'imported', null, null, 1],
            [files[4], 'failed', 'SERVER_UNREACHABLE', 'server-unreachable', 1],
            [files[5], 'failed', 'SERVER_UNREACHABLE', 'server-unreachable', 1],
          ]);
          expect(s.files[2]!.message).toMatch(
            /connection broke before the answer.*does not hold this file's inventory/,
          );
          expect(s.files[4]!.message).toMatch(/connection refused \(ECONNREFUSED\)/);
          expect([s.imported, s.failed, s.notProcessed]).toEqual([3, 3, 0]);
          // The database holds exactly the imported computers, and no lock is left.
          const root = await createPool(rootParams(db), { max: 1 });
          try {
            expect(await hardwareOf(root, ids)).toEqual([ids[0], ids[1], ids[3]].sort());
            expect(
              Number(((await root.raw('SELECT COUNT(*) AS n FROM locks')) as [[{ n: number }]])[0][0].n),
            ).toBe(0);
          } finally {
            await root.destroy();
          }
        });
      } finally {
        await flaky.close();
      }
    }, 600_000); // waits for the shared comm server (stack lock)

    it("OCS Desk's database connection is dropped mid-batch: once, the file goes on on a new connection; twice, it fails DB_CONNECTION_LOST naming the server, and a re-run imports it", async () => {
      const fleet = freshFleet('db-drop', 5);
      const files = readdirSync(fleet)
        .filter((f) => f.endsWith('.ocs'))
        .sort();
      const ids = await Promise.all(
        files.map(async (f) => (await readOcsFile(path.join(fleet, f))).deviceId),
      );
      await onStackDb(async (db) => {
        const locker = await createPool(rootParams(db), { max: 1 });
        const killer = await createPool(rootParams(db), { max: 1 });
        const faults: Array<Promise<void>> = [];
        try {
          // After file i-1, `hardware` is locked so file i's first read waits; that connection is killed
          // (`kills` times: the retry on a new connection waits again), then the lock goes.
          const kills = new Map([
            [files[0]!, 1],
            [files[2]!, 2],
          ]);
          const afterFile = async (r: ImportFileResult) => {
            const n = kills.get(path.basename(r.path));
            if (!n) return;
            await locker.raw('LOCK TABLES hardware WRITE');
            faults.push(dropWaitingStatements(locker, killer, db, 'SELECT NOW() AS NOW', n, n === 1));
          };
          const s = await withPool(db, (k) =>
            runImportBatch(
              k,
              [fleet],
              { mode: 'server', serverUrl: STACK_ENV.serverUrl, concurrency: 1, afterFile },
              noCtl(),
            ),
          );
          await Promise.all(faults);
          const got = s.files.map((f) => [path.basename(f.path), f.status, f.code, f.attempts]);
          expect(got).toEqual([
            [files[0], 'imported', null, 1],
            [files[1], 'imported', null, 1],
            [files[2], 'imported', null, 1],
            [files[3], 'failed', 'DB_CONNECTION_LOST', 1],
            [files[4], 'imported', null, 1],
          ]);
          expect(s.files[3]!.reason).toBe('db-connection-lost');
          expect(s.files[3]!.message).toContain(`${ROOT.host}:${ROOT.port}`);
          expect([s.imported, s.failed, s.notProcessed]).toEqual([4, 1, 0]);
          // The failed file was never posted: its computer is absent, the others are there, no lock left.
          expect(await hardwareOf(killer, ids)).toEqual(ids.filter((_, i) => i !== 3).sort());
          expect(
            Number(((await killer.raw('SELECT COUNT(*) AS n FROM locks')) as [[{ n: number }]])[0][0].n),
          ).toBe(0);
          const again = await withPool(db, (k) =>
            runImportBatch(k, [fleet], { mode: 'server', serverUrl: STACK_ENV.serverUrl }, noCtl()),
          );
          expect([again.imported, again.failed]).toEqual([5, 0]);
          expect(await hardwareOf(killer, ids)).toEqual([...ids].sort());
        } finally {
          await Promise.allSettled(faults);
          await locker.raw('UNLOCK TABLES').catch(() => undefined);
          await locker.destroy();
          await killer.destroy();
        }
      });
    }, 600_000);

    it("the end-of-batch re-check loses its connection twice: the report is kept, each file it could not confirm failed 'recheck-not-run' naming the server", async () => {
      const fleet = freshFleet('recheck-drop', 3);
      const files = readdirSync(fleet)
        .filter((f) => f.endsWith('.ocs'))
        .sort();
      await onStackDb(async (db) => {
        const locker = await createPool(rootParams(db), { max: 1 });
        const killer = await createPool(rootParams(db), { max: 1 });
        const faults: Array<Promise<void>> = [];
        try {
          // After the last file's own check, `hardware` is locked so the re-check's first read waits; it is
          // killed, and so is its retry on a new connection; then the lock goes.
          const afterFile = async (r: ImportFileResult) => {
            if (path.basename(r.path) !== files[2]) return;
            await locker.raw('LOCK TABLES hardware WRITE');
            faults.push(dropWaitingStatements(locker, killer, db, 'SELECT ID, DEVICEID FROM hardware', 2));
          };
          const s = await withPool(db, (k) =>
            runImportBatch(
              k,
              [fleet],
              { mode: 'server', serverUrl: STACK_ENV.serverUrl, concurrency: 1, afterFile },
              noCtl(),
            ),
          );
          await Promise.all(faults);
          // Before: runImportBatch threw DB_CONNECTION_LOST and the per-file report was lost.
          expect(s.files.map((f) => [path.basename(f.path), f.status, f.code, f.reason])).toEqual(
            files.map((f) => [f, 'failed', 'DB_CONNECTION_LOST', 'recheck-not-run']),
          );
          for (const f of s.files) {
            expect(f.message).toMatch(/end-of-batch re-check could not run/);
            expect(f.message).toContain(`${ROOT.host}:${ROOT.port}`);
            expect(f.deviceId).toBeTruthy();
          }
          expect([s.imported, s.failed, s.notProcessed]).toEqual([0, 3, 0]);
        } finally {
          await Promise.allSettled(faults);
          await locker.raw('UNLOCK TABLES').catch(() => undefined);
          await locker.destroy();
          await killer.destroy();
        }
      });
    }, 600_000);
  },
);
