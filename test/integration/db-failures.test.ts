import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatErrorEn } from '../../shared/i18n/format-error';
import fr from '../../shared/i18n/fr/errors.json';
import { createPool, openDb, withDbErrors, type DbHandle } from '../../src-main/platform/db/connect';
import { AppError } from '../../src-main/platform/errors';
import { testApp, failure } from '../helpers/app';
import { createEmptyDb, dropDb, ROOT, rootParams } from '../helpers/db';
import { plantedPassword } from '../helpers/planted-passwords';

/**
 * What the admin sees when the database side fails: each case gives its own code, and the
 * message says what to do (English and French texts exist and are not empty).
 */
const { call, session } = testApp();
const SUFFIX = String(process.pid);
const PW_USER = `ocsdesk_pw_${SUFFIX}`;
const ED_USER = `ocsdesk_ed_${SUFFIX}`;
const SOCK_USER = `ocsdesk_sock_${SUFFIX}`;
const RIGHT_PW = plantedPassword('itDbFailures');
const ED_PW = plantedPassword('itDbFailuresEd');

function expectActionable(e: AppError): void {
  const { message, hint } = formatErrorEn(e.code, e.params);
  expect(message.length).toBeGreaterThan(10);
  expect(hint.length).toBeGreaterThan(20);
  const t = (fr as Record<string, { message: string; hint: string }>)[e.code];
  expect(t?.hint.length ?? 0).toBeGreaterThan(20);
}

describe('database failures on the real MariaDB', () => {
  let db = '';
  let root: Knex;
  let ed25519 = false;
  let installedEd25519 = false;

  beforeAll(async () => {
    db = await createEmptyDb();
    root = await createPool(ROOT, { database: null, max: 2 });
    await root.raw('CREATE USER ?@? IDENTIFIED BY ?', [PW_USER, '%', RIGHT_PW]);
    await root.raw(`GRANT SELECT ON ${db}.* TO ?@?`, [PW_USER, '%']);
    await root.raw('CREATE USER ?@? IDENTIFIED VIA unix_socket', [SOCK_USER, '%']);
    const [plugins] = (await root.raw(
      "SELECT PLUGIN_STATUS AS s FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'ed25519'",
    )) as [Array<{ s: string }>];
    ed25519 = plugins[0]?.s === 'ACTIVE';
    if (!ed25519) {
      ed25519 = await root.raw("INSTALL SONAME 'auth_ed25519'").then(
        () => true,
        () => false,
      );
      installedEd25519 = ed25519;
    }
    if (ed25519)
      await root.raw('CREATE USER ?@? IDENTIFIED VIA ed25519 USING PASSWORD(?)', [ED_USER, '%', ED_PW]);
  });
  afterAll(async () => {
    for (const u of [PW_USER, ED_USER, SOCK_USER]) await root.raw('DROP USER IF EXISTS ?@?', [u, '%']);
    // A server-wide change is put back: the plugin goes if this test installed it.
    if (installedEd25519) await root.raw("UNINSTALL SONAME 'auth_ed25519'");
    await root.destroy();
    if (db) await dropDb(db);
  });

  it('wrong credentials', async () => {
    const e = await failure(
      call(session(), 'connection.test', { ...rootParams(db), user: PW_USER, password: 'wrong' }),
    );
    expect(e.code).toBe('DB_AUTH_FAILED');
    expect(e.params.user).toBe(PW_USER);
    expectActionable(e);
    // The right password works.
    expect(
      await call(session(), 'connection.test', {
        ...rootParams(db),
        user: PW_USER,
        password: RIGHT_PW,
      }),
    ).toMatchObject({ database: db });
  });

  it('host down', async () => {
    const e = await failure(call(session(), 'connection.open', { ...rootParams(db), port: 9 }));
    expect(e.code).toBe('DB_UNREACHABLE');
    expect(e.params).toMatchObject({ host: ROOT.host, port: 9, reason: 'ECONNREFUSED' });
    expectActionable(e);
  });

  it('unknown database', async () => {
    const e = await failure(call(session(), 'connection.open', rootParams(`${db}_missing`)));
    expect(e.code).toBe('DB_UNKNOWN_DATABASE');
    expectActionable(e);
  });

  it('a database the account may not use', async () => {
    const e = await failure(
      call(session(), 'connection.test', {
        ...rootParams('mysql'),
        user: PW_USER,
        password: RIGHT_PW,
      }),
    );
    expect(e.code).toBe('DB_ACCESS_DENIED');
    expectActionable(e);
  });

  it('an auth plugin the client cannot speak (ed25519)', async (ctx) => {
    if (!ed25519) ctx.skip();
    const e = await failure(
      call(session(), 'connection.test', { ...rootParams(db), user: ED_USER, password: ED_PW }),
    );
    expect(e.code).toBe('DB_AUTH_PLUGIN_UNSUPPORTED');
    expect(e.params.detail).toContain('ed25519');
    expectActionable(e);
    expect(formatErrorEn(e.code, e.params).hint).toContain('mysql_native_password');
  });

  it('an account limited to local socket login (unix_socket) reached over TCP', async () => {
    const e = await failure(
      call(session(), 'connection.test', { ...rootParams(db), user: SOCK_USER, password: 'x' }),
    );
    expect(e.code).toBe('DB_AUTH_PLUGIN_UNSUPPORTED');
    expect(e.params.detail).toContain('unix_socket');
    expectActionable(e);
  });

  describe('on an open connection', () => {
    let h: DbHandle;
    beforeAll(async () => {
      h = await openDb(rootParams(db));
    });
    afterAll(async () => {
      await h.close();
    });

    it('a connection killed in the middle of a query, then the pool reconnects', async () => {
      const marker = `ocsdesk_kill_${SUFFIX}`;
      const running = withDbErrors(h.target, () => h.knex.raw(`SELECT SLEEP(5) AS ${marker}`));
      running.catch(() => undefined);
      let id: string | undefined;
      for (let i = 0; i < 50 && !id; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const [rows] = (await root.raw('SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ?', [
          `%${marker}%`,
        ])) as [Array<{ ID: string }>];
        id = rows.find(() => true)?.ID;
      }
      expect(id).toBeDefined();
      const started = Date.now();
      await root.raw('KILL ?', [Number(id)]);
      const e = await failure(running);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(e.code).toBe('DB_CONNECTION_LOST');
      expect(e.params.host).toBe(ROOT.host);
      expectActionable(e);
      const [rows] = (await withDbErrors(h.target, () => h.knex.raw('SELECT 1 AS one'))) as [
        Array<{ one: number }>,
      ];
      expect(Number(rows[0]!.one)).toBe(1);
    });

    it('a query stopped by KILL QUERY is reported as such, not as "Cancelled"', async () => {
      const marker = `ocsdesk_killq_${SUFFIX}`;
      // A long cross join (unlike SLEEP or BENCHMARK, it ends with an error when killed).
      const running = withDbErrors(h.target, () =>
        h.knex.raw(
          `SELECT COUNT(*) AS ${marker} FROM information_schema.COLLATIONS a, information_schema.COLLATIONS b, information_schema.COLLATIONS c, information_schema.COLLATIONS d`,
        ),
      );
      running.catch(() => undefined);
      let id: string | undefined;
      for (let i = 0; i < 50 && !id; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const [rows] = (await root.raw(
          "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND INFO NOT LIKE '%PROCESSLIST%'",
          [`%${marker}%`],
        )) as [Array<{ ID: string }>];
        id = rows.find(() => true)?.ID;
      }
      expect(id).toBeDefined();
      await root.raw('KILL QUERY ?', [Number(id)]);
      const e = await failure(running);
      expect(e.code).toBe('DB_QUERY_KILLED');
      expect(e.params.reason).toBe('KILL QUERY');
      expect(formatErrorEn(e.code, e.params).message).toMatch(/stopped this query \(KILL QUERY\)/);
      expectActionable(e);
    });

    it('every pooled connection dropped by the server (restart): the next calls reconnect', async () => {
      await Promise.all([1, 2, 3].map(() => h.knex.raw('SELECT SLEEP(0.2)')));
      const [mine] = (await root.raw(
        'SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? AND DB = ?',
        [ROOT.user, db],
      )) as [Array<{ ID: string }>];
      expect(mine.length).toBeGreaterThan(0);
      for (const p of mine) await root.raw('KILL ?', [Number(p.ID)]).catch(() => undefined);
      // Idle connections the server closed are thrown away by the pool; at most one call sees it.
      const results = [];
      for (let i = 0; i < 4; i++) {
        results.push(
          await withDbErrors(h.target, () => h.knex.raw('SELECT 1')).then(
            () => 'ok',
            (e: AppError) => e.code,
          ),
        );
      }
      expect(results.at(-1)).toBe('ok');
      expect(results.filter((r) => r !== 'ok').every((r) => r === 'DB_CONNECTION_LOST')).toBe(true);
    });
  });

  it('a server with max_allowed_packet too small for the statement', async () => {
    const [[before]] = (await root.raw('SELECT @@GLOBAL.max_allowed_packet AS v')) as [[{ v: string }]];
    let h: DbHandle | undefined;
    // The session value is read-only and copied from the global one at connect time: lower the
    // global for the instant of one connection, then put it back.
    await root.raw('SET GLOBAL max_allowed_packet = 1048576');
    try {
      h = await openDb(rootParams(db));
    } finally {
      await root.raw('SET GLOBAL max_allowed_packet = ?', [Number(before.v)]);
    }
    try {
      expect(h.maxAllowedPacket).toBe(1048576);
      const e = await failure(
        withDbErrors(h.target, () => h!.knex.raw('SELECT LENGTH(?) AS n', ['x'.repeat(2_000_000)])),
      );
      expect(e.code).toBe('DB_PACKET_TOO_LARGE');
      expectActionable(e);
      expect(formatErrorEn(e.code, e.params).hint).toContain('max_allowed_packet');
      // The error message carries no bound value.
      expect(String((e.cause as Error | undefined)?.message ?? '')).not.toContain('xxxxxxxx');
      // A normal statement on the same handle still works.
      const [rows] = (await withDbErrors(h.target, () =>
        h!.knex.raw('SELECT LENGTH(?) AS n', ['x'.repeat(1000)]),
      )) as [Array<{ n: number }>];
      expect(Number(rows[0]!.n)).toBe(1000);
    } finally {
      await h.close();
    }
  });
});
