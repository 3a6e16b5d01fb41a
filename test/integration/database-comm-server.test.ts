import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import { runUpgrade } from '../../src-main/platform/db/schema';
import { createOcsDb, dropDb, ROOT, rootParams, uniqueDbName } from '../helpers/db';
import { stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

const run = promisify(execFile);
const ROOT_DIR = path.resolve(__dirname, '../..');
const APACHE_LOGS = ['/var/log/apache2/error.log', '/var/log/apache2/ocs-stack-error.log'];
const noStack = stackUnavailableReason();

function logSizes(): number[] {
  return APACHE_LOGS.map((f) => (existsSync(f) ? statSync(f).size : 0));
}
/** What the comm server wrote to Apache's error logs since `sizes`. */
function logSince(sizes: number[]): string {
  return APACHE_LOGS.map((f, i) => {
    if (!existsSync(f)) return '';
    const size = statSync(f).size;
    const from = size >= sizes[i]! ? sizes[i]! : 0;
    const buf = Buffer.alloc(size - from);
    const fd = openSync(f, 'r');
    try {
      readSync(fd, buf, 0, buf.length, from);
    } finally {
      closeSync(fd);
    }
    return buf.toString('utf8');
  }).join('\n');
}
const DB_ERRORS = /DBD::mysql|DBI|Unknown column|doesn't exist|SQL syntax/i;

/** Points the comm server at `db`, sends a real agent inventory, returns the DEVICEID and the log since. */
async function sendInventoryTo(db: string): Promise<{ deviceId: string; log: string }> {
  await stack('use-db', db);
  const sizes = logSizes();
  const out = await stack('agent-send');
  const deviceId = out.trim().split('\n').pop()!.trim();
  return { deviceId, log: logSince(sizes) };
}

async function hardwareRows(
  db: string,
  deviceId: string,
): Promise<{ hw: number; software: number; names: number }> {
  const k = await createPool(rootParams(db), { max: 1 });
  try {
    const hw = (await k('hardware').where('DEVICEID', deviceId).first('ID')) as { ID: number } | undefined;
    if (!hw) return { hw: 0, software: 0, names: 0 };
    const sw = (await k('software').where('HARDWARE_ID', hw.ID).count({ n: '*' }).first()) as { n: string };
    const names = (await k('software_name').count({ n: '*' }).first()) as { n: string };
    return { hw: 1, software: Number(sw.n), names: Number(names.n) };
  } finally {
    await k.destroy();
  }
}

describe.skipIf(!!noStack)('the real comm server on databases OCS Desk created or upgraded', () => {
  const dbs: string[] = [];
  const appUser = `ocsdesk_it_${randomBytes(3).toString('hex')}`;
  beforeAll(async () => {
    await run('node', ['scripts/build-main.mjs'], { cwd: ROOT_DIR });
  });
  afterAll(async () => {
    for (const d of dbs) await dropDb(d);
    const k = await createPool(ROOT, { database: null, max: 1 });
    try {
      for (const h of ['127.0.0.1', 'localhost']) await k.raw('DROP USER IF EXISTS ?@?', [appUser, h]);
    } finally {
      await k.destroy();
    }
  });

  it('accepts a real agent inventory into a database from createOcsDb, without a DB error', async () => {
    const db = await createOcsDb();
    dbs.push(db);
    await withStackLock(async () => {
      try {
        const { deviceId, log } = await sendInventoryTo(db);
        expect(deviceId).toMatch(/-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$/);
        const rows = await hardwareRows(db, deviceId);
        expect(rows.hw).toBe(1);
        expect(rows.software).toBeGreaterThan(0);
        expect(log.split('\n').filter((l) => DB_ERRORS.test(l))).toEqual([]);
      } finally {
        await stack('use-db', 'ocsweb');
      }
    });
  });

  it('control: on the plain 7069 schema (no superset objects) the same inventory makes DB errors', async () => {
    const db = uniqueDbName('ocsdesk_it_69');
    dbs.push(db);
    await withStackLock(async () => {
      process.env.OCS_STACK_SCHEMA_LEVEL = 'full';
      try {
        await stack('reset-db', db);
      } finally {
        delete process.env.OCS_STACK_SCHEMA_LEVEL;
      }
      try {
        const { log } = await sendInventoryTo(db);
        // what the superset avoids: software_name.CATEGORY is gone at 7069 (also proves the log check sees errors)
        expect(log).toMatch(/CATEGORY/);
        expect(log.split('\n').some((l) => DB_ERRORS.test(l))).toBe(true);
      } finally {
        await stack('use-db', 'ocsweb');
      }
    });
  });

  it('accepts an inventory after OCS Desk upgraded the shipped 7039 schema', async () => {
    const db = uniqueDbName('ocsdesk_it_up');
    dbs.push(db);
    await withStackLock(async () => {
      await stack('reset-db', db);
      const k = await createPool(rootParams(db), { max: 1 });
      try {
        const r = await runUpgrade(k, db);
        expect(r).toMatchObject({ fromLevel: 7039, toLevel: 7069 });
      } finally {
        await k.destroy();
      }
      try {
        const { deviceId, log } = await sendInventoryTo(db);
        expect((await hardwareRows(db, deviceId)).hw).toBe(1);
        expect(log.split('\n').filter((l) => DB_ERRORS.test(l))).toEqual([]);
      } finally {
        await stack('use-db', 'ocsweb');
      }
    });
  });

  it('ocs-desk db init on a fresh name, then a real inventory lands rows that ocs-desk db check counts', async () => {
    const db = uniqueDbName('ocsdesk_it_cli');
    dbs.push(db);
    const env = {
      ...process.env,
      OCS_DB_ADMIN_PASSWORD: ROOT.password,
      OCS_DESK_APP_PW: 'it-Pw-' + randomBytes(6).toString('hex'),
    };
    const init = await run(
      'node',
      [
        'bin/ocs-desk.cjs',
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
        '--app-user',
        appUser,
        '--app-password-env',
        'OCS_DESK_APP_PW',
        '--json',
      ],
      { cwd: ROOT_DIR, env },
    );
    const r = JSON.parse(init.stdout) as {
      database: string;
      tables: number;
      guiVersion: string;
      user: { created: string[] };
    };
    expect(r).toMatchObject({ database: db, tables: 107, guiVersion: '7069' });
    expect(r.user.created).toEqual(['localhost', '127.0.0.1']);

    await withStackLock(async () => {
      try {
        const { deviceId, log } = await sendInventoryTo(db);
        expect((await hardwareRows(db, deviceId)).hw).toBe(1);
        expect(log.split('\n').filter((l) => DB_ERRORS.test(l))).toEqual([]);
      } finally {
        await stack('use-db', 'ocsweb');
      }
    });

    // The new application account reads what the comm server wrote.
    const check = await run(
      'node',
      [
        'bin/ocs-desk.cjs',
        'db',
        'check',
        '--json',
        '--host',
        ROOT.host,
        '--database',
        db,
        '--user',
        appUser,
        '--password-env',
        'OCS_DESK_APP_PW',
      ],
      { cwd: ROOT_DIR, env },
    );
    const info = JSON.parse(check.stdout) as { schema: { state: string; computers: number } };
    expect(info.schema).toMatchObject({ state: 'ok', computers: 1 });
  });
});
