import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/contract/import';
import type { JobInfo } from '../../shared/contract/jobs';
import { runImportBatch } from '../../src-main/import/import.service';
import { openDb } from '../../src-main/platform/db/connect';
import { ADMIN, USER, testApp } from '../helpers/app';
import {
  createOcsDb,
  createRealSchemaDb,
  dropDb,
  APP_ACCOUNT,
  appParams,
  grantApp,
  realSchemaAvailable,
  uniqueDbName,
} from '../helpers/db';
import {
  FIXTURES_DIR,
  MAKE_FLEET,
  STACK_ENV,
  stack,
  stackUnavailableReason,
  withStackLock,
} from '../helpers/ocs-stack';
import { buildCli, noCtl, withPool } from '../helpers/import-test';

const VOLATILE: Record<string, string[]> = {
  '*': ['HARDWARE_ID'],
  hardware: ['ID', 'LASTDATE', 'LASTCOME', 'FIDELITY', 'QUALITY'],
  software: ['ID', 'NAME_ID', 'PUBLISHER_ID', 'VERSION_ID'],
};

type Dump = Record<string, string[]>;

/** Every row of one computer (hardware + every HARDWARE_ID table), volatile columns removed, sorted (like dump-rows.py). */
async function dumpComputer(k: Knex, deviceId: string): Promise<Dump | null> {
  const [hw] = (await k.raw('SELECT ID FROM hardware WHERE DEVICEID = ? ORDER BY ID LIMIT 1', [
    deviceId,
  ])) as [Array<{ ID: number }>];
  if (hw.length === 0) return null;
  const id = hw[0]!.ID;
  const [cols] = (await k.raw(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, EXTRA AS e FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  )) as [Array<{ t: string; c: string; e: string }>];
  const byTable = new Map<string, Array<{ c: string; auto: boolean }>>();
  for (const r of cols)
    byTable.set(r.t, [...(byTable.get(r.t) ?? []), { c: r.c, auto: /auto_increment/.test(r.e) }]);
  const out: Dump = {};
  const norm = (t: string, rows: Array<Record<string, unknown>>) => {
    const drop = new Set([
      ...(VOLATILE['*'] ?? []),
      ...(VOLATILE[t] ?? []),
      ...(byTable.get(t) ?? []).filter((c) => c.auto).map((c) => c.c),
    ]);
    return normRows(rows, drop);
  };
  const [h] = (await k.raw('SELECT * FROM hardware WHERE ID = ?', [id])) as [Array<Record<string, unknown>>];
  out.hardware = norm('hardware', h);
  for (const [t, cs] of byTable) {
    if (t === 'hardware' || !cs.some((c) => c.c === 'HARDWARE_ID')) continue;
    const sql =
      t === 'software'
        ? `SELECT s.*, (SELECT NAME FROM software_name WHERE ID = s.NAME_ID) AS _NAME,
             (SELECT PUBLISHER FROM software_publisher WHERE ID = s.PUBLISHER_ID) AS _PUBLISHER,
             (SELECT VERSION FROM software_version WHERE ID = s.VERSION_ID) AS _VERSION FROM software s WHERE s.HARDWARE_ID = ?`
        : 'SELECT * FROM ?? WHERE HARDWARE_ID = ?';
    const [rows] = (await k.raw(sql, t === 'software' ? [id] : [t, id])) as [Array<Record<string, unknown>>];
    if (rows.length > 0) out[t] = norm(t, rows);
  }
  return out;
}

/** Rows as sorted JSON lines of their sorted columns as strings, without the `drop` columns. */
function normRows(rows: Array<Record<string, unknown>>, drop: Set<string>): string[] {
  return rows
    .map((r) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(r)
            .filter(([key]) => !drop.has(key))
            .map(([key, v]) => [key, v === null ? null : String(v)])
            .sort(),
        ),
      ),
    )
    .sort();
}

function expectedRowsDump(): { deviceId: string; dump: Dump } {
  const e = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'expected-rows.json'), 'utf8')) as {
    deviceid: string;
    tables: Record<string, Array<Record<string, unknown>>>;
  };
  const dump: Dump = {};
  for (const [t, rows] of Object.entries(e.tables)) {
    const drop = new Set([...(VOLATILE['*'] ?? []), ...(VOLATILE[t] ?? []), 'ID']);
    dump[t] = normRows(rows, drop);
  }
  return { deviceId: e.deviceid, dump };
}

/** Server-derived columns: the fixture came from the real agent (its own User-Agent); ours says OCS Desk. */
function withoutUserAgent(d: Dump): Dump {
  return { ...d, hardware: d.hardware!.map((l) => JSON.stringify({ ...JSON.parse(l), USERAGENT: null })) };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-import-it-'));
const dbs: string[] = [];
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!realSchemaAvailable())('offline import on the real MariaDB', () => {
  it('writes exactly the rows of expected-rows.json for agent-send-inventory.xml (schema 7039 and OCS Desk superset)', async () => {
    const want = expectedRowsDump();
    for (const db of [await createRealSchemaDb(), await createOcsDb()]) {
      dbs.push(db);
      await withPool(db, async (k) => {
        const s = await runImportBatch(
          k,
          [path.join(FIXTURES_DIR, 'agent-send-inventory.xml')],
          { mode: 'offline' },
          noCtl(),
        );
        expect(s.files[0]).toMatchObject({ status: 'imported', action: 'inserted' });
        const got = (await dumpComputer(k, want.deviceId))!;
        // The superset schema has columns 7039 lacks (e.g. software.ARCHITECTURE): they must stay NULL.
        for (const [t, lines] of Object.entries(got)) {
          const keys = new Set(Object.keys(JSON.parse(want.dump[t]?.[0] ?? '{}') as object));
          got[t] = lines
            .map((l) => {
              const row = JSON.parse(l) as Record<string, unknown>;
              for (const key of Object.keys(row)) if (!keys.has(key) && row[key] === null) delete row[key];
              return JSON.stringify(row);
            })
            .sort();
        }
        expect(withoutUserAgent(got)).toEqual(withoutUserAgent(want.dump));
        const [[c]] = (await k.raw(
          `SELECT (SELECT COUNT(*) FROM software_name) AS n, (SELECT COUNT(*) FROM hardware_osname_cache) AS os,
                  (SELECT COUNT(*) FROM engine_persistent) AS ep, (SELECT COUNT(*) FROM locks) AS locks`,
        )) as [[Record<string, string>]];
        expect(c).toEqual({ n: '884', os: '2', ep: '1', locks: '0' });
      });
    }
  });

  it('imports as a password-protected application account at the default concurrency (defect 1: the batch pool keeps the password)', async () => {
    const db = await createRealSchemaDb();
    dbs.push(db);
    expect(APP_ACCOUNT.password).not.toBe('');
    await withPool(db, async (k) => {
      const s = await runImportBatch(k, [FIXTURES_DIR], { mode: 'offline' }, noCtl());
      expect(s.files.filter((f) => f.status === 'failed')).toEqual([]);
      expect(s).toMatchObject({ imported: 3, failed: 0 });
    });
  });

  it('reports the real number of attempts of a file that kept failing (defect 10)', async () => {
    const db = await createRealSchemaDb();
    dbs.push(db);
    const file = path.join(FIXTURES_DIR, 'agent-send-inventory.xml');
    await withPool(db, async (k) => {
      await runImportBatch(k, [file], { mode: 'offline' }, noCtl());
      // Another live writer holds the computer's lock (not expired): every attempt is refused.
      await k.raw('INSERT INTO locks (HARDWARE_ID, ID, SINCE) SELECT ID, 1, NOW() FROM hardware');
      const s = await runImportBatch(k, [file], { mode: 'offline' }, noCtl());
      expect(s.files[0]).toMatchObject({ status: 'failed', reason: 'device-locked', attempts: 6 });
    });
  });

  it('refuses every hostile file with its reason and leaves the DB unchanged; the batch goes on', async () => {
    const db = await createRealSchemaDb();
    dbs.push(db);
    const dir = path.join(work, 'hostile');
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    const good = readFileSync(path.join(FIXTURES_DIR, 'vm-2026-11-25-13-52-53.ocs'));
    writeFileSync(path.join(dir, 'good.ocs'), good);
    writeFileSync(path.join(dir, 'truncated.ocs'), zlib.deflateSync(good).subarray(0, 5000));
    writeFileSync(
      path.join(dir, 'laughs.ocs'),
      '<?xml version="1.0"?><!DOCTYPE REQUEST [<!ENTITY a "lol">]><REQUEST>&a;</REQUEST>',
    );
    writeFileSync(path.join(dir, 'root.ocs'), '<?xml version="1.0"?><REPLY/>');
    writeFileSync(path.join(dir, 'nodev.ocs'), good.toString().replace(/<DEVICEID>.*<\/DEVICEID>/, ''));
    writeFileSync(
      path.join(dir, 'utf8.ocs'),
      Buffer.concat([good.subarray(0, 500), Buffer.from([0xff, 0xfe]), good.subarray(500)]),
    );
    mkdirSync(path.join(dir, 'folder.ocs'));
    execFileSync('ln', ['-s', dir, path.join(dir, 'sub', 'loop')]);
    await withPool(db, async (k) => {
      const s = await runImportBatch(k, [dir], { mode: 'offline' }, noCtl());
      const reasons = Object.fromEntries(s.files.map((f) => [path.relative(dir, f.path), f.reason ?? 'ok']));
      expect(reasons).toEqual({
        'good.ocs': 'ok',
        'laughs.ocs': 'doctype-not-allowed',
        'nodev.ocs': 'missing-deviceid',
        'root.ocs': 'wrong-root',
        'sub/loop': 'symlink-loop',
        'truncated.ocs': 'truncated-compressed-data',
        'utf8.ocs': 'invalid-utf8',
      });
      expect(s).toMatchObject({ imported: 1, failed: 6 });
      const [[c]] = (await k.raw('SELECT COUNT(*) AS n FROM hardware')) as [[{ n: number }]];
      expect(Number(c.n)).toBe(1);
    });
  });

  it('runs as an admin-only job through the router, with progress and a CSV/JSON report', async () => {
    const db = await createRealSchemaDb();
    dbs.push(db);
    const { app, session, call } = testApp();
    const admin = session(ADMIN);
    admin.db = await openDb(appParams(db));
    const user = session(USER);
    user.db = admin.db;
    await expect(call(user, 'import.run', { paths: [FIXTURES_DIR], mode: 'offline' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const notes: string[] = [];
    const off = app.bus.subscribe((e) => e.topic === 'job' && e.payload.note && notes.push(e.payload.note));
    const { jobId } = await call(admin, 'import.run', {
      paths: [FIXTURES_DIR],
      mode: 'offline',
      concurrency: 2,
    });
    const info: JobInfo = await app.jobs.wait(jobId);
    off();
    expect(info.state).toBe('succeeded');
    const s = info.result as ImportSummary;
    // 3 inventories (two files are one computer: inserted then updated); README.md is skipped, not an .ocs/.xml.
    expect(s).toMatchObject({ imported: 3, failed: 0 });
    expect(s.files.map((f) => f.action).sort()).toEqual(['inserted', 'inserted', 'updated']);
    expect(notes.some((n) => n.endsWith('.ocs'))).toBe(true);
    const csv = await call(admin, 'import.report', { jobId, format: 'csv' });
    expect(csv.content.split('\r\n').filter(Boolean)).toHaveLength(4);
    await admin.db.close();
  });
});

function makeFleet(out: string, count: number, extra: string[] = []): string[] {
  execFileSync('python3', [
    MAKE_FLEET,
    '--count',
    String(count),
    '--out',
    out,
    '--seed',
    '11',
    '--jobs',
    '1',
    ...extra,
  ]);
  return readdirSync(out).filter((f) => f.endsWith('.ocs'));
}

describe.skipIf(!realSchemaAvailable())('kill -9 in the middle of a batch', () => {
  it('leaves every computer either fully in or absent', async () => {
    const fleet = path.join(work, 'kill-fleet');
    const files = makeFleet(fleet, 40);
    const ref = await createRealSchemaDb();
    const db = await createRealSchemaDb();
    dbs.push(ref, db);
    await withPool(ref, (k) => runImportBatch(k, [fleet], { mode: 'offline' }, noCtl()));
    const cli = await buildCli(work);
    const child = spawn(
      process.execPath,
      [
        cli,
        'import',
        '--offline',
        fleet,
        '--concurrency',
        '2',
        '--quiet',
        '--user',
        APP_ACCOUNT.user,
        '--database',
        db,
      ],
      {
        env: {
          ...process.env,
          NODE_PATH: path.resolve(__dirname, '../../node_modules'),
          OCS_DB_PASSWORD: APP_ACCOUNT.password,
          OCS_DB_HOST: '127.0.0.1',
        },
        stdio: 'ignore',
      },
    );
    await withPool(db, async (k) => {
      for (let i = 0; i < 600; i++) {
        const [[c]] = (await k.raw('SELECT COUNT(*) AS n FROM software')) as [[{ n: number }]];
        if (c.n > 1500) break; // several computers committed, others in flight
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, 500)); // the server rolls back the killed connections
      let present = 0;
      await withPool(ref, async (kr) => {
        for (const f of files) {
          const deviceId = f.replace(/\.ocs$/, '');
          const got = await dumpComputer(k, deviceId);
          if (got === null) continue;
          present++;
          expect(got, deviceId).toEqual(await dumpComputer(kr, deviceId));
        }
      });
      expect(present).toBeGreaterThan(0);
      expect(present).toBeLessThan(files.length);
      // No half-written computer: no rows whose hardware row is missing.
      const [[o]] = (await k.raw(
        'SELECT COUNT(*) AS n FROM software WHERE HARDWARE_ID NOT IN (SELECT ID FROM hardware)',
      )) as [[{ n: number }]];
      expect(Number(o.n)).toBe(0);
    });
  });
});

const stackReason = stackUnavailableReason();

describe.skipIf(!!stackReason || !realSchemaAvailable())(
  'server mode vs offline mode (real comm server 2.8.1)',
  () => {
    let serverDb = '';
    let offlineDb = '';
    let fleet = '';
    let deviceIds: string[] = [];
    beforeAll(() => {
      fleet = path.join(work, 'eq-fleet');
      makeFleet(fleet, 24, ['--duplicates', '4', '--bogus', '3']);
      for (const f of [
        'vm-2026-11-25-13-52-53.ocs',
        'vm-2026-11-25-13-52-53.zlib.ocs',
        'agent-send-inventory.xml',
      ]) {
        writeFileSync(path.join(fleet, `zz-${f}`), readFileSync(path.join(FIXTURES_DIR, f)));
      }
    });

    it('writes the same rows, table by table, for real and synthetic files', async () => {
      serverDb = uniqueDbName('ocsdesk_it_srv');
      offlineDb = uniqueDbName('ocsdesk_it_off');
      dbs.push(serverDb, offlineDb);
      let server!: ImportSummary;
      await withStackLock(async () => {
        await stack('reset-db', serverDb);
        await stack('reset-db', offlineDb);
        await grantApp(serverDb);
        await grantApp(offlineDb);
        await stack('use-db', serverDb);
        try {
          server = await withPool(serverDb, (k) =>
            runImportBatch(k, [fleet], { mode: 'server', serverUrl: STACK_ENV.serverUrl }, noCtl()),
          );
        } finally {
          await stack('use-db', 'ocsweb');
        }
      });
      expect(server.failed, JSON.stringify(server.files.filter((f) => f.status === 'failed'))).toBe(0);
      const offline = await withPool(offlineDb, (k) =>
        runImportBatch(k, [fleet], { mode: 'offline', concurrency: 1 }, noCtl()),
      );
      expect(offline.failed).toBe(0);
      deviceIds = [...new Set(server.files.map((f) => f.deviceId!))];
      expect(deviceIds.length).toBeGreaterThan(20);
      await withPool(serverDb, (ks) =>
        withPool(offlineDb, async (ko) => {
          let compared = 0;
          for (const id of deviceIds) {
            const a = await dumpComputer(ks, id);
            const b = await dumpComputer(ko, id);
            expect(b, id).toEqual(a);
            if (a) compared++;
          }
          expect(compared).toBeGreaterThan(15);
          // Tables outside HARDWARE_ID: dictionaries, caches, merges.
          for (const sql of [
            'SELECT NAME AS v FROM software_name ORDER BY 1',
            'SELECT PUBLISHER AS v FROM software_publisher ORDER BY 1',
            'SELECT VERSION AS v FROM software_version ORDER BY 1',
            'SELECT OSNAME AS v FROM hardware_osname_cache ORDER BY 1',
            'SELECT DEVICEID AS v FROM hardware ORDER BY 1',
            'SELECT COUNT(*) AS v FROM accountinfo',
            'SELECT COUNT(*) AS v FROM deleted_equiv',
          ]) {
            const [x] = (await ks.raw(sql)) as [unknown[]];
            const [y] = (await ko.raw(sql)) as [unknown[]];
            expect(y, sql).toEqual(x);
          }
        }),
      );
    });
  },
);
