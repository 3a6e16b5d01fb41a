import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenContract } from '../../shared/contract';
import type { InitResult } from '../../shared/contract/database';
import { hashPassword } from '../../src-main/auth/passwords';
import { createPool } from '../../src-main/platform/db/connect';
import { BROWSE_WRITES } from '../../src-main/platform/ocs/console-tables';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, failure, testApp, unchecked } from '../helpers/app';
import { runCli } from '../helpers/cli';
import {
  APP_ACCOUNT,
  createOcsDb,
  createRealSchemaDb,
  dropDb,
  realSchemaAvailable,
  ROOT,
  rootParams,
} from '../helpers/db';
import { addComputer } from '../helpers/duplicates-seed';
import { plantedPassword } from '../helpers/planted-passwords';

/**
 * Issue 17, defect 11: roles enforced by the database too. `db init --readonly-user` (route
 * database.init) adds a read-only account to an existing OCS database; connected with it, reads work,
 * the router refuses every write route before any SQL (DB_ACCOUNT_READ_ONLY), the operator's own
 * layouts and saved searches still save, and the same writes sent by the account itself straight to
 * MariaDB are refused by the server (the grants, not the app, are the guarantee).
 */
const { app, call, callByName, session } = testApp();
const RO_USER = `ocsdesk_ro_${randomBytes(3).toString('hex')}`;
const CLI_RO_PW = plantedPassword('itReadOnlyCli');
const RO7039_PW = plantedPassword('itReadOnly7039');
const RO_PASSWORD = `ro-${randomBytes(9).toString('base64url')}`;
const CLI_USER = `${RO_USER}_cli`;
const WRITE_SQL = /^\s*(insert|update|delete|replace|create|alter|drop|truncate|grant|rename)\b/i;

describe('read-only DB account (db init --readonly-user)', () => {
  let db = '';
  let root: Knex;
  let direct: Knex;
  let pc = 0;
  const open: Session[] = [];
  const roParams = () => ({ ...rootParams(db), user: RO_USER, password: RO_PASSWORD });
  const { database: _d, ...server } = ROOT;

  const runInit = async (input: object): Promise<InitResult> => {
    const s = session();
    open.push(s);
    const { jobId } = await call(s, 'database.init', unchecked(input));
    const info = await app.jobs.wait(jobId);
    if (info.state !== 'succeeded')
      throw Object.assign(new Error(info.error?.code), {
        code: info.error?.code,
        params: info.error?.params,
      });
    return info.result as InitResult;
  };

  /** A session on the read-only account; `login` logs a real operator in, else the CLI-like ADMIN. */
  const roSession = async (login?: string): Promise<Session> => {
    const s = session(login ? null : ADMIN);
    open.push(s);
    await call(s, 'connection.open', roParams());
    if (login) await call(s, 'auth.login', { login, password: `${login}-pass-1` });
    else s.operator = ADMIN;
    return s;
  };

  /** Statements the session's pools send while `fn` runs. */
  const statements = async (s: Session, fn: () => Promise<unknown>): Promise<string[]> => {
    const sql: string[] = [];
    const on = (q: { sql?: string }) => sql.push(String(q.sql ?? ''));
    const pools = [s.db!.knex, s.db!.jobs];
    for (const p of pools) p.on('query', on);
    try {
      await fn();
    } finally {
      for (const p of pools) p.off('query', on);
    }
    return sql;
  };

  beforeAll(async () => {
    db = await createOcsDb();
    root = await createPool(rootParams(db), { max: 2 });
    pc = await addComputer(root, {
      deviceId: 'PC-RO-2026-01-01-00-00-00',
      name: 'pc-ro',
      ssn: 'SSN-RO',
      macs: ['00:11:22:33:44:66'],
      lastCome: '2026-11-01 10:00:00',
      tag: 'PARIS',
    });
    const h = await hashPassword('boss-pass-1');
    await root('operators').insert({
      ID: 'boss',
      PASSWD: h.passwd,
      PASSWORD_VERSION: h.version,
      NEW_ACCESSLVL: 'sadmin',
    });
  });
  afterAll(async () => {
    for (const s of open) await s.dispose();
    await direct?.destroy();
    if (root) {
      for (const host of ['localhost', '127.0.0.1'])
        await root.raw('DROP USER IF EXISTS ?@?', [RO_USER, host]);
      await root.destroy();
    }
    if (db) await dropDb(db);
  });

  it('db init adds only the read-only account to an existing OCS database', async () => {
    const r = await runInit({
      server: { ...server, tls: undefined },
      database: db,
      readonlyUser: { user: RO_USER, password: RO_PASSWORD },
    });
    expect(r).toMatchObject({ schemaCreated: false, databaseCreated: false, user: null, guiVersion: '7069' });
    expect(r.readonlyUser).toMatchObject({ user: RO_USER, created: ['localhost', '127.0.0.1'] });
    expect(r.readonlyUser!.writableTables.sort()).toEqual(
      ['auth_attempt', 'layouts', 'ocsdesk_grid_prefs', 'ocsdesk_saved_search'].sort(),
    );
    // The schema was left alone (the computer is still there).
    expect((await root('hardware').where('ID', pc).first('NAME')) as unknown).toEqual({ NAME: 'pc-ro' });
  });

  it('refuses to make an account that may already write the database the read-only one', async () => {
    const e = await runInit({
      server: { ...server, tls: undefined },
      database: db,
      readonlyUser: { user: APP_ACCOUNT.user, password: 'whatever-1', ifExists: 'grant' },
    }).catch((x: { code?: string; params?: { detail?: string } }) => x);
    expect(e).toMatchObject({ code: 'CONFLICT' });
    expect(String((e as { params?: { detail?: string } }).params?.detail)).toMatch(/may already write/);
  });

  it('reads its grants at connect time and says so (connection status, auth.me)', async () => {
    const s = await roSession('boss');
    const st = await call(s, 'connection.status');
    expect(st.access).toMatchObject({ known: true, readOnly: true });
    expect(st.access!.writableTables).toEqual(expect.arrayContaining(['layouts', 'ocsdesk_saved_search']));
    const me = (await call(s, 'auth.me'))!;
    expect(me.rights).toEqual(['browse']);
    expect(me.refusedByDb).toEqual(expect.arrayContaining(['configure', 'editAdminData', 'deleteComputers']));
    // The application account (ALL on the database) is not read-only.
    const w = session(ADMIN);
    open.push(w);
    await call(w, 'connection.open', {
      ...rootParams(db),
      user: APP_ACCOUNT.user,
      password: APP_ACCOUNT.password,
    });
    expect((await call(w, 'connection.status')).access).toMatchObject({
      known: true,
      readOnly: false,
    });
  });

  it('logs in through it with the OCS login throttle on, and leaves a legacy hash as it is', async () => {
    const THROTTLE = [
      'SECURITY_AUTHENTICATION_BLOCK_IP',
      'SECURITY_AUTHENTICATION_NB_ATTEMPT',
      'SECURITY_AUTHENTICATION_TIME_BLOCK',
    ];
    const legacy = createHash('md5').update('legacy-pass-1').digest('hex');
    await root('config').whereIn('NAME', THROTTLE).delete();
    await root('config').insert(
      THROTTLE.map((NAME, i) => ({ NAME, IVALUE: [1, 3, 60][i], TVALUE: '', COMMENTS: '' })),
    );
    await root('operators').insert({
      ID: 'legacy',
      PASSWD: legacy,
      PASSWORD_VERSION: 0,
      NEW_ACCESSLVL: 'read-only',
    });
    try {
      const s = session();
      open.push(s);
      await call(s, 'connection.open', roParams());
      const bad = await failure(call(s, 'auth.login', { login: 'legacy', password: 'wrong-pass-1' }));
      expect(bad.code).toBe('AUTH_BAD_CREDENTIALS');
      // The failure was recorded with the account's own grants (INSERT on auth_attempt).
      expect(await root('auth_attempt').where({ LOGIN: 'legacy', SUCCESS: 0 })).toHaveLength(1);
      const me = await call(s, 'auth.login', { login: 'legacy', password: 'legacy-pass-1' });
      expect(me).toMatchObject({ login: 'legacy', rights: ['browse'], refusedByDb: [] });
      // A writing account would replace the MD5 hash by bcrypt; this one cannot, and does not try.
      expect(await root('operators').where('ID', 'legacy').first('PASSWD', 'PASSWORD_VERSION')).toEqual({
        PASSWD: legacy,
        PASSWORD_VERSION: 0,
      });
    } finally {
      await root('config').whereIn('NAME', THROTTLE).delete();
    }
  });

  it('reads work, and the operator saves its own layout and searches', async () => {
    const s = await roSession('boss');
    const list = await call(s, 'computers.list', {});
    expect(list.rows.map((r) => Number(r.id))).toContain(pc);
    await call(s, 'computers.detail', { id: pc });
    await call(s, 'computers.setGridPrefs', { columns: ['hardware.NAME', 'accountinfo.TAG'] });
    expect(await call(s, 'computers.getGridPrefs')).toMatchObject({
      columns: ['hardware.NAME', 'accountinfo.TAG'],
    });
    const saved = await call(s, 'search.savedSave', {
      name: 'ro search',
      description: null,
      shared: false,
      filter: { criteria: [] },
      columns: null,
    });
    await call(s, 'search.savedDelete', { id: saved.id });
  });

  it('every other write route is refused by the app before any SQL, for a logged-in sadmin and for a local one', async () => {
    const writes = [...flattenContract()].filter(
      ([n, d]) => d.writes && d.right !== 'public' && !BROWSE_WRITES[n],
    );
    expect(writes.length).toBeGreaterThan(40);
    for (const who of ['boss', undefined]) {
      const s = await roSession(who);
      for (const [name] of writes) {
        let code = '';
        const sql = await statements(s, async () => {
          code = (await failure(callByName(s, name, {}))).code;
        });
        expect(code, `${name} as ${who ?? 'local'}`).toBe('DB_ACCOUNT_READ_ONLY');
        expect(
          sql.filter((q) => WRITE_SQL.test(q)),
          name,
        ).toEqual([]);
      }
      // The operators row is not the account's to change: its own password neither.
      const e = await failure(
        call(s, 'auth.changePassword', { currentPassword: 'boss-pass-1', newPassword: 'another-pass-2' }),
      );
      expect(e.code).toBe('DB_ACCOUNT_READ_ONLY');
    }
    expect((await root('hardware').where('ID', pc).first('NAME')) as unknown).toEqual({ NAME: 'pc-ro' });
  });

  it('the same writes sent by the account straight to MariaDB are refused by the server', async () => {
    direct = await createPool(roParams(), { max: 1 });
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['hardware insert', () => direct('hardware').insert({ DEVICEID: 'X-RO', NAME: 'x' })],
      ['hardware delete', () => direct('hardware').where('ID', pc).delete()],
      ['accountinfo update', () => direct('accountinfo').where('HARDWARE_ID', pc).update({ TAG: 'OTHER' })],
      ['devices insert', () => direct('devices').insert({ HARDWARE_ID: pc, NAME: 'FREQUENCY', IVALUE: 1 })],
      ['operators update', () => direct('operators').where('ID', 'boss').update({ NEW_ACCESSLVL: 'sadmin' })],
      ['operators insert', () => direct('operators').insert({ ID: 'intruder', NEW_ACCESSLVL: 'sadmin' })],
      ['tags delete', () => direct('tags').delete()],
      ['config update', () => direct('config').where('NAME', 'FREQUENCY').update({ IVALUE: 9 })],
      [
        'download_enable insert',
        () => direct('download_enable').insert({ FILEID: '1', INFO_LOC: 'x', PACK_LOC: 'x' }),
      ],
      ['netmap delete', () => direct('netmap').delete()],
      ['dico_soft insert', () => direct('dico_soft').insert({ EXTRACTED: 'x', FORMATTED: 'y' })],
      ['create table', () => direct.raw('CREATE TABLE ro_probe (a INT)')],
      ['drop table', () => direct.raw('DROP TABLE hardware')],
      ['alter table', () => direct.raw('ALTER TABLE hardware ADD COLUMN ro_probe INT')],
    ];
    for (const [what, run] of attempts) {
      const e = (await run().then(
        () => null,
        (x: { code?: string }) => x,
      )) as { code?: string } | null;
      expect(e?.code, what).toMatch(
        /^ER_(TABLEACCESS_DENIED_ERROR|DBACCESS_DENIED_ERROR|SPECIFIC_ACCESS_DENIED_ERROR|COLUMNACCESS_DENIED_ERROR)$/,
      );
    }
    // Reads and its own tables are allowed.
    expect(await direct('hardware').where('ID', pc).first('NAME')).toEqual({ NAME: 'pc-ro' });
    await direct('ocsdesk_saved_search').where('OWNER', 'nobody').delete();
    expect((await root('hardware').where('ID', pc).first('NAME')) as unknown).toEqual({ NAME: 'pc-ro' });
  });

  it('ocs-desk db init --readonly-user: password from a file, never a flag; none and no terminal is refused', async () => {
    const cli = (args: string[]) =>
      runCli(
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
          ...args,
        ],
        { OCS_DB_ADMIN_PASSWORD: ROOT.password ?? '' },
      );
    // No password file and stdin is not a terminal: a clear refusal, nothing created.
    const none = await cli(['--readonly-user', CLI_USER]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/password file/);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-ro-')), 'ro.pass');
    writeFileSync(file, `${CLI_RO_PW}\n`, { mode: 0o600 });
    const ok = await cli([
      '--readonly-user',
      CLI_USER,
      '--readonly-password-file',
      file,
      '--readonly-host',
      '127.0.0.1',
    ]);
    // The password file holds a planted password: gone before the secret sweep looks.
    rmSync(path.dirname(file), { recursive: true, force: true });
    expect(ok.stderr).not.toMatch(/error/);
    expect(ok.stderr).not.toContain(CLI_RO_PW);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/existing OCS schema level 7069, unchanged/);
    expect(ok.stdout).toMatch(new RegExp(`read-only account ${CLI_USER}@\\{127\\.0\\.0\\.1\\}: created`));
    expect(ok.stdout).not.toContain(CLI_RO_PW);
    const k = await createPool({ ...rootParams(db), user: CLI_USER, password: CLI_RO_PW }, { max: 1 });
    try {
      expect(await k('hardware').where('ID', pc).first('NAME')).toEqual({ NAME: 'pc-ro' });
      const e = (await k('hardware')
        .where('ID', pc)
        .delete()
        .catch((x: { code?: string }) => x)) as { code?: string };
      expect(e.code).toBe('ER_TABLEACCESS_DENIED_ERROR');
    } finally {
      await k.destroy();
    }
  });
});

describe.skipIf(!realSchemaAvailable())(
  'read-only DB account on the schema the OCS package ships (7039)',
  () => {
    const user = `ocsdesk_ro7039_${randomBytes(3).toString('hex')}`;
    let db = '';
    let root: Knex;
    const open: Session[] = [];
    afterAll(async () => {
      for (const s of open) await s.dispose();
      if (root) {
        for (const host of ['localhost', '127.0.0.1'])
          await root.raw('DROP USER IF EXISTS ?@?', [user, host]);
        await root.destroy();
      }
      if (db) await dropDb(db);
    });

    it('grants only the console tables this schema has (created first), and the grid layout saves there', async () => {
      db = await createRealSchemaDb();
      root = await createPool(rootParams(db), { max: 1 });
      const hasLayouts = !!(await root('information_schema.TABLES')
        .where({ TABLE_SCHEMA: db, TABLE_NAME: 'layouts' })
        .first('TABLE_NAME'));
      const { database: _d, ...server } = ROOT;
      const s = session();
      open.push(s);
      const { jobId } = await call(s, 'database.init', {
        server: { ...server, tls: undefined },
        database: db,
        readonlyUser: { user, password: RO7039_PW },
      });
      const info = await app.jobs.wait(jobId);
      expect(info.error).toBeUndefined();
      const r = info.result as InitResult;
      expect(r.schemaCreated).toBe(false);
      expect(r.readonlyUser!.writableTables).toEqual(
        expect.arrayContaining([
          'ocsdesk_grid_prefs',
          'ocsdesk_saved_search',
          ...(hasLayouts ? ['layouts'] : []),
        ]),
      );
      const ro = session(ADMIN);
      open.push(ro);
      await call(ro, 'connection.open', { ...rootParams(db), user, password: RO7039_PW });
      ro.operator = ADMIN;
      await call(ro, 'computers.setGridPrefs', { columns: ['hardware.NAME'] });
      expect(await call(ro, 'computers.getGridPrefs')).toMatchObject({ columns: ['hardware.NAME'] });
      expect((await failure(call(ro, 'computers.setAdminData', { id: 1, values: { TAG: 'X' } }))).code).toBe(
        'DB_ACCOUNT_READ_ONLY',
      );
    });
  },
);
